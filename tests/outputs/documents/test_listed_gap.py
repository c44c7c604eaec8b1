"""A check finding is a statement and its own gap: every edition prints it once, with its
status, evidence and how to close it; a gap that says more is printed; a matrix keeps its
Gap column."""

from __future__ import annotations

import io
import re
from datetime import date

import docx
from tests.outputs.documents.hand_built import make_document

from medsec.domain.document import Document, EvidenceRef, Section, Statement, Status
from medsec.outputs.documents.docx import render_docx
from medsec.outputs.documents.html import render_html
from medsec.outputs.documents.markdown import render_markdown
from medsec.outputs.documents.view import listed_gap

FINDING = "MD-05@pump-fw is open with critical risk, above the acceptance threshold (medium)"
FIX = "threats.yaml: threats[MD-05@pump-fw].controls: [CONTROL-ID]"
OTHER_TEXT = "Two interfaces have no stated port."
OTHER_GAP = "usb-cdc and jtag state no port"
ROW_TEXT = "The SBOM is reviewed."


def _document() -> Document:
    ref = EvidenceRef("threats.yaml", 1937, "threat:MD-05@pump-fw", date(2026, 11, 2))
    listed = Section(
        "risks",
        "Risks above the acceptance threshold",
        Status.NOT_MET,
        statements=(
            Statement(FINDING, (ref,), Status.NOT_MET, gap=FINDING, fix=FIX),
            Statement(OTHER_TEXT, (), Status.PARTLY, gap=OTHER_GAP),
        ),
    )
    matrix = Section(
        "matrix",
        "Conformance matrix",
        Status.NOT_MET,
        statements=(Statement(ROW_TEXT, (), Status.NOT_MET, "5.2.1", ROW_TEXT, "medsec sbom"),),
        matrix=True,
    )
    return make_document((listed, matrix))


def test_listed_gap_is_none_when_it_repeats_the_statement() -> None:
    assert listed_gap(Statement(FINDING, gap=FINDING)) is None
    assert listed_gap(Statement(FINDING, gap=f" {FINDING}\n")) is None
    assert listed_gap(Statement(OTHER_TEXT, gap=OTHER_GAP)) == OTHER_GAP
    assert listed_gap(Statement(OTHER_TEXT)) is None


def test_markdown_prints_a_finding_once_with_status_evidence_and_fix() -> None:
    text = render_markdown(_document())
    assert text.count(FINDING) == 1
    item = next(line for line in text.splitlines() if FINDING in line)
    assert item.startswith("- [not met] ")
    follow = text[text.index(item) :].splitlines()[1:3]
    assert follow[0].startswith("  Evidence: `threats.yaml:1937")
    assert follow[1] == f"  How to close: `{FIX}`"
    assert item.endswith("\\") and follow[0].endswith("\\")  # hard line breaks
    assert f"[partly met] {OTHER_TEXT}\\\n  Gap: {OTHER_GAP}" in text


def test_html_prints_the_gap_only_when_it_says_more() -> None:
    text = render_html(_document())
    start = text.index('<ul class="statements">')
    listed = text[start : text.index("</ul>", start)]
    assert listed.count(FINDING) == 1
    assert listed.count("Gap: ") == 1 and f"Gap: {OTHER_GAP}" in listed
    assert "How to close: " in listed


def test_word_prints_the_gap_only_when_it_says_more() -> None:
    word = docx.Document(io.BytesIO(render_docx(_document())))
    text = "\n".join(p.text for p in word.paragraphs)
    assert text.count(FINDING) == 1
    assert re.findall(r"Gap: .*", text) == [f"Gap: {OTHER_GAP}"]


def test_a_matrix_keeps_its_gap_column_even_when_it_repeats_the_row() -> None:
    md = render_markdown(_document())
    assert md.count(ROW_TEXT) == 2
    html = render_html(_document())
    matrix = html[html.index('<table class="matrix">') :]
    assert matrix.count(ROW_TEXT) == 2
    word = docx.Document(io.BytesIO(render_docx(_document())))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert cells.count(ROW_TEXT) == 2
