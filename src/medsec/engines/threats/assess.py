"""Score a register entry, trace it to controls and decide its status, risk and residual risk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from medsec.domain.model import Control, Hazard, Project
from medsec.domain.threat import (
    AssessedThreat,
    CvssScore,
    CvssSource,
    RegisterEntry,
    Stride,
    TargetKind,
    Threat,
    ThreatStatus,
)
from medsec.domain.vocabulary import (
    ControlCategory,
    ControlStatus,
    Decision,
    HazardSeverity,
    RiskLevel,
)
from medsec.engines.threats import rubric
from medsec.engines.threats.risk import matrix, risk_level, worst_hazard
from medsec.engines.threats.scoring import CvssVectorError, apply_effect, score

COVERS: dict[ControlCategory, frozenset[Stride]] = {
    ControlCategory.AUTHENTICATION: frozenset({Stride.SPOOFING}),
    ControlCategory.AUTHORIZATION: frozenset({Stride.ELEVATION_OF_PRIVILEGE}),
    ControlCategory.CRYPTOGRAPHY: frozenset({Stride.INFORMATION_DISCLOSURE, Stride.TAMPERING}),
    ControlCategory.INTEGRITY: frozenset({Stride.TAMPERING}),
    ControlCategory.CONFIDENTIALITY: frozenset({Stride.INFORMATION_DISCLOSURE}),
    ControlCategory.LOGGING: frozenset({Stride.REPUDIATION}),
    ControlCategory.RESILIENCE: frozenset({Stride.DENIAL_OF_SERVICE}),
    ControlCategory.UPDATE: frozenset({Stride.TAMPERING, Stride.ELEVATION_OF_PRIVILEGE}),
}


@dataclass(frozen=True)
class _Index:
    """Lookups built once per project so assessing 10,000 threats stays linear."""

    interface_element: dict[str, str]
    flow_target: dict[str, str]
    hazards: dict[str, tuple[Hazard, ...]]
    controls: dict[str, Control]
    grid: dict[str, dict[str, RiskLevel]]

    @classmethod
    def of(cls, project: Project) -> _Index:
        """Build the lookups: element of each interface, flow targets, hazards, controls, matrix."""
        by_id = {h.id: h for h in project.hazards}
        links: dict[str, list[Hazard]] = {}
        for target, ids in project.hazard_links:
            links.setdefault(target, []).extend(by_id[i] for i in ids if i in by_id)
        return cls(
            {i.id: i.element for i in project.interfaces},
            {f.id: f.target for f in project.flows},
            {k: tuple(v) for k, v in links.items()},
            {c.id: c for c in project.controls},
            matrix(project.policy),
        )


def _target_ids(index: _Index, threat: Threat) -> set[str]:
    """The target and what it belongs to (an interface's element)."""
    ids = {threat.target.id}
    if threat.target.kind is TargetKind.INTERFACE and threat.target.id in index.interface_element:
        ids.add(index.interface_element[threat.target.id])
    return ids


def traced_controls(
    project: Project, threat: Threat, index: _Index | None = None
) -> tuple[Control, ...]:
    """Controls that answer a threat without the register naming them.

    A control answers a rule threat when it lists the rule or threat id in ``mitigates`` (and,
    if it has ``applies_to``, the target). A baseline STRIDE threat is answered by a control
    that applies to the target and whose category covers the STRIDE category.
    """
    ids = _target_ids(index or _Index.of(project), threat)
    found = []
    for c in project.controls:
        on_target = bool(ids & set(c.applies_to))
        named = threat.rule in c.mitigates or threat.id in c.mitigates
        if (named and (on_target or not c.applies_to)) or (
            threat.baseline and on_target and set(threat.stride) & COVERS[c.category]
        ):
            found.append(c)
    return tuple(found)


def linked_hazards(
    project: Project, entry: RegisterEntry, index: _Index | None = None
) -> tuple[Hazard, ...]:
    """Hazards of the target (and of its element or flow target) plus those the register names."""
    threat = entry.threat
    idx = index or _Index.of(project)
    ids = _target_ids(idx, threat)
    if threat.target.kind is TargetKind.FLOW and threat.target.id in idx.flow_target:
        ids.add(idx.flow_target[threat.target.id])
    found = {h.id: h for i in ids for h in idx.hazards.get(i, ())}
    found.update({h.id: h for h in project.hazards if h.id in entry.assessment.hazards})
    return tuple(found[k] for k in sorted(found))


def _vector(entry: RegisterEntry, version: str) -> tuple[str | None, str | None]:
    """(vector, problem) for version '3.1' or '4.0' from rubric answers, override or default."""
    a = entry.assessment
    if a.rubric:
        try:
            answers = dict(a.rubric)
            return (
                rubric.vector_v3_1(answers) if version == "3.1" else rubric.vector_v4_0(answers)
            ), None
        except rubric.RubricError as exc:
            return _default(entry, version), f"rubric answers not used: {exc}"
    manual = a.cvss_v3_1 if version == "3.1" else a.cvss_v4_0
    if manual and a.cvss_source is not CvssSource.RULE:
        return manual, None
    return _default(entry, version), None


def _default(entry: RegisterEntry, version: str) -> str | None:
    """The rule's default vector for the CVSS version."""
    return entry.threat.default_v3_1 if version == "3.1" else entry.threat.default_v4_0


def _score(vector: str | None, problems: list[str]) -> CvssScore | None:
    """The score of a vector; a vector that does not score is a problem, not a crash."""
    if vector is None:
        return None
    try:
        return score(vector)
    except CvssVectorError as exc:
        problems.append(str(exc))
        return None


def _status(
    entry: RegisterEntry,
    decision: Decision | None,
    controls: Sequence[Control],
    problems: list[str],
) -> ThreatStatus:
    """Status from the decision; a decision missing what it needs leaves the threat open."""
    a = entry.assessment
    if entry.obsolete:
        return ThreatStatus.OBSOLETE
    if decision is None:
        return ThreatStatus.OPEN
    if decision is Decision.MITIGATE:
        if not controls:
            problems.append("decision is mitigate but no control is named or traced")
            return ThreatStatus.OPEN
        planned = [c.id for c in controls if c.status is ControlStatus.PLANNED]
        if planned:
            problems.append(f"control(s) not implemented yet: {', '.join(planned)}")
            return ThreatStatus.OPEN
        return ThreatStatus.MITIGATED
    if decision is Decision.ACCEPT:
        if not (a.approver and a.date and a.rationale):
            problems.append("acceptance needs rationale, approver and date")
            return ThreatStatus.OPEN
        return ThreatStatus.ACCEPTED
    if not a.rationale:
        problems.append(f"decision {decision.value} needs a rationale")
        return ThreatStatus.OPEN
    return ThreatStatus.TRANSFERRED if decision is Decision.TRANSFER else ThreatStatus.AVOIDED


def assess(project: Project, entry: RegisterEntry, index: _Index | None = None) -> AssessedThreat:
    """Score, trace, decide and rate one register entry; what is wrong goes to ``problems``."""
    problems: list[str] = []
    a = entry.assessment
    idx = index or _Index.of(project)
    v3, v4 = _initial_scores(entry, problems)
    controls = _controls(project, entry, idx, problems)
    decision = a.decision or (Decision.MITIGATE if controls else None)
    hazards = linked_hazards(project, entry, idx)
    safety = worst_hazard(hazards)
    risk = _risk(v3 or v4, safety, idx.grid)
    r3, r4 = _residual_scores(entry, (v3, v4), controls, problems)
    residual_risk = _risk(r3 or r4, safety, idx.grid, default=risk)
    status = _status(entry, decision, controls, problems)
    _check_acceptance(project, status, residual_risk, problems)
    return AssessedThreat(
        entry=entry,
        v3_1=v3,
        v4_0=v4,
        safety=safety.value if safety else None,
        risk=risk,
        residual_v3_1=r3,
        residual_v4_0=r4,
        residual_risk=residual_risk,
        status=status,
        problems=tuple(problems),
        controls=tuple(c.id for c in controls),
        decision=decision,
    )


def _initial_scores(
    entry: RegisterEntry, problems: list[str]
) -> tuple[CvssScore | None, CvssScore | None]:
    """CVSS 3.1 and 4.0 scores before controls; bad vectors and unused rubric answers noted."""
    v3 = _score(_vector(entry, "3.1")[0], problems)
    v4 = _score(_vector(entry, "4.0")[0], problems)
    for version in ("3.1", "4.0"):
        note = _vector(entry, version)[1]
        if note and note not in problems:
            problems.append(note)
    return v3, v4


def _controls(
    project: Project, entry: RegisterEntry, idx: _Index, problems: list[str]
) -> tuple[Control, ...]:
    """The controls the register names (unknown ids noted), or else the ones traced to it."""
    a = entry.assessment
    if not a.controls:
        return traced_controls(project, entry.threat, idx)
    missing = [c for c in a.controls if c not in idx.controls]
    if missing:
        problems.append(f"unknown control(s): {', '.join(missing)}")
    return tuple(idx.controls[c] for c in a.controls if c in idx.controls)


def _risk(
    cvss: CvssScore | None,
    safety: HazardSeverity | None,
    grid: dict[str, dict[str, RiskLevel]],
    default: RiskLevel | None = None,
) -> RiskLevel | None:
    """Risk matrix cell of a score and the worst linked hazard; ``default`` without a score."""
    return risk_level(cvss.severity, safety, grid) if cvss else default


def _check_acceptance(
    project: Project, status: ThreatStatus, residual_risk: RiskLevel | None, problems: list[str]
) -> None:
    """An accepted threat whose residual risk is above the acceptance threshold is a problem."""
    if (
        status is ThreatStatus.ACCEPTED
        and residual_risk is not None
        and (residual_risk.rank > project.policy.risk_acceptance.rank)
    ):
        problems.append(
            f"accepted although its risk ({residual_risk.value}) is above the acceptance "
            f"threshold ({project.policy.risk_acceptance.value})"
        )


def _residual_scores(
    entry: RegisterEntry,
    initial: tuple[CvssScore | None, CvssScore | None],
    controls: Sequence[Control],
    problems: list[str],
) -> tuple[CvssScore | None, CvssScore | None]:
    """CVSS 3.1 and 4.0 after the effect of the implemented controls, or as the register says."""
    a = entry.assessment
    effect = tuple(kv for c in controls if c.status is ControlStatus.IMPLEMENTED for kv in c.effect)
    r3 = _residual(a.residual_v3_1, initial[0], effect, problems)
    r4 = _residual(a.residual_v4_0, initial[1], effect, problems)
    return r3, r4


def _residual(
    explicit: str | None,
    initial: CvssScore | None,
    effect: tuple[tuple[str, str], ...],
    problems: list[str],
) -> CvssScore | None:
    """Residual score: the register's vector, else the initial one with the controls' effect."""
    if explicit:
        return _score(explicit, problems)
    if initial is None:
        return None
    if not effect:
        return initial
    return _score(apply_effect(initial.vector, effect), problems)


def assess_all(project: Project, entries: Sequence[RegisterEntry]) -> tuple[AssessedThreat, ...]:
    """Assess every entry with one shared index."""
    index = _Index.of(project)
    return tuple(assess(project, e, index) for e in entries)
