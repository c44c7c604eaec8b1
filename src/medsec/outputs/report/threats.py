"""The threat part of the report: register rows, risk heat map and the trace to controls."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from medsec.domain.model import Control, Project
from medsec.domain.threat import AssessedThreat, CvssScore, MissingInformation, ThreatStatus
from medsec.domain.vocabulary import ControlStatus, RiskLevel
from medsec.engines.threats.ranking import boundary_first
from medsec.engines.threats.risk import CVSS_ROWS, SAFETY_COLUMNS, acceptable, matrix
from medsec.outputs.threats.view import cvss_basis, residual_basis

NOT_SCORED = "not scored"


@dataclass(frozen=True)
class Badge:
    """A short text with a styling key (``pass``/``gap``/``fail``, a risk level, ``unknown``)."""

    text: str
    key: str


@dataclass(frozen=True)
class HeatCell:
    """One cell of the risk heat map: the level the matrix gives it and the threats in it."""

    risk: Badge  # the level the project's risk matrix gives this cell
    count: int  # non-obsolete threats in the cell
    open: int  # of which still open


@dataclass(frozen=True)
class HeatRow:
    """One CVSS severity row of the heat map, one cell per safety column."""

    severity: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class HeatMap:
    """The risk heat map, with how many threats could not be placed on it."""

    columns: tuple[str, ...]
    rows: tuple[HeatRow, ...]
    placed: int
    not_placed: int  # non-obsolete threats without a CVSS score (or severity none)


@dataclass(frozen=True)
class ThreatRow:
    """One threat of the register, as the report's table shows it."""

    id: str
    title: str
    target: str
    stride: str
    cvss31: str  # "7.5 high" or "not scored"
    cvss31_vector: str
    cvss40: str
    cvss40_vector: str
    risk: Badge
    residual_risk: Badge
    status: str
    decision: str
    controls: str
    problems: tuple[str, ...]
    residual31: str  # residual beside the inherent score: "5.9 medium"
    residual31_vector: str  # only when it differs from the inherent vector
    residual40: str
    residual40_vector: str
    residual_by: tuple[str, ...]  # which control set which metric
    residual_idle: tuple[str, ...]  # controls that lowered nothing, with why
    cvss_by: tuple[str, ...] = ()  # what set each metric of the inherent vector
    crossing: str = ""  # the trust boundary the target crosses (``pump → data-centre``)


@dataclass(frozen=True)
class MissingRow:
    """Model attributes still unstated, and the rules that need them."""

    target: str
    attributes: str
    rules: str


@dataclass(frozen=True)
class TraceRow:
    """One threat-to-control link of the trace, with what the control still lacks."""

    threat_id: str
    threat_title: str
    risk: Badge
    control_id: str
    control_name: str
    control_status: str
    requirement: str
    verification: str
    gaps: tuple[str, ...]  # "no requirement", "no verification", "planned", "unknown control"


@dataclass(frozen=True)
class ControlRow:
    """A control no threat links to, shown so it is either linked or removed."""

    id: str
    name: str
    category: str
    status: str
    applies_to: str
    requirement: str
    verification: str


def heatmap(project: Project, threats: Sequence[AssessedThreat]) -> HeatMap:
    """Non-obsolete threats by CVSS severity (rows) and worst linked hazard (columns)."""
    grid = matrix(project.policy)
    placed: Counter[tuple[str, str]] = Counter()
    still_open: Counter[tuple[str, str]] = Counter()
    not_placed = 0
    for t in threats:
        if t.status is ThreatStatus.OBSOLETE:
            continue
        base = t.v3_1 or t.v4_0
        if base is None or base.severity.value not in CVSS_ROWS:
            not_placed += 1
            continue
        cell = (base.severity.value, t.safety if t.safety in SAFETY_COLUMNS else "none")
        placed[cell] += 1
        if t.status is ThreatStatus.OPEN:
            still_open[cell] += 1
    rows = tuple(
        HeatRow(
            row,
            tuple(
                HeatCell(risk_badge(grid[row][col]), placed[row, col], still_open[row, col])
                for col in SAFETY_COLUMNS
            ),
        )
        for row in CVSS_ROWS
    )
    return HeatMap(SAFETY_COLUMNS, rows, sum(placed.values()), not_placed)


def risk_badge(level: RiskLevel | None) -> Badge:
    """A risk level as a badge; no level reads "not scored"."""
    return Badge(level.value, level.value) if level else Badge(NOT_SCORED, "unknown")


def risk_first(t: AssessedThreat) -> tuple[int, int, str]:
    """Sort key: threats crossing a trust boundary first; in each group unscored threats first
    (unknown is the worst case), then highest risk, then id.
    """
    return (boundary_first(t), -t.risk.rank if t.risk else -len(RiskLevel), t.id)


def _score(s: CvssScore | None) -> tuple[str, str]:
    """A CVSS score as "7.5 high" and its vector, or "not scored"."""
    return (f"{s.score:.1f} {s.severity.value}", s.vector) if s else (NOT_SCORED, "")


def _residual(s: CvssScore | None, inherent: str) -> tuple[str, str]:
    """A residual score as "5.9 medium" and its vector, the vector only when it changed."""
    text, vector = _score(s)
    return text, "" if vector == inherent else vector


def threat_row(t: AssessedThreat) -> ThreatRow:
    """The register row of one assessed threat: inherent → residual side by side."""
    v3, v3_vector = _score(t.v3_1)
    v4, v4_vector = _score(t.v4_0)
    r3, r3_vector = _residual(t.residual_v3_1, v3_vector)
    r4, r4_vector = _residual(t.residual_v4_0, v4_vector)
    return ThreatRow(
        id=t.id,
        title=t.threat.title,
        target=f"{t.threat.target.kind.value} {t.threat.target.id}",
        stride=", ".join([s.label for s in t.threat.stride] + [c.label for c in t.threat.linddun]),
        cvss31=v3,
        cvss31_vector=v3_vector,
        cvss40=v4,
        cvss40_vector=v4_vector,
        risk=risk_badge(t.risk),
        residual_risk=risk_badge(t.residual_risk),
        status=t.status.value,
        decision=t.decision.value if t.decision else "none",
        controls=", ".join(t.controls),
        problems=t.problems,
        residual31=r3,
        residual31_vector=r3_vector,
        residual40=r4,
        residual40_vector=r4_vector,
        residual_by=residual_basis(t),
        residual_idle=tuple(str(n) for n in t.residual_idle),
        cvss_by=cvss_basis(t),
        crossing=t.threat.crossing,
    )


def missing_row(m: MissingInformation) -> MissingRow:
    """The row of one piece of missing model information."""
    return MissingRow(
        f"{m.target.kind.value} {m.target.id}", ", ".join(m.attributes), ", ".join(m.rules)
    )


def uncovered(project: Project, t: AssessedThreat) -> bool:
    """No control, and a risk above the acceptance threshold (or no risk at all)."""
    return not t.controls and (t.risk is None or not acceptable(t.risk, project.policy))


def trace(project: Project, threats: Sequence[AssessedThreat]) -> tuple[TraceRow, ...]:
    """One row per (threat, control) link, with the gaps of each control."""
    by_id = {c.id: c for c in project.controls}
    rows = []
    for t in threats:
        for cid in t.controls:
            c = by_id.get(cid)
            gaps = _control_gaps(c)
            rows.append(
                TraceRow(
                    threat_id=t.id,
                    threat_title=t.threat.title,
                    risk=risk_badge(t.risk),
                    control_id=cid,
                    control_name=c.name if c else "unknown control",
                    control_status=c.status.value if c else "",
                    requirement=(c.requirement or "") if c else "",
                    verification=", ".join(c.verified_by) if c else "",
                    gaps=gaps,
                )
            )
    return tuple(rows)


def _control_gaps(c: Control | None) -> tuple[str, ...]:
    """What a control still lacks: unknown, no requirement, no verification, not implemented."""
    if c is None:
        return ("unknown control",)
    gaps = []
    if not c.requirement:
        gaps.append("no requirement")
    if not c.verified_by:
        gaps.append("no verification")
    if c.status is not ControlStatus.IMPLEMENTED:
        gaps.append(c.status.value)
    return tuple(gaps)


def idle_controls(project: Project, threats: Sequence[AssessedThreat]) -> tuple[ControlRow, ...]:
    """Controls that no threat links to."""
    used = {cid for t in threats for cid in t.controls}
    return tuple(
        ControlRow(
            id=c.id,
            name=c.name,
            category=c.category.value,
            status=c.status.value,
            applies_to=", ".join(c.applies_to),
            requirement=c.requirement or "",
            verification=", ".join(c.verified_by),
        )
        for c in project.controls
        if c.id not in used
    )
