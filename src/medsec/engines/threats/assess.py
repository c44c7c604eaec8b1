"""Score a register entry, trace it to controls and decide its status, risk and residual risk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from medsec.domain.model import PLACEHOLDERS, Control, Hazard, Project
from medsec.domain.threat import (
    AssessedThreat,
    CvssScore,
    CvssSource,
    Framework,
    RegisterEntry,
    TargetKind,
    Threat,
    ThreatStatus,
)
from medsec.domain.vocabulary import (
    ControlStatus,
    Decision,
    HazardSeverity,
    RiskLevel,
)
from medsec.domain.wording import agree
from medsec.engines.placeholders import real
from medsec.engines.threats import rubric
from medsec.engines.threats.control_effect import COVERS, Residual, residual
from medsec.engines.threats.decisions import acceptance_problems, transfer_problems
from medsec.engines.threats.register import UNASSESSED
from medsec.engines.threats.risk import matrix, risk_level, worst_hazard
from medsec.engines.threats.scoring import CvssVectorError, score


@dataclass(frozen=True)
class _Index:
    """Lookups built once per project so assessing 10,000 threats stays linear."""

    interface_element: dict[str, str]
    flow_target: dict[str, str]
    hazards: dict[str, tuple[Hazard, ...]]
    controls: dict[str, Control]
    grid: dict[str, dict[str, RiskLevel]]
    scopes: dict[str, frozenset[str]]  # each control's applies_to, as a set

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
            {c.id: frozenset(c.applies_to) for c in project.controls},
        )


def _target_ids(index: _Index, threat: Threat) -> set[str]:
    """The target and what it belongs to (an interface's element)."""
    ids = {threat.target.id}
    if threat.target.kind is TargetKind.INTERFACE and threat.target.id in index.interface_element:
        ids.add(index.interface_element[threat.target.id])
    return ids


def in_effect(
    control: Control,
    threat: Threat,
    ids: set[str],
    scope: frozenset[str],
    *,
    listed: bool = False,
) -> bool:
    """Whether a control is in effect where a threat is.

    Its ``applies_to`` (``scope``, as a set) names the target or, for an interface, its element
    (``ids``); a control without ``applies_to`` is in effect wherever it is named: its
    ``mitigates`` lists the threat or its rule, or (``listed``) the register entry lists it.
    """
    if scope:
        return any(i in scope for i in ids)
    return listed or _named(control, threat)


def _named(control: Control, threat: Threat) -> bool:
    """The control's ``mitigates`` lists the threat's rule or the threat itself."""
    return threat.rule in control.mitigates or threat.id in control.mitigates


def traced_controls(
    project: Project, threat: Threat, index: _Index | None = None
) -> tuple[Control, ...]:
    """Controls that answer a threat without the register naming them.

    A control answers a rule threat when it lists the rule or threat id in ``mitigates`` and is
    in effect on the target (:func:`in_effect`). A baseline STRIDE threat is also answered by a
    control in effect on the target whose category covers the STRIDE category.
    """
    if not project.controls:  # most models of many threats state few or no controls
        return ()
    idx = index or _Index.of(project)
    ids = _target_ids(idx, threat)
    return tuple(
        c
        for c in project.controls
        if c.status is not ControlStatus.SUPERSEDED
        and in_effect(c, threat, ids, idx.scopes[c.id])
        and (
            _named(c, threat) or (threat.baseline and bool(set(threat.stride) & COVERS[c.category]))
        )
    )


def linked_hazards(
    project: Project, entry: RegisterEntry, index: _Index | None = None
) -> tuple[Hazard, ...]:
    """Hazards of the target (and of its element or flow target) plus those the register names.

    A privacy (LINDDUN) threat harms the person's privacy, not their safety: it takes only the
    hazards its register entry names (a privacy harm the risk file lists), none of its target's.
    """
    threat = entry.threat
    idx = index or _Index.of(project)
    if not idx.hazards and not entry.assessment.hazards:  # no hazard is linked to anything
        return ()
    if threat.framework is Framework.LINDDUN:
        named = entry.assessment.hazards
        return tuple(h for h in sorted(project.hazards, key=lambda h: h.id) if h.id in named)
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


@dataclass(frozen=True)
class _Basis:
    """What a decision is judged on besides the register entry: risk left, controls, the day."""

    controls: Sequence[Control]
    residual_risk: RiskLevel | None
    controlled: bool  # an implemented control is in effect on the threat
    today: date | None


def _mitigated(
    controls: Sequence[Control], problems: list[str], placeholders: Sequence[str] = PLACEHOLDERS
) -> ThreatStatus:
    """Mitigated when every control it relies on is in place: implemented, verified (a real
    ``verified_by`` id, not a placeholder) and not superseded."""
    if not controls:
        problems.append("decision is mitigate but no control is named or traced")
        return ThreatStatus.OPEN
    planned = [c.id for c in controls if c.status is ControlStatus.PLANNED]
    if planned:
        problems.append(f"{_control_word(planned)} not implemented yet: {', '.join(planned)}")
    unverified = [
        c.id
        for c in controls
        if c.status is ControlStatus.IMPLEMENTED and not real(c.verified_by, placeholders)
    ]
    if unverified:
        problems.append(
            f"{_control_word(unverified)} implemented but not verified (no verified_by): "
            f"{', '.join(unverified)}"
        )
    gone = [c.id for c in controls if c.status is ControlStatus.SUPERSEDED]
    if gone:
        answer = agree(len(gone), "it answers", "they answer")
        problems.append(f"{_control_word(gone)} superseded, {answer} nothing: {', '.join(gone)}")
    return ThreatStatus.OPEN if planned or unverified or gone else ThreatStatus.MITIGATED


def _status(
    project: Project,
    entry: RegisterEntry,
    decision: Decision | None,
    basis: _Basis,
    problems: list[str],
) -> ThreatStatus:
    """Status from the decision; a decision missing what it needs leaves the threat open."""
    a = entry.assessment
    if entry.obsolete:
        return ThreatStatus.OBSOLETE
    if decision is None:
        return ThreatStatus.OPEN
    if decision is Decision.MITIGATE:
        return _mitigated(basis.controls, problems, project.policy.placeholders)
    if decision is Decision.ACCEPT:
        found = acceptance_problems(project, a, basis.residual_risk, basis.controlled, basis.today)
        problems.extend(found)
        return ThreatStatus.OPEN if found else ThreatStatus.ACCEPTED
    if decision is Decision.TRANSFER:
        found = transfer_problems(project, entry.threat.target, a)
        problems.extend(found)
        return ThreatStatus.OPEN if found else ThreatStatus.TRANSFERRED
    if not a.rationale:
        problems.append(f"decision {decision.value} needs a rationale")
        return ThreatStatus.OPEN
    return ThreatStatus.AVOIDED


def assess(
    project: Project,
    entry: RegisterEntry,
    index: _Index | None = None,
    today: date | None = None,
) -> AssessedThreat:
    """Score, trace, decide and rate one register entry; what is wrong goes to ``problems``.

    ``today`` judges the expiry of an acceptance (``None``: not judged).
    """
    problems: list[str] = []
    a = entry.assessment
    idx = index or _Index.of(project)
    v3, v4 = _initial_scores(entry, problems)
    controls = _controls(project, entry, idx, problems)
    decision = a.decision or (Decision.MITIGATE if controls else None)
    hazards = linked_hazards(project, entry, idx)
    if a is UNASSESSED and not controls and not hazards:
        return _unjudged(entry, (v3, v4), _risk(v3 or v4, None, idx.grid), problems)
    safety = worst_hazard(hazards)
    risk = _risk(v3 or v4, safety, idx.grid)
    after = _residual_vectors(entry, (v3, v4), controls, idx)
    r3, r4 = _residual_scores(entry, after, (v3, v4), problems)
    residual_risk = _risk(r3 or r4, safety, idx.grid, default=risk)
    if decision is None and not entry.obsolete:  # most entries of a model: nothing decided yet
        status = ThreatStatus.OPEN
    else:
        basis = _Basis(controls, residual_risk, after.counted, today)
        status = _status(project, entry, decision, basis, problems)
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
        residual_changes=after.changes,
        residual_idle=after.idle,
    )


def _unjudged(
    entry: RegisterEntry,
    scores: tuple[CvssScore | None, CvssScore | None],
    risk: RiskLevel | None,
    problems: list[str],
) -> AssessedThreat:
    """What ``assess`` gives an entry nobody assessed, without controls or hazards (most of a
    large model): nothing lowers it, so the residual is the inherent; open, or obsolete."""
    return AssessedThreat(
        entry=entry,
        v3_1=scores[0],
        v4_0=scores[1],
        safety=None,
        risk=risk,
        residual_v3_1=scores[0],
        residual_v4_0=scores[1],
        residual_risk=risk,
        status=ThreatStatus.OBSOLETE if entry.obsolete else ThreatStatus.OPEN,
        problems=tuple(problems),
        controls=(),
        decision=None,
        residual_changes=(),
        residual_idle=(),
    )


def _initial_scores(
    entry: RegisterEntry, problems: list[str]
) -> tuple[CvssScore | None, CvssScore | None]:
    """CVSS 3.1 and 4.0 scores before controls; bad vectors and unused rubric answers noted."""
    (vector3, note3), (vector4, note4) = _vector(entry, "3.1"), _vector(entry, "4.0")
    v3 = _score(vector3, problems)
    v4 = _score(vector4, problems)
    for note in (note3, note4):
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
        problems.append(f"unknown {_control_word(missing)}: {', '.join(missing)}")
    return tuple(idx.controls[c] for c in a.controls if c in idx.controls)


def _risk(
    cvss: CvssScore | None,
    safety: HazardSeverity | None,
    grid: dict[str, dict[str, RiskLevel]],
    default: RiskLevel | None = None,
) -> RiskLevel | None:
    """Risk matrix cell of a score and the worst linked hazard; ``default`` without a score."""
    return risk_level(cvss.severity, safety, grid) if cvss else default


def _residual_vectors(
    entry: RegisterEntry,
    initial: tuple[CvssScore | None, CvssScore | None],
    controls: Sequence[Control],
    idx: _Index,
) -> Residual:
    """The initial vectors lowered by the threat's implemented controls in effect on its target.

    A version whose residual vector the register states is not derived (``None``).
    """
    a = entry.assessment
    threat = entry.threat
    stated = (a.residual_v3_1, a.residual_v4_0)
    vectors = tuple(
        s.vector if s is not None and not given else None
        for s, given in zip(initial, stated, strict=True)
    )
    if not controls:  # nothing to lower and no control to explain: most threats of a model
        return Residual(vectors[0], vectors[1], (), (), False)
    ids = _target_ids(idx, threat)
    listed = set(a.controls)
    return residual(
        (vectors[0], vectors[1]),
        [(c, in_effect(c, threat, ids, idx.scopes[c.id], listed=c.id in listed)) for c in controls],
        threat.stride,
        f"{threat.target.kind.value} {threat.target.id}",
    )


def _residual_scores(
    entry: RegisterEntry,
    after: Residual,
    initial: tuple[CvssScore | None, CvssScore | None],
    problems: list[str],
) -> tuple[CvssScore | None, CvssScore | None]:
    """CVSS 3.1 and 4.0 residual scores: the register's vector, else the lowered one."""
    a = entry.assessment
    scores = []
    for stated, lowered, first in zip(
        (a.residual_v3_1, a.residual_v4_0), (after.v3_1, after.v4_0), initial, strict=True
    ):
        if stated:
            scores.append(_score(stated, problems))
        elif lowered is None or first is None or lowered == first.vector:
            scores.append(first)
        else:
            scores.append(_score(lowered, problems))
    return scores[0], scores[1]


def assess_all(
    project: Project, entries: Sequence[RegisterEntry], today: date | None = None
) -> tuple[AssessedThreat, ...]:
    """Assess every entry with one shared index (``today`` judges acceptance expiry)."""
    index = _Index.of(project)
    return tuple(assess(project, e, index, today) for e in entries)


def _control_word(ids: Sequence[str]) -> str:
    """``control`` or ``controls``, as many as ``ids`` name."""
    return agree(len(ids), "control", "controls")
