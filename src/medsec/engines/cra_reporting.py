"""CRA Art. 14: the reporting clock of actively exploited vulnerabilities on CRA-scope elements.

Regulation (EU) 2024/2847 (Cyber Resilience Act), Art. 14(2): a manufacturer that becomes aware
of an actively exploited vulnerability in a product with digital elements sends, through the
single reporting platform to the CSIRT designated as coordinator and to ENISA, (a) an early
warning within 24 hours, (b) a vulnerability notification within 72 hours, (c) a final report
no later than 14 days after a corrective or mitigating measure is available. Art. 14 applies
from 11 September 2026 (Art. 71(2)); before that day nothing here is judged.

**Scope.** Medical devices under the MDR/IVDR are outside the CRA (Art. 2(2)); a companion app,
a gateway, a cloud or wellness service placed on the market as a product of its own is inside.
Only the project can say which: an element is in scope when it states ``cra_scope: true``. For
software in a ``cloud`` or ``mobile`` boundary of a device sold in the EU the question is asked
(:func:`scope_unknown`); an unstated scope never reads as in or out.

**Actively exploited.** A finding on CISA's KEV list (reliable evidence of exploitation, Art.
3(42)), unless its decision says the vulnerability is not in the product (``not_affected``,
``false_positive``); or a decision stating ``actively_exploited: true``. ``actively_exploited:
false`` does not take a KEV finding out: the KEV listing is the evidence. The VEX state
``exploitable`` is not enough: exploitable (Art. 3(41)) is not actively exploited (Art. 3(42)).

**Days, not hours.** medsec keeps dates. The awareness day is ``aware_since`` when the decision
states it, else the day the finding was first seen in a scan; one known before 11 September
2026 counts from that day. Being strict, awareness is taken at the first moment of its day: the
24 hours end with that same day, the 72 hours with the second day after it. The 14 days count
as EU law counts days (Regulation 1182/71 Art. 3(1): the day of the event is not included),
from the day a fix is available (the awareness day, when the fix came earlier): that day + 14.

**Fix available** (first that applies): the decision's ``fix_available`` day; the advisory
lists a fixed version (available, strictly, since the awareness day); a decision ``resolved``
or with a mitigating response (``workaround_available``, ``rollback``), since its ``date``.
Else the final report stays open until a fix is available.

**Reports sent** are the days in the decision's ``cra_reports``. A later report covers an
earlier one (a notification sent within 24 hours also serves as the early warning), never the
reverse. A report is done (sent by its deadline), late (sent after it), due, overdue (not sent,
deadline passed) or open (the final report while no fix is available).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from medsec.domain.model import Element, Project
from medsec.domain.vocabulary import BoundaryKind, Market
from medsec.domain.vulnerability import CraReports, Finding, VexState
from medsec.engines.vulnmgmt import MITIGATING, VulnStatus, elements_of, finding_label

APPLIES_FROM = date(2026, 9, 11)  # CRA Art. 71(2): Art. 14 applies from this day
ASKED_IN = (BoundaryKind.CLOUD, BoundaryKind.MOBILE)  # where cra_scope is asked (EU market)
NOT_CONTAINED = frozenset({VexState.NOT_AFFECTED, VexState.FALSE_POSITIVE})
RESOLVED = frozenset({VexState.RESOLVED, VexState.RESOLVED_WITH_PEDIGREE})
NOTIFICATION_DAYS = 2  # 72 hours from the first moment of the awareness day: its 2nd day after
FINAL_REPORT_DAYS = 14  # days after the fix, the fix day not counted (Regulation 1182/71)


class ReportKind(StrEnum):
    """The three Art. 14(2) reports, named as ``cra_reports`` keys in vulnerabilities.yaml."""

    EARLY_WARNING = "early_warning"
    NOTIFICATION = "notification"
    FINAL_REPORT = "final_report"

    @property
    def words(self) -> str:
        """The report's name in the words of Art. 14(2)."""
        return {
            ReportKind.EARLY_WARNING: "early warning",
            ReportKind.NOTIFICATION: "vulnerability notification",
            ReportKind.FINAL_REPORT: "final report",
        }[self]


class ReportState(StrEnum):
    """Where one report stands on a given day."""

    DONE = "done"  # sent by its deadline
    LATE = "late"  # sent, after its deadline
    DUE = "due"  # not sent, deadline today or later
    OVERDUE = "overdue"  # not sent, deadline passed
    OPEN = "open"  # final report, no fix available yet: no deadline


@dataclass(frozen=True)
class Report:
    """One Art. 14(2) report: its deadline (None: open until a fix), the day sent, its state."""

    kind: ReportKind
    due: date | None
    sent: date | None
    state: ReportState

    @property
    def key(self) -> str:
        """The key of vulnerabilities.yaml that records it (``cra_reports.early_warning``)."""
        return f"cra_reports.{self.kind.value}"


@dataclass(frozen=True)
class CraClock:
    """The Art. 14 clock of one actively exploited finding on CRA-scope elements."""

    finding: Finding
    elements: tuple[str, ...]  # the CRA-scope elements the finding is on
    exploited: str  # why it counts as actively exploited
    aware: date  # the day the manufacturer became aware
    aware_from: str  # where that day comes from
    counts_from: date  # the awareness day, or the day Art. 14 applies when that is later
    fix: date | None  # the day a fix or mitigation was available (None: not yet)
    fix_from: str | None  # where that day comes from
    reports: tuple[Report, ...]  # early warning, notification, final report
    record: str  # the vulnerabilities.yaml entry that records the reports

    def in_state(self, state: ReportState) -> tuple[Report, ...]:
        """The reports in ``state``, in Art. 14(2) order."""
        return tuple(r for r in self.reports if r.state is state)


def applies(today: date) -> bool:
    """Whether CRA Art. 14 reporting applies on ``today`` (from 11 September 2026)."""
    return today >= APPLIES_FROM


def sold_in_eu(project: Project) -> bool:
    """Whether the device's ``markets`` include the EU."""
    return any(m.strip().upper() == Market.EU.value for m in project.device.markets)


def scope_asked(project: Project, element: Element) -> bool:
    """Whether the CRA scope of an element is asked: EU market, cloud or mobile software."""
    return (
        element.is_software
        and sold_in_eu(project)
        and any(project.in_boundary_kind(element.id, k.value) for k in ASKED_IN)
    )


def scope_unknown(project: Project) -> tuple[Element, ...]:
    """Elements whose CRA scope is asked and not stated, in model order."""
    return tuple(e for e in project.elements if e.cra_scope is None and scope_asked(project, e))


def in_scope(project: Project) -> tuple[str, ...]:
    """Ids of the elements stated as (part of) a product with digital elements, model order."""
    return tuple(e.id for e in project.elements if e.cra_scope)


def exploited_because(s: VulnStatus) -> str | None:
    """Why a finding counts as actively exploited (None: it does not)."""
    if s.assessment is not None and s.assessment.actively_exploited:
        return "stated actively exploited"
    if s.finding.kev and s.state not in NOT_CONTAINED:
        return "on CISA's KEV list"
    return None


def awareness(s: VulnStatus) -> tuple[date, str]:
    """The day the manufacturer became aware, and where that day comes from."""
    if s.assessment is not None and s.assessment.aware_since is not None:
        return s.assessment.aware_since, "aware_since"
    return s.first_seen, "first seen in a scan"


def fix_available(s: VulnStatus, aware: date) -> tuple[date, str] | None:
    """The day a fix or mitigation was available and where it comes from (None: not yet)."""
    a = s.assessment
    if a is not None and a.fix_available is not None:
        return a.fix_available, "fix_available"
    if s.finding.fixed_versions:
        return aware, f"fixed in {s.finding.fixed_versions[0]}"
    if a is not None and (a.state in RESOLVED or set(a.responses) & MITIGATING):
        why = a.state.value if a.state in RESOLVED else "mitigation recorded"
        return a.date or aware, why
    return None


def deadlines(counts_from: date, fix: date | None) -> tuple[date, date, date | None]:
    """Early warning, notification and final report deadlines (None: open until a fix)."""
    final = max(fix, counts_from) + timedelta(days=FINAL_REPORT_DAYS) if fix else None
    return counts_from, counts_from + timedelta(days=NOTIFICATION_DAYS), final


def _earliest(days: Iterable[date | None]) -> date | None:
    """The earliest of the days given, None when none is."""
    known = [d for d in days if d is not None]
    return min(known) if known else None


def sent_days(reports: CraReports) -> tuple[date | None, date | None, date | None]:
    """The day each report counts as sent: a later report covers an earlier one."""
    final = reports.final_report
    notification = _earliest((reports.notification, final))
    return _earliest((reports.early_warning, notification)), notification, final


def report_state(due: date | None, sent: date | None, today: date) -> ReportState:
    """Done, late, due, overdue or open, as of ``today``."""
    if sent is not None:
        return ReportState.LATE if due is not None and sent > due else ReportState.DONE
    if due is None:
        return ReportState.OPEN
    return ReportState.OVERDUE if today > due else ReportState.DUE


def clock(
    project: Project, s: VulnStatus, today: date, scoped: Collection[str] | None = None
) -> CraClock | None:
    """The Art. 14 clock of one finding; None when it is not exploited or not on CRA scope.

    ``scoped``: the CRA-scope element ids, when the caller has them already.
    """
    scoped = frozenset(in_scope(project)) if scoped is None else scoped
    elements = tuple(e for e in elements_of(s.finding) if e in scoped)
    why = exploited_because(s)
    if not elements or why is None:
        return None
    aware, aware_from = awareness(s)
    counts_from = max(aware, APPLIES_FROM)
    fix = fix_available(s, aware)
    dues = deadlines(counts_from, fix[0] if fix else None)
    sent = sent_days(s.assessment.cra_reports if s.assessment else CraReports())
    reports = tuple(
        Report(kind, due, day, report_state(due, day, today))
        for kind, due, day in zip(ReportKind, dues, sent, strict=True)
    )
    return CraClock(
        finding=s.finding,
        elements=elements,
        exploited=why,
        aware=aware,
        aware_from=aware_from,
        counts_from=counts_from,
        fix=fix[0] if fix else None,
        fix_from=fix[1] if fix else None,
        reports=reports,
        record=s.assessed_as or s.finding.id,
    )


def clocks(project: Project, statuses: Sequence[VulnStatus], today: date) -> tuple[CraClock, ...]:
    """The clocks of every actively exploited finding on CRA scope (none before Art. 14 applies)."""
    if not applies(today):
        return ()
    scoped = frozenset(in_scope(project))
    found = (clock(project, s, today, scoped) for s in statuses)
    return tuple(sorted((c for c in found if c is not None), key=lambda c: c.finding.id))


def describe(c: CraClock) -> str:
    """The clock in one line: awareness, each deadline and where the report stands."""
    label = finding_label(c.finding)
    start = f"aware {c.aware} ({c.aware_from})"
    if c.counts_from != c.aware:
        start += f", counted from {c.counts_from} (Art. 14 applies)"
    parts = [_report_text(c, r) for r in c.reports]
    return (
        f"CRA Art. 14 clock: {label} on {', '.join(c.elements)} ({c.exploited}); {start}; "
        + "; ".join(parts)
    )


def _report_text(c: CraClock, r: Report) -> str:
    """One report of the clock: its deadline and where it stands."""
    if r.state is ReportState.OPEN:
        return f"{r.kind.words}: open until a fix is available"
    head = r.kind.words
    if r.kind is ReportKind.FINAL_REPORT and c.fix is not None:
        head += f" (fix available {c.fix}: {c.fix_from})"
    if r.due is not None:
        head += f" due {r.due}"
    return f"{head}: {r.state.value}" + (f", sent {r.sent}" if r.sent else "")
