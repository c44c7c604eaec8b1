"""The server-side SVG trend charts: escaped, script-free, gaps for unknown values."""

from __future__ import annotations

import re

import pytest

from medsec.outputs.report.figure import inline_svg
from medsec.web.pages_charts import Series, line_chart, nice_ceiling


def test_a_chart_draws_one_dot_per_known_value_and_a_line_per_run() -> None:
    svg = line_chart("Findings", ["v1", "v2", "v3"], [Series("findings", (3.0, 7.0, 5.0))])
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert svg.count("<circle ") == 3
    assert svg.count("<polyline ") == 1
    assert "<title>findings at v2: 7</title>" in svg
    # the axis tops at the next nice number above the largest value
    assert ">10</text>" in svg


def test_an_unknown_value_leaves_a_gap_not_a_zero() -> None:
    svg = line_chart("Surface", ["a", "b", "c", "d"], [Series("score", (1.0, None, 2.0, 3.0))])
    assert svg.count("<circle ") == 3
    assert svg.count("<polyline ") == 2  # [a] alone, then [c, d]
    assert "score at b" not in svg


def test_texts_from_the_data_are_escaped() -> None:
    hostile = '<script>alert(1)</script>"&'
    svg = line_chart(hostile, [hostile], [Series(hostile, (1.0,))])
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    assert 'aria-label="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;"' in svg
    assert inline_svg(svg) == svg  # the report's own check accepts it: no script, no link


def test_no_style_attribute_or_element_for_the_csp() -> None:
    svg = line_chart("t", ["1", "2"], [Series("a", (1.0, 2.0)), Series("b", (2.0, None))])
    assert not re.search(r"\sstyle=|<style", svg)


def test_no_releases_says_so() -> None:
    svg = line_chart("Findings", [], [Series("findings", ())])
    assert "No released versions yet." in svg
    assert "<circle" not in svg


def test_a_series_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="series 'x' has 1 values for 2 labels"):
        line_chart("t", ["a", "b"], [Series("x", (1.0,))])


@pytest.mark.parametrize(
    ("value", "top"),
    [(0, 1), (0.3, 0.5), (1, 1), (7, 10), (11, 20), (24, 25), (26, 50), (430, 500)],
)
def test_nice_ceiling(value: float, top: float) -> None:
    assert nice_ceiling(value) == pytest.approx(top)
