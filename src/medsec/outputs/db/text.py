"""``medsec db status`` as text: the database, then one line per current snapshot."""

from __future__ import annotations

from medsec.domain.advisory import Snapshot
from medsec.outputs.db.view import StatusView, age, ordered
from medsec.outputs.renderer import Format

_HEADER = (
    f"{'source':<7} {'scope':<22} {'records':>9} {'age':>8}  {'counted from':<40}  "
    "snapshot / origin (imported)"
)


def _row(s: Snapshot, view: StatusView) -> str:
    """Source, scope, records, data age and the date it counts from, snapshot and origin."""
    data = age(s)
    days = data.days(view.now.date())
    shown = "unknown" if days is None else f"{days} d"
    imported = s.imported_at.strftime("%Y-%m-%d %H:%M")
    return (
        f"{s.source.value:<7} {(s.scope or '-')[:22]:<22} {s.records:>9,} {shown:>8}  "
        f"{data.basis:<40}  {s.id}  {s.origin} ({imported} UTC)"
    )


def render(view: StatusView) -> str:
    """Database and counts, then source, scope, records, data age and origin of each snapshot."""
    status = view.status
    lines = [f"database: {status.url} (schema {status.revision})"]
    counts = ", ".join(f"{k} {v:,}" for k, v in sorted(status.counts.items()))
    lines.append(f"records:  {counts}")
    if not status.snapshots:
        lines.append("no data yet: run `medsec db update`, or `medsec db import PATH` offline")
        return "\n".join(lines) + "\n"
    lines += ["", _HEADER]
    lines += [_row(s, view) for s in ordered(status.snapshots)]
    return "\n".join(lines) + "\n"


RENDERER: Format[StatusView] = Format(
    "text", "text/plain", ".txt", "one line per snapshot with its data age", render
)
