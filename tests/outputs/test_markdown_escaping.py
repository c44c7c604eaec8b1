"""Issue 12 #8: user text never becomes HTML in a Markdown output, whatever it holds.

Each Markdown renderer (check, threats, scan) is rendered with hostile strings in every user
field it shows, then the Markdown is rendered to HTML by a CommonMark parser (with GitHub
tables): the HTML may hold only the tags the renderer writes itself, never one from the text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from tests.helpers import write_project

from medsec.domain.checklist import CheckFinding, ItemStatus
from medsec.domain.model import Policy
from medsec.domain.threat import AssessedThreat
from medsec.domain.vulnerability import ComponentRef, Confidence, Finding, MatchDetail, Matcher
from medsec.engines.threats.assess import assess_all
from medsec.engines.threats.engine import generate
from medsec.engines.threats.register import merge
from medsec.engines.threats.rules._fixtures import element, make_project
from medsec.engines.vulnmgmt import statuses
from medsec.outputs.checklist import ChecklistView
from medsec.outputs.checklist import markdown as check_md
from medsec.outputs.escape import markdown_code, markdown_text
from medsec.outputs.scan import ScanReport
from medsec.outputs.scan import markdown as scan_md
from medsec.outputs.threats import ThreatsView
from medsec.outputs.threats import markdown as threats_md
from medsec.services.check import CheckOptions, run

TODAY = date(2026, 11, 27)
PAYLOAD = '<img src=x onerror="alert(1)">'
# the tags the renderers write themselves (tables, headings, lists, bold, code)
OURS = {"table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "p", "ul", "li", "strong", "em"}
OURS |= {"code"}
_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)")
HOSTILE = st.one_of(
    st.text(),
    st.text(alphabet="<>&`|[]()#\\!\n\r\"'=/ xiagscrpt:", max_size=40),
    st.sampled_from(
        [
            PAYLOAD,
            "<script>alert(1)</script>",
            "[x](javascript:alert(1))",
            "<https://evil.example>",
            "&lt;img src=x onerror=alert(1)&gt;",
            "\\<img src=x onerror=alert(1)>",
            "`` ` <b>x</b> ` ``",
            "# heading\n<b>new line</b>",
            "a|b\n| <i>cell</i> |",
        ]
    ),
)
_PARSER = MarkdownIt("commonmark").enable("table")


def tags(markdown: str) -> set[str]:
    """The HTML tag names of the Markdown rendered by CommonMark (with tables)."""
    return {m.group(1).lower() for m in _TAG.finditer(_PARSER.render(markdown))}


def assert_no_raw_html(markdown: str) -> None:
    """Only the renderer's own tags appear in the rendered HTML."""
    extra = tags(markdown) - OURS
    assert not extra, f"raw HTML {extra} from:\n{markdown}"


# -- the escaping functions -------------------------------------------------------------------


@given(HOSTILE)
def test_markdown_text_never_leaves_markup(text: str) -> None:
    out = markdown_text(text)
    assert "<" not in out and ">" not in out and "\n" not in out and "\r" not in out
    assert not out.startswith("#")
    assert_no_raw_html(f"| {out} |\n|---|\n| {out} |\n\n- {out}\n\n# {out}\n")


@given(HOSTILE)
def test_markdown_code_is_one_literal_span(text: str) -> None:
    out = markdown_code(text)
    assert "\n" not in out
    assert_no_raw_html(f"| a |\n|---|\n| {out} |\n")


def test_markdown_code_keeps_plain_ids_as_before() -> None:
    assert markdown_code("MD-05@pump-fw") == "`MD-05@pump-fw`"
    assert markdown_code("a`b") == "`` a`b ``"


def test_the_html_payload_is_shown_as_text() -> None:
    html = _PARSER.render(f"# {markdown_text(PAYLOAD)}\n")
    assert "<img" not in html and "&lt;img" in html


# -- check --format markdown ------------------------------------------------------------------


@pytest.fixture(scope="module")
def check_view(tmp_path_factory: pytest.TempPathFactory) -> ChecklistView:
    root = write_project(tmp_path_factory.mktemp("p") / "p")
    result = run(CheckOptions(root, TODAY))
    return ChecklistView(result.checklist, result.context.project.device, TODAY)


def _hostile_check(view: ChecklistView, text: str) -> ChecklistView:
    """Every user string of the checklist view replaced by ``text``."""
    finding = CheckFinding(text, ItemStatus.GAP, subject=text, path=text, line=3, fix=text)
    items = tuple(
        replace(i, title=text, summary=text, status=ItemStatus.GAP, findings=(finding,))
        for i in view.checklist.items
    )
    return replace(
        view,
        device=replace(view.device, name=text),
        checklist=replace(view.checklist, items=items),
    )


def test_check_markdown_escapes_an_html_device_name(check_view: ChecklistView) -> None:
    md = check_md.render(_hostile_check(check_view, PAYLOAD))
    assert "<img" not in md
    assert_no_raw_html(md)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(HOSTILE)
def test_check_markdown_never_passes_raw_html(check_view: ChecklistView, text: str) -> None:
    assert_no_raw_html(check_md.render(_hostile_check(check_view, text)))


# -- threats --format markdown ----------------------------------------------------------------


@pytest.fixture(scope="module")
def assessed() -> tuple[AssessedThreat, ...]:
    project = make_project(elements=[element("fw")])
    entries, _ = merge(generate(project).threats, (), TODAY)
    return assess_all(project, entries)[:3]


def _hostile_threats(assessed: tuple[AssessedThreat, ...], text: str) -> ThreatsView:
    """The threat titles, crossings and ids replaced by ``text``."""
    out = []
    for t in assessed:
        threat = replace(t.entry.threat, id=text, title=text, crossing=text)
        out.append(replace(t, entry=replace(t.entry, threat=threat)))
    return ThreatsView(tuple(out), (), text)


def test_threats_markdown_escapes_an_html_title(assessed: tuple[AssessedThreat, ...]) -> None:
    md = threats_md.render(_hostile_threats(assessed, PAYLOAD))
    assert "<img" not in _PARSER.render(md)
    assert_no_raw_html(md)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(HOSTILE)
def test_threats_markdown_never_passes_raw_html(
    assessed: tuple[AssessedThreat, ...], text: str
) -> None:
    assert_no_raw_html(threats_md.render(_hostile_threats(assessed, text)))


# -- scan --format markdown -------------------------------------------------------------------


class _Scan:
    """The part of a scan result the Markdown renderer reads."""

    def __init__(self, text: str) -> None:
        finding = Finding(
            id=f"{text}@pkg",
            advisory=text,
            aliases=(text,),
            component=ComponentRef(text, text, f"pkg:npm/{text}", sbom=text),
            summary=text,
            fixed_versions=(text,),
            severity=text,
            cvss_vector=None,
            cvss_score=None,
            kev=False,
            epss=None,
            details=(MatchDetail(Matcher.PURL_OSV, Confidence.UNDETERMINED, text, text, text),),
        )
        self.statuses = statuses([finding], {}, Policy(), {}, TODAY)


def test_scan_markdown_escapes_an_html_component_name() -> None:
    md = scan_md.render(ScanReport(_Scan(PAYLOAD), PAYLOAD))  # type: ignore[arg-type]
    assert "<img" not in _PARSER.render(md)
    assert_no_raw_html(md)


@settings(max_examples=60)
@given(HOSTILE)
def test_scan_markdown_never_passes_raw_html(text: str) -> None:
    assert_no_raw_html(scan_md.render(ScanReport(_Scan(text), text)))  # type: ignore[arg-type]


def test_written_project_renders_without_raw_html(tmp_path: Path) -> None:
    """End to end: a device named with an HTML payload, through ``check --format markdown``."""
    from medsec.cli.main import main

    root = write_project(tmp_path / "p")
    text = (root / "medsec.yaml").read_text()
    (root / "medsec.yaml").write_text(text.replace("name: ", f"name: '{PAYLOAD}' #", 1))
    out = tmp_path / "check.md"
    main(["check", str(root), "--format", "markdown", "-o", str(out)])
    md = out.read_text()
    assert "onerror" in md and "<img" not in md
    assert_no_raw_html(md)
