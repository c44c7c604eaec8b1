"""The CRA Art. 14 reporting clock of each actively exploited vulnerability on CRA scope.

The clocks are the ones ``medsec check`` judges (:func:`medsec.engines.cra_reporting.clocks`,
the same function on the same findings): per finding its elements, why it counts as actively
exploited, the awareness day, and the early warning (24 h), vulnerability notification (72 h)
and final report (14 days after a fix) with their due dates and where each stands. An overdue
report is the check's failure and makes this section not met; a due one leaves it partly met.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemStatus
from medsec.domain.document import EvidenceRef, Section, Statement, Status, Table, TableRow
from medsec.domain.paths import VULNERABILITIES_FILE
from medsec.engines.cra_reporting import (
    APPLIES_FROM,
    CraClock,
    Report,
    ReportState,
    applies,
    clocks,
)
from medsec.engines.vulnmgmt import finding_label
from medsec.outputs.documents.common import answered, check_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.cra.questions import REPORTING_ANSWER
from medsec.outputs.documents.specs.cra.restrict import Narrowed
from medsec.outputs.documents.specs.cra.scope import CraScope

COLUMNS = (
    "Finding",
    "Elements",
    "Actively exploited",
    "Aware",
    "Early warning (24 h)",
    "Notification (72 h)",
    "Final report (14 days after a fix)",
)
_RULES = ("vulnerability-management/cra-report-overdue", "vulnerability-management/cra-report-due")


def _report(r: Report) -> str:
    """One report's cell: due date and state, the day sent."""
    if r.state is ReportState.OPEN:
        return "open until a fix is available"
    text = f"due {r.due}: {r.state.value}" if r.due else r.state.value
    return text + (f", sent {r.sent}" if r.sent else "")


def _row(c: CraClock, lines: dict[str, int | None], scan: EvidenceRef | None) -> TableRow:
    """One clock as a table row, citing the decision entry and the scan record."""
    aware = f"{c.aware} ({c.aware_from})"
    if c.counts_from != c.aware:
        aware += f", counted from {c.counts_from}"
    refs = [EvidenceRef(VULNERABILITIES_FILE, lines.get(c.finding.id), c.record)]
    if scan is not None:
        refs.append(EvidenceRef(scan.path, record=c.finding.id, date=scan.date))
    return TableRow(
        (
            finding_label(c.finding),
            ", ".join(c.elements),
            c.exploited,
            aware,
            *(_report(r) for r in c.reports),
        ),
        tuple(refs),
    )


def _table(inputs: DocumentInputs, found: tuple[CraClock, ...], empty: str) -> Table:
    """The clocks as a table (the decision lines and the scan record looked up once)."""
    ctx = inputs.ctx
    lines = {s.finding.id: s.assessment.line for s in ctx.vulnerabilities if s.assessment}
    dated = {s.path: s.date for s in ctx.scans}
    scan = ctx.vulnerability_scan
    ref = EvidenceRef(scan, date=dated.get(scan)) if scan else None
    return Table(
        "Art. 14 reporting clock (actively exploited vulnerabilities on CRA-scope elements)",
        COLUMNS,
        tuple(_row(c, lines, ref) for c in found),
        empty=empty,
    )


def _lead(inputs: DocumentInputs, scope: CraScope) -> Statement:
    """What the clock is and on which findings it runs."""
    scoped = ", ".join(e.id for e in scope.inside) or "none yet"
    return Statement(
        "A manufacturer reports each actively exploited vulnerability of a product with digital "
        "elements through the single reporting platform to the CSIRT designated as coordinator "
        "and to ENISA: an early warning within 24 hours of becoming aware, a vulnerability "
        "notification within 72 hours, a final report within 14 days after a fix or mitigation "
        f"is available (Art. 14(2); from {APPLIES_FROM}). The clock runs on the latest scan's "
        f"findings on the CRA-scope elements ({scoped}) that are on CISA's KEV list or stated "
        "actively exploited in vulnerabilities.yaml.",
        (check_ref(inputs, ItemId.VULNERABILITY_MANAGEMENT),),
    )


def _judged(inputs: DocumentInputs, narrowed: dict[str, Narrowed]) -> list[Statement]:
    """The check's overdue and due reports, with the edit that records each."""
    vm = narrowed[ItemId.VULNERABILITY_MANAGEMENT.value].item
    return [
        Statement(
            f.message,
            (EvidenceRef(f.path, f.line, f.subject),) if f.path else (check_ref(inputs, vm.id),),
            status=Status.NOT_MET if f.severity is ItemStatus.FAIL else Status.PARTLY,
            gap=f.message,
            fix=f.fix,
        )
        for f in vm.findings
        if f.rule in _RULES
    ]


def _state(found: tuple[CraClock, ...]) -> Status:
    """Not met with an overdue report, partly with a due one, else met."""
    states = {r.state for c in found for r in c.reports}
    if ReportState.OVERDUE in states:
        return Status.NOT_MET
    return Status.PARTLY if ReportState.DUE in states else Status.MET


def clock_section(
    inputs: DocumentInputs, scope: CraScope, narrowed: dict[str, Narrowed]
) -> Section:
    """The Art. 14 clock table, the check's judgement of it and who reports."""
    ctx = inputs.ctx
    who, question = answered(inputs.answers, REPORTING_ANSWER, "Reporting: {value}")
    statements = [_lead(inputs, scope)]
    found = clocks(ctx.project, ctx.vulnerabilities, ctx.today)
    empty = (
        "No actively exploited vulnerability (KEV-listed or stated) on a CRA-scope element: "
        "no report is due."
    )
    if not applies(ctx.today):
        empty = f"Art. 14 applies from {APPLIES_FROM}: no clock runs before that day."
        statements.append(Statement(empty, (check_ref(inputs, ItemId.VULNERABILITY_MANAGEMENT),)))
        status = Status.INFO
    elif ctx.vulnerability_scan is None:
        empty = "No CVE scan record: the clock cannot be computed."
        statements.append(_no_scan(inputs))
        status = Status.PARTLY
    else:
        status = _state(found)
        statements += _judged(inputs, narrowed)
    statements += [who] if who else []
    if question is not None and status is Status.MET:
        status = Status.PARTLY
    return Section(
        "art-14-clock",
        "Art. 14 reporting of actively exploited vulnerabilities",
        status,
        statements=tuple(statements),
        tables=(_table(inputs, found, empty),),
        open_questions=(question,) if question else (),
    )


def _no_scan(inputs: DocumentInputs) -> Statement:
    """Without a scan record no clock can be computed: the scan is the gap."""
    return Statement(
        "No CVE scan record: whether a CRA-scope element has an actively exploited "
        "vulnerability is not known.",
        (check_ref(inputs, ItemId.CVE_ANALYSIS),),
        status=Status.PARTLY,
        gap="no CVE scan record",
        fix=f"medsec scan {inputs.ctx.project_dir}",
    )
