"""DPIA: necessity and proportionality, risks to data subjects, measures, consultation, sign-off.

- Necessity and proportionality (Art. 35(7)(b)) restate ``data-minimisation`` (every item needed
  by a use case, real needs, bounded retention, pseudonymised to the cloud, stores keeping data
  no longer than needed), with the legal basis of each item and the rights its use cases serve.
- The risks (35(7)(c)) are the register's privacy threats (LINDDUN), rated by
  ``engines/privacy/risks.py``: likelihood and severity before and after the controls, the
  register's risk level and decision. The table changes as the model and register change.
- The measures (35(7)(d)) are the controls that answer those threats, and the Art. 32 gaps.
- Consultation: the DPO's advice (35(2)), the data subjects' views (35(9)), and whether a high
  residual risk calls for prior consultation (Art. 36).
- Sign-off: whether the DPIA was signed off on today's model (``dpia-unpinned``,
  ``dpia-outdated`` of gdpr-readiness).
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.document import Question, Section, Statement, Status, Table, TableRow
from medsec.engines.privacy.risks import Level, RatedRisk, privacy_threats, rate
from medsec.engines.privacy.ropa import Ropa
from medsec.outputs.documents.common import (
    answered,
    combined,
    item_statements,
    item_status,
    project_ref,
    results,
    threat_ref,
)
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.privacy_parts import (
    data_ref,
    findings,
    gap_statements,
    joined,
    model_ref,
    status_of,
)

DPO_ADVICE = Question(
    "dpo_advice",
    "What did the data protection officer advise on this DPIA, and when (GDPR Art. 35(2))?",
)
SUBJECT_VIEWS = Question(
    "data_subject_views",
    "How were the views of data subjects or their representatives sought (patient "
    "organisations, hospital works councils), or why not (GDPR Art. 35(9))?",
)
PRIVACY_RULES = ("privacy-undecided", "privacy-unjustified")
SIGNOFF_RULES = ("no-dpia", "dpia-unpinned", "dpia-outdated")


def necessity_section(inputs: DocumentInputs, record: Ropa) -> Section:
    """Art. 35(7)(b): minimisation as judged, legal bases, rights per data item."""
    [item] = results(inputs.checklist, (ItemId.DATA_MINIMISATION,))
    inventory = findings(inputs, ItemId.GDPR_READINESS, ("inventory-incomplete",))
    rights: dict[str, list[str]] = {}
    for a in record.activities:
        for d in a.data:
            rights.setdefault(d.id, []).extend(a.rights or ())
    rows = tuple(
        TableRow(
            (
                r.item.id,
                joined(r.item.legal_basis, "not stated"),
                joined(r.use_cases, "none"),
                r.item.retention or "not stated",
                joined(rights.get(r.item.id, []), "none stated"),
            ),
            (data_ref(r.item),),
        )
        for r in record.items
        if not r.item.retired
    )
    table = Table(
        "Lawfulness, purpose, storage limitation and rights per data item",
        ("Data item", "Legal basis", "Needed by", "Retention", "Rights served"),
        rows,
    )
    return Section(
        "necessity",
        "Necessity and proportionality (Art. 35(7)(b))",
        combined((item_status(item), status_of(inventory))),
        statements=(*item_statements(inputs, item), *gap_statements(inputs, inventory)),
        tables=(table,),
    )


def _label(level: Level | None) -> str:
    """A level as the table shows it."""
    return level.label if level else "not scored"


def _risk_row(r: RatedRisk) -> TableRow:
    """One privacy threat rated."""
    t = r.threat
    return TableRow(
        (
            t.id,
            joined((c.label for c in t.threat.linddun), "-"),
            t.threat.title,
            _label(r.likelihood),
            _label(r.severity),
            t.risk.value if t.risk else "not scored",
            joined(t.controls, "none"),
            _label(r.residual_likelihood),
            _label(r.residual_severity),
            t.residual_risk.value if t.residual_risk else "not scored",
            t.decision.value if t.decision else "undecided",
        ),
        (threat_ref(t),),
    )


def risks_section(inputs: DocumentInputs, rated: tuple[RatedRisk, ...]) -> Section:
    """Art. 35(7)(c): the risks to data subjects from the register's privacy threats."""
    found = findings(inputs, ItemId.GDPR_READINESS, PRIVACY_RULES)
    table = Table(
        "Risks to the rights and freedoms of data subjects (privacy threats of the register)",
        (
            "Threat",
            "LINDDUN",
            "Risk to data subjects",
            "Likelihood",
            "Severity",
            "Risk",
            "Controls",
            "Residual likelihood",
            "Residual severity",
            "Residual risk",
            "Decision",
        ),
        tuple(_risk_row(r) for r in rated),
        empty="The threat register holds no privacy threats: run 'medsec threats' (LINDDUN).",
    )
    lead = Statement(
        f"{len(rated)} privacy threats (LINDDUN) are in the register. Likelihood and severity "
        "use the CNIL scale (negligible, limited, significant, maximum): likelihood from the "
        "CVSS exploitability of the threat's vector, severity from its confidentiality impact, "
        "one level higher for special-category data; residual ones after the controls.",
        (project_ref(), *(threat_ref(r.threat) for r in rated[:1])),
    )
    status = status_of(found) if rated else Status.PARTLY
    return Section(
        "risks",
        "Risks to data subjects (Art. 35(7)(c))",
        status,
        statements=(lead, *gap_statements(inputs, found)),
        tables=(table,),
    )


def measures_section(inputs: DocumentInputs, rated: tuple[RatedRisk, ...]) -> Section:
    """Art. 35(7)(d): the controls answering privacy threats; Art. 32 gaps."""
    p = inputs.ctx.project
    answering: dict[str, list[str]] = {}
    for r in rated:
        for c in r.threat.controls:
            answering.setdefault(c, []).append(r.threat.id)
    rows = tuple(
        TableRow(
            (
                c.id,
                c.name,
                c.category.value,
                c.status.value,
                str(len(answering[c.id])),
                joined(c.verified_by, "not verified"),
            ),
            (model_ref(f"controls.{c.id}", c.line),),
        )
        for c in p.controls
        if c.id in answering
    )
    table = Table(
        "Measures envisaged: controls answering privacy threats",
        ("Control", "Measure", "Category", "Status", "Privacy threats answered", "Verified by"),
        rows,
        empty="No control answers a privacy threat yet.",
    )
    found = findings(inputs, ItemId.GDPR_READINESS, ("art32-transit", "art32-rest"))
    return Section(
        "measures",
        "Measures to address the risks (Art. 35(7)(d))",
        status_of(found) if rows else Status.PARTLY,
        statements=gap_statements(inputs, found),
        tables=(table,),
    )


def _high(r: RatedRisk) -> bool:
    """A residual risk still high: likelihood and severity both significant or worse."""
    floor = Level.SIGNIFICANT
    return (r.residual_likelihood or 0) >= floor and (r.residual_severity or 0) >= floor


def consultation_section(inputs: DocumentInputs, rated: tuple[RatedRisk, ...]) -> Section:
    """The DPO's advice, the data subjects' views, and Art. 36 prior consultation."""
    high = [r for r in rated if _high(r)]
    art36 = Statement(
        (
            f"{len(high)} privacy risks stay high after the controls (residual likelihood and "
            "severity significant or worse): unless further measures lower them, the supervisory "
            "authority is consulted before the processing (Art. 36)."
        )
        if high
        else "No privacy risk stays high after the controls: no prior consultation (Art. 36).",
        tuple(threat_ref(r.threat) for r in high[:10]) or (project_ref(),),
    )
    advice, q1 = answered(
        inputs.answers, DPO_ADVICE, "Advice of the data protection officer: {value}"
    )
    views, q2 = answered(inputs.answers, SUBJECT_VIEWS, "Views of data subjects: {value}")
    open_ = tuple(q for q in (q1, q2) if q)
    return Section(
        "consultation",
        "Advice, views of data subjects and prior consultation (Art. 35(2), 35(9), 36)",
        Status.PARTLY if open_ or high else Status.MET,
        statements=tuple(s for s in (art36, advice, views) if s),
        open_questions=open_,
    )


def signoff_section(inputs: DocumentInputs) -> Section:
    """Whether the DPIA is recorded and signed off on today's model."""
    p = inputs.ctx.project
    found = findings(inputs, ItemId.GDPR_READINESS, SIGNOFF_RULES)
    signed = [r for r in p.reviews if r.item == ItemId.GDPR_READINESS.value]
    facts = [
        Statement(
            f"Signed off by {r.by} on {r.date}.",
            (model_ref("reviews", r.line),),
        )
        for r in signed[-3:]
    ]
    where = Statement(
        f"The approved DPIA is kept in {p.dpia}." if p.dpia else "gdpr.dpia names no DPIA file.",
        (project_ref("gdpr.dpia"),),
    )
    return Section(
        "signoff",
        "Sign-off and review (the DPIA against the current model)",
        status_of(found),
        statements=(where, *facts, *gap_statements(inputs, found)),
    )


def rated_risks(inputs: DocumentInputs) -> tuple[RatedRisk, ...]:
    """The register's privacy threats rated (an empty tuple when there are none)."""
    threats = inputs.ctx.threats
    return rate(inputs.ctx.project, threats) if privacy_threats(threats) else ()
