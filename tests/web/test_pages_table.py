"""The dashboard's filters and sort orders over the precomputed summaries."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from medsec.web import pages_table
from medsec.web.pages_table import TableQuery


def summary(repo: str, version: str, day: int | None, **figures: Any) -> SimpleNamespace:
    values: dict[str, Any] = {
        "repository": repo,
        "device_id": repo,
        "device_name": repo.title(),
        "version": version,
        "released_at": dt.datetime(2025, 1, day, tzinfo=dt.UTC) if day else None,
        "items": {"sbom": "pass", "cve-analysis": "pass"},
        "open_critical": 0,
        "open_kev": 0,
        "overdue": 0,
        "end_of_support_12m": [],
        "pentest_age_days": None,
        "last_cve_analysis": None,
    }
    values.update(figures)
    return SimpleNamespace(**values)


ROWS = [
    summary("pump", "v2", 5, open_critical=2),
    summary("pump", "v1", 1),
    summary("monitor", "v1", 3, items={"sbom": "fail", "cve-analysis": "gap"}),
    summary("pump", "current", None, open_kev=1),
    summary("gateway", "v1", 2, items={"sbom": "pass", "cve-analysis": "gap"}),
]


def names(rows: list[Any]) -> list[str]:
    return [f"{r.repository}@{r.version}" for r in rows]


def test_default_order_is_device_then_release_with_current_last() -> None:
    assert names(pages_table.rows(ROWS, TableQuery())) == [
        "gateway@v1", "monitor@v1", "pump@v1", "pump@v2", "pump@current",
    ]  # fmt: skip


def test_attention_keeps_failing_critical_kev_and_overdue_rows() -> None:
    chosen = pages_table.rows(ROWS, TableQuery(attention=True))
    assert names(chosen) == ["monitor@v1", "pump@v2", "pump@current"]


def test_an_item_filter_keeps_rows_where_that_item_does_not_pass() -> None:
    chosen = pages_table.rows(ROWS, TableQuery(item="cve-analysis"))
    assert names(chosen) == ["gateway@v1", "monitor@v1"]


def test_text_filter_and_descending_sort() -> None:
    chosen = pages_table.rows(ROWS, TableQuery(q="PUMP", sort="critical", desc=True))
    assert names(chosen)[0] == "pump@v2"
    assert {r.repository for r in chosen} == {"pump"}


def test_an_unknown_sort_key_falls_back_to_the_default() -> None:
    query = TableQuery.of("  x ", False, "", "DROP TABLE", False)
    assert query.sort == pages_table.DEFAULT_SORT
    assert query.q == "x"


def test_item_ids_are_in_checklist_order_then_unknown_ones() -> None:
    ids = pages_table.item_ids([summary("a", "v1", 1, items={"zz-new": "pass"})])
    assert ids[0] == "threat-risk-analysis"
    assert ids[-1] == "zz-new"
