"""What the attack-surface formats read, and the scoring formula both the record and the report
state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from medsec.domain.surface import Surface, SurfaceComparison

FORMULA = (
    "score = sum of E x (1 + A + C + D + U) over interfaces enabled in production, plus 24 per "
    "open port a scan saw that no enabled interface declares. E exposure: physical 1, local 2, "
    "adjacent 4, network 6, internet 10 (not stated 6); A authentication: strong 0, other 0.5, "
    "none or not stated 1; C encryption (network, wireless, API): strong 0, weak 0.5, none or "
    "not stated 1; D debug port 2; U needed by no use case 1. Lower is smaller."
)


@dataclass(frozen=True)
class SurfaceView:
    """The surface of this release, its comparison with the previous record and the rationale."""

    surface: Surface
    comparison: SurfaceComparison | None
    today: date
    rationale: str | None
