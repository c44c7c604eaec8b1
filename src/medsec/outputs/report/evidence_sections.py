"""Report sections for pentest engagements, their findings and the attack surface."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from medsec.domain.model import Pentest, Project
from medsec.domain.pentest import EngagementFindings, FindingState, TrackedFinding
from medsec.domain.surface import ObservedService, Surface, SurfaceComparison, SurfaceEntry
from medsec.domain.wording import counted
from medsec.engines.pentest.mapping import map_finding
from medsec.outputs.report.view import Section
from medsec.outputs.surface.view import FORMULA

NOT_STATED = "not stated"


def _state_counts(kept: EngagementFindings | None, today: date) -> str:
    """Kept findings counted by workflow state, and how many acceptances no longer hold."""
    if kept is None:
        return "no findings file"
    counts = Counter(t.state.value for t in kept.findings)
    expired = sum(
        1
        for t in kept.findings
        if t.state is FindingState.RISK_ACCEPTED and not t.accepted_on(today)
    )
    text = ", ".join(f"{counts[s.value]} {s.value}" for s in FindingState if counts[s.value])
    extra = f" ({counted(expired, 'acceptance')} incomplete or expired)" if expired else ""
    return (text or "no findings") + extra


def _independence(p: Pentest) -> str:
    """Whether the tester is independent, and why, as stated in medsec.yaml."""
    independence = "yes" if p.independent else ("no" if p.independent is False else NOT_STATED)
    if p.independence_rationale:
        independence += f": {p.independence_rationale}"
    return independence


def _engagement_row(p: Pentest, k: EngagementFindings | None, today: date) -> tuple[str, ...]:
    """One engagement: who, how independent, when, what, its reports and where findings stand."""
    dates = f"{p.start_date} – {p.date}" if p.start_date else str(p.date)
    if p.duration_days:
        dates += f" ({p.duration_days:g} days)"
    reports = list(p.reports) + [
        i.report for i in (k.imports if k else ()) if i.report not in p.reports
    ]
    return (
        p.id,
        p.tester,
        _independence(p),
        "; ".join(p.tester_qualifications) or NOT_STATED,
        dates,
        ", ".join(p.methods) or NOT_STATED,
        ", ".join(p.scope) or "none",
        ", ".join(reports) or "none",
        _state_counts(k, today)
        if k
        else (f"{p.open_findings} open (stated)" if p.open_findings is not None else NOT_STATED),
    )


def engagements_section(
    project: Project, kept: Sequence[EngagementFindings], today: date
) -> Section:
    """The penetration tests, latest first, with the state of their kept findings."""
    by_id = {k.engagement: k for k in kept}
    rows = tuple(
        _engagement_row(p, by_id.get(p.id), today)
        for p in sorted(project.pentests, key=lambda x: x.date, reverse=True)
    )
    return Section(
        "Penetration tests",
        "Engagements, who tested, why they are independent, what they covered and where the "
        "findings stand.",
        (
            "Id",
            "Tester",
            "Independent",
            "Qualifications",
            "Dates",
            "Methods",
            "Scope",
            "Reports",
            "Findings",
        ),
        rows,
        "No penetration test is recorded.",
        anchor="pentests",
    )


def _decision(t: TrackedFinding) -> str:
    """A risk acceptance with its approver and expiry, else the stated rationale, if any."""
    if t.state is FindingState.RISK_ACCEPTED:
        return f"{t.rationale or '?'} (by {t.approver or '?'}, until {t.expires or '?'})"
    return t.rationale or ""


def _finding_row(project: Project, engagement: str, t: TrackedFinding) -> tuple[str, ...]:
    """One kept finding: what, how severe, where, the interface it maps to, its state."""
    f = t.finding
    mapped = map_finding(project, t)
    where = (mapped.interface or mapped.element) if mapped else None
    return (
        engagement,
        f.id,
        f.title,
        f.severity.value,
        "" if f.cvss is None else f"{f.cvss:g}",
        ", ".join(f.cwe),
        str(f.locations[0]) if f.locations else "",
        where or "not mapped",
        t.state.value,
        _decision(t),
    )


def findings_section(project: Project, kept: Sequence[EngagementFindings]) -> Section:
    """Every kept pentest finding, engagement by engagement, with its workflow state."""
    rows = tuple(_finding_row(project, k.engagement, t) for k in kept for t in k.findings)
    return Section(
        "Pentest findings",
        "Findings kept in pentests/ID/findings.yaml: severity, where, the interface they map "
        "to (pentest_targets) and their workflow state.",
        (
            "Engagement",
            "Id",
            "Title",
            "Severity",
            "CVSS",
            "CWE",
            "Location",
            "Interface",
            "State",
            "Decision",
        ),
        rows,
        "No findings imported (medsec pentest import).",
        anchor="pentest-findings",
    )


def _entry_row(e: SurfaceEntry) -> tuple[str, ...]:
    """A declared interface: how it is reached and protected, who needs it, its weight."""
    return (
        e.interface,
        e.element,
        " ".join(x for x in (e.kind, e.protocol, f":{e.port}" if e.port else "") if x),
        e.exposure or NOT_STATED,
        e.authentication or NOT_STATED,
        e.encryption or NOT_STATED,
        e.production or NOT_STATED,
        ", ".join(e.needed_by) or "no use case",
        f"{e.weight:g}",
    )


def _observed_row(o: ObservedService) -> tuple[str, ...]:
    """A service a port scan saw, in the interface table's columns, with what it adds."""
    return (
        f"{o.host}:{o.port}/{o.protocol} ({o.name or '?'})",
        o.element or "?",
        "seen by port scan",
        "",
        "",
        "",
        o.status,
        "",
        f"{o.weight:g}",
    )


def _interfaces_section(s: Surface) -> Section:
    """The score, its formula and figures, then every interface and observed service."""
    figures = "; ".join(
        f"{name}: " + (", ".join(f"{k} {v}" for k, v in counts) or "none")
        for name, counts in s.figures
    )
    return Section(
        "Attack surface",
        f"Score {s.score} for {s.version} (lower is smaller). {FORMULA} Figures: {figures}.",
        (
            "Interface",
            "Element",
            "Kind",
            "Exposure",
            "Authentication",
            "Encryption",
            "Production",
            "Needed by",
            "Weight",
        ),
        tuple(_entry_row(e) for e in sorted(s.entries, key=lambda e: (-e.weight, e.interface)))
        + tuple(_observed_row(o) for o in s.observed),
        "No interfaces are declared.",
        anchor="attack-surface",
    )


def _actions_section(s: Surface) -> Section:
    """What to disable or protect, each with the part of the score it removes."""
    return Section(
        "Attack surface: what to disable or protect",
        "Each line says what to change and how much of the score it removes.",
        ("Finding", "Recommendation", "Score removed"),
        tuple(
            (f.message, f.recommendation, f"{f.reduction:g}" if f.reduction else "")
            for f in s.findings
        ),
        "Nothing to disable or protect.",
        anchor="attack-surface-actions",
    )


def _changes_section(comparison: SurfaceComparison, rationale: str | None) -> Section:
    """How the surface moved since the previous release, and the stated rationale."""
    sign = "+" if comparison.delta > 0 else ""
    why = f" Rationale: {rationale}." if rationale else ""
    return Section(
        f"Attack surface since {comparison.previous_version}",
        f"Score {comparison.previous_score} → {comparison.score} ({sign}{comparison.delta}).{why}",
        ("Subject", "Change", "Before", "After", "Why"),
        tuple(
            (c.subject, c.change, f"{c.before:g}", f"{c.after:g}", c.why)
            for c in comparison.changes
        ),
        "No change since the previous release.",
        anchor="attack-surface-changes",
    )


def surface_sections(
    s: Surface, comparison: SurfaceComparison | None, rationale: str | None
) -> tuple[Section, ...]:
    """The attack-surface sections; the comparison one only when a previous release exists."""
    interfaces, actions = _interfaces_section(s), _actions_section(s)
    if comparison is None:
        return interfaces, actions
    return interfaces, actions, _changes_section(comparison, rationale)
