"""Artefacts 1 and 3 of ``fda-premarket``: the risk management report and the risk assessment.

Artefact 1 summarises and points to the standalone ``security-risk-report`` document, whose
parts it reuses as they are built there (one report, two places). Artefact 3 lists every threat
before and after its controls (CVSS 3.1 vector and score, risk level, decision, controls) and
the KEV check of the latest scan (premarket guidance V.A.2: KEV-listed vulnerabilities should
be designed out).
"""

from __future__ import annotations

from dataclasses import replace

from medsec.domain.checklist import ItemId
from medsec.domain.document import EvidenceRef, Section, Statement, Table, TableRow
from medsec.domain.paths import REGISTER_FILE, SCANS_DIR
from medsec.domain.threat import AssessedThreat, CvssScore
from medsec.domain.vocabulary import RiskLevel
from medsec.domain.wording import are, counted
from medsec.engines.compliance.context import CheckContext
from medsec.engines.vulnmgmt import VulnStatus
from medsec.outputs.documents.common import item_status, project_ref, threat_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs import security_risk_report
from medsec.outputs.documents.specs.fda_premarket.basis import (
    CHAPTER_IDS,
    basis,
    chapter,
    item,
    part,
    worst,
)

NOT_SCORED = "not scored"


def above_threshold(inputs: DocumentInputs) -> int:
    """How many threats keep a residual risk above the policy's acceptance threshold."""
    limit = inputs.ctx.project.policy.risk_acceptance.rank
    levels = frozenset(level for level in RiskLevel if level.rank > limit)
    return sum(1 for t in inputs.ctx.threats if t.residual_risk in levels)


def risk_management_report(inputs: DocumentInputs) -> tuple[Section, ...]:
    """Artefact 1: a summary, the pointer to security-risk-report, and that report's parts."""
    b = basis(inputs, 1)
    report = security_risk_report.build(inputs)[1:]  # its first section is the checklist again
    parts = tuple(replace(s, id=f"{CHAPTER_IDS[1]}-{s.id}", level=2) for s in report)
    threats = inputs.ctx.threats
    limit = inputs.ctx.project.policy.risk_acceptance
    above = above_threshold(inputs)
    summary = Statement(
        f"The security risk management of {inputs.ctx.project.device.name} covers "
        f"{counted(len(threats), 'threat')} of the register; {above} keep a residual risk above "
        f"the acceptance threshold ({limit.value}). The parts below are the standalone document "
        "'security-risk-report' (medsec docs build PROJECT --doc security-risk-report), built "
        "from the same evidence.",
        (EvidenceRef(REGISTER_FILE), EvidenceRef("medsec docs", record="security-risk-report")),
    )
    status = worst((b.status, *(s.status for s in parts)))
    return (chapter(1, status, (*b.statements, summary)), *parts)


def _score(s: CvssScore | None) -> str:
    """A CVSS score cell: ``7.5 (CVSS:3.1/AV:N/...)``, or not scored."""
    return f"{s.score} ({s.vector})" if s else NOT_SCORED


def _threat_row(t: AssessedThreat) -> TableRow:
    """One threat before and after its controls."""
    return TableRow(
        (
            t.id,
            t.threat.title,
            _score(t.v3_1),
            t.risk.value if t.risk else NOT_SCORED,
            _score(t.residual_v3_1),
            t.residual_risk.value if t.residual_risk else NOT_SCORED,
            t.decision.value if t.decision else "undecided",
            ", ".join(t.controls) or "none",
        ),
        (threat_ref(t),),
    )


def _method(inputs: DocumentInputs) -> Statement:
    """How the scores and risk levels are made (exploitability, not probability)."""
    policy = inputs.ctx.project.policy
    return Statement(
        "Each threat is scored by exploitability and impact, not probability: a CVSS 3.1 base "
        "vector derived from the system model (transport, protocol, boundaries crossed, "
        "exposure, authentication, function), adjusted by the MITRE medical-device rubric "
        "where it is answered, gives the inherent score; the severity of the ISO 14971 hazards "
        "linked to the target turns it into a risk level through the risk matrix. Implemented "
        "and verified controls in effect on the target lower the vector's metrics: the residual "
        f"score and risk. Residual risk up to '{policy.risk_acceptance.value}' is acceptable.",
        (project_ref("policy"), EvidenceRef(REGISTER_FILE)),
    )


def _register_statements(inputs: DocumentInputs) -> tuple[Statement, ...]:
    """Counts of the register: scored, decided, above the threshold after controls."""
    threats = inputs.ctx.threats
    unscored = sum(1 for t in threats if t.v3_1 is None)
    undecided = sum(1 for t in threats if t.decision is None)
    above = above_threshold(inputs)
    lowered = sum(1 for t in threats if t.residual_changes)
    return (
        Statement(
            f"{counted(len(threats), 'threat')} {are(len(threats))} assessed: "
            f"{len(threats) - unscored} have a CVSS 3.1 "
            f"score, {len(threats) - undecided} a risk decision; controls lowered the score of "
            f"{lowered}; {above} keep a residual risk above the acceptance threshold.",
            (EvidenceRef(REGISTER_FILE),),
        ),
    )


def scan_date(ctx: CheckContext) -> EvidenceRef:
    """The latest scan record as evidence, dated by the scan (the scans folder when none)."""
    path = ctx.vulnerability_scan
    when = next((s.date for s in ctx.scans if s.path == path), None)
    return EvidenceRef(path or SCANS_DIR, date=when)


def kev_statement(inputs: DocumentInputs) -> Statement:
    """The KEV check of the latest scan: which findings are on CISA's KEV list, and their state."""
    ctx = inputs.ctx
    ref = scan_date(ctx)
    if ctx.vulnerability_scan is None:
        return Statement(
            "No CVE scan is recorded, so no component has been checked against the CISA Known "
            "Exploited Vulnerabilities catalogue (run 'medsec scan').",
            (ref,),
        )
    kev = [s for s in ctx.vulnerabilities if s.finding.kev]
    if not kev:
        return Statement(
            f"KEV check: none of the {counted(len(ctx.vulnerabilities), 'finding')} of the "
            "latest scan is listed in the CISA Known Exploited Vulnerabilities catalogue.",
            (ref,),
        )
    listed = "; ".join(_kev_label(s) for s in kev)
    open_ = sum(1 for s in kev if s.kev_unmitigated)
    return Statement(
        f"KEV check: {counted(len(kev), 'finding')} of the latest scan {are(len(kev))} "
        "listed in the CISA Known "
        f"Exploited Vulnerabilities catalogue, {open_} not mitigated: {listed}.",
        (ref, *(vuln_ref(s) for s in kev)),
    )


def _kev_label(s: VulnStatus) -> str:
    """``CVE-x in openssl 3.0.13 (pump-fw): exploitable, remediation due 2026-12-31``."""
    c = s.finding.component
    where = f" ({c.element})" if c.element else ""
    return (
        f"{s.finding.advisory} in {c.name} {c.version or ''}{where}: {s.state.value}, "
        f"remediation due {s.deadlines.remediation.isoformat()}"
    )


def vuln_ref(s: VulnStatus) -> EvidenceRef:
    """A finding's decision in vulnerabilities.yaml (line, date), or the finding id alone."""
    a = s.assessment
    if a is not None:
        return EvidenceRef("vulnerabilities.yaml", a.line, s.finding.id, a.date)
    return EvidenceRef("vulnerabilities.yaml", record=s.finding.id)


def risk_assessment(inputs: DocumentInputs) -> tuple[Section, ...]:
    """Artefact 3: method, every threat before and after controls, and the KEV check."""
    b = basis(inputs, 3)
    table = Table(
        "Threats before and after mitigation",
        (
            "Threat",
            "Title",
            "Inherent CVSS 3.1",
            "Risk",
            "Residual CVSS 3.1",
            "Residual risk",
            "Decision",
            "Controls",
        ),
        tuple(_threat_row(t) for t in inputs.ctx.threats),
        empty="The register holds no threats.",
    )
    judged = worst(
        item_status(item(inputs, i)) for i in (ItemId.CVE_ANALYSIS, ItemId.VULNERABILITY_MANAGEMENT)
    )
    kev = part(
        3, "kev", "Known exploited vulnerabilities (CISA KEV)", judged, (kev_statement(inputs),)
    )
    statements = (*b.statements, _method(inputs), *_register_statements(inputs))
    return chapter(3, worst((b.status, judged)), statements, (table,)), kev
