"""The attack surface of one release as pure values: entries, figures, score, what to do.

See ``medsec.engines.surface.score`` for the formula; a lower score is a smaller surface.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SurfaceEntry:
    """One declared interface and what it adds to the score."""

    interface: str
    element: str
    kind: str
    name: str | None
    protocol: str | None
    port: int | None
    exposure: str | None
    authentication: str | None
    encryption: str | None
    production: str | None
    needed_by: tuple[str, ...]  # use cases
    debug: bool
    weight: float  # 0 when disabled or removed in production
    factors: tuple[tuple[str, float], ...]  # exposure, authentication, encryption, debug, unneeded


@dataclass(frozen=True)
class ObservedService:
    """A listening service a port scan saw, matched against the declared interfaces."""

    host: str
    port: int
    protocol: str
    name: str | None
    element: str | None
    interface: str | None
    status: str  # declared | undeclared | disabled | unmapped
    weight: float  # what it adds on top of the declared entries (0 when declared)


@dataclass(frozen=True)
class SurfaceFinding:
    """One thing to disable or protect, with the score it would remove."""

    rule: str
    message: str
    recommendation: str
    interface: str | None = None
    element: str | None = None
    host: str | None = None
    port: int | None = None
    reduction: float = 0.0


@dataclass(frozen=True)
class Surface:
    """A release's attack surface: score, declared entries, observed services, figures, findings."""

    device: str
    version: str
    score: float
    entries: tuple[SurfaceEntry, ...]
    observed: tuple[ObservedService, ...]
    figures: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    findings: tuple[SurfaceFinding, ...]


@dataclass(frozen=True)
class SurfaceRecord:
    """A surface stored under ``records/surface/<version>.json`` (what is compared)."""

    path: str
    version: str
    date: date | None
    score: float
    weights: tuple[tuple[str, float], ...]  # interface id (or service key) -> weight
    attributes: tuple[tuple[str, str], ...]  # interface id -> "kind exposure auth enc production"
    rationale: str | None = None


@dataclass(frozen=True)
class SurfaceChange:
    """How one interface or service changed the score between two releases, and why."""

    subject: str  # interface id or "host:port/proto"
    change: str  # added | removed | grew | shrank | changed
    before: float
    after: float
    why: str


@dataclass(frozen=True)
class SurfaceComparison:
    """This release's surface against the previous record: score change per subject."""

    previous_version: str
    previous_score: float
    score: float
    changes: tuple[SurfaceChange, ...]
    rationale: str | None = None

    @property
    def delta(self) -> float:
        """Score change since the previous release, rounded as the report shows it."""
        return round(self.score - self.previous_score, 1)
