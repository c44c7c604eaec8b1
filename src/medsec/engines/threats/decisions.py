"""Whether a risk decision is accountable: who took it, when, until when, and who carries it.

A ``transfer`` names the receiving party (declared under ``parties`` in medsec.yaml), an
approver and a date, and holds only for a threat whose target that party operates
(``operated_by`` on the element or its boundary): the manufacturer cannot hand its own
firmware to the hospital. An ``accept`` needs a rationale, an approver, a date and an expiry;
an expired one, or one above the acceptance threshold without a benefit-risk analysis
(ISO 14971 7.4), is no acceptance. Each function returns the problems, in words a person can
act on; the first word after "needs" is the register key to fill in.
"""

from __future__ import annotations

from datetime import date

from medsec.domain.model import Project
from medsec.domain.threat import Assessment, Target, TargetKind
from medsec.domain.vocabulary import RiskLevel
from medsec.engines.placeholders import stated

MANUFACTURER = "the manufacturer"


def _and(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def missing_keys(a: Assessment, keys: tuple[str, ...], placeholders: tuple[str, ...]) -> list[str]:
    """The register keys of ``keys`` the assessment leaves empty (or fills with a placeholder)."""
    values: dict[str, object] = {
        "rationale": a.rationale,
        "party": a.party,
        "approver": a.approver,
        "date": a.date,
        "expires": a.expires,
    }
    out = []
    for key in keys:
        value = values[key]
        if value is None or (isinstance(value, str) and not stated(value, placeholders)):
            out.append(key)
    return out


def operators(project: Project, target: Target) -> tuple[str | None, ...]:
    """Who operates a threat's target (``None``: the manufacturer); a flow: both its ends."""
    if target.kind is TargetKind.ELEMENT:
        return (project.operator(target.id),)
    if target.kind is TargetKind.INTERFACE:
        interface = project.find_interface(target.id)
        return (project.operator(interface.element) if interface else None,)
    if target.kind is TargetKind.FLOW:
        flow = next((f for f in project.flows if f.id == target.id), None)
        if flow is None:
            return (None,)
        return (project.operator(flow.source), project.operator(flow.target))
    if target.kind is TargetKind.BOUNDARY:
        return (project.boundary_operator(target.id),)
    return (None,)  # the device as a whole is the manufacturer's


def _who(project: Project, party: str | None) -> str:
    """A party as messages name it: ``hospital (Hospital of ...)``, or the manufacturer."""
    if party is None:
        return MANUFACTURER
    found = project.party(party)
    return f"'{party}'" if found is None else f"'{party}' ({found.name})"


def transfer_problems(project: Project, target: Target, a: Assessment) -> list[str]:
    """What a transfer lacks: its keys, a declared party, and a target that party operates."""
    placeholders = project.policy.placeholders
    missing = missing_keys(a, ("party", "rationale", "approver", "date"), placeholders)
    problems = [f"transfer needs {_and(missing)}"] if missing else []
    if a.party is None or "party" in missing:
        return problems
    if project.party(a.party) is None:
        problems.append(f"transfer to unknown party '{a.party}' (not declared under parties)")
        return problems
    held = operators(project, target)
    if any(op != a.party for op in held):
        who = _and(sorted({_who(project, op) for op in held}))
        problems.append(
            f"transfer to '{a.party}', but {target.kind.value} {target.id} is operated by {who}: "
            "a risk goes only to the party that operates its target"
        )
    return problems


def acceptance_problems(
    project: Project,
    a: Assessment,
    residual_risk: RiskLevel | None,
    controlled: bool,
    today: date | None,
) -> list[str]:
    """What an acceptance lacks: its keys, a future expiry, and a basis above the threshold.

    ``policy.risk_acceptance`` is the highest level that may be accepted as it is; a higher
    residual risk needs an implemented control in effect on the threat and a benefit-risk
    analysis (``benefit_risk``) that justifies the rest (ISO 14971 7.4).
    """
    placeholders = project.policy.placeholders
    missing = missing_keys(a, ("rationale", "approver", "date", "expires"), placeholders)
    problems = [f"acceptance needs {_and(missing)}"] if missing else []
    if a.expires is not None and today is not None and a.expires < today:
        problems.append(f"acceptance expired on {a.expires}: decide again")
    limit = project.policy.risk_acceptance
    if residual_risk is None or residual_risk.rank <= limit.rank:
        return problems
    if not controlled:
        problems.append(
            f"accepted although its risk ({residual_risk.value}) is above the acceptance "
            f"threshold ({limit.value}) and no implemented control is in effect on it"
        )
    if not stated(a.benefit_risk, placeholders):
        problems.append(
            f"accepted above the acceptance threshold ({limit.value}, risk "
            f"{residual_risk.value}) needs benefit_risk: the benefit-risk analysis that "
            "justifies it"
        )
    return problems
