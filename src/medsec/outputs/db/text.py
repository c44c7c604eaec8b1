"""``medsec db status`` as text: the database, then one line per current snapshot."""

from __future__ import annotations

from medsec.outputs.db.view import StatusView, age_days, ordered
from medsec.outputs.renderer import Format


def _age(days: float) -> str:
    """A snapshot's age in hours under a day, else in days."""
    if days < 1:
        return f"{days * 24:.0f} h"
    return f"{days:.0f} d"


def render(view: StatusView) -> str:
    """Database and counts, then source, scope, records, age and origin of each snapshot."""
    status = view.status
    lines = [f"database: {status.url} (schema {status.revision})"]
    counts = ", ".join(f"{k} {v:,}" for k, v in sorted(status.counts.items()))
    lines.append(f"records:  {counts}")
    if not status.snapshots:
        lines.append("no data yet: run `medsec db update`, or `medsec db import PATH` offline")
        return "\n".join(lines) + "\n"
    lines.append("")
    lines.append(f"{'source':<7} {'scope':<22} {'records':>9} {'age':>8}  snapshot / origin")
    for s in ordered(status.snapshots):
        scope = (s.scope or "-")[:22]
        lines.append(
            f"{s.source.value:<7} {scope:<22} {s.records:>9,} {_age(age_days(s, view.now)):>8}  "
            f"{s.id}  {s.origin}"
        )
    return "\n".join(lines) + "\n"


RENDERER: Format[StatusView] = Format(
    "text", "text/plain", ".txt", "one line per snapshot with its age", render
)
