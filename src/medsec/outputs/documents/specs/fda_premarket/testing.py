"""Artefact 11 of ``fda-premarket``: cybersecurity testing, the penetration test included (V.C).

The penetration tests as declared (tester, independence and its rationale, qualifications,
scope, dates, duration, methods, reports) with the disposition of every finding from the
engagement files; the vulnerability testing the project records (static analysis with what its
SARIF still reports, fuzzing, scanning, code review) and the CVE scans; the security
requirement and threat-mitigation tests the controls name.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.document import EvidenceRef, Section, Statement, Status, Table, TableRow
from medsec.domain.model import ActivityRecord, Pentest, Project
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.vocabulary import Activity, ControlStatus
from medsec.engines.placeholders import real
from medsec.outputs.documents.common import item_statements, item_status, project_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.fda_premarket.basis import (
    basis,
    chapter,
    item,
    part,
    worst,
)

TESTING = (
    Activity.STATIC_ANALYSIS,
    Activity.FUZZING,
    Activity.VULNERABILITY_SCANNING,
    Activity.CODE_REVIEW,
    Activity.PENETRATION_TEST,
)


def _pentest(t: Pentest) -> Statement:
    """One penetration test as declared: who, how independent, what, when, how."""
    independent = {True: "independent", False: "NOT independent", None: "independence not stated"}
    dates = (
        f"{t.start_date.isoformat()} to {t.date.isoformat()}"
        if t.start_date
        else t.date.isoformat()
    )
    parts = [
        f"Penetration test '{t.id}' by {t.tester} ({independent[t.independent]}"
        + (f": {t.independence_rationale.strip()}" if t.independence_rationale else "")
        + ")",
        f"tested {dates}" + (f" ({t.duration_days:g} days)" if t.duration_days else ""),
        f"device version {t.device_version or 'not stated'}",
        f"scope: {', '.join(t.scope) or 'not stated'}",
        f"methods: {', '.join(t.methods) or 'not stated'}",
        f"tester qualifications: {'; '.join(t.tester_qualifications) or 'not stated'}",
        f"reports: {', '.join(t.reports) or 'none'}",
    ]
    return Statement(
        "; ".join(parts) + ".",
        (EvidenceRef(PROJECT_FILE, t.line, f"pentests.{t.id}", t.date),),
    )


def _dispositions(inputs: DocumentInputs) -> Table:
    """Every finding of every engagement with its disposition, change and retest."""
    rows = tuple(
        TableRow(
            (
                f.id,
                e.engagement,
                f.finding.title,
                f.finding.severity.value,
                ", ".join(f.finding.cwe) or "-",
                f.state.value,
                f.change or "-",
                f.retest.date.isoformat() if f.retest else "-",
            ),
            (EvidenceRef(e.path, f.line, f.id, f.last_seen or f.first_seen),),
        )
        for e in inputs.ctx.engagements
        for f in e.findings
    )
    return Table(
        "Penetration-test findings and their dispositions",
        ("Finding", "Engagement", "Title", "Severity", "CWE", "State", "Change", "Retest"),
        rows,
        empty="No penetration-test finding is recorded (pentests/ID/findings.yaml).",
    )


def _pentest_part(inputs: DocumentInputs) -> Section:
    """The penetration tests, the findings' dispositions and what the pentest item found."""
    p = inputs.ctx.project
    found = item(inputs, ItemId.INDEPENDENT_PENTEST)
    tests = tuple(_pentest(t) for t in p.pentests) or (
        Statement(
            "No penetration test is recorded: the premarket guidance (V.C) asks for a "
            "penetration test report, so this part is not met.",
            (project_ref("pentests"),),
        ),
    )
    # without any penetration test there is no report to submit, whatever else the item found
    status = item_status(found) if p.pentests else Status.NOT_MET
    return part(
        11,
        "pentest",
        "Penetration testing",
        status,
        (*tests, *item_statements(inputs, found)),
        (_dispositions(inputs),),
    )


def _activity_row(p: Project, a: ActivityRecord, problems: dict[str, str]) -> TableRow:
    """One recorded testing activity with its evidence and what reading the evidence found."""
    evidence = a.evidence or "none recorded"
    problem = problems.get(a.evidence or "", "")
    ref = EvidenceRef(a.evidence, date=a.date) if a.evidence else None
    return TableRow(
        (
            a.activity.value,
            a.date.isoformat() if a.date else "not dated",
            a.by or "not named",
            evidence + (f" ({problem})" if problem else ""),
            a.version or p.device.version,
        ),
        tuple(
            x
            for x in (ref, EvidenceRef(PROJECT_FILE, a.line, f"activities.{a.activity.value}"))
            if x
        ),
    )


def _vulnerability_testing(inputs: DocumentInputs) -> Section:
    """Static analysis, fuzzing, scanning, code review as recorded; the CVE scans; SARIF results."""
    ctx = inputs.ctx
    p = ctx.project
    problems = {e.path: e.problem for e in ctx.evidence if e.problem}
    records = [a for a in p.activities if a.activity in TESTING]
    done = {a.activity for a in records}
    missing = [a.value for a in TESTING if a not in done]
    statements = [
        Statement(
            f"{len(records)} testing activities are recorded"
            + (f"; none of kind {', '.join(missing)}." if missing else "."),
            (project_ref("activities"),),
        ),
        *(
            Statement(
                f"Static analysis with {s.tool or 'an unnamed tool'}: {s.results} results, "
                f"{s.open_results} not suppressed" + (f" ({s.problem})" if s.problem else "") + ".",
                (EvidenceRef(s.path),),
            )
            for s in ctx.sarif
        ),
    ]
    if ctx.scans:
        last = ctx.scans[-1]
        statements.append(
            Statement(
                f"Known-vulnerability scanning: {len(ctx.scans)} CVE scan record(s), the latest "
                f"of {last.date.isoformat()} ({last.findings} findings).",
                tuple(EvidenceRef(s.path, date=s.date) for s in ctx.scans),
            )
        )
    table = Table(
        "Testing activities",
        ("Activity", "Date", "By", "Evidence", "Release"),
        tuple(_activity_row(p, a, problems) for a in records),
        empty="No testing activity is recorded (activities[]).",
    )
    judged = worst(
        item_status(item(inputs, i)) for i in (ItemId.CVE_ANALYSIS, ItemId.SECURITY_BY_DESIGN)
    )
    return part(11, "vulnerability-testing", "Vulnerability testing", judged, statements, (table,))


def _requirement_tests(inputs: DocumentInputs) -> Section:
    """The tests that verify the implemented controls (security requirement and mitigation tests)."""
    p = inputs.ctx.project
    words = p.policy.placeholders
    done = [c for c in p.controls if c.status is ControlStatus.IMPLEMENTED]
    verified = [c for c in done if real(c.verified_by, words)]
    tests = sorted({v for c in verified for v in real(c.verified_by, words)})
    statement = Statement(
        f"{len(verified)} of {len(done)} implemented controls name their verification: "
        f"{len(tests)} test ids or pentest references"
        + (f" ({', '.join(tests[:20])}{', …' if len(tests) > 20 else ''})." if tests else "."),
        (project_ref("controls[].verified_by"),),
    )
    found = item(inputs, ItemId.SECURITY_BY_DESIGN)
    return part(
        11,
        "requirement-tests",
        "Security requirement and threat-mitigation tests",
        item_status(found),
        (statement,),
    )


def testing(inputs: DocumentInputs) -> tuple[Section, ...]:
    """Artefact 11: requirement tests, vulnerability testing, the penetration test."""
    b = basis(inputs, 11)
    parts = (_requirement_tests(inputs), _vulnerability_testing(inputs), _pentest_part(inputs))
    status = worst((b.status, *(s.status for s in parts)))
    return (chapter(11, status, b.statements), *parts)
