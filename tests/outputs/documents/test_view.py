"""The print layout shared by HTML, PDF and Word: numbers, widths, checked drawings, times."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from tests.outputs.documents.hand_built import (
    EVIL_SVG,
    SVG,
    WIDE_COLUMNS,
    make_document,
    wide_document,
)

from medsec.domain.document import Section, Statement, Status, Table, TableRow
from medsec.domain.errors import UsageError
from medsec.outputs.documents import RENDERERS
from medsec.outputs.documents.timestamp import embedded_time, zip_time
from medsec.outputs.documents.view import REJECTED_SVG, build_view, column_widths


def test_the_registry_offers_pdf_first_then_docx_html_md_json() -> None:
    assert RENDERERS.names == ("pdf", "docx", "html", "md", "json")
    assert RENDERERS.default == "pdf"
    assert RENDERERS["docx"].suffix == ".docx" and RENDERERS["pdf"].suffix == ".pdf"


def test_tables_and_figures_are_numbered_through_the_document() -> None:
    view = build_view(make_document())
    numbers = [(s.number, s.anchor) for s in view.sections]
    assert numbers == [
        ("1", "sec-1"), ("2", "sec-2"), ("2.1", "sec-2-1"), ("3", "sec-3"), ("3.1", "sec-3-1"),
        ("4", "sec-4"),
    ]  # fmt: skip
    tables = [(t.number, t.table.caption) for s in view.sections for t in s.tables]
    assert tables == [(1, "Components"), (2, "Ports"), (3, "Plain")]
    figures = [(f.number, f.figure.id) for s in view.sections for f in s.figures]
    assert figures == [(1, "global"), (2, "multi"), (3, "evil")]


def test_a_drawing_is_kept_only_when_the_check_accepts_it() -> None:
    view = build_view(make_document())
    good, missing, evil = (f for s in view.sections for f in s.figures)
    assert good.svg == SVG and good.note == ""
    assert missing.svg is None and missing.note == "No layout engine ran."
    assert evil.svg is None and evil.note == REJECTED_SVG and EVIL_SVG.startswith("<svg")


def test_the_evidence_column_is_added_only_when_rows_have_evidence() -> None:
    components, ports, plain = (t for s in build_view(make_document()).sections for t in s.tables)
    assert components.columns[-1] == "Evidence" and components.with_evidence
    assert ports.columns == ("Port", "Protocol") and not ports.rows
    assert plain.columns == ("Key", "Value") and len(plain.widths) == 2


def test_column_widths_follow_the_content_and_fill_the_width() -> None:
    rows = tuple(TableRow(("x", "a long description of the component " * 2)) for _ in range(5))
    fitted = column_widths(("Id", "Description"), rows)
    narrow, wide = fitted.widths
    assert wide > 3 * narrow and narrow + wide == pytest.approx(100.0, abs=0.05)
    assert not fitted.wide  # two columns: a portrait page holds them
    version, name = column_widths(("Version", "Name"), (TableRow(("1.2", "openssl")),)).widths
    assert version > name  # the bold header "Version" (+2), not its short cells, sets its width


def test_max_rows_shortens_tables_and_statement_lists_but_never_a_matrix() -> None:
    rows = tuple(TableRow((str(n),)) for n in range(30))
    said = tuple(Statement(f"s{n}") for n in range(30))
    doc = make_document(
        (
            Section("t", "T", Status.MET, said, tables=(Table("Long", ("N",), rows),)),
            Section("m", "M", Status.MET, said, matrix=True),
        )
    )
    full = build_view(doc).sections[0]
    short, matrix = build_view(doc, max_rows=10).sections
    assert len(full.tables[0].rows) == 30 and full.tables[0].omitted == 0
    assert full.statements == said and full.omitted == 0
    assert short.tables[0].rows == rows[:10] and short.tables[0].omitted == 20
    assert short.statements == said[:10] and short.omitted == 20
    assert matrix.statements == said and matrix.omitted == 0


def test_open_questions_are_gathered_with_their_section() -> None:
    questions = build_view(make_document()).questions
    assert [(q.number, q.anchor) for q in questions] == [("3", "sec-3"), ("3.1", "sec-3-1")]


def test_the_change_list_compares_with_the_previous_revision_only_when_there_is_one() -> None:
    assert build_view(make_document()).previous_revision == 2
    first = make_document(revision=1)
    assert build_view(first).previous_revision is None


def test_the_contents_are_the_change_list_the_numbered_sections_questions_and_approval() -> None:
    contents = build_view(make_document()).contents
    assert [(e.number, e.level, e.anchor) for e in contents] == [
        (None, 1, "changes"), ("1", 1, "sec-1"), ("2", 1, "sec-2"), ("2.1", 2, "sec-2-1"),
        ("3", 1, "sec-3"), ("3.1", 2, "sec-3-1"), ("4", 1, "sec-4"),
        (None, 1, "open-questions"), (None, 1, "approval"),
    ]  # fmt: skip
    assert contents[0].title == "Changes since revision 2" and contents[-1].title == "Approval"
    assert build_view(make_document(revision=1)).contents[0].number == "1"  # no change list


def test_captions_carry_the_numbers_every_edition_prints() -> None:
    view = build_view(make_document())
    assert [t.caption for s in view.sections for t in s.tables] == [
        "Table 1: Components", "Table 2: Ports", "Table 3: Plain",
    ]  # fmt: skip
    assert [f.caption for s in view.sections for f in s.figures][:2] == [
        "Figure 1: Global system view", "Figure 2: Multi-patient harm view",
    ]  # fmt: skip


def test_embedded_time_is_source_date_epoch_else_the_revision_date() -> None:
    assert embedded_time(date(2026, 11, 27), {}) == datetime(2026, 11, 27, tzinfo=UTC)
    assert embedded_time(date(2026, 11, 27), {"SOURCE_DATE_EPOCH": "1700000000"}) == (
        datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    )
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        embedded_time(date(2026, 11, 27), {"SOURCE_DATE_EPOCH": "yesterday"})
    with pytest.raises(UsageError, match="out of range"):
        embedded_time(date(2026, 11, 27), {"SOURCE_DATE_EPOCH": "9" * 30})


def test_zip_times_start_in_1980_and_step_by_two_seconds() -> None:
    assert zip_time(datetime(1970, 1, 1, tzinfo=UTC)) == (1980, 1, 1, 0, 0, 0)
    assert zip_time(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == (2026, 1, 2, 3, 4, 4)


def test_wide_tables_and_the_sections_they_open() -> None:
    before, paths, after = build_view(wide_document()).sections
    assert paths.tables[0].wide and paths.opens_wide
    assert not before.tables[0].wide and not before.opens_wide and not after.opens_wide
    # an empty table says so in a sentence: never a landscape page for it
    empty = Table("Paths", WIDE_COLUMNS, (), empty="No paths.")
    (section,) = build_view(
        make_document((Section("e", "E", Status.MET, tables=(empty,)),))
    ).sections
    assert not section.tables[0].wide and not section.opens_wide
    # statements before the table: the heading stays with them
    said = Section(
        "s", "S", Status.MET, (Statement("x"),), tables=wide_document().sections[1].tables
    )
    (section,) = build_view(make_document((said,))).sections
    assert section.tables[0].wide and not section.opens_wide
