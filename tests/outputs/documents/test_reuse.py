"""Keeping unchanged PDFs: the source digest and what it covers, the index read back (and
refused when malformed), and which documents ``print_all`` lays out and which it keeps.

The layout is a fake here (``pdf.lay_out`` replaced): these tests decide what is laid out, not
how; ``tests/cli/test_docs_reuse.py`` builds real PDFs once, end to end.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.outputs.documents.hand_built import make_document

from medsec.domain.document import Document
from medsec.domain.errors import InputError, UsageError
from medsec.outputs.documents import pdf, reuse
from medsec.outputs.documents.index import IndexEntry, read_recorded, render_index_json

MOMENT = datetime(2026, 1, 1, tzinfo=UTC)


def _fake_lay_out(job: pdf.PrintJob) -> bytes:
    """A 'PDF' that depends on the source, as the real one does (milliseconds, not seconds)."""
    return b"%PDF-fake " + job.digest.encode()


def _refuse(job: pdf.PrintJob) -> bytes:
    raise AssertionError(f"{job.document.header.id} was laid out")


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids the fake layout was called with, in this process (one worker: no fork)."""
    calls: list[str] = []

    def fake(job: pdf.PrintJob) -> bytes:
        calls.append(job.document.header.id)
        return _fake_lay_out(job)

    monkeypatch.setattr(pdf, "lay_out", fake)
    monkeypatch.setattr(pdf, "load_weasyprint", lambda: None)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    return calls


def _docs() -> list[Document]:
    return [make_document(id="fda-premarket"), make_document(id="cra", revision=1)]


def _write(folder: Path, docs: list[Document], *, reuse_: bool = True) -> list[reuse.Edition]:
    """One build into ``folder`` as ``docs build --all`` writes it: the files, then the index."""
    editions, problem = reuse.print_all(docs, folder, jobs=1, reuse=reuse_)
    assert problem is None
    folder.mkdir(exist_ok=True)
    for e in editions:
        if not e.kept:
            assert isinstance(e.data, bytes)
            (folder / e.name).write_bytes(e.data)
    entries = [
        IndexEntry(d.header.id, d.header.title, d, e.name, None, e.file_digest, e.source_digest)
        for d, e in zip(docs, editions, strict=True)
    ]
    (folder / "index.json").write_text(render_index_json(entries))
    return editions


# --- the source digest ---------------------------------------------------------------------


def test_the_source_digest_changes_with_each_thing_that_decides_the_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = pdf.source_digest("<p>a</p>", MOMENT)
    assert base.startswith("sha256:") and base == pdf.source_digest("<p>a</p>", MOMENT)
    assert pdf.source_digest("<p>b</p>", MOMENT) != base
    assert pdf.source_digest("<p>a</p>", MOMENT.replace(second=1)) != base
    monkeypatch.setattr(pdf, "__version__", "99.0")
    assert pdf.source_digest("<p>a</p>", MOMENT) != base
    monkeypatch.undo()
    weasyprint, pydyf = pdf._library_versions()
    monkeypatch.setattr(pdf, "_library_versions", lambda: (weasyprint + ".1", pydyf))
    assert pdf.source_digest("<p>a</p>", MOMENT) != base
    monkeypatch.setattr(pdf, "_library_versions", lambda: (weasyprint, pydyf + ".1"))
    assert pdf.source_digest("<p>a</p>", MOMENT) != base


def test_the_library_versions_are_the_installed_ones() -> None:
    from importlib import metadata

    assert pdf._library_versions() == (metadata.version("weasyprint"), metadata.version("pydyf"))


def test_a_print_job_is_the_html_render_pdf_lays_out(monkeypatch: pytest.MonkeyPatch) -> None:
    from medsec.outputs.documents.html import render_view
    from medsec.outputs.documents.view import build_view

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    doc = make_document()
    job = pdf.print_job(doc)
    view = build_view(doc, max_rows=pdf.PRINT_MAX_ROWS, max_refs=pdf.PRINT_MAX_REFS)
    assert job.html == render_view(view) and job.moment == MOMENT
    assert job.digest == pdf.source_digest(job.html, MOMENT) == pdf.print_job(doc).digest
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225601")
    assert pdf.print_job(doc).digest != job.digest
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert pdf.print_job(doc).moment == datetime(2026, 11, 27, tzinfo=UTC)  # the revision date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "last tuesday")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        pdf.print_job(doc)


# --- the index read back -------------------------------------------------------------------


def test_the_index_reads_back_what_it_recorded() -> None:
    doc = make_document()
    entries = [
        IndexEntry("fda-premarket", "T", doc, "fda-premarket.pdf", None, "sha256:f", "sha256:s"),
        IndexEntry("cra", "CRA", None, None, "not sold in the EU"),
    ]
    recorded = read_recorded(render_index_json(entries).encode(), source="out/index.json")
    assert list(recorded) == ["fda-premarket"]
    got = recorded["fda-premarket"]
    assert (got.file, got.file_digest, got.source_digest) == (
        "fda-premarket.pdf",
        "sha256:f",
        "sha256:s",
    )


def test_an_index_from_before_the_digests_records_none() -> None:
    old = b'{"documents": [{"id": "cra", "file": "cra.pdf", "revision": 1}]}'
    got = read_recorded(old, source="index.json")["cra"]
    assert got.file_digest is None and got.source_digest is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"documents": [', "invalid JSON"),
        (b"[]", "no 'documents' list"),
        (b'{"documents": {"cra": 1}}', "no 'documents' list"),
        (b'{"documents": [{"file": "cra.pdf"}]}', "documents[0]: an entry without an id"),
        (b'{"documents": [{"id": "cra", "file": 3}]}', "documents[0]: file is not text"),
        (
            b'{"documents": [{"id": "a", "file": "a.pdf"}, {"id": "cra", "file": "cra.pdf", '
            b'"source_digest": ["x"]}]}',
            "documents[1]: source_digest is not text",
        ),
    ],
)
def test_a_malformed_index_is_an_error_naming_it(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_recorded(data, source="out/index.json")
    text = caught.value.diagnostics()
    assert "out/index.json" in text and message in text


def test_no_index_is_nothing_to_keep_and_no_note(tmp_path: Path) -> None:
    assert reuse.previous(tmp_path) == ({}, None)


@pytest.mark.parametrize("kind", ["malformed", "folder", "too large"])
def test_an_index_that_cannot_be_read_is_a_note(tmp_path: Path, kind: str) -> None:
    index = tmp_path / "index.json"
    if kind == "folder":
        index.mkdir()
    elif kind == "too large":
        index.write_bytes(b" " * (reuse.INDEX_MAX_BYTES + 1))
    else:
        index.write_text('{"documents": "all of them"}')
    recorded, problem = reuse.previous(tmp_path)
    assert recorded == {}
    assert problem is not None and problem.startswith(f"note: {index} is not an index")
    assert "every PDF is laid out again" in problem


def test_file_digest_is_the_files_sha256_or_none(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    expected = "sha256:" + hashlib.sha256(b"%PDF").hexdigest()
    assert reuse.file_digest(tmp_path / "a.pdf") == expected == reuse.sha256_of(b"%PDF")
    assert reuse.file_digest(tmp_path / "missing.pdf") is None
    assert reuse.file_digest(tmp_path) is None  # a folder


# --- what print_all keeps and what it lays out ---------------------------------------------


def test_the_first_build_lays_out_all_and_the_next_keeps_all(
    laid_out: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    first = _write(folder, _docs())
    assert laid_out == ["fda-premarket", "cra"] and not any(e.kept for e in first)
    assert first[0].file_digest == reuse.file_digest(folder / "fda-premarket.pdf")
    stats = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    monkeypatch.setattr(pdf, "lay_out", _refuse)
    second, problem = reuse.print_all(_docs(), folder, jobs=1)
    assert problem is None and all(e.kept and e.data is None for e in second)
    assert [(e.name, e.file_digest, e.source_digest) for e in second] == [
        (e.name, e.file_digest, e.source_digest) for e in first
    ]
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stats


def test_a_changed_document_is_laid_out_alone(laid_out: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "out"
    _write(folder, _docs())
    laid_out.clear()
    changed = [make_document(id="fda-premarket"), make_document(id="cra", revision=2)]
    editions = _write(folder, changed)
    assert laid_out == ["cra"] and [e.kept for e in editions] == [True, False]
    assert (folder / "cra.pdf").read_bytes() == _fake_lay_out(pdf.print_job(changed[1]))


@pytest.mark.parametrize("damage", ["edited", "deleted", "index digest", "index file"])
def test_a_pdf_not_as_recorded_is_laid_out_again(
    laid_out: list[str], tmp_path: Path, damage: str
) -> None:
    folder = tmp_path / "out"
    _write(folder, _docs())
    laid_out.clear()
    pdf_file, index = folder / "cra.pdf", folder / "index.json"
    if damage == "edited":
        pdf_file.write_bytes(pdf_file.read_bytes() + b"%")
    elif damage == "deleted":
        pdf_file.unlink()
    elif damage == "index digest":
        recorded = reuse.previous(folder)[0]["cra"]
        assert recorded.source_digest is not None
        index.write_text(index.read_text().replace(recorded.source_digest, "sha256:00"))
    else:
        index.write_text(index.read_text().replace('"file": "cra.pdf"', '"file": "cra2.pdf"'))
    editions = _write(folder, _docs())
    assert laid_out == ["cra"] and [e.kept for e in editions] == [True, False]
    assert pdf_file.read_bytes() == _fake_lay_out(pdf.print_job(_docs()[1]))


def test_another_source_date_epoch_lays_out_all(
    laid_out: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    _write(folder, _docs())
    laid_out.clear()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225601")
    _write(folder, _docs())
    assert laid_out == ["fda-premarket", "cra"]


def test_without_reuse_all_are_laid_out_and_the_index_is_not_read(
    laid_out: list[str], tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    _write(folder, _docs())
    laid_out.clear()
    (folder / "index.json").write_text("not json")  # not read: no note
    editions, problem = reuse.print_all(_docs(), folder, jobs=1, reuse=False)
    assert laid_out == ["fda-premarket", "cra"] and problem is None
    assert not any(e.kept for e in editions)


def test_a_malformed_index_lays_out_all_with_a_note(laid_out: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "out"
    _write(folder, _docs())
    laid_out.clear()
    (folder / "index.json").write_text("{")
    editions, problem = reuse.print_all(_docs(), folder, jobs=1)
    assert laid_out == ["fda-premarket", "cra"] and not any(e.kept for e in editions)
    assert problem is not None and str(folder / "index.json") in problem
    assert "invalid JSON" in problem


def test_nothing_to_lay_out_does_not_load_weasyprint(
    laid_out: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    _write(folder, _docs())

    def no_pango() -> None:
        raise UsageError("pango is missing")

    monkeypatch.setattr(pdf, "load_weasyprint", no_pango)
    assert all(e.kept for e in reuse.print_all(_docs(), folder, jobs=1)[0])
    (folder / "cra.pdf").unlink()
    with pytest.raises(UsageError, match="pango"):
        reuse.print_all(_docs(), folder, jobs=1)
