"""The PDF edition: pages, headings, running header and footer, contents, vector figures,
byte-identical rebuilds, and the usage error without pango.

WeasyPrint needs pango from the system and ``pdftoppm`` (Debian's ``poppler-utils``) renders
the pages; each test that needs one skips, saying what to install, when it is absent.
"""

from __future__ import annotations

import builtins
import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.outputs.documents.hand_built import large_document, make_document, wide_document

from medsec.domain.document import EvidenceRef, Section, Statement, Status, Table, TableRow
from medsec.domain.errors import UsageError
from medsec.outputs import weasy
from medsec.outputs.documents import pdf as pdf_module
from medsec.outputs.documents.pdf import render_pdf
from medsec.outputs.documents.view import column_widths
from medsec.outputs.report.pdf import PANGO_HINT


def _weasyprint_problem() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as e:
        return f"WeasyPrint cannot run (apt-get install libpango-1.0-0 libpangoft2-1.0-0): {e}"
    return None


needs_weasyprint = pytest.mark.skipif(
    _weasyprint_problem() is not None, reason=str(_weasyprint_problem())
)


@pytest.fixture(scope="module")
def built() -> bytes:
    """The rich document's PDF, built once, without SOURCE_DATE_EPOCH."""
    if _weasyprint_problem() is not None:
        pytest.skip(str(_weasyprint_problem()))
    with pytest.MonkeyPatch.context() as env:
        env.delenv("SOURCE_DATE_EPOCH", raising=False)
        return render_pdf(make_document())


@pytest.fixture(scope="module")
def pages(built: bytes) -> list[str]:
    """The text of each page of the rich document's PDF."""
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(built)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_title_contents_sections_questions_and_approval_each_have_their_pages(
    pages: list[str],
) -> None:
    # title page, contents, body (at least two pages here), open questions, approval
    assert len(pages) >= 6
    assert "Premarket cybersecurity documentation" in pages[0] and "Inputs digest" in pages[0]
    assert "Contents" in pages[1]
    assert "Open questions" in pages[-2] and "2 questions the evidence" in _flat(pages[-2])
    assert "By signing" in pages[-1] and "Signature" in pages[-1]


def test_every_heading_is_in_the_text(pages: list[str]) -> None:
    body = _flat(" ".join(pages[2:]))
    for heading in ("Changes since revision 2", "1 Scope", "2 Conformance matrix",
                    "2.1 Software bill of materials", "3 Architecture views",
                    "3.1 Management plan", "4 Empty section", "Open questions", "Approval"):  # fmt: skip
        assert heading in body, heading


def test_running_header_and_page_numbers(pages: list[str]) -> None:
    total = len(pages)
    assert f"page 1 of {total}" in pages[0]
    assert "fda-premarket · revision 3" not in pages[0]  # no running header on the title page
    for n, text in enumerate(pages[1:], 2):
        assert f"page {n} of {total}" in text
        assert "fda-premarket · revision 3" in text and "3.2.0" in text


def test_the_contents_give_the_page_of_each_entry(pages: list[str]) -> None:
    contents = _flat(pages[1])
    approval = next(n for n, text in enumerate(pages, 1) if "By signing" in text)
    assert re.search(rf"Approval[ .]*{approval}\b", contents), contents
    matrix = next(n for n, text in enumerate(pages, 1) if "How to close" in text)
    assert re.search(rf"2 Conformance matrix[ .]*partly met[ .]*{matrix}\b", contents), contents


def test_figures_are_vector_graphics(built: bytes, pages: list[str]) -> None:
    from pypdf import PdfReader

    assert all(not page.images for page in PdfReader(io.BytesIO(built)).pages)  # no raster
    assert any("pump & app" in text for text in pages)  # the drawing's text is text


@needs_weasyprint
def test_two_builds_are_byte_identical_and_carry_source_date_epoch(
    built: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    first, second = render_pdf(make_document()), render_pdf(make_document())
    assert first == second
    assert first != built  # the variable, not the revision date, is what the file records
    info = PdfReader(io.BytesIO(first)).metadata
    assert info is not None and info.creation_date == datetime(2026, 1, 1, tzinfo=UTC)
    assert info.modification_date == datetime(2026, 1, 1, tzinfo=UTC)


def test_without_source_date_epoch_the_revision_date_is_recorded(built: bytes) -> None:
    from pypdf import PdfReader

    info = PdfReader(io.BytesIO(built)).metadata
    assert info is not None and info.creation_date == datetime(2026, 11, 27, tzinfo=UTC)
    assert info.title is not None and "\x00" not in info.title
    assert info.title.startswith("Premarket cybersecurity documentation: ACME Pump <script>")


def test_a_bad_source_date_epoch_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "last tuesday")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        render_pdf(make_document())


def test_every_page_renders(built: bytes, tmp_path: Path) -> None:
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(built)
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not installed (apt-get install poppler-utils): pages not rendered")
    done = subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rendered = sorted(tmp_path.glob("page-*.png"))
    assert len(rendered) >= 6 and all(p.stat().st_size > 500 for p in rendered)


@needs_weasyprint
def test_long_tables_and_lists_print_their_first_rows_and_say_where_the_rest_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pypdf import PdfReader

    monkeypatch.setattr(pdf_module, "PRINT_MAX_ROWS", 20)
    monkeypatch.setattr(pdf_module, "PRINT_MAX_REFS", 3)
    doc = large_document(matrix_rows=30, table_rows=45)
    cited = tuple(EvidenceRef(f"element-{n}.yaml") for n in range(10))
    wide = Statement("Rests on ten elements.", cited)
    listed = Section("list", "Risks", Status.PARTLY, (wide, *doc.sections[0].statements[:24]))
    doc = replace(doc, sections=(*doc.sections, listed))
    reader = PdfReader(io.BytesIO(render_pdf(doc)))
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    assert "Rows 1–20 of 45 are printed here" in text
    assert "component-19" in text and "component-20 " not in text
    assert "Statements 1–20 of 25 are printed here" in text
    assert "element-2.yaml" in text and "element-3.yaml" not in text
    assert "… and 7 more (the HTML, Word, Markdown and JSON editions list all)" in text
    assert text.count("Requirement 29 is met") == 1  # the matrix prints whole
    assert text.count("Requirement 18 is met") == 2  # in the matrix and in the list
    assert text.count("Requirement 21 is met") == 1  # the list stops at 20 (19 of these)


def test_without_pango_pdf_is_a_usage_error_saying_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = builtins.__import__

    def no_weasyprint(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(UsageError) as caught:
        render_pdf(make_document())
    assert PANGO_HINT in str(caught.value) and "libpango" in str(caught.value)


@needs_weasyprint
def test_a_wide_table_prints_on_a_landscape_page_of_its_own() -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render_pdf(wide_document())))
    landscape = [
        n for n, page in enumerate(reader.pages) if page.mediabox.width > page.mediabox.height
    ]
    assert len(landscape) == 1  # eight rows fit on one
    (n,) = landscape
    text = _flat(reader.pages[n].extract_text())
    assert "Table 2: Paths" in text and "Protocol stack 11" in text
    assert "fda-premarket · revision 3" in text and f"page {n + 1} of {len(reader.pages)}" in text
    before, after = (_flat(reader.pages[i].extract_text()) for i in (n - 1, n + 1))
    assert "Table 1: Before" in before and "Protocol stack" not in before
    # the section opens with the table: its heading is on the landscape page, not left behind
    assert "2 Paths Status: met" in text and "Paths" not in before
    assert "After the wide table" in after  # portrait again, on the next page
    assert reader.pages[n + 1].mediabox.height > reader.pages[n + 1].mediabox.width


@needs_weasyprint
def test_wide_tables_in_a_row_share_their_landscape_page() -> None:
    from pypdf import PdfReader

    paths = wide_document().sections[1].tables[0]
    paths = replace(paths, rows=paths.rows[:2])  # two of them fit on one page
    two = Section("s", "S", Status.MET, (Statement("x"),), tables=(paths, paths))
    reader = PdfReader(io.BytesIO(render_pdf(make_document((two,)))))
    landscape = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    assert len(landscape) == 1
    text = _flat(landscape[0].extract_text())
    assert "Table 1: Paths" in text and "Table 2: Paths" in text


# The FDA document's threat table (the example's first row): nine columns, whose headers need
# a little more than a portrait page gives them.
RISK_COLUMNS = (
    "Threat",
    "Title",
    "Inherent CVSS 3.1",
    "Risk",
    "Residual CVSS 3.1",
    "Residual risk",
    "Decision",
    "Controls",
)
_VECTOR = "4.3 (CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N)"
RISK_ROW = TableRow(
    (
        "LINDDUN-D@clinician-app",
        "Patients and hospital staff detectable by observers of patient data in the ACME "
        "Infusion clinician app (Android)",
        _VECTOR,
        "medium",
        _VECTOR,
        "medium",
        "accept",
        "none",
    ),
    (EvidenceRef("threats.yaml", 8, "LINDDUN-D@clinician-app"),),
)


@needs_weasyprint
def test_a_header_word_that_gives_way_is_hyphenated_not_cut() -> None:
    from pypdf import PdfReader

    table = Table("Threats before and after mitigation", RISK_COLUMNS, (RISK_ROW,) * 4)
    assert not column_widths(RISK_COLUMNS, table.rows).wide  # printed on a portrait page
    section = Section("risk", "Risk", Status.MET, tables=(table,))
    reader = PdfReader(io.BytesIO(render_pdf(make_document((section,)))))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # the portrait page gives "Residual risk", "Decision" and "Controls" less than their
    # longest word: they break where English hyphenation allows, with a hyphen (U+2010)
    assert "Resid\u2010\nual risk" in text and "De\u2010\ncision" in text
    assert "Residua\nl" not in text and "Decisio\nn" not in text and "Control\ns" not in text


@needs_weasyprint
def test_the_trimmed_user_agent_sheet_lays_out_the_same_pdf_byte_for_byte(
    built: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the rich document has lists (markers), tables, figures and the contents' leaders
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    job = pdf_module.print_job(make_document())
    assert pdf_module.lay_out(job) == built
    monkeypatch.setattr(pdf_module, "_document_html", pdf_module.load_weasyprint)
    assert pdf_module.lay_out(job) == built  # WeasyPrint's own sheet: the same bytes


@needs_weasyprint
def test_the_installed_weasyprint_lays_out_with_the_trimmed_sheet() -> None:
    # a WeasyPrint release whose sheet no longer has these rules falls back to its own (slower):
    # this test says so when it happens
    from weasyprint import HTML
    from weasyprint import html as ua

    trimmed = weasy.trimmed_user_agent_sheet(ua.UA)
    assert trimmed is not None and "\nli::marker {" in trimmed and "footnote-call" not in trimmed
    assert pdf_module._document_html() is not HTML
    assert issubclass(pdf_module._document_html(), HTML)


def test_a_user_agent_sheet_without_the_expected_rules_is_left_alone() -> None:
    sheet = "::marker { white-space: pre }\n::footnote-call { content: counter(footnote) }\n"
    assert weasy.trimmed_user_agent_sheet(sheet) is None  # the other note rules missing
    notes = "".join(f"{rule}{{ content: none }}\n" for rule in weasy._UA_NOTES)
    assert weasy.trimmed_user_agent_sheet(notes) is None  # no marker rule
    assert (
        weasy.trimmed_user_agent_sheet(notes + sheet.split("\n")[0])
        == "li::marker { white-space: pre }"
    )
    twice = notes + "::marker { a: b }\n::marker { c: d }"
    assert weasy.trimmed_user_agent_sheet(twice) is None
