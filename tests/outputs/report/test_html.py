"""The HTML report: content, order, escaping, self-containment, determinism, well-formedness."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import pytest

from medsec.domain.checklist import ItemId
from medsec.domain.threat import ThreatStatus
from medsec.domain.vocabulary import RiskLevel
from medsec.engines.threats.risk import CVSS_ROWS, SAFETY_COLUMNS, matrix
from medsec.outputs.diagram import to_dot
from medsec.outputs.drawing import engine
from medsec.outputs.report.figure import NO_ENGINE, Figure, dfd_figures, no_svg
from medsec.outputs.report.html import render_html
from medsec.outputs.report.view import Section, build_view, inline_svg

GENERATED = date(2026, 11, 27)
DIGEST = "sha256:" + "ab" * 32
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
REMOTE = re.compile(r"""\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


class _Balance(HTMLParser):
    """Fails on an end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> at {self.getpos()} closes {self.stack[-3:]}")
            return
        self.stack.pop()


def _assert_well_formed(html: str) -> None:
    parser = _Balance()
    parser.feed(html)
    parser.close()
    assert not parser.errors, parser.errors[:5]
    assert not parser.stack, f"unclosed: {parser.stack}"


def _view(project, threats, missing, checklist, *, figures=None, sections=()):
    return build_view(
        project,
        threats,
        missing,
        checklist,
        architecture_digest=DIGEST,
        generated_on=GENERATED,
        diagram=dfd_figures(project, no_svg) if figures is None else figures,
        extra_sections=sections,
    )


def _render(project, threats, missing, checklist, **kw) -> str:
    return render_html(_view(project, threats, missing, checklist, **kw))


@pytest.fixture
def html(project, threats, missing, checklist) -> str:
    return _render(project, threats, missing, checklist)


def test_header_shows_the_device(html):
    for text in (
        "ACME Infusion System 3.2.0",
        "ACME Medical GmbH",
        "Large-volume infusion in hospital wards",
        "EU, US",
        "2026-11-27",
        DIGEST,
    ):
        assert text in html
    assert re.search(r"Cyber device.*?</dt><dd>yes</dd>", html)


def test_every_checklist_item_with_status_and_details(html, checklist):
    for item in checklist.items:
        assert f"<code>{item.id.value}</code>" in html
        assert f'id="item-{item.id.value}"' in html
        row = re.search(rf'<tr class="status-(\w+)">\s*<td><a href="#item-{item.id.value}">', html)
        assert row and row.group(1) == item.status.value
        for f in item.findings:
            assert f.message in html and f"medsec.yaml:{f.line}" in html and f.fix in html
        for e in item.evidence:
            assert e.message in html
    assert len(ItemId) == len(checklist.items) == 9
    for text in ("✓ PASS", "△ GAP", "✗ FAIL", "mandatory", "beyond baseline"):
        assert text in html


def test_sections_in_order(project, threats, missing, checklist):
    body = Section("SBOM support", "Support per component.", ("Component",), (("zlib",),))
    table = Section("Full table", "Every row.", ("Component",), (("zlib",),), appendix=True)
    html = _render(project, threats, missing, checklist, sections=[table, body])
    ids = [
        "summary",
        "device",
        "items",
        "dfd",
        "risk-matrix",
        "missing",
        "trace",
        "section-sbom-support",
        "findings-all",
        "threats",
        "trace-full",
        "section-full-table",
    ]
    positions = [html.index(f'<section id="{i}"') for i in ids]
    assert positions == sorted(positions)
    assert html.index("<header>") < positions[0] < html.index('<nav class="toc">') < positions[1]
    assert "Appendix D: Full table" in html


def test_heat_map_counts(project, threats, missing, checklist):
    view = _view(project, threats, missing, checklist)
    heat = view.heatmap
    assert heat.columns == SAFETY_COLUMNS and [r.severity for r in heat.rows] == list(CVSS_ROWS)
    counts = {
        (r.severity, c): cell.count
        for r in heat.rows
        for c, cell in zip(heat.columns, r.cells, strict=True)
    }
    opened = {
        (r.severity, c): cell.open
        for r in heat.rows
        for c, cell in zip(heat.columns, r.cells, strict=True)
    }
    expected = {("high", "critical"): 2, ("medium", "none"): 1, ("low", "catastrophic"): 1}
    assert {k: v for k, v in counts.items() if v} == expected
    assert {k: v for k, v in opened.items() if v} == {
        ("high", "critical"): 1,
        ("medium", "none"): 1,
    }
    assert heat.placed == 4 and heat.not_placed == 2  # unscored + severity none; obsolete left out
    grid = matrix(project.policy)
    for r in heat.rows:
        for c, cell in zip(heat.columns, r.cells, strict=True):
            assert cell.risk.key == grid[r.severity][c].value

    html = render_html(view)
    table = html[
        html.index('<table class="heat">') : html.index(
            "</table>", html.index('<table class="heat">')
        )
    ]
    shown = [int(n) for n in re.findall(r'<span class="count">(\d+)</span>', table)]
    assert shown == [counts[r, c] for r in CVSS_ROWS for c in SAFETY_COLUMNS]
    assert (
        '<td class="risk-high"><span class="count">2</span><span class="sub">1 open</span>' in table
    )


def test_heat_map_follows_the_project_matrix(project, threats, missing, checklist):
    custom = replace(
        project,
        policy=replace(project.policy, risk_matrix=(("high", (("critical", "critical"),)),)),
    )
    view = _view(custom, threats, missing, checklist)
    row = next(r for r in view.heatmap.rows if r.severity == "high")
    assert row.cells[SAFETY_COLUMNS.index("critical")].risk.key == RiskLevel.CRITICAL.value


def test_threat_register_and_obsolete_section(html, threats):
    register = html[html.index('<section id="threats"') : html.index('<section id="trace-full"')]
    main, _, obsolete = register.partition("<h3>Obsolete threats")
    assert "<code>STRIDE-D@gone</code>" in obsolete and "STRIDE-D@gone" not in main
    for t in threats:
        if t.status is not ThreatStatus.OBSOLETE:
            assert f"<code>{t.id}</code>" in main
    assert "5.0 high" in main and "5.1 high" in main and "not scored" in main
    assert "invalid CVSS vector" in main
    # highest risk first, unscored (unknown) before everything
    order = re.findall(r"<tr>\s*<td><code>([^<]+)</code>", main)
    assert order[0] == "BROKEN@his" and order.index("MD01@pump-fw") < order.index("NONE@his")


def test_cvss_vectors_are_cited_never_wrapped(html):
    v31 = "CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N"
    cell = re.search(rf'<abbr class="vector" title="{re.escape(v31)}">(v\d+)</abbr>', html)
    assert cell, "the full vector is on hover"
    ref = cell.group(1)
    legend = html[html.index('<h3 id="vectors">') :]
    assert f"<tr><td><code>{ref}</code></td><td><code>{v31}</code></td></tr>" in legend
    assert '<span class="vector">' not in html
    assert "table.vectors td { white-space: nowrap; }" in html


def test_missing_information_one_row_per_target(html):
    section = html[html.index('<section id="missing"') : html.index('<section id="trace"')]
    assert (
        "<tr><td>flow pump-to-log</td><td>authentication, encryption</td><td>MD02, MD03</td></tr>"
        in section
    )


def test_trace_uncovered_and_idle_controls(html):
    risk = html[html.index('<section id="risk-matrix"') : html.index('<section id="missing"')]
    uncovered = risk[risk.index("without a control</h3>") :]
    assert "<code>BROKEN@his</code>" in uncovered  # unscored: cannot be shown acceptable
    assert "<code>STRIDE-S@clinician</code>" in uncovered  # high risk, accepted, no control
    assert "STRIDE-I@his" not in uncovered  # medium: at the threshold
    assert "MD01@pump-fw" not in uncovered
    trace = html[
        html.index('<section id="trace"') : html.index(
            "</section>", html.index('<section id="trace"')
        )
    ]
    gaps, _, idle = trace.partition("Controls that mitigate")
    assert "no requirement, no verification, planned" in gaps  # signed-fw, in the body
    assert "<code>unused</code>" in idle and "<code>ble-lesc</code>" not in idle
    full = html[html.index('<section id="trace-full"') :]
    assert "<code>MD01@pump-fw</code>" in full and "SR-12" in full and "TC-BLE-004" in full


def test_user_text_is_escaped(project, threats, missing, checklist, build_threat):
    evil = "<script>alert(1)</script>"
    nasty = replace(project, device=replace(project.device, name=evil, manufacturer="\"&'"))
    threat = build_threat("X@pump-fw", title=evil)
    section = Section(evil, evil, (evil,), ((evil,),))
    html = _render(nasty, (*threats, threat), missing, checklist, sections=[section])
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&amp;&#39;" in html
    _assert_well_formed(html)


def test_no_remote_resources(html):
    assert not REMOTE.findall(html)
    assert "url(" not in html and "@import" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "https://acme.example/security/cvd" in html  # shown as text, not loaded


def test_without_a_drawing_the_report_says_why_and_keeps_the_table(html):
    assert NO_ENGINE in html
    assert "<svg" not in html and "mermaid" not in html
    assert "hl7-mllp · no auth / cleartext" in html and "weak or unknown protection" in html


def test_unsafe_svg_is_not_inlined(project, threats, missing, checklist):
    for bad in (
        "<svg><script>alert(1)</script></svg>",
        '<svg><g onload="alert(1)"></g></svg>',
        '<svg><a xlink:href="https://evil.example/"><text>x</text></a></svg>',
        "<svg><foreignObject><iframe></iframe></foreignObject></svg>",
        "<div>not svg</div>",
    ):
        assert inline_svg(bad) is None
        html = _render(project, threats, missing, checklist, figures=(Figure("", bad),))
        assert "evil" not in html and "<script>" not in html and "onload" not in html
    assert inline_svg('<svg><text>onload="x"</text></svg>') is not None


@pytest.mark.skipif(
    engine.find() is None,
    reason="no layout engine (graphviz-pure is a dependency of medsec; or Graphviz's dot)",
)
def test_inline_svg_from_the_engine(project, threats, missing, checklist):
    figures = dfd_figures(project, engine.to_svg)
    html = _render(project, threats, missing, checklist, figures=figures)
    assert '<figure class="diagram">\n<svg' in html
    assert NO_ENGINE not in html
    assert not REMOTE.findall(html)
    _assert_well_formed(html)
    again = _render(
        project, threats, missing, checklist, figures=dfd_figures(project, engine.to_svg)
    )
    assert html == again
    assert to_dot(project, titled=False)  # the drawing is of the untitled DFD


def test_html_parses_and_is_deterministic(
    html, project, threats, missing, checklist, build_project
):
    _assert_well_formed(html)
    assert html.startswith("<!DOCTYPE html>")
    assert html == _render(build_project(), tuple(threats), list(missing), checklist)


def test_print_stylesheet(html):
    assert "@media print" in html and "@page" in html
    assert "counter(page)" in html and "string(digest)" in html  # page numbers, running header
    assert "target-counter(attr(href), page)" in html  # contents with page numbers


def test_summary_first_with_blockers_and_next_steps(html, checklist):
    summary = html[html.index('<section id="summary"') : html.index('<nav class="toc">')]
    failing = [i for i in checklist.items if i.status.value == "fail"]
    blocking = summary[summary.index("What blocks") : summary.index("What to do next")]
    for i in failing:
        assert i.findings[0].message in summary  # its headline
        if i.mandatory:
            assert f"<code>{i.id.value}</code>: {i.findings[0].message}" in blocking
    steps = summary[summary.index("What to do next") :]
    pending = [i for i in checklist.items if i.status.value != "pass"]
    assert steps.count("<li>") == len(pending)
    assert f"{pending[0].id.value}: {pending[0].findings[0].fix}" in steps


def test_extra_sections(project, threats, missing, checklist):
    sections = [
        Section(
            "CVE findings", "Matched advisories.", ("Advisory", "Component"), (("CVE-1", "zlib"),)
        ),
        Section("CVE findings", "Second table, same title.", ("A",), ()),
    ]
    html = _render(project, threats, missing, checklist, sections=sections)
    assert '<section id="section-cve-findings" class="extra">' in html
    assert '<section id="section-cve-findings-2" class="extra">' in html
    assert '<h2 class="section">7 CVE findings</h2>' in html
    assert "<tr><th>Advisory</th><th>Component</th></tr>" in html
    assert "<tr><td>CVE-1</td><td>zlib</td></tr>" in html
    assert "Nothing to report." in html
    _assert_well_formed(html)


def test_section_rows_must_match_columns():
    with pytest.raises(ValueError, match="row 2 has 1 cells, expected 2"):
        Section("T", "", ("a", "b"), (("1", "2"), ("3",)))
