"""What the ``medsec db status`` formats read: the store's status and the moment it was taken.

``StoreStatus`` is imported for type checking only: importing the storage layer loads
SQLAlchemy, and the CLI reads this registry for ``--help``. A snapshot's age is its *data* age
(:mod:`medsec.domain.data_age`, the rule ``medsec scan`` uses too), not the time since import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from medsec.domain.advisory import Snapshot
from medsec.domain.data_age import DataAge, data_age

if TYPE_CHECKING:
    from medsec.storage.store import StoreStatus


@dataclass(frozen=True)
class StatusView:
    """The database, its current snapshots and ``now`` (snapshot ages are relative to it)."""

    status: StoreStatus
    now: datetime


def age(snapshot: Snapshot) -> DataAge:
    """The snapshot's data date and what it is (an impossible date is unknown)."""
    return data_age(snapshot)


def ordered(snapshots: tuple[Snapshot, ...]) -> list[Snapshot]:
    """Snapshots by source, scope and id: the same database always lists the same way."""
    return sorted(snapshots, key=lambda s: (s.source.value, s.scope, s.id))
