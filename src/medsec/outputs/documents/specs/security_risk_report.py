"""``security-risk-report``: the security risk management report (plan, method, results).

What AAMI TIR57 / SW96 and the FDA premarket guidance (V.A) ask of it, and what MDCG 2019-16
expects beside the ISO 14971 file: scope, plan and method, acceptance criteria, the results
before and after controls, the transfer of security risks to the safety risk analysis, the
residual-risk conclusion and the benefit-risk statement. Every figure comes from the threat
register as ``medsec check`` judged it; the plan reference, the ISO 14971 file and the
benefit-risk statement are manual answers.
"""

from __future__ import annotations

from collections import Counter

from medsec.domain.checklist import ItemId
from medsec.domain.document import (
    EvidenceRef,
    Question,
    Section,
    Statement,
    Status,
    Table,
    TableRow,
)
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.threat import AssessedThreat
from medsec.domain.vocabulary import RiskLevel
from medsec.domain.wording import are, counted
from medsec.outputs.documents.common import (
    APPROVALS,
    answered,
    item_statements,
    item_status,
    project_ref,
    results,
    status_section,
    threat_ref,
)
from medsec.outputs.documents.spec import DocumentInputs, DocumentMeta, Spec

PLAN = Question(
    "risk_management_plan",
    "The security risk management plan this report follows (document id, version, date)",
)
SAFETY_FILE = Question(
    "safety_risk_file",
    "The ISO 14971 risk management file the security risks are transferred to (document id)",
)
BENEFIT_RISK = Question(
    "benefit_risk",
    "The benefit-risk statement for the residual security risk (or where the ISO 14971 file "
    "gives it)",
)
META = DocumentMeta(
    "security-risk-report",
    "Security risk management report",
    ("FDA premarket V.A", "IEC 81001-5-1 7.x", "MDR Annex I 1-4, 8", "MDCG 2019-16 3.2-3.5"),
    "plan, method, acceptance criteria, results before/after controls, safety transfer, "
    "residual-risk conclusion",
)
_LEVELS = tuple(RiskLevel)
_KINDS = {"actor": "actors", "data_store": "data stores", "process": "processes"}


def _scope(inputs: DocumentInputs) -> Section:
    """What the analysis covers: the device, its parts, flows and trust boundaries."""
    p = inputs.ctx.project
    d = p.device
    kinds = Counter(e.type.value for e in p.elements)
    parts = ", ".join(f"{n} {_KINDS.get(k, k)}" for k, n in sorted(kinds.items()))
    statements = [
        Statement(
            f"The analysis covers {d.name} {d.version} by {d.manufacturer}"
            + (f", intended for: {d.intended_use.rstrip('.')}" if d.intended_use else "")
            + ".",
            (project_ref("device"),),
        ),
        Statement(
            f"The system model has {counted(len(p.elements), 'element')} ({parts or 'none'}), "
            f"{len(p.flows)} data flows, {counted(len(p.interfaces), 'interface')} and "
            f"{len(p.boundaries)} trust boundaries; its architecture digest is "
            f"{inputs.ctx.architecture_digest}.",
            (project_ref("elements, flows, interfaces, boundaries"),),
        ),
    ]
    return Section("scope", "Scope and system boundary", Status.INFO, statements=tuple(statements))


def _plan(inputs: DocumentInputs) -> Section:
    """The plan followed and the method: STRIDE per element, medical rules, CVSS with the rubric."""
    policy = inputs.ctx.project.policy
    plan, question = answered(inputs.answers, PLAN, "This report follows {value}.")
    method = Statement(
        "Threats are identified with STRIDE per element and data flow and with medical-device "
        "rules that read the system model; each is scored with CVSS 3.1 and 4.0, whose vectors "
        "are derived from the model's context and adjusted by the MITRE medical-device rubric "
        "where a rubric answer is recorded. Exploitability, not probability, drives the score.",
        (project_ref(),),
    )
    cadence = Statement(
        f"The threat model is reviewed at least every {policy.review_interval_days} days and "
        "at each release; CVE analysis runs at least every "
        f"{policy.cve_scan_interval_days} days.",
        (project_ref("policy"),),
    )
    return Section(
        "plan",
        "Security risk management plan and method",
        Status.MET if plan else Status.PARTLY,
        statements=tuple(s for s in (plan, method, cadence) if s),
        open_questions=(question,) if question else (),
    )


def _criteria(inputs: DocumentInputs) -> Section:
    """The acceptance threshold and the risk matrix of the policy."""
    p = inputs.ctx.project
    policy = p.policy
    stated = "stated in the project's policy" if p.policy_declared else "medsec's default"
    statements = (
        Statement(
            f"A residual risk up to '{policy.risk_acceptance.value}' is acceptable ({stated}); "
            "above it, a risk needs further controls or an accepted benefit-risk decision "
            "recorded in the threat register.",
            (EvidenceRef(PROJECT_FILE, record="policy.risk_acceptance"),),
        ),
    )
    rows = tuple(
        TableRow((severity, *(f"{h}: {r}" for h, r in cells)), (project_ref("policy.risk_matrix"),))
        for severity, cells in policy.risk_matrix
    )
    table = Table(
        "Risk matrix (CVSS severity × hazard severity → risk level)",
        ("CVSS severity", "by hazard severity"),
        rows,
        empty="The policy states no risk matrix: the CVSS severity is the risk level.",
    )
    return Section("acceptance", "Risk acceptance criteria", Status.INFO, statements, (table,))


def _level_counts(threats: tuple[AssessedThreat, ...]) -> Table:
    """Threats per risk level, inherent and residual."""
    inherent = Counter(t.risk for t in threats)
    residual = Counter(t.residual_risk for t in threats)
    rows = tuple(
        TableRow((level.value, str(inherent[level]), str(residual[level])))
        for level in reversed(_LEVELS)
    )
    unscored = TableRow(("not scored", str(inherent[None]), str(residual[None])))
    return Table("Threats per risk level", ("Risk", "Inherent", "Residual"), (*rows, unscored))


def _above(inputs: DocumentInputs) -> tuple[AssessedThreat, ...]:
    """Threats whose residual risk is above the acceptance threshold, highest first."""
    limit = inputs.ctx.project.policy.risk_acceptance.rank
    above = [t for t in inputs.ctx.threats if t.residual_risk and t.residual_risk.rank > limit]
    return tuple(
        sorted(above, key=lambda t: (-(t.residual_risk.rank if t.residual_risk else 0), t.id))
    )


def _results(inputs: DocumentInputs) -> Section:
    """Results before and after controls, and the risks still above the threshold."""
    threats = inputs.ctx.threats
    above = _above(inputs)
    rows = tuple(
        TableRow(
            (
                t.id,
                t.threat.title,
                t.risk.value if t.risk else "not scored",
                t.residual_risk.value if t.residual_risk else "not scored",
                t.decision.value if t.decision else "undecided",
                ", ".join(t.controls) or "-",
            ),
            (threat_ref(t),),
        )
        for t in above
    )
    table = Table(
        "Residual risks above the acceptance threshold",
        ("Threat", "Title", "Inherent", "Residual", "Decision", "Controls"),
        rows,
        empty="No residual risk is above the acceptance threshold.",
    )
    [item] = results(inputs.checklist, (ItemId.THREAT_RISK_ANALYSIS,))
    summary = Statement(
        f"{counted(len(threats), 'threat')} {are(len(threats))} in the register; {len(above)} "
        "keep a residual risk above the acceptance threshold.",
        (EvidenceRef("threats.yaml"),),
    )
    return Section(
        "results",
        "Risk assessment results (before and after controls)",
        item_status(item),
        statements=(summary, *item_statements(inputs, item)),
        tables=(_level_counts(threats), table),
    )


def _transfer(inputs: DocumentInputs) -> Section:
    """Security risks that can cause a hazard, handed to the ISO 14971 file."""
    p = inputs.ctx.project
    by_hazard: dict[str, list[AssessedThreat]] = {h.id: [] for h in p.hazards}
    for t in inputs.ctx.threats:
        for hazard_id in t.entry.assessment.hazards or ():
            by_hazard.setdefault(hazard_id, []).append(t)
    linked = dict(p.hazard_links)
    rows = []
    for h in p.hazards:
        threats = by_hazard.get(h.id, [])
        elements = sorted(e for e, hs in linked.items() if h.id in hs)
        rows.append(
            TableRow(
                (
                    h.id,
                    h.harm,
                    h.severity.value if h.severity else "not stated",
                    ", ".join(elements) or "-",
                    str(len(threats)),
                ),
                (EvidenceRef(PROJECT_FILE, h.line, f"hazards.{h.id}"),),
            )
        )
    ref, question = answered(
        inputs.answers,
        SAFETY_FILE,
        "Security risks that can cause a hazard are transferred to {value}.",
    )
    method = Statement(
        "A threat on an element (or a flow into it) that can cause an ISO 14971 hazard carries "
        "the hazard's severity into its risk level through the risk matrix; those threats and "
        "their residual risk are handed to the safety risk analysis.",
        (project_ref("hazards"),),
    )
    table = Table(
        "Hazards and the security risks that can cause them",
        ("Hazard", "Harm", "Severity", "Elements", "Threats"),
        tuple(rows),
        empty="The project names no hazards: no security risk is linked to patient harm.",
    )
    status = Status.MET if ref and p.hazards else Status.PARTLY
    return Section(
        "safety-transfer",
        "Security-to-safety risk transfer (ISO 14971)",
        status,
        statements=tuple(s for s in (method, ref) if s),
        tables=(table,),
        open_questions=(question,) if question else (),
    )


def _conclusion(inputs: DocumentInputs) -> Section:
    """The residual-risk conclusion and the benefit-risk statement."""
    [item] = results(inputs.checklist, (ItemId.THREAT_RISK_ANALYSIS,))
    above = _above(inputs)
    accepted = [t for t in above if t.entry.assessment.benefit_risk]
    if item.status.value == "pass" and len(accepted) == len(above):
        text = (
            "The residual security risk is acceptable: every threat is assessed, and every "
            "residual risk above the threshold has a recorded benefit-risk decision."
        )
    else:
        text = (
            f"The residual security risk cannot be concluded acceptable yet: {item.summary} "
            f"({len(above) - len(accepted)} residual risks above the threshold lack a "
            "benefit-risk decision)."
        )
    conclusion = Statement(text, tuple(threat_ref(t) for t in above[:20]) or (project_ref(),))
    statement, question = answered(inputs.answers, BENEFIT_RISK, "Benefit-risk statement: {value}")
    return Section(
        "conclusion",
        "Residual-risk conclusion and benefit-risk statement",
        _with_answer(item_status(item), statement is not None),
        statements=tuple(s for s in (conclusion, statement) if s),
        open_questions=(question,) if question else (),
    )


def _with_answer(status: Status, answered: bool) -> Status:
    """A section's status: the item's, capped at partly while its manual answer is open."""
    return status if answered or status is Status.NOT_MET else Status.PARTLY


def build(inputs: DocumentInputs) -> tuple[Section, ...]:
    """The report's sections in order."""
    return (
        status_section(inputs),
        _scope(inputs),
        _plan(inputs),
        _criteria(inputs),
        _results(inputs),
        _transfer(inputs),
        _conclusion(inputs),
    )


SPEC = Spec(META, (PLAN, SAFETY_FILE, BENEFIT_RISK, APPROVALS), build)
