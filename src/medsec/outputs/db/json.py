"""``medsec db status`` as JSON: stable keys, snapshots in a fixed order (docs/cli.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from medsec.domain.advisory import Snapshot
from medsec.outputs.db.view import StatusView, age, ordered
from medsec.outputs.json import dumps
from medsec.outputs.renderer import Format


def snapshot_dict(snapshot: Snapshot, now: datetime) -> dict[str, Any]:
    """One snapshot: where it came from, when, how old its data is and by which date, how many
    records (``age_days`` and ``data_date`` are null when the data states no plausible date)."""
    data = age(snapshot)
    return {
        "id": snapshot.id,
        "source": snapshot.source.value,
        "scope": snapshot.scope,
        "origin": snapshot.origin,
        "imported_at": snapshot.imported_at.isoformat(),
        "age_days": data.days(now.date()),
        "records": snapshot.records,
        "content_hash": snapshot.content_hash,
        "data_date": data.data_date.isoformat() if data.data_date else None,
        "dated_by": data.dated_by,
    }


def render(view: StatusView) -> str:
    """The database, its schema revision, record counts and current snapshots."""
    status = view.status
    return dumps(
        {
            "database": status.url,
            "dialect": status.dialect,
            "schema_revision": status.revision,
            "counts": dict(sorted(status.counts.items())),
            "snapshots": [snapshot_dict(s, view.now) for s in ordered(status.snapshots)],
        }
    )


RENDERER: Format[StatusView] = Format(
    "json", "application/json", ".json", "the database and its snapshots, for scripts", render
)
