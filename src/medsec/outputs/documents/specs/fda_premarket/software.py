"""Artefacts 4 to 6 of ``fda-premarket``: SBOM, known vulnerabilities, unresolved anomalies.

Artefact 4 restates what the SBOM item found per element (components, NTIA completeness, level
of support and end of support, components past their end of support); artefact 5 lists every
finding of the latest scan with its VEX state, deadlines and KEV listing; artefact 6 lists the
unresolved anomalies the manufacturer declares and the penetration-test findings left open or
accepted, with their CWE.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.document import (
    EvidenceRef,
    Section,
    Statement,
    Table,
    TableRow,
)
from medsec.domain.paths import SUPPORT_FILE
from medsec.domain.pentest import FindingState
from medsec.domain.wording import agree, counted
from medsec.engines.compliance.context import SbomFact
from medsec.engines.vulnmgmt import VulnStatus
from medsec.outputs.documents.common import item_statements, open_question, project_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.fda_premarket.basis import (
    basis,
    capped,
    chapter,
    item,
    part,
)
from medsec.outputs.documents.specs.fda_premarket.questions import ANOMALIES
from medsec.outputs.documents.specs.fda_premarket.risk import kev_statement, scan_date, vuln_ref


def _count(value: int | None) -> str:
    """A count cell: the number, or unknown when the SBOM could not be read."""
    return "unknown" if value is None else str(value)


def _sbom_row(s: SbomFact) -> TableRow:
    """One element's SBOM: file, components, NTIA completeness, support data, past EoS."""
    return TableRow(
        (
            s.element,
            s.path,
            "yes" if s.exists else "missing",
            _count(s.components),
            _count(s.complete_components),
            _count(s.missing_support),
            ", ".join(s.past_end_of_support) or "none",
            s.problem or "-",
        ),
        (EvidenceRef(s.path, record=s.element),),
    )


def _past_end(sboms: tuple[SbomFact, ...]) -> Table:
    """Components shipped past their end of support, with the support.yaml entry deciding it."""
    rows = tuple(
        TableRow((label, s.element, s.path, entry), (EvidenceRef(SUPPORT_FILE, record=entry),))
        for s in sboms
        for label, entry in zip(s.past_end_of_support, s.past_end_entries, strict=False)
    )
    return Table(
        "Components past their end of support without a risk acceptance",
        ("Component", "Element", "SBOM", "support.yaml entry"),
        rows,
        empty="No component is past its end of support without a risk acceptance.",
    )


def _incomplete(sboms: tuple[SbomFact, ...]) -> Table:
    """Components that lack NTIA minimum elements or the FDA support fields."""
    rows = tuple(
        TableRow(
            (c.label, s.element, ", ".join(f.value for f in c.missing)),
            (EvidenceRef(s.path, record=c.ref),),
        )
        for s in sboms
        for c in s.incomplete
    )
    return Table(
        "Components lacking NTIA minimum elements or support data",
        ("Component", "Element", "Missing"),
        rows,
        empty="Every component states the NTIA minimum elements, its support level and its end "
        "of support.",
    )


def sbom(inputs: DocumentInputs) -> tuple[Section, ...]:
    """Artefact 4: the SBOM per element, completeness, support level and end of support."""
    b = basis(inputs, 4)
    sboms = inputs.ctx.sboms
    found = item(inputs, ItemId.SBOM)
    files = {s.path: s.components or 0 for s in sboms if s.exists}
    lead = Statement(
        f"{counted(len(files), 'machine-readable SBOM file')} (SPDX or CycloneDX) "
        f"{agree(len(files), 'names', 'name')} the software of "
        f"{counted(len({s.element for s in sboms}), 'element')}: "
        f"{counted(sum(files.values()), 'component')}.",
        tuple(EvidenceRef(s.path, record=s.element) for s in sboms) or (project_ref("sbom"),),
    )
    table = Table(
        "SBOM per element",
        (
            "Element",
            "SBOM",
            "File",
            "Components",
            "NTIA complete",
            "Without support data",
            "Past end of support",
            "Problem",
        ),
        tuple(_sbom_row(s) for s in sboms),
        empty="No element names an SBOM (elements[].sbom).",
    )
    support = part(
        4,
        "support",
        "Level of support and end of support",
        b.status,
        tables=(_past_end(sboms), _incomplete(sboms)),
    )
    statements = (*b.statements, lead, *item_statements(inputs, found))
    return chapter(4, b.status, statements, (table,)), support


def _state(s: VulnStatus) -> str:
    """The VEX state with the decision's justification and responses: ``exploitable (update)``."""
    a = s.assessment
    if a is None:
        return s.state.value
    said = [a.justification.value] if a.justification else []
    said += [r.value for r in a.responses]
    return s.state.value + (f" ({', '.join(said)})" if said else "")


def _deadline_state(s: VulnStatus) -> str:
    """Whether the finding keeps its deadlines: overdue triage or remediation, closed, on time."""
    flags = [
        name
        for name, on in (
            ("triage overdue", s.overdue_triage),
            ("remediation overdue", s.overdue_remediation),
        )
        if on
    ]
    return ", ".join(flags) or ("closed" if s.closed else "on time")


def _finding_row(s: VulnStatus, scan: EvidenceRef) -> TableRow:
    """One finding of the latest scan: component, severity, KEV, how found, VEX state, due dates."""
    f = s.finding
    how = ", ".join(sorted({f"{d.matcher.value} ({d.confidence.value})" for d in f.details}))
    score = f" ({f.cvss_score})" if f.cvss_score is not None else ""
    safety = s.assessment.safety if s.assessment else None
    return TableRow(
        (
            f.advisory + (f" (+{len(f.aliases)})" if f.aliases else ""),
            f"{f.component.name} {f.component.version or ''}".strip(),
            f.component.element or "-",
            f.severity + score,
            "yes" if f.kev else "no",
            how or "-",
            _state(s),
            safety.value if safety else "not assessed",
            s.deadlines.triage.isoformat(),
            s.deadlines.remediation.isoformat(),
            _deadline_state(s),
        ),
        (vuln_ref(s), scan),
    )


def _scan_statement(inputs: DocumentInputs) -> Statement:
    """Which scan the findings come from: its record, date, data age and counts."""
    ctx = inputs.ctx
    ref = scan_date(ctx)
    fact = next((s for s in ctx.scans if s.path == ctx.vulnerability_scan), None)
    if fact is None:
        return Statement(
            "No CVE scan is recorded under records/scans/: the known vulnerabilities of the "
            "SBOM components are not assessed yet (run 'medsec scan').",
            (ref,),
        )
    age = "not stated" if fact.data_age_days is None else f"{fact.data_age_days} days"
    closed = sum(1 for s in ctx.vulnerabilities if s.closed)
    return Statement(
        f"The latest CVE scan ({fact.path}, {fact.date.isoformat()}) matched the SBOM "
        f"components of {', '.join(fact.elements) or 'no element'} against vulnerability data "
        f"{age} old: {fact.findings} findings, {fact.unassessed} not assessed then; today "
        f"{closed} are closed (resolved, not affected or false positive).",
        (ref,),
    )


def vulnerabilities(inputs: DocumentInputs) -> Section:
    """Artefact 5: every finding of the latest scan, with VEX state, deadlines and KEV."""
    b = basis(inputs, 5)
    scan = scan_date(inputs.ctx)
    table = Table(
        "Known vulnerabilities of the latest scan",
        (
            "Vulnerability",
            "Component",
            "Elements",
            "Severity (CVSS)",
            "KEV",
            "Found by",
            "State (VEX)",
            "Safety risk",
            "Triage due",
            "Remediation due",
            "Deadlines",
        ),
        tuple(_finding_row(s, scan) for s in inputs.ctx.vulnerabilities),
        empty="The latest scan found no known vulnerability (or no scan is recorded).",
    )
    statements = (*b.statements, _scan_statement(inputs), kev_statement(inputs))
    return chapter(5, b.status, statements, (table,))


def _answered_anomalies(inputs: DocumentInputs) -> tuple[Table | None, Statement | None]:
    """The manufacturer's anomaly list as a table (None while it is not answered)."""
    found = inputs.answers.get(ANOMALIES.key)
    if found is None or not isinstance(found.value, tuple):
        return None, None
    records = [r for r in found.value if isinstance(r, dict)]
    rows = tuple(
        TableRow(
            tuple(r.get(c, "-") for c in ANOMALIES.columns),
            (found.ref,),
        )
        for r in records
        if r.get("id", "").lower() != "none"
    )
    table = Table(
        "Unresolved anomalies declared by the manufacturer",
        ("Id", "Anomaly", "Security impact", "CWE", "Rationale"),
        rows,
        empty="The manufacturer declares no unresolved anomaly in this release.",
    )
    statement = Statement(
        f"The manufacturer declares {len(rows)} unresolved anomal{'y' if len(rows) == 1 else 'ies'}.",
        (found.ref,),
    )
    return table, statement


def _pentest_left(inputs: DocumentInputs) -> Table:
    """Penetration-test findings not fixed: open, or accepted with a rationale."""
    left = (FindingState.OPEN, FindingState.RISK_ACCEPTED)
    rows = tuple(
        TableRow(
            (
                f.id,
                e.engagement,
                f.finding.title,
                f.finding.severity.value,
                ", ".join(f.finding.cwe) or "not stated",
                f.state.value,
                f.rationale or "-",
            ),
            (EvidenceRef(e.path, f.line, f.id, f.last_seen or f.first_seen),),
        )
        for e in inputs.ctx.engagements
        for f in e.findings
        if f.state in left
    )
    return Table(
        "Penetration-test findings not fixed",
        ("Finding", "Engagement", "Title", "Severity", "CWE", "State", "Rationale"),
        rows,
        empty="Every penetration-test finding is fixed.",
    )


def anomalies(inputs: DocumentInputs) -> Section:
    """Artefact 6: declared anomalies, open or accepted pentest findings, static-analysis results."""
    b = basis(inputs, 6)
    table, statement = _answered_anomalies(inputs)
    sarif = tuple(
        Statement(
            f"Static analysis ({s.tool or 'tool not named'}): {s.open_results} of {s.results} "
            "results are not suppressed"
            + (f" ({s.problem})" if s.problem else "; each is an anomaly to assess")
            + ".",
            (EvidenceRef(s.path),),
        )
        for s in inputs.ctx.sarif
    )
    statements = (*b.statements, *((statement,) if statement else ()), *sarif)
    tables = (*((table,) if table else ()), _pentest_left(inputs))
    status = capped(b.status, table is not None)
    question = None if table is not None else open_question(ANOMALIES)
    return chapter(6, status, statements, tables, questions=(question,))
