"""Every edition of every document of the example numbers it the same way.

The Markdown, HTML, Word and PDF editions are read back as a reader sees them (the Markdown
text, the HTML headings and captions, the Word paragraphs and their styles, the PDF's text
through ``pdftotext`` and its bookmarks) and compared: the same numbered headings at the same
levels, the same contents entries, and the same table and figure captions ("Table 3: ...",
"Figure 1: ...") in the same order. Nothing here asks the view model what the numbers should
be: the editions are compared with each other, as a reviewer holding two of them would.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import docx
import pytest
from tests.conftest import EXAMPLE

from medsec.domain.document import Document
from medsec.outputs.documents.docx import render_docx
from medsec.outputs.documents.html import render_html
from medsec.outputs.documents.markdown import render_markdown
from medsec.outputs.documents.registry import DOCUMENTS
from medsec.outputs.drawing.engine import to_svg
from medsec.services.documents import DocsOptions, build

TODAY = date(2026, 12, 4)
NUMBER = r"\d+(?:\.\d+)*"
# one heading or contents line: (number or None for an unnumbered chapter, title, level 1 or 2)
Entry = tuple[str | None, str, int]


@dataclass(frozen=True)
class Edition:
    """What a reader finds in one edition: headings, contents entries, captions, in order."""

    headings: list[Entry]
    contents: list[Entry]
    captions: list[str]


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    """Every document that applies to the example, built as 'medsec docs build --all' does."""
    root = tmp_path_factory.mktemp("editions") / EXAMPLE.name
    shutil.copytree(EXAMPLE, root)
    options = DocsOptions(root, TODAY, draw_svg=to_svg, record=False)
    built = build(options, list(DOCUMENTS), applicable_only=True)
    return {b.id: b.document for b in built if b.document is not None}


def _entry(text: str, level: int) -> Entry:
    """``"2.1 Title"`` -> ("2.1", "Title", level); a title without a number -> (None, ...)."""
    m = re.fullmatch(rf"({NUMBER})\s+(.*)", text.strip())
    return (m.group(1), m.group(2), level) if m else (None, text.strip(), level)


def _md_text(text: str) -> str:
    """Markdown-escaped user text as written (entities and backslash escapes undone)."""
    return html.unescape(re.sub(r"\\([\\`|\[\]#])", r"\1", text))


def markdown_edition(text: str) -> Edition:
    """Headings (## and ###, but the contents' own), the contents list, the captions."""
    before, contents, after = re.split(r"^## Contents\n\n((?:.+\n)+)", text, flags=re.M)
    assert "\n## " not in before
    headings = [
        _entry(_md_text(title), len(hashes) - 1)
        for hashes, title in re.findall(r"^(#{2,3}) (.+)$", after, re.M)
    ]
    entries = []
    for indent, item in re.findall(r"^( *)- (.+)$", contents, re.M):
        level = len(indent) // 2 + 1
        numbered = re.fullmatch(rf"({NUMBER}) (.*) \(([^()]*)\)", item)  # "2.1 Title (status)"
        entries.append(
            (numbered.group(1), _md_text(numbered.group(2)), level)
            if numbered
            else (None, _md_text(item), level)
        )
    captions = [
        _md_text(m.group(1) or m.group(2))
        for m in re.finditer(r"^\*\*(Table .+)\*\*$|^\*(Figure .+?)\* \(", after, re.M)
    ]
    return Edition(headings, entries, captions)


def _html_text(fragment: str) -> str:
    """The text of an HTML fragment (tags dropped, entities undone, spaces collapsed)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def html_edition(text: str) -> Edition:
    """h2/h3 headings (but the contents' own), the contents' list items, the captions."""
    nav = text[text.index('<nav class="toc"') : text.index("</nav>")]
    body = text[text.index("</nav>") :]
    headings = [_entry(_html_text(h), int(tag) - 1) for tag, h in re.findall(
        r"<h([23])[^>]*>(.*?)</h\1>", body, re.S)]  # fmt: skip
    contents = []
    for level, inner in re.findall(r'<li class="level-(\d)[^"]*">(.*?)</li>', nav, re.S):
        number = re.search(r'<span class="num">([^<]*)</span>', inner)
        title = re.search(r'<span class="title">(.*?)</span>', inner, re.S)
        assert title is not None, inner
        contents.append(
            (number.group(1) if number else None, _html_text(title.group(1)), int(level))
        )
    found = re.finditer(r'<p class="caption">(.*?)</p>|<figcaption>(.*?)</figcaption>', body, re.S)
    captions = [_html_text(m.group(1) or m.group(2)) for m in found]
    return Edition(headings, contents, captions)


def docx_edition(data: bytes) -> Edition:
    """Heading 1/2 paragraphs, the written contents (until the page break), Caption paragraphs."""
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    styled = [(p.style.name if p.style is not None else "", p.text) for p in paragraphs]
    headings = [_entry(text, int(style[-1])) for style, text in styled if style in (
        "Heading 1", "Heading 2")]  # fmt: skip
    start = next(n for n, (style, _) in enumerate(styled) if style == "TOC Heading") + 1
    contents = []
    for _, text in styled[start:]:
        if not text.strip():
            break
        contents.append(_entry(text, 2 if text.startswith(" ") else 1))
    captions = [text for style, text in styled if style == "Caption"]
    return Edition(headings, contents, captions)


def _editions(doc: Document) -> dict[str, Edition]:
    """The Markdown, HTML and Word editions of ``doc``, read back."""
    return {
        "md": markdown_edition(render_markdown(doc)),
        "html": html_edition(render_html(doc)),
        "docx": docx_edition(render_docx(doc)),
    }


@pytest.fixture(scope="module")
def editions(documents: dict[str, Document]) -> dict[str, dict[str, Edition]]:
    """Each document's Markdown, HTML and Word editions, read back."""
    return {doc_id: _editions(doc) for doc_id, doc in documents.items()}


def test_every_edition_prints_the_same_table_and_figure_captions(
    documents: dict[str, Document], editions: dict[str, dict[str, Edition]]
) -> None:
    assert len(documents) >= 9
    figures = 0
    for doc_id, doc in documents.items():
        read = editions[doc_id]
        html_captions = read["html"].captions
        tables = sum(len(s.tables) for s in doc.sections)
        drawn = sum(len(s.figures) for s in doc.sections)
        assert len(html_captions) == tables + drawn, doc_id
        for name in ("md", "docx"):
            assert read[name].captions == html_captions, (doc_id, name)
        numbers = [c.split(":", 1)[0] for c in html_captions]
        assert [n for n in numbers if n.startswith("Table")] == [
            f"Table {n}" for n in range(1, tables + 1)
        ], doc_id
        assert [n for n in numbers if n.startswith("Figure")] == [
            f"Figure {n}" for n in range(1, drawn + 1)
        ], doc_id
        figures += drawn
    assert figures >= 20  # the FDA set draws the DFD and the architecture views


def _check_headings_and_contents(doc_id: str, editions: dict[str, Edition]) -> None:
    """The same headings and contents in every edition; the contents list every heading."""
    reference = editions["html"]
    numbered = [e for e in reference.headings if e[0] is not None]
    assert numbered and numbered[0][0] == "1", doc_id
    chapters = [int(n) for n, _, level in numbered if n is not None and level == 1]
    assert chapters == list(range(1, len(chapters) + 1)), doc_id
    for n, _, level in numbered:
        assert n is not None and n.count(".") == level - 1, (doc_id, n)
    assert reference.contents == reference.headings, doc_id
    for name, edition in editions.items():
        assert edition.headings == reference.headings, (doc_id, name)
        assert edition.contents == reference.contents, (doc_id, name)


def test_headings_and_contents_agree_in_every_edition(
    editions: dict[str, dict[str, Edition]],
) -> None:
    assert len(editions) >= 9
    for doc_id, read in editions.items():
        _check_headings_and_contents(doc_id, read)


def test_a_later_revision_lists_its_changes_in_every_edition(
    documents: dict[str, Document],
) -> None:
    doc = documents["security-guide"]
    revised = replace(doc, header=replace(doc.header, revision=2), changes=("changed: a.yaml",))
    editions = _editions(revised)
    _check_headings_and_contents("security-guide rev 2", editions)
    for edition in editions.values():
        assert edition.contents[0] == (None, "Changes since revision 1", 1)
        assert edition.contents[-2:] == [(None, "Open questions", 1), (None, "Approval", 1)]


def test_no_section_title_carries_a_number_of_its_own(documents: dict[str, Document]) -> None:
    # "3 4 General requirements": the document's number beside the standard's reads as a
    # numbering off by one; the standard's clause is named in words ("Clause 4: ...")
    for doc_id, doc in documents.items():
        for s in doc.sections:
            assert not re.match(rf"{NUMBER}\s", s.title), (doc_id, s.title)


# --- the PDF edition, read through pdftotext and its bookmarks ------------------------------


def _pdf_problem() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as e:
        return f"WeasyPrint cannot run (apt-get install libpango-1.0-0 libpangoft2-1.0-0): {e}"
    if shutil.which("pdftotext") is None:
        return "pdftotext is missing (apt-get install poppler-utils)"
    return None


needs_pdf = pytest.mark.skipif(_pdf_problem() is not None, reason=str(_pdf_problem()))


@dataclass(frozen=True)
class PdfEdition:
    """The PDF as read back: an edition, and the page of each contents entry and bookmark."""

    edition: Edition
    contents_pages: dict[str, int]
    heading_pages: dict[str, int]


def _pdf_contents(pages: list[str]) -> tuple[list[Entry], dict[str, int]]:
    """The contents lines ("2.1 Title  partly met . . . 5") of the pages before the first chapter."""
    entries: list[Entry] = []
    found: dict[str, int] = {}
    for page in pages[1:]:
        lines = page.splitlines()
        if entries and not any(re.search(r"(?:\. ?){3,}\s*\d+\s*$", line) for line in lines):
            break
        for line in lines:
            page_no = re.search(r"(?:\. ?){3,}\s*(\d+)\s*$", line)
            if page_no is None:
                continue
            numbered = re.match(rf"\s*({NUMBER})\s+(.*)", line)
            number, rest = numbered.groups() if numbered else (None, line.strip())
            title = re.split(r"\s{2,}|\s?(?:\. ){2,}|\s?\.{3,}", rest, maxsplit=1)[0]
            entry = (number, title, 2 if re.match(r"\s{3,}", line) else 1)
            entries.append(entry)
            found[f"{entry[0]} {entry[1]}" if entry[0] else entry[1]] = int(page_no.group(1))
    return entries, found


def pdf_edition(data: bytes, folder: Path) -> PdfEdition:
    """Contents and captions from ``pdftotext -layout``; headings from the PDF's bookmarks."""
    from pypdf import PdfReader

    path = folder / "document.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    contents, contents_pages = _pdf_contents(pages)
    captions = [
        re.sub(r"\s+", " ", m.group(1)).strip()
        for m in re.finditer(r"^\s*((?:Table|Figure) \d+: .*)$", text, re.M)
    ]
    reader = PdfReader(io.BytesIO(data))
    headings: list[Entry] = []
    heading_pages: dict[str, int] = {}

    def walk(outline: list[object], depth: int) -> None:
        """The bookmarks below the title's, each at its depth (1: a chapter, 2: a part)."""
        for item in outline:
            if isinstance(item, list):
                walk(item, depth + 1)
            elif depth >= 1 and item.title != "Contents":  # type: ignore[attr-defined]
                title = item.title  # type: ignore[attr-defined]
                headings.append(_entry(title, depth))
                heading_pages[title] = reader.get_destination_page_number(item) + 1  # type: ignore[arg-type]

    walk(reader.outline, 0)
    return PdfEdition(Edition(headings, contents, captions), contents_pages, heading_pages)


@pytest.fixture(scope="module")
def pdf_documents(documents: dict[str, Document]) -> dict[str, Document]:
    """A whole document (the security guide: tables) and the FDA chapters that hold figures."""
    fda = documents["fda-premarket"]
    drawn = tuple(
        s for s in fda.sections if s.id.startswith(("threat-model", "architecture-views"))
    )
    return {
        "security-guide": documents["security-guide"],
        "fda-figures": replace(fda, sections=drawn),
    }


@needs_pdf
def test_the_pdf_numbers_headings_contents_and_captions_as_the_other_editions(
    pdf_documents: dict[str, Document], tmp_path: Path
) -> None:
    from medsec.outputs.documents.pdf import render_pdf

    for doc_id, doc in pdf_documents.items():
        pdf = pdf_edition(render_pdf(doc), tmp_path)
        editions = _editions(doc)
        reference = editions["html"]
        assert pdf.edition.captions, doc_id
        assert len(pdf.edition.captions) == len(reference.captions), doc_id
        for printed, caption in zip(pdf.edition.captions, reference.captions, strict=True):
            assert caption.startswith(printed), (doc_id, printed, caption)  # a long one wraps
        assert pdf.edition.headings == reference.headings, doc_id
        assert pdf.edition.contents == reference.contents, doc_id
        assert pdf.contents_pages == pdf.heading_pages, doc_id  # each entry's page is its heading's
        _check_headings_and_contents(doc_id, {**editions, "pdf": pdf.edition})
        if doc_id == "fda-figures":
            assert sum(c.startswith("Figure ") for c in pdf.edition.captions) >= 20
