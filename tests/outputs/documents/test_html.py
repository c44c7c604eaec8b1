"""The HTML edition: every element shown, every string escaped, self-contained, deterministic."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from tests.outputs.documents.hand_built import HOSTILE, LONG_WORD, make_document

from medsec.domain.document import EvidenceRef, Section, Statement, Status
from medsec.outputs.documents.html import render_html
from medsec.outputs.documents.view import MATRIX_COLUMNS, REJECTED_SVG

VOID = {"br", "col", "meta", "hr", "img", "link", "wbr"}
REMOTE = re.compile(r"""\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


class _Balance(HTMLParser):
    """Collects ids, links and errors: an end tag that does not close the innermost element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> at {self.getpos()} closes {self.stack[-3:]}")
            return
        self.stack.pop()


def _parsed(html: str) -> _Balance:
    parser = _Balance()
    parser.feed(html)
    parser.close()
    return parser


def test_every_user_string_is_escaped() -> None:
    html = render_html(make_document())
    assert "<script" not in html.lower()  # neither the hostile text nor the rejected drawing
    assert "<b>Smith</b>" not in html and escape("Dana <b>Smith</b>") in html
    assert escape(HOSTILE.replace("\x00", "").replace("\x0b", ""))[:40] in html
    assert "]]>" not in html and "]]&gt;" in html
    assert "ACME Medical &amp; Co" in html
    assert "&amp;amp;" in html  # a cell that is literally "&amp;" stays readable as such


def test_the_page_is_well_formed_and_every_link_has_its_target() -> None:
    parsed = _parsed(render_html(make_document()))
    assert not parsed.errors, parsed.errors[:5]
    assert not parsed.stack, f"unclosed: {parsed.stack}"
    targets = [link[1:] for link in parsed.links if link.startswith("#")]
    assert targets and all(t in parsed.ids for t in targets), set(targets) - parsed.ids


def test_it_is_self_contained() -> None:
    html = render_html(make_document())
    assert not REMOTE.search(html)
    assert "<style>" in html and "Content-Security-Policy" in html and "<link" not in html


def test_title_page_contents_and_sections_are_all_there() -> None:
    html = render_html(make_document())
    for fact in ("fda-premarket", "sha256:" + "ab" * 32, "sha256:" + "cd" * 32, "2026-11-27",
                 "FDA premarket guidance (2025), IEC 81001-5-1", "3.2.0"):  # fmt: skip
        assert fact in html, fact
    for number, title in (("1", "Scope"), ("2", "Conformance matrix"),
                          ("2.1", "Software bill of materials"), ("3", "Architecture views"),
                          ("3.1", "Management plan"), ("4", "Empty section")):  # fmt: skip
        assert f'<span class="num">{number}</span><span class="title">{title}' in html  # contents
        assert f'<span class="num">{number}</span> {title}' in html  # heading
    assert "Changes since revision 2" in html and "Section 2: 5.2.1 became not met." in html


def test_statuses_show_as_labelled_badges_and_info_shows_none() -> None:
    html = render_html(make_document())
    for status, label in (("met", "met"), ("partly", "partly met"), ("not-met", "not met"),
                          ("not-applicable", "not applicable")):  # fmt: skip
        assert f'<span class="badge status-{status}">{label}</span>' in html
    assert "status-info" not in html and "Descriptive" in html


def test_the_matrix_is_a_table_with_its_six_columns_and_evidence_labels() -> None:
    html = render_html(make_document())
    header = "".join(f"<th>{c}</th>" for c in MATRIX_COLUMNS)
    assert header in html
    assert '<code class="ref">medsec.yaml:40 (threats, 2026-11-02)</code>' in html
    assert '<code class="ref">medsec check (2026-11-02)</code>' in html
    assert '<span class="fix">medsec sbom</span>' in html


def test_data_tables_have_an_evidence_column_only_when_rows_have_evidence() -> None:
    html = render_html(make_document())
    components = html[html.index("Table 1: Components") : html.index("Table 2: Ports")]
    assert "<th>Evidence</th>" in components and "pkg:generic/openssl@3.0.13" in components
    ports = html[html.index("Table 2: Ports") : html.index("Table 3: Plain")]
    assert "<table" not in ports and "No open ports." in ports
    plain = html[html.index("Table 3: Plain") : html.index("Figure 1")]
    assert "<th>Evidence</th>" not in plain and "<td>a</td><td>b</td>" in plain
    assert LONG_WORD in html  # kept whole: the stylesheet wraps it


def test_figures_are_inline_svg_or_say_why_not() -> None:
    html = render_html(make_document())
    assert html.count("<svg") == 1 and "pump &amp; app" in html
    assert "Figure 1: Global system view" in html
    assert "No layout engine ran." in html and "Figure 2: Multi-patient harm view" in html
    assert REJECTED_SVG in html and "alert(2)" not in html


def test_open_questions_per_section_and_in_the_closing_chapter() -> None:
    html = render_html(make_document())
    closing = html[html.index('id="open-questions"') : html.index('id="approval"')]
    assert "2 questions the evidence could not answer" in closing
    assert '<a href="#sec-3">3 Architecture views</a>' in closing
    assert "<code>documents/answers.yaml: personnel</code>" in closing
    section = html[html.index('id="sec-3-1"') : html.index('id="sec-4"')]
    assert "Name the personnel." in section and "1 open question" in section


def test_the_approval_block_has_a_row_per_role() -> None:
    html = render_html(make_document())
    approval = html[html.index('id="approval"') :]
    assert "<th>Role</th><th>Name</th><th>Signature</th><th>Date</th>" in approval
    assert (
        "<td>Security lead</td>" in approval and "<td>Regulatory affairs</td><td></td>" in approval
    )


def test_a_first_revision_without_questions_or_approvers_says_so() -> None:
    doc = make_document(revision=1)
    doc = type(doc)(doc.header, tuple(s for s in doc.sections if not s.open_questions))
    html = render_html(doc)
    assert "Changes since revision" not in html
    assert "None: the evidence and the answers fill every section." in html
    assert "No approver named" in html


def test_html_lists_every_evidence_reference() -> None:
    cited = tuple(EvidenceRef(f"element-{n}.yaml") for n in range(40))
    doc = make_document((Section("s", "S", Status.MET, (Statement("Wide.", cited),)),))
    html = render_html(doc)
    assert "element-39.yaml" in html and "more (the HTML" not in html


def test_identical_documents_give_identical_html() -> None:
    assert render_html(make_document()) == render_html(make_document())
