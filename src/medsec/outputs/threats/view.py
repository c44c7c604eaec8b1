"""What every threat-register format reads: the assessed threats and what the model leaves unsaid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from medsec.domain.threat import AssessedThreat, MissingInformation


@dataclass(frozen=True)
class ThreatsView:
    """The result of ``medsec threats`` as the renderers see it."""

    threats: Sequence[AssessedThreat]
    missing: Sequence[MissingInformation]
    device: str  # the device id
