"""Artefacts 7 and 8 of ``fda-premarket``: the traceability matrix and the metrics.

The matrix follows each threat to its risk before and after controls, the controls that answer
it, their security requirements and verification (test ids, retested pentest findings) and,
where a known vulnerability sits in the software of the threat's target, the SBOM component.
The metrics (premarket guidance V.A.6) are computed from the findings of the latest scan and
their decisions; what the evidence cannot give is said to be not computable.
"""

from __future__ import annotations

from collections import Counter

from medsec.domain.document import EvidenceRef, Section, Statement, Table, TableRow
from medsec.domain.model import Control, Project
from medsec.domain.paths import PROJECT_FILE, REGISTER_FILE, VULNERABILITIES_FILE
from medsec.domain.threat import AssessedThreat, TargetKind
from medsec.domain.vulnerability import VexState, VulnAssessment
from medsec.domain.wording import are, counted
from medsec.engines.vulnmgmt import VulnStatus, elements_of, metrics
from medsec.outputs.documents.common import threat_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.fda_premarket.basis import basis, chapter
from medsec.outputs.documents.specs.fda_premarket.risk import scan_date

PATCHED = frozenset({VexState.RESOLVED, VexState.RESOLVED_WITH_PEDIGREE})


def _software(
    t: AssessedThreat, flows: dict[str, tuple[str, ...]], interfaces: dict[str, str]
) -> tuple[str, ...]:
    """The elements whose software a threat is about: its element, an interface's, a flow's
    receivers."""
    target = t.threat.target
    if target.kind is TargetKind.ELEMENT:
        return (target.id,)
    if target.kind is TargetKind.INTERFACE and target.id in interfaces:
        return (interfaces[target.id],)
    if target.kind is TargetKind.FLOW and target.id in flows:
        return flows[target.id]
    return ()


def _components(ctx_vulns: tuple[VulnStatus, ...]) -> dict[str, list[str]]:
    """Per element, the SBOM components with an open known vulnerability (advisory, state)."""
    by_element: dict[str, list[str]] = {}
    for s in ctx_vulns:
        if s.closed:
            continue
        c = s.finding.component
        label = f"{s.finding.advisory} in {c.name} {c.version or ''}".strip()
        for element in elements_of(s.finding):
            by_element.setdefault(element, []).append(label)
    return by_element


def _trace_row(
    t: AssessedThreat,
    controls: dict[str, Control],
    software: tuple[str, ...],
    vulnerable: dict[str, list[str]],
) -> TableRow:
    """One threat's trace: risk, controls, requirements, verification, vulnerable components."""
    named = [controls[c] for c in t.controls if c in controls]
    inherent = t.risk.value if t.risk else "not scored"
    residual = t.residual_risk.value if t.residual_risk else "not scored"
    found = sorted({label for e in software for label in vulnerable.get(e, ())})
    return TableRow(
        (
            t.id,
            f"{inherent} → {residual}",
            ", ".join(t.controls) or "none",
            ", ".join(c.requirement for c in named if c.requirement) or "none",
            ", ".join(v for c in named for v in c.verified_by) or "none",
            "; ".join(found) or "-",
        ),
        (threat_ref(t),),
    )


def _control_rows(p: Project, threats: tuple[AssessedThreat, ...]) -> Table:
    """Each control with its requirement, verification and how many threats it answers."""
    answers = Counter(c for t in threats for c in t.controls)
    rows = tuple(
        TableRow(
            (
                c.id,
                c.category.value,
                c.status.value,
                c.requirement or "none",
                ", ".join(c.verified_by) or "none",
                str(answers[c.id]),
            ),
            (EvidenceRef(PROJECT_FILE, c.line, f"controls.{c.id}"),),
        )
        for c in p.controls
    )
    return Table(
        "Controls, requirements and verification",
        ("Control", "Category", "Status", "Requirement", "Verified by", "Threats answered"),
        rows,
        empty="The project declares no controls.",
    )


def traceability(inputs: DocumentInputs) -> Section:
    """Artefact 7: threat → risk → control → requirement → verification → SBOM component."""
    b = basis(inputs, 7)
    p = inputs.ctx.project
    threats = inputs.ctx.threats
    controls = {c.id: c for c in p.controls}
    vulnerable = _components(inputs.ctx.vulnerabilities)
    flows: dict[str, tuple[str, ...]] = {
        f.id: (f.target, f.source) if f.bidirectional else (f.target,) for f in p.flows
    }
    interfaces = {i.id: i.element for i in p.interfaces}
    rows = [_trace_row(t, controls, _software(t, flows, interfaces), vulnerable) for t in threats]
    traced = sum(1 for t in threats if t.controls)
    summary = Statement(
        f"{traced} of {counted(len(threats), 'threat')} are traced to at least one control; "
        f"{sum(1 for c in p.controls if c.requirement)} of {counted(len(p.controls), 'control')} "
        f"name a security requirement and {sum(1 for c in p.controls if c.verified_by)} name their "
        "verification.",
        (EvidenceRef(REGISTER_FILE), EvidenceRef(PROJECT_FILE, record="controls")),
    )
    table = Table(
        "Traceability matrix",
        (
            "Threat",
            "Risk → residual",
            "Controls",
            "Requirements",
            "Verified by",
            "Open vulnerabilities of its software",
        ),
        tuple(rows),
        empty="The register holds no threats.",
    )
    return chapter(7, b.status, (*b.statements, summary), (table, _control_rows(p, threats)))


def _decisions(current: tuple[VulnStatus, ...]) -> dict[str, VulnAssessment]:
    """The decisions behind the current findings, keyed as they were found."""
    return {s.assessed_as: s.assessment for s in current if s.assessed_as and s.assessment}


def _figure(value: float | None, unit: str) -> str:
    """A metric's value, or 'not computable' when nothing feeds it."""
    return "not computable" if value is None else f"{value:.1f}{unit}"


def _share(part: int, whole: int) -> str:
    """``3 of 11 (27.3%)``; the percentage not computable when there is nothing to count."""
    return f"{part} of {whole} ({_figure(100 * part / whole if whole else None, '%')})"


def metrics_chapter(inputs: DocumentInputs) -> Section:
    """Artefact 8: share patched and closed, mean days to triage and to close, from the scan."""
    b = basis(inputs, 8)
    ctx = inputs.ctx
    ref = scan_date(ctx)
    if ctx.vulnerability_scan is None:
        plain = Statement(
            "The metrics are not computable: no CVE scan is recorded, so there are no findings "
            "to count (run 'medsec scan').",
            (ref,),
        )
        return chapter(8, b.status, (*b.statements, plain))
    current = ctx.vulnerabilities
    m = metrics(current, _decisions(current), {})
    patched = sum(1 for s in current if s.state in PATCHED)
    rows = (
        ("Vulnerabilities patched (resolved)", _share(patched, len(current))),
        (
            "Vulnerabilities closed (resolved, not affected, false positive)",
            _share(m.closed, m.findings),
        ),
        ("Mean time from identification to triage", _figure(m.mean_days_to_triage, " days")),
        ("Mean time from identification to closing", _figure(m.mean_days_to_remediate, " days")),
        ("Mean time from patch to field deployment", "not computable"),
        ("Findings past a triage or remediation deadline", str(m.overdue)),
    )
    table = Table(
        "Cybersecurity metrics (latest scan)",
        ("Metric", "Value"),
        tuple(TableRow(r, (ref, EvidenceRef(VULNERABILITIES_FILE))) for r in rows),
    )
    notes = [
        Statement(
            "The times count from the day a scan first showed a finding to the date of its "
            "decision in vulnerabilities.yaml. The time from patch to field deployment is not "
            "computable: medsec holds no record of when updates reached the fielded devices.",
            (ref, EvidenceRef(VULNERABILITIES_FILE)),
        )
    ]
    if len(ctx.scans) > 1:
        notes.append(
            Statement(
                f"{counted(len(ctx.scans), 'scan')} {are(len(ctx.scans))} recorded; these "
                "figures count the findings of the "
                "latest one. Findings that an earlier scan showed and the latest no longer "
                "shows (removed by a component update) are not counted here; 'medsec report' "
                "counts them from the scan history.",
                tuple(EvidenceRef(s.path, date=s.date) for s in ctx.scans),
            )
        )
    return chapter(8, b.status, (*b.statements, *notes), (table,))
