"""The portfolio dashboard's table: which rows (filters) in which order (sort), as plain values.

Pure functions over the precomputed summaries (``portfolio.ReleaseSummary``), so the page, its
htmx fragment and the tests share one judgement of what "needs attention" means.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

SORTS: dict[str, Callable[[Any], Any]] = {
    "device": lambda s: (s.device_name.casefold(), s.repository, _released(s)),
    "version": lambda s: (_released(s), s.version),
    "failing": lambda s: sum(v == "fail" for v in dict(s.items).values()),
    "critical": lambda s: s.open_critical,
    "kev": lambda s: s.open_kev,
    "overdue": lambda s: s.overdue,
    "eos": lambda s: len(s.end_of_support_12m),
    "pentest": lambda s: -1 if s.pentest_age_days is None else s.pentest_age_days,
    "cve": lambda s: s.last_cve_analysis or dt.date.min,
}
DEFAULT_SORT = "device"
PAGE_SIZE = 100  # rows per dashboard page: a portfolio of 1,000 versions is ten pages


def _released(summary: Any) -> dt.datetime:
    """When a version was released; ``current`` (no tag) sorts after every release."""
    value: dt.datetime | None = summary.released_at
    return value if value is not None else dt.datetime.max.replace(tzinfo=dt.UTC)


def needs_attention(summary: Any) -> bool:
    """A failing checklist item, an open critical or KEV finding, or an overdue deadline."""
    failing = any(v == "fail" for v in dict(summary.items).values())
    return failing or summary.open_critical > 0 or summary.open_kev > 0 or summary.overdue > 0


@dataclass(frozen=True)
class TableQuery:
    """What the dashboard shows: a text filter, an attention filter, a sort key and order."""

    q: str = ""
    attention: bool = False
    item: str = ""  # a checklist item id: only rows where it does not pass
    sort: str = DEFAULT_SORT
    desc: bool = False
    page: int = 1

    @classmethod
    def of(
        cls, q: str, attention: bool, item: str, sort: str, desc: bool, page: int = 1
    ) -> TableQuery:
        """A query from request parameters; an unknown sort key falls back to the default."""
        return cls(
            q.strip()[:200],
            attention,
            item.strip()[:100],
            sort if sort in SORTS else DEFAULT_SORT,
            desc,
            max(1, page),
        )

    def params(self, page: int) -> dict[str, str]:
        """The query string of this query at another page (defaults left out)."""
        values = {"q": self.q, "item": self.item}
        values |= {"attention": "true"} if self.attention else {}
        values |= {"sort": self.sort} if self.sort != DEFAULT_SORT else {}
        values |= {"desc": "true"} if self.desc else {}
        values |= {"page": str(page)} if page > 1 else {}
        return {k: v for k, v in values.items() if v}


@dataclass(frozen=True)
class Page:
    """One page of the selected rows: its rows, its number, how many pages, first/last row."""

    rows: list[Any]
    number: int
    pages: int
    first: int  # 1-based position of the page's first row among the selected (0: none)
    last: int
    selected: int  # rows the filters selected, on every page


def page_of(selected: Sequence[Any], number: int, size: int | None = None) -> Page:
    """Page ``number`` of the selected rows (a number past the end shows the last page) of
    ``size`` rows (default :data:`PAGE_SIZE`)."""
    size = size or PAGE_SIZE
    pages = max(1, -(-len(selected) // size))
    number = min(max(1, number), pages)
    start = (number - 1) * size
    chunk = list(selected[start : start + size])
    return Page(chunk, number, pages, start + 1 if chunk else 0, start + len(chunk), len(selected))


def _matches(summary: Any, query: TableQuery) -> bool:
    """Whether a summary passes the query's filters."""
    text = query.q.casefold()
    if text and not any(
        text in str(v).casefold()
        for v in (summary.repository, summary.device_id, summary.device_name, summary.version)
    ):
        return False
    if query.attention and not needs_attention(summary):
        return False
    return not (query.item and dict(summary.items).get(query.item, "pass") == "pass")


def rows(summaries: Sequence[Any], query: TableQuery) -> list[Any]:
    """The summaries the query selects, in its order (ties by device, then release)."""
    chosen = [s for s in summaries if _matches(s, query)]
    chosen.sort(key=SORTS[DEFAULT_SORT])
    chosen.sort(key=SORTS[query.sort], reverse=query.desc)
    return chosen


def item_ids(summaries: Sequence[Any]) -> list[str]:
    """The checklist item ids, in checklist order, then any others the summaries carry."""
    from medsec.domain.checklist import ItemId

    known = [i.value for i in ItemId]
    extra = sorted({k for s in summaries for k in dict(s.items)} - set(known))
    return known + extra
