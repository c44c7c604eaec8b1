"""Progress bars for long steps: rich on stderr, only on a terminal and never in CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Progress = Callable[[str, int, int | None, str], None]  # label, done, total, "bytes"|"records"


def wanted() -> bool:
    """Draw bars only for a person watching: stderr is a terminal and CI is not set."""
    return sys.stderr.isatty() and os.environ.get("CI", "").lower() not in {"true", "1"}


@contextmanager
def bar() -> Iterator[Progress | None]:
    """A ``(label, done, total, unit)`` callback drawing a bar per label, or ``None`` when quiet."""
    if not wanted():
        yield None
        return
    from rich.console import Console
    from rich.filesize import decimal
    from rich.progress import (
        BarColumn,
        TaskID,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.progress import (
        Progress as RichProgress,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[amount]}"),
        TimeRemainingColumn(),
    )
    with RichProgress(*columns, console=Console(stderr=True), transient=True) as rich_bar:
        tasks: dict[str, TaskID] = {}

        def update(label: str, done: int, total: int | None, unit: str) -> None:
            """Create the label's bar on first use, then move it to ``done`` of ``total``."""
            amount = decimal(done) if unit == "bytes" else f"{done:,} {unit}"
            if label not in tasks:
                tasks[label] = rich_bar.add_task(label[-60:], total=total, amount=amount)
            rich_bar.update(tasks[label], completed=done, total=total, amount=amount)

        yield update
