"""Issue 12: any user string, in every renderer that writes HTML, SVG, DOT or XML, is text.

One hypothesis property per renderer: the renderer is fed arbitrary strings in the user fields
it shows (device, boundary, element, interface and control names, threat titles, advisories,
component names, the texts of report sections) and its output is parsed by the format's own
parser. The markup must be exactly the markup of the same render with plain text ("x") in
those fields: same elements, same attributes, same DOT statements. So a string may come out
escaped, wrapped or shown as an escape (``\\x07``), but never as markup of its own. Where the
format keeps text verbatim the string is also read back (junit XML). The Markdown renderers
have theirs in test_markdown_escaping.py, the SBOM exports in sbom/test_sbom_export_escaping.py.

Budget: a fixed, derandomized number of examples per property (about 4 s in all).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.outputs.conftest import MISSING, known_threats, make_checklist, make_project

from medsec.domain.checklist import CheckFinding, ItemStatus
from medsec.domain.model import Project
from medsec.domain.threat import AssessedThreat
from medsec.outputs.checklist import junit
from medsec.outputs.checklist.view import ChecklistView
from medsec.outputs.diagram import to_dot, to_mermaid
from medsec.outputs.drawing import engine
from medsec.outputs.report.figure import dfd_figures, no_svg
from medsec.outputs.report.html import render_html
from medsec.outputs.report.view import Section, build_view, inline_svg

PLAIN = "x"
PAYLOADS = [
    '<img src=x onerror="alert(1)">',
    "<script>alert(1)</script>",
    "</td></tr></table><b>out</b>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)",
    "<!-- comment --><![CDATA[x]]>",
    "&lt;b&gt; &amp; &#60;i&#62;",
    '"]; injected [label="x',
    '"; node [shape=box]; "x',
    "</text><svg onload=alert(1)>",
    "\\N \\G \\E \\L \\\\",
    "a\x00b\x07c\x1bd\ud800e\ufffe",
    "line\nbreak\rreturn\r\n",
    "<br/><font color='red'>x</font>",
    "]]><!ENTITY x 'y'>",
]
HOSTILE = st.one_of(
    st.text(min_size=1, max_size=30),
    st.text(alphabet="<>&\"'`\\/=!-[]{}();|#\n\r\t\x00\x07 xsciptmgonerl", min_size=1, max_size=30),
    st.sampled_from(PAYLOADS),
)


def budget(examples: int) -> settings:
    """A fixed, derandomized budget: the same inputs, the same time, on every run."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- the user strings, everywhere in a project ---------------------------------------------------


def hostile_project(text: str) -> Project:
    """The test project with ``text`` as every name and description a person writes."""
    project = make_project()
    return replace(
        project,
        device=replace(
            project.device, name=text, manufacturer=text, intended_use=text, version=text
        ),
        boundaries=tuple(replace(b, name=text) for b in project.boundaries),
        elements=tuple(replace(e, name=text) for e in project.elements),
        interfaces=tuple(replace(i, name=text) for i in project.interfaces),
        controls=tuple(replace(c, name=text) for c in project.controls),
    )


def hostile_threats(text: str) -> tuple[AssessedThreat, ...]:
    """The known threats with ``text`` as title and crossing."""
    out = []
    for t in known_threats():
        threat = replace(t.entry.threat, title=text, crossing=text)
        out.append(replace(t, entry=replace(t.entry, threat=threat)))
    return tuple(out)


def hostile_section(text: str) -> Section:
    """A report section as the SBOM, pentest and scan tables make them: every text ``text``
    (component names and licences, pentest titles, advisories are cells of such tables)."""
    return Section(f"Section {text}", text, ("Component", text), ((text, text), (PLAIN, text)))


# --- report HTML ------------------------------------------------------------------------------


class _Markup(HTMLParser):
    """The markup of an HTML document: every tag with its attribute names, comments and
    declarations, in order; the text apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.markup: list[tuple[str, tuple[str, ...]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.markup.append((tag, tuple(sorted(name for name, _ in attrs))))

    def handle_endtag(self, tag: str) -> None:
        self.markup.append((f"/{tag}", ()))

    def handle_comment(self, data: str) -> None:
        self.markup.append(("<!--", ()))

    def handle_decl(self, decl: str) -> None:
        self.markup.append(("<!", (decl,)))

    def handle_pi(self, data: str) -> None:
        self.markup.append(("<?", ()))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_markup(html: str) -> list[tuple[str, tuple[str, ...]]]:
    """The markup of ``html`` as a browser's tokenizer sees it."""
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.markup


def report(text: str) -> str:
    """The HTML report of the hostile project, threats and section."""
    project = hostile_project(text)
    view = build_view(
        project,
        hostile_threats(text),
        MISSING,
        make_checklist(),
        architecture_digest="sha256:" + "ab" * 32,
        generated_on=date(2026, 11, 27),
        diagram=dfd_figures(project, no_svg),
        extra_sections=(hostile_section(text),),
    )
    return render_html(view)


@pytest.fixture(scope="module")
def plain_report() -> list[tuple[str, tuple[str, ...]]]:
    return html_markup(report(PLAIN))


@budget(40)
@given(HOSTILE)
def test_report_html_shows_any_string_as_text(
    plain_report: list[tuple[str, tuple[str, ...]]], text: str
) -> None:
    assert html_markup(report(text)) == plain_report


# --- diagram DOT --------------------------------------------------------------------------------

_DOT_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|<|>|"|[^"<>]+', re.S)


def dot_skeleton(dot: str) -> tuple[str, list[str]]:
    """The DOT source with every quoted string replaced by ``"S"`` and every HTML-like label
    (``<...>``, nested) by ``<H>``: the statements; and the labels, to check as XML."""
    out: list[str] = []
    labels: list[str] = []
    depth = 0
    for token in _DOT_TOKEN.findall(dot):
        if depth:
            depth += {"<": 1, ">": -1}.get(token, 0)
            if depth:
                labels[-1] += token
        elif token == "<":
            depth = 1
            labels.append("")
            out.append("<H>")
        else:
            out.append('"S"' if len(token) > 1 and token.startswith('"') else token)
    assert depth == 0, "an HTML-like label is not closed"
    return "".join(out), labels


def xml_markup(fragment: str) -> list[str]:
    """The elements of an HTML-like label, in document order (it must parse as XML); the
    ``<br/>`` the renderer puts where it wraps a long name are left out."""
    root = ElementTree.fromstring(f"<root>{fragment}</root>")
    return [f"{e.tag}{sorted(e.attrib)}" for e in root.iter() if e.tag != "br"]


@pytest.fixture(scope="module")
def plain_dot() -> tuple[str, list[list[str]]]:
    skeleton, labels = dot_skeleton(to_dot(hostile_project(PLAIN)))
    return skeleton, [xml_markup(label) for label in labels]


@budget(80)
@given(HOSTILE)
def test_diagram_dot_keeps_any_string_inside_its_quotes_or_label(
    plain_dot: tuple[str, list[list[str]]], text: str
) -> None:
    skeleton, labels = dot_skeleton(to_dot(hostile_project(text)))
    structure = [xml_markup(label) for label in labels]
    assert (skeleton, structure) == plain_dot


# --- diagram SVG (the bundled layout engine) ------------------------------------------------------

needs_engine = pytest.mark.skipif(
    engine.find() is None, reason="no layout engine (graphviz-pure, a dependency, or Graphviz)"
)


def svg_markup(svg: str) -> list[str]:
    """The SVG's elements and attribute names, in order (it must parse as XML)."""
    return [f"{e.tag}{sorted(e.attrib)}" for e in ElementTree.fromstring(svg).iter()]


@pytest.fixture(scope="module")
def plain_svg_elements() -> set[str]:
    svg = engine.to_svg(to_dot(hostile_project(PLAIN)))
    assert svg is not None
    return set(svg_markup(svg))


@needs_engine
@budget(12)
@given(HOSTILE)
def test_diagram_svg_shows_any_string_as_text(plain_svg_elements: set[str], text: str) -> None:
    svg = engine.to_svg(to_dot(hostile_project(text)))
    assert svg is not None
    # the layout differs with the text (a long name wraps into more <text> lines), so the
    # elements are compared as a set: nothing the plain drawing does not have
    assert set(svg_markup(svg)) <= plain_svg_elements
    assert inline_svg(svg) is not None  # the report's own check of an SVG it inlines


# --- checklist junit XML ------------------------------------------------------------------------


def junit_view(text: str) -> ChecklistView:
    """The checklist with ``text`` as device name, item summaries and findings."""
    checklist = make_checklist()
    finding = CheckFinding(text, ItemStatus.GAP, subject=text, path=text, line=3, fix=text)
    items = tuple(
        replace(i, summary=text, status=ItemStatus.GAP, findings=(finding,))
        for i in checklist.items
    )
    return ChecklistView(
        replace(checklist, items=items),
        replace(make_project().device, name=text),
        date(2026, 11, 27),
    )


def _xml_read_back(text: str) -> str:
    """What an XML parser gives back for ``text``: line ends normalised to LF, characters XML
    cannot carry shown as their escapes (outputs/xmlchars.py)."""
    from medsec.outputs.xmlchars import xml_text

    return xml_text(text).replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture(scope="module")
def plain_junit() -> list[str]:
    return [f"{e.tag}{sorted(e.attrib)}" for e in _parse_junit(PLAIN).iter()]


def _parse_junit(text: str) -> Any:
    return ElementTree.fromstring(junit.render(junit_view(text)).encode())


@budget(80)
@given(HOSTILE)
def test_junit_xml_reads_back_any_string(plain_junit: list[str], text: str) -> None:
    root = _parse_junit(text)
    assert [f"{e.tag}{sorted(e.attrib)}" for e in root.iter()] == plain_junit
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    expected = _xml_read_back(text)
    assert failure.get("message") == xml_text_attr(text)
    assert expected in (failure.text or "")


def xml_text_attr(text: str) -> str:
    """An attribute value read back: XML normalises no line ends in escaped attributes."""
    from medsec.outputs.xmlchars import xml_text

    return xml_text(text)


# --- diagram Mermaid (Markdown viewers draw it, labels as HTML) --------------------------------

_MERMAID_LABEL = re.compile(r'"[^"]*"')


def mermaid_skeleton(source: str) -> tuple[str, list[str]]:
    """The Mermaid source with every ``"..."`` label replaced by ``"S"``; and the labels, with
    the renderer's own ``<br/>`` taken out."""
    labels = [m.group()[1:-1].replace("<br/>", "\n") for m in _MERMAID_LABEL.finditer(source)]
    return _MERMAID_LABEL.sub('"S"', source), labels


@pytest.fixture(scope="module")
def plain_mermaid() -> str:
    return mermaid_skeleton(to_mermaid(hostile_project(PLAIN)))[0]


@budget(80)
@given(HOSTILE)
def test_diagram_mermaid_keeps_any_string_inside_its_labels(plain_mermaid: str, text: str) -> None:
    skeleton, labels = mermaid_skeleton(to_mermaid(hostile_project(text)))
    assert skeleton == plain_mermaid
    for label in labels:
        assert not set(label) & set('<>"`'), f"markup in a label: {label!r}"
