"""``docs build --all --format pdf`` into a folder that holds the last build: unchanged PDFs are
kept (not laid out, not rewritten), changed ones laid out, and the result is byte-identical to
a fresh build.

The layout is a fast fake (``pdf.lay_out`` replaced, one worker so that it runs in this
process) in every test but the last, which lays out two small documents for real.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE

from medsec.cli.main import main
from medsec.outputs.documents import pdf
from medsec.outputs.documents.reuse import file_digest

NAME = EXAMPLE.name
KEPT = re.compile(r"^kept (\S+): unchanged since the last build$", re.MULTILINE)
NEW = re.compile(r"^(\S+): revision \d+ of \S+ \(new revision\)", re.MULTILINE)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example, the current folder its parent, SOURCE_DATE_EPOCH set."""
    shutil.copytree(EXAMPLE, tmp_path / NAME)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    return tmp_path / NAME


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents laid out, by id: the fake layout records each one it is given."""
    calls: list[str] = []
    monkeypatch.setattr(pdf, "lay_out", _recording(calls))
    return calls


def _recording(calls: list[str]) -> Callable[[pdf.PrintJob], bytes]:
    """A fake layout (milliseconds) that records the documents it lays out, by id."""

    def fake(job: pdf.PrintJob) -> bytes:
        calls.append(job.document.header.id)
        return b"%PDF-fake " + job.digest.encode()

    return fake


def _build(folder: str, *extra: str, today: str = "2026-12-04") -> int:
    args = ["docs", "build", NAME, "--all", "--format", "pdf", "-o", folder, "--today", today]
    return main([*args, *extra])


def _applicable(folder: Path) -> list[str]:
    index = json.loads((folder / "index.json").read_text())
    return [d["id"] for d in index["documents"] if d["file"]]


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.glob("*.pdf"))}


def test_a_rebuild_keeps_every_pdf_and_lays_out_a_tampered_one(
    project: Path,
    tmp_path: Path,
    laid_out: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "docs"
    assert _build("docs", "-j", "1") == 0
    ids = _applicable(folder)
    assert laid_out == ids and len(ids) >= 5
    for entry in json.loads((folder / "index.json").read_text())["documents"]:
        if entry["file"]:
            assert entry["file_digest"] == file_digest(folder / entry["file"])
            assert entry["source_digest"].startswith("sha256:")
    before = _files(folder)
    capsys.readouterr()

    def refuse(job: pdf.PrintJob) -> bytes:
        raise AssertionError(f"{job.document.header.id} laid out again")

    monkeypatch.setattr(pdf, "lay_out", refuse)
    assert _build("docs") == 0  # the default workers: none is started
    assert not multiprocessing.active_children()  # nor the process standing by for them
    assert _files(folder) == before  # not rewritten: same bytes, same modification times
    assert KEPT.findall(capsys.readouterr().err) == [f"docs/{i}.pdf" for i in ids]

    laid_out.clear()
    monkeypatch.setattr(pdf, "lay_out", _recording(laid_out))
    (folder / "cra.pdf").write_bytes(b"%PDF edited by hand")
    assert _build("docs", "-j", "1") == 0
    assert laid_out == ["cra"]
    assert (folder / "cra.pdf").read_bytes() == before["cra.pdf"][0]
    assert len(KEPT.findall(capsys.readouterr().err)) == len(ids) - 1


def test_a_changed_input_lays_out_exactly_the_documents_it_changed(
    project: Path, tmp_path: Path, laid_out: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # The build date changes what three documents state (support and review deadlines passed),
    # not the others: only those three get a new revision, and only they are laid out.
    assert _build("docs", "-j", "1", today="2029-01-01") == 0
    ids = _applicable(tmp_path / "docs")
    laid_out.clear()
    capsys.readouterr()
    assert _build("docs", "-j", "1", today="2035-01-01") == 0
    err = capsys.readouterr().err
    changed = NEW.findall(err)
    assert 0 < len(changed) < len(ids)
    assert laid_out == changed
    assert KEPT.findall(err) == [f"docs/{i}.pdf" for i in ids if i not in changed]


def test_a_changed_answers_file_lays_out_the_documents_it_revised(
    project: Path, tmp_path: Path, laid_out: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build("docs", "-j", "1") == 0
    laid_out.clear()
    capsys.readouterr()
    (project / "documents").mkdir(exist_ok=True)
    (project / "documents" / "answers.yaml").write_text("benefit_risk: Benefits outweigh.\n")
    assert _build("docs", "-j", "1", today="2026-12-05") == 0
    err = capsys.readouterr().err
    # every document's revision rests on every project file, the answers included: all are new
    assert laid_out == NEW.findall(err) == _applicable(tmp_path / "docs")
    assert not KEPT.findall(err)


def test_a_malformed_index_is_a_note_and_no_reuse_lays_out_all(
    project: Path, tmp_path: Path, laid_out: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "docs"
    assert _build("docs", "-j", "1") == 0
    ids = list(laid_out)
    laid_out.clear()
    (folder / "index.json").write_text('{"documents": ')
    capsys.readouterr()
    assert _build("docs", "-j", "1") == 0
    err = capsys.readouterr().err
    assert "note: docs/index.json is not an index medsec can read" in err
    assert "invalid JSON" in err and not KEPT.findall(err)
    assert laid_out == ids
    assert _applicable(folder) == ids  # rewritten whole

    laid_out.clear()
    assert _build("docs", "-j", "1", "--no-reuse") == 0
    err = capsys.readouterr().err
    assert laid_out == ids and not KEPT.findall(err) and "note:" not in err


def test_a_kept_build_is_byte_identical_to_a_fresh_one(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """End to end with WeasyPrint, on two small documents to keep it to seconds."""
    pytest.importorskip("weasyprint", exc_type=OSError)
    from medsec.outputs.documents.registry import DOCUMENTS

    for doc_id in [i for i in DOCUMENTS if i not in ("ropa", "dpia")]:
        monkeypatch.delitem(DOCUMENTS, doc_id)
    reused, fresh = tmp_path / "reused", tmp_path / "fresh"
    assert _build("reused", "-j", "2") == 0
    real = pdf.lay_out

    def refuse(job: pdf.PrintJob) -> bytes:
        raise AssertionError(f"{job.document.header.id} laid out again")

    monkeypatch.setattr(pdf, "lay_out", refuse)
    capsys.readouterr()
    assert _build("reused", "-j", "2") == 0
    assert KEPT.findall(capsys.readouterr().err) == ["reused/ropa.pdf", "reused/dpia.pdf"]
    monkeypatch.setattr(pdf, "lay_out", real)
    assert _build("fresh", "-j", "2") == 0
    names = sorted(p.name for p in fresh.iterdir())
    assert names == ["dpia.pdf", "index.html", "index.json", "ropa.pdf"]
    assert sorted(p.name for p in reused.iterdir()) == names
    for name in names:
        assert (reused / name).read_bytes() == (fresh / name).read_bytes(), name
    assert (fresh / "ropa.pdf").read_bytes().startswith(b"%PDF-1.")
