"""How long data is kept, and whether a store keeps it longer than any purpose needs.

Retention periods are ISO 8601 durations (``P30D``, ``P1Y6M``, ``PT12H``) or ``indefinite``;
the project loader has already refused anything else. They are compared in nominal days: a
year is 365 days, a month 30, a week 7 (``P1Y`` is longer than ``P12M``, which is the same as
``P360D``): a comparison of retention periods, not a calendar.

A store keeps a data item for its own ``retention`` when it states one, else for the item's
(:func:`kept_for`). It keeps it **longer than needed** (:func:`excess`) when that is longer
than the longest ``retention`` of the use cases that need the item (every one of them must state
one: an unstated need is unknown, never "none"), or longer than the item's own retention, the
erasure limit its record of processing gives. ``indefinite`` on a store of personal data is
always longer than needed, unless a use case needing the item states ``indefinite`` too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from medsec.domain.model import DataItem, Element, Project

INDEFINITE = "indefinite"
_PART = re.compile(r"(\d+)([YMWDHS])")
_DAYS = {"Y": 365.0, "M": 30.0, "W": 7.0, "D": 1.0}
_TIME_DAYS = {"H": 1 / 24, "M": 1 / 1440, "S": 1 / 86400}


def days(period: str) -> float:
    """A retention period in nominal days; ``indefinite`` is infinite."""
    if period == INDEFINITE:
        return float("inf")
    date_part, _, time_part = period.removeprefix("P").partition("T")
    total = sum(int(n) * _DAYS[unit] for n, unit in _PART.findall(date_part))
    return total + sum(int(n) * _TIME_DAYS[unit] for n, unit in _PART.findall(time_part))


def bounded(period: str | None) -> bool:
    """A stated, finite retention period."""
    return period is not None and period != INDEFINITE


@dataclass(frozen=True)
class Need:
    """How long the use cases needing a data item need it (None: one of them does not say)."""

    item: str
    period: str | None
    use_cases: tuple[str, ...]  # the use cases that need it


def need(project: Project, item: str) -> Need:
    """The longest retention the use cases needing ``item`` state; None when one states none."""
    needing = [u for u in project.use_cases if item in u.needs_data]
    periods = [u.retention for u in needing]
    if not needing or any(p is None for p in periods):
        return Need(item, None, tuple(u.id for u in needing))
    longest = max((p for p in periods if p is not None), key=days)
    return Need(item, longest, tuple(u.id for u in needing))


def kept_for(store: Element, item: DataItem) -> str | None:
    """How long ``store`` keeps ``item``: its own retention, else the item's."""
    return store.retention or item.retention


@dataclass(frozen=True)
class Excess:
    """A data item a store keeps longer than needed, and the limit it exceeds."""

    store: str
    item: str
    kept: str  # how long the store keeps it
    limit: str  # the longest need, or the item's own retention
    why: str  # "the use cases needing it (a, b)" or "its record (data[x].retention)"

    def __str__(self) -> str:
        """``patient-id for P1Y, longer than P30D (the use cases needing it: a)``."""
        if not bounded(self.limit):
            return f"{self.item} indefinitely ({self.why})"
        return f"{self.item} for {self.kept}, longer than {self.limit} ({self.why})"


def excess(project: Project, store: Element, personal: dict[str, DataItem]) -> Iterator[Excess]:
    """The personal data items ``store`` keeps longer than any use case needs, or its record."""
    for did in dict.fromkeys(store.stores):
        item = personal.get(did)
        kept = kept_for(store, item) if item is not None else None
        if item is None or kept is None:
            continue
        wanted = need(project, did)
        limits = []
        if wanted.period is not None:
            limits.append(
                (wanted.period, f"the use cases needing it: {', '.join(wanted.use_cases)}")
            )
        if store.retention and bounded(item.retention):
            limits.append((item.retention or "", f"data[{did}].retention"))
        over = next(((p, why) for p, why in limits if days(kept) > days(p)), None)
        if over is not None:
            yield Excess(store.id, did, kept, over[0], over[1])
        elif store.retention == INDEFINITE and wanted.period != INDEFINITE:
            yield Excess(
                store.id, did, kept, "a bounded period", "personal data is not kept forever"
            )
