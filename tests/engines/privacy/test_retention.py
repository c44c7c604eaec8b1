"""Retention periods in nominal days, and the stores that keep data longer than needed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from medsec.domain.vocabulary import DataCategory
from medsec.engines.privacy.retention import days, excess, need
from medsec.engines.threats.rules._fixtures import data_item, make_project, store, use_case


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("P30D", 30),
        ("P1Y", 365),
        ("P6M", 180),
        ("P2W", 14),
        ("P1Y1M1W1D", 403),
        ("PT12H", 0.5),
        ("P1DT6H", 1.25),
        ("PT90M", 0.0625),
    ],
)
def test_days(period: str, expected: float) -> None:
    assert days(period) == pytest.approx(expected)


def test_indefinite_is_longer_than_any_period() -> None:
    assert days("indefinite") > days("P100Y")


def test_need_is_the_longest_stated_and_unknown_when_one_is_unstated() -> None:
    a = replace(use_case("a", data=("x",)), retention="P7D")
    b = replace(use_case("b", data=("x",)), retention="P1Y")
    p = make_project(data=(data_item("x"),), use_cases=(a, b))
    assert need(p, "x").period == "P1Y"
    p = make_project(data=(data_item("x"),), use_cases=(a, use_case("c", data=("x",))))
    assert need(p, "x").period is None
    assert need(p, "y").period is None  # needed by nobody: nothing to compare


def test_excess_names_what_is_kept_too_long() -> None:
    mrn = replace(data_item("mrn"), retention="P30D")
    tech = replace(data_item("t", DataCategory.TECHNICAL), retention="P10Y")
    log = store("log", stores=("mrn", "t"), retention="P1Y")
    uc = replace(use_case("doc", data=("mrn", "t")), retention="P30D")
    p = make_project(elements=(log,), data=(mrn, tech), use_cases=(uc,))
    [found] = excess(p, log, {"mrn": mrn})  # only personal data is judged
    assert str(found) == "mrn for P1Y, longer than P30D (the use cases needing it: doc)"
