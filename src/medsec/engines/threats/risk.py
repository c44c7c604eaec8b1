"""Risk level from a configurable matrix: CVSS severity × safety severity of linked hazards."""

from __future__ import annotations

from collections.abc import Iterable

from medsec.domain.model import Hazard, Policy
from medsec.domain.vocabulary import HazardSeverity, RiskLevel, Severity

# rows: CVSS severity; columns: worst linked hazard severity ("none": no hazard linked)
DEFAULT_MATRIX: dict[str, dict[str, RiskLevel]] = {
    "low": {
        "none": RiskLevel.LOW,
        "negligible": RiskLevel.LOW,
        "minor": RiskLevel.LOW,
        "serious": RiskLevel.MEDIUM,
        "critical": RiskLevel.MEDIUM,
        "catastrophic": RiskLevel.HIGH,
    },
    "medium": {
        "none": RiskLevel.MEDIUM,
        "negligible": RiskLevel.LOW,
        "minor": RiskLevel.MEDIUM,
        "serious": RiskLevel.MEDIUM,
        "critical": RiskLevel.HIGH,
        "catastrophic": RiskLevel.HIGH,
    },
    "high": {
        "none": RiskLevel.HIGH,
        "negligible": RiskLevel.MEDIUM,
        "minor": RiskLevel.MEDIUM,
        "serious": RiskLevel.HIGH,
        "critical": RiskLevel.HIGH,
        "catastrophic": RiskLevel.CRITICAL,
    },
    "critical": {
        "none": RiskLevel.CRITICAL,
        "negligible": RiskLevel.MEDIUM,
        "minor": RiskLevel.HIGH,
        "serious": RiskLevel.HIGH,
        "critical": RiskLevel.CRITICAL,
        "catastrophic": RiskLevel.CRITICAL,
    },
}
SAFETY_COLUMNS = ("none", *(h.value for h in HazardSeverity))
CVSS_ROWS = ("low", "medium", "high", "critical")


def matrix(policy: Policy) -> dict[str, dict[str, RiskLevel]]:
    """The default matrix with the project's overrides applied cell by cell."""
    out = {row: dict(cols) for row, cols in DEFAULT_MATRIX.items()}
    for row, cols in policy.risk_matrix:
        for col, level in cols:
            out.setdefault(row, {})[col] = RiskLevel(level)
    return out


def worst_hazard(hazards: Iterable[Hazard]) -> HazardSeverity | None:
    """The most severe hazard severity, or ``None`` when no hazard is linked."""
    worst: HazardSeverity | None = None
    for h in hazards:
        if h.severity is None:  # not stated yet: asked as missing information
            continue
        if worst is None or h.severity.rank > worst.rank:
            worst = h.severity
    return worst


def risk_level(
    cvss: Severity, safety: HazardSeverity | None, grid: dict[str, dict[str, RiskLevel]]
) -> RiskLevel:
    """A CVSS severity of "none" carries no risk; otherwise look the pair up in the matrix."""
    if cvss is Severity.NONE:
        return RiskLevel.LOW
    column = "none" if safety is None else safety.value
    return grid[cvss.value][column]


def acceptable(level: RiskLevel, policy: Policy) -> bool:
    """Whether the level is at or below the policy's acceptance threshold."""
    return level.rank <= policy.risk_acceptance.rank
