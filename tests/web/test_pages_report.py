"""The drill-down serves the existing HTML report: same sections, linked style, no inline CSS."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE

from medsec.web import pages_report

TODAY = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def served() -> pages_report.ServedReport:
    return pages_report.build(EXAMPLE, TODAY)


def test_the_report_is_served_with_its_stylesheet_linked_not_inline(
    served: pages_report.ServedReport,
) -> None:
    assert "<style>" not in served.html
    assert 'http-equiv="Content-Security-Policy"' not in served.html
    assert '<link rel="stylesheet" href="/report.css">' in served.html
    assert "style=" not in served.html
    assert "<h1>ACME Infusion System" in served.html


def test_sections_are_the_reports_in_order(served: pages_report.ServedReport) -> None:
    anchors = [s.anchor for s in served.sections]
    assert anchors[:7] == ["summary", "device", "items", "dfd", "risk-matrix", "missing", "trace"]
    assert "section-signoff" in anchors
    assert "threats" in anchors  # appendix B, the threat register
    titles = {s.anchor: s.title for s in served.sections}
    assert titles["device"] == "1 Device"
    assert titles["section-signoff"].endswith("Risk transfers and acceptances for sign-off")


def test_one_section_is_cut_out_whole(served: pages_report.ServedReport) -> None:
    html = served.section("device")
    assert html is not None
    assert html.startswith('<section id="device">') and html.endswith("</section>")
    assert "<dt>Manufacturer</dt><dd>ACME Medical GmbH</dd>" in html
    assert served.section("no-such-section") is None


def test_a_changed_report_head_is_an_error_not_an_unstyled_page() -> None:
    with pytest.raises(ValueError, match="report's <head> changed"):
        pages_report.for_server("<html><head></head><body></body></html>")


def test_the_stylesheet_is_the_reports_own() -> None:
    css = pages_report.stylesheet()
    assert ".badge-fail" in css


def test_a_project_that_does_not_load_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "medsec.yaml").write_text("device: [unclosed\n", encoding="utf-8")
    with pytest.raises(pages_report.ReportUnavailableError, match="cannot be built"):
        pages_report.build(tmp_path, TODAY)


def test_the_cache_builds_a_report_once_per_tree_and_day(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[tuple[Path, dt.date]] = []

    def fake(tree: Path, today: dt.date) -> pages_report.ServedReport:
        built.append((tree, today))
        return pages_report.ServedReport(f"<p>{tree}</p>", ())

    monkeypatch.setattr(pages_report, "build", fake)
    cache = pages_report.ReportCache(size=2)
    first = cache.get(Path("/a"), TODAY)
    assert cache.get(Path("/a"), TODAY) is first
    cache.get(Path("/b"), TODAY)
    cache.get(Path("/c"), TODAY)  # evicts /a, the least recently used
    cache.get(Path("/a"), TODAY)
    assert built == [(Path(p), TODAY) for p in ("/a", "/b", "/c", "/a")]
