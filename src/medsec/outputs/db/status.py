"""``medsec db status`` as JSON (stable keys) or text: the database, its snapshots and their age."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from medsec.domain.advisory import Snapshot
from medsec.storage.store import StoreStatus


def view(status: StoreStatus, now: datetime) -> dict[str, Any]:
    return {
        "database": status.url,
        "dialect": status.dialect,
        "schema_revision": status.revision,
        "counts": dict(sorted(status.counts.items())),
        "snapshots": [snapshot_view(s, now) for s in _ordered(status.snapshots)],
    }


def snapshot_view(snapshot: Snapshot, now: datetime) -> dict[str, Any]:
    return {
        "id": snapshot.id,
        "source": snapshot.source.value,
        "scope": snapshot.scope,
        "origin": snapshot.origin,
        "imported_at": snapshot.imported_at.isoformat(),
        "age_days": round(age_days(snapshot, now), 2),
        "records": snapshot.records,
        "content_hash": snapshot.content_hash,
        "data_date": snapshot.data_date.isoformat() if snapshot.data_date else None,
    }


def age_days(snapshot: Snapshot, now: datetime) -> float:
    return max(0.0, (now - snapshot.imported_at).total_seconds() / 86400)


def text(status: StoreStatus, now: datetime) -> str:
    lines = [f"database: {status.url} (schema {status.revision})"]
    counts = ", ".join(f"{k} {v:,}" for k, v in sorted(status.counts.items()))
    lines.append(f"records:  {counts}")
    if not status.snapshots:
        lines.append("no data yet: run `medsec db update`, or `medsec db import PATH` offline")
        return "\n".join(lines) + "\n"
    lines.append("")
    lines.append(f"{'source':<7} {'scope':<22} {'records':>9} {'age':>8}  snapshot / origin")
    for s in _ordered(status.snapshots):
        scope = (s.scope or "-")[:22]
        lines.append(
            f"{s.source.value:<7} {scope:<22} {s.records:>9,} {_age(age_days(s, now)):>8}  "
            f"{s.id}  {s.origin}"
        )
    return "\n".join(lines) + "\n"


def _age(days: float) -> str:
    if days < 1:
        return f"{days * 24:.0f} h"
    return f"{days:.0f} d"


def _ordered(snapshots: tuple[Snapshot, ...]) -> list[Snapshot]:
    return sorted(snapshots, key=lambda s: (s.source.value, s.scope, s.id))
