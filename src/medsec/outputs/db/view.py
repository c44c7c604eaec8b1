"""What the ``medsec db status`` formats read: the store's status and the moment it was taken.

``StoreStatus`` is imported for type checking only: importing the storage layer loads
SQLAlchemy, and the CLI reads this registry for ``--help``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from medsec.domain.advisory import Snapshot

if TYPE_CHECKING:
    from medsec.storage.store import StoreStatus


@dataclass(frozen=True)
class StatusView:
    """The database, its current snapshots and ``now`` (snapshot ages are relative to it)."""

    status: StoreStatus
    now: datetime


def age_days(snapshot: Snapshot, now: datetime) -> float:
    """Days since the snapshot was imported (never negative)."""
    return max(0.0, (now - snapshot.imported_at).total_seconds() / 86400)


def ordered(snapshots: tuple[Snapshot, ...]) -> list[Snapshot]:
    """Snapshots by source, scope and id: the same database always lists the same way."""
    return sorted(snapshots, key=lambda s: (s.source.value, s.scope, s.id))
