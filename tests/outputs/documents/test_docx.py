"""The Word edition: real headings and tables, SVG pictures, fields, byte-identical rebuilds."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Twips
from tests.outputs.documents.hand_built import (
    HOSTILE,
    SVG,
    WIDE_COLUMNS,
    large_document,
    make_document,
    wide_document,
)

from medsec.domain.document import Section, Statement, Status, Table, TableRow
from medsec.domain.errors import UsageError
from medsec.outputs.documents.docx import (
    LANDSCAPE_TEXT_WIDTH_TWIPS,
    TEXT_WIDTH_TWIPS,
    render_docx,
    standalone_svg,
    svg_size,
)
from medsec.outputs.documents.view import MATRIX_COLUMNS

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def _word(data: bytes) -> WordDocument:
    return docx.Document(io.BytesIO(data))


def _styled(word: WordDocument, style: str) -> list[str]:
    return [p.text for p in word.paragraphs if p.style is not None and p.style.name == style]


def test_headings_are_word_headings_numbered_as_in_every_edition() -> None:
    word = _word(render_docx(make_document()))
    assert _styled(word, "Title") == ["Premarket cybersecurity documentation"]
    hostile = HOSTILE.replace("\x00", "\ufffd").replace("\x0b", "\ufffd")
    assert _styled(word, "Heading 1") == [
        "Changes since revision 2",
        f"1 Scope {hostile}",  # Word text is not markup: shown as written, control chars replaced
        "2 Conformance matrix",
        "3 Architecture views",
        "4 Empty section",
        "Open questions",
        "Approval",
    ]
    assert _styled(word, "Heading 2") == ["2.1 Software bill of materials", "3.1 Management plan"]


def test_tables_are_word_tables_with_their_header_rows() -> None:
    word = _word(render_docx(make_document()))
    assert all(t.style is not None and t.style.name == "Table Grid" for t in word.tables)
    headers = [[c.text for c in t.rows[0].cells] for t in word.tables]
    assert headers == [
        ["Document", "fda-premarket"],  # the title page's facts: no header row
        list(MATRIX_COLUMNS),
        ["Name", "Version", "Support", "Evidence"],
        ["Key", "Value"],
        ["Section", "Question", "Answer in"],
        ["Role", "Name", "Signature", "Date"],
    ]
    matrix = word.tables[1]
    assert [r.cells[0].text for r in matrix.rows[1:4]] == ["5.1.1", "5.2.1", "9.1"]
    assert [r.cells[1].text for r in matrix.rows[1:5]] == [
        "met", "not met", "not applicable", "partly met",
    ]  # fmt: skip
    assert matrix.rows[1].cells[3].text == (
        "medsec.yaml:40 (threats, 2026-11-02)\nmedsec check (2026-11-02)"
    )
    assert [r.cells[0].text for r in word.tables[-1].rows[1:]] == [
        "Security lead", "Regulatory affairs",
    ]  # fmt: skip


def test_statements_evidence_questions_and_empty_tables_are_in_the_text() -> None:
    word = _word(render_docx(make_document()))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Evidence: medsec.yaml:3 (2026-11-02)" in text
    assert "Table 2: Ports" in text and "No open ports." in text
    assert "Name the personnel. Answer in documents/answers.yaml: personnel" in text
    assert "No layout engine ran." in text and "Figure 2: Multi-patient harm view" in text
    assert "The drawing is shown in the PDF and HTML editions." not in text  # SVG is valid XML


def test_a_drawing_is_an_svg_picture_with_a_png_fallback() -> None:
    data = render_docx(make_document())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        svgs = [n for n in names if n.endswith(".svg")]
        assert svgs == ["word/media/image1.svg"]  # the rejected drawing is not embedded
        assert archive.read(svgs[0]).decode().endswith(SVG)
        body = archive.read("word/document.xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
        types = archive.read("[Content_Types].xml").decode()
    assert "word/media/image1.png" in names
    assert 'uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}"' in body and "asvg:svgBlip" in body
    assert 'Target="media/image1.svg"' in rels and 'ContentType="image/svg+xml"' in types
    assert "docProps/thumbnail.jpeg" not in names


def test_svg_for_word_is_standalone_and_sized_to_fit_the_page() -> None:
    bare = '<svg width="1200pt" height="300pt"><rect width="1" height="1"/></svg>'
    standalone = standalone_svg(bare)
    assert standalone is not None and standalone.startswith("<?xml")
    assert 'xmlns="http://www.w3.org/2000/svg"' in standalone
    assert svg_size(standalone) == pytest.approx((481.0, 120.25))
    assert svg_size('<svg viewBox="0 0 200 100">') == (200.0, 100.0)
    assert svg_size('<svg width="400px" height="200px">') == (300.0, 150.0)
    assert standalone_svg("<svg><g></svg>") is None  # not XML: the caption says where it is
    linked = standalone_svg('<svg xmlns:xlink="http://www.w3.org/1999/xlink"><g/></svg>')
    assert linked is not None and 'xmlns="http://www.w3.org/2000/svg"' in linked
    assert standalone_svg('<svg xmlns="urn:other"><g/></svg>') is None


def test_the_contents_field_and_page_number_fields_are_there() -> None:
    with zipfile.ZipFile(io.BytesIO(render_docx(make_document()))) as archive:
        body = archive.read("word/document.xml").decode()
        footer = archive.read("word/footer1.xml").decode()
        settings = archive.read("word/settings.xml").decode()
    assert 'TOC \\o "1-2" \\h \\z \\u' in body
    assert body.count('w:fldCharType="begin"') == body.count('w:fldCharType="end"') == 1
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert settings.index("<w:updateFields") < settings.index("<w:compat")


def test_pages_are_a4() -> None:
    section = _word(render_docx(make_document())).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # type: ignore[union-attr]
    assert section.different_first_page_header_footer


def test_two_builds_are_byte_identical_and_carry_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first, second = render_docx(make_document()), render_docx(make_document())
    assert first == second
    properties = _word(first).core_properties
    assert properties.created == properties.modified == datetime(2026, 1, 1, tzinfo=UTC)
    assert properties.revision == 3 and properties.identifier == "fda-premarket"
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")
    assert render_docx(make_document()) != first


def test_without_source_date_epoch_the_revision_date_is_recorded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = render_docx(make_document())
    assert _word(data).core_properties.created == datetime(2026, 11, 27, tzinfo=UTC)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 11, 27, 0, 0, 0)}


def test_a_bad_source_date_epoch_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "-5")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        render_docx(make_document())


def test_long_tables_are_written_whole() -> None:
    word = _word(render_docx(large_document(matrix_rows=50, table_rows=1200)))
    matrix, components = word.tables[1], word.tables[2]
    assert len(matrix.rows) == 51 and len(components.rows) == 1201
    assert components.rows[-1].cells[0].text == "component-1199"


def test_a_wide_table_is_a_landscape_section_of_its_own_with_the_running_header(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    data = render_docx(wide_document())
    assert render_docx(wide_document()) == data  # its extra header and footer parts too
    word = _word(data)
    _, wide, rest = word.sections
    sizes = [(round(s.page_width.mm), round(s.page_height.mm)) for s in word.sections]  # type: ignore[union-attr]
    assert sizes == [(210, 297), (297, 210), (210, 297)]
    assert wide.orientation == WD_ORIENT.LANDSCAPE
    # only the first section holds the title page (without header); the others show it at once
    assert [s.different_first_page_header_footer for s in word.sections] == [True, False, False]
    header, footer = wide.header.paragraphs[0], wide.footer.paragraphs[0]
    assert header.text.endswith("\tfda-premarket · revision 3") and "page" in footer.text
    (stop,) = header.paragraph_format.tab_stops
    assert stop.position == Twips(LANDSCAPE_TEXT_WIDTH_TWIPS)
    assert rest.header.paragraphs[0].paragraph_format.tab_stops[0].position == Twips(
        TEXT_WIDTH_TWIPS
    )
    # the table is in the landscape section, as wide as its text
    body = list(word.element.body)
    breaks = [i for i, e in enumerate(body) if e.find(".//" + qn("w:sectPr")) is not None]
    paths = next(t for t in word.tables if t.rows[0].cells[0].text == WIDE_COLUMNS[0])
    assert breaks[0] < body.index(paths._tbl) < breaks[1]
    # its section opens with it: the heading is in the landscape section too
    (heading,) = (p for p in word.paragraphs if p.text == "2 Paths")
    assert breaks[0] < body.index(heading._p) < body.index(paths._tbl)
    grid = paths._tbl.tblGrid.findall(qn("w:gridCol"))
    assert sum(int(c.get(qn("w:w"))) for c in grid) == pytest.approx(
        LANDSCAPE_TEXT_WIDTH_TWIPS, abs=30
    )


def test_wide_tables_in_a_row_share_one_landscape_section() -> None:
    paths = wide_document().sections[1].tables[0]
    narrow = Table("Narrow", ("Key", "Value"), (TableRow(("a", "b")),))
    section = Section("s", "S", Status.MET, (Statement("x"),), tables=(paths, paths, narrow, paths))
    word = _word(render_docx(make_document((section,))))
    orientations = [s.orientation for s in word.sections]
    portrait, landscape = WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE
    assert orientations == [portrait, landscape, portrait, landscape, portrait]
