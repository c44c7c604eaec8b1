"""The example builds every applicable document in every format with ``docs build --all``, as a
user runs it: each PDF renders page by page (``pdftoppm``), each DOCX opens with python-docx
and has a Word heading for every section of the document, every edition names the same
sections, and the indexes list each file.

The PDFs are laid out for real, in two workers forked by the process standing by (about 16 s
of CPU); the test skips, saying what to install, without pango or poppler-utils.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE

from medsec.cli.main import main

NAME = EXAMPLE.name
FORMATS = ("md", "json", "html", "docx", "pdf")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example and, beside it, one folder per format built by ``--all``."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as e:
        pytest.skip(
            f"WeasyPrint cannot run (apt-get install libpango-1.0-0 libpangoft2-1.0-0): {e}"
        )
    root = tmp_path_factory.mktemp("every-edition")
    project = root / NAME
    shutil.copytree(EXAMPLE, project)
    for fmt in FORMATS:
        args = ["docs", "build", str(project), "--all", "--format", fmt, "-o", str(root / fmt)]
        assert main([*args, "--today", "2026-12-04", "--jobs", "2"]) == 0, fmt
    return root


def _applicable(root: Path) -> list[str]:
    index = json.loads((root / "json" / "index.json").read_text())
    return [d["id"] for d in index["documents"] if d["file"]]


def _section_titles(root: Path, doc_id: str) -> list[str]:
    return [
        s["title"] for s in json.loads((root / "json" / f"{doc_id}.json").read_text())["sections"]
    ]


def test_every_applicable_document_is_written_in_every_format(built: Path) -> None:
    ids = _applicable(built)
    assert {"fda-premarket", "iec-81001-5-1", "mdr-gspr", "cra", "security-risk-report"} <= set(ids)
    for fmt in FORMATS:
        index = json.loads((built / fmt / "index.json").read_text())
        assert [d["file"] for d in index["documents"] if d["file"]] == [f"{i}.{fmt}" for i in ids]
        for doc_id in ids:
            assert (built / fmt / f"{doc_id}.{fmt}").stat().st_size > 1000, (fmt, doc_id)
        assert (built / fmt / "index.html").is_file()


def test_every_pdf_renders_page_by_page(built: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not installed (apt-get install poppler-utils): pages not rendered")
    for doc_id in _applicable(built):
        pdf = built / "pdf" / f"{doc_id}.pdf"
        pages = len(PdfReader(pdf).pages)
        out = tmp_path / doc_id
        out.mkdir()
        subprocess.run(["pdftoppm", "-png", "-r", "8", str(pdf), str(out / "p")], check=True)
        rendered = sorted(out.glob("p-*.png"))
        assert len(rendered) == pages >= 5, doc_id  # title, contents, body, questions, approval
        assert all(p.stat().st_size > 100 for p in rendered), doc_id


def test_every_pdf_and_docx_holds_each_section_of_its_document(built: Path) -> None:
    import docx
    from pypdf import PdfReader

    for doc_id in _applicable(built):
        titles = _section_titles(built, doc_id)
        assert titles, doc_id
        word = docx.Document(str(built / "docx" / f"{doc_id}.docx"))
        headings = [
            p.text
            for p in word.paragraphs
            if p.style is not None and p.style.name.startswith("Heading")
        ]
        for title in titles:
            assert any(h == title or h.endswith(" " + title) for h in headings), (doc_id, title)
        outline = PdfReader(built / "pdf" / f"{doc_id}.pdf").outline
        flat = re.sub(r"\s+", " ", " ".join(_titles(outline)))
        for title in titles:
            assert title in flat, (doc_id, title)  # a bookmark per section
        markdown = (built / "md" / f"{doc_id}.md").read_text()
        html = (built / "html" / f"{doc_id}.html").read_text()
        for title in titles:
            assert title in markdown, (doc_id, title)
            assert _html_text(title) in html, (doc_id, title)


def _titles(outline: list[object]) -> list[str]:
    """Every bookmark's title, nested ones included."""
    found: list[str] = []
    for item in outline:
        if isinstance(item, list):
            found += _titles(item)
        else:
            found.append(item.title)  # type: ignore[attr-defined]
    return found


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
