"""Issue 12: the readers of project-side files go through the bounded reader.

``.medsec.toml``, scan records, surface records, cited evidence (and the SARIF and VEX read
from it) and pentest reports: a FIFO, a symbolic link to ``/dev/zero`` or a folder where a file
belongs is a located ``InputError`` (exit 3), never a hang, an endless read, a traceback or a
file silently passed over; and the size limit holds while reading, not from ``st_size``
(``/proc/self/status`` says 0 bytes and holds more).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE
from tests.sources.test_hostile_inputs import finishes_within, medsec

from medsec.domain.errors import InputError
from medsec.project import atomic, loader, parse_cache, scan_records, settings, surface_records
from medsec.project.containment import outside_allowed
from medsec.services import digests, evidence, pentest

INPUT_ERROR = 3
KINDS = ("fifo", "link-to-dev-zero", "folder")
LYING = Path("/proc/self/status")  # st_size 0, about 1.4 KB of content
pytestmark = pytest.mark.skipif(
    not (hasattr(os, "mkfifo") and Path("/dev/zero").exists() and LYING.exists()),
    reason="needs FIFOs, /dev/zero and /proc",
)


def hostile(path: Path, kind: str) -> Path:
    """Put a FIFO, a link to /dev/zero or a folder where a file is expected."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link-to-dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    return path


def refused(call: Callable[[], object]) -> str:
    """The diagnostics of the InputError ``call`` raises, within 5 s (a FIFO must not hang)."""
    with finishes_within(5), pytest.raises(InputError) as caught:
        call()
    return caught.value.diagnostics()


WHY = {
    "fifo": "is a FIFO (named pipe), not a regular file",
    "link-to-dev-zero": "is a character device, not a regular file",
    "folder": "is a folder, not a file",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example project."""
    return Path(shutil.copytree(EXAMPLE, tmp_path / "pump"))


# --- .medsec.toml -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_settings_file_that_is_not_a_file_is_refused(kind: str, tmp_path: Path) -> None:
    (tmp_path / settings.SETTINGS_FILE).write_text('database = "up.sqlite"\n')
    inner = tmp_path / "project"
    hostile(inner / settings.SETTINGS_FILE, kind)
    message = refused(lambda: settings.load(inner))
    assert message.startswith(str(inner / settings.SETTINGS_FILE)) and WHY[kind] in message


def test_settings_size_is_counted_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "MAX_BYTES", 100)
    (tmp_path / settings.SETTINGS_FILE).symlink_to(LYING)
    message = refused(lambda: settings.load(tmp_path))
    assert "more than 100 bytes, over the 100-byte limit for settings files" in message


@pytest.mark.parametrize("kind", KINDS)
def test_db_status_with_a_hostile_settings_file_exits_3(
    kind: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("MEDSEC_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    hostile(tmp_path / settings.SETTINGS_FILE, kind)
    code, err = medsec(capsys, "db", "status", "--project", str(tmp_path))
    assert code == INPUT_ERROR and WHY[kind] in err, err


# --- scan records -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_scan_record_that_is_not_a_file_is_refused_not_skipped(kind: str, project: Path) -> None:
    hostile(project / "records" / "scans" / "2026-11-01.json", kind)
    message = refused(lambda: scan_records.read_all(project))
    assert "records/scans/2026-11-01.json" in message and WHY[kind] in message
    assert WHY[kind] in refused(lambda: scan_records.latest(project))


def test_scan_record_size_is_counted_while_reading(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scan_records, "MAX_BYTES", 100)
    (project / "records" / "scans").mkdir(parents=True)
    (project / "records" / "scans" / "2026-11-01.json").symlink_to(LYING)
    assert "more than 100 bytes" in refused(lambda: scan_records.read_all(project))


# --- surface records --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_surface_record_that_is_not_a_file_is_refused(kind: str, project: Path) -> None:
    hostile(project / "records" / "surface" / "3.3.0.json", kind)
    message = refused(lambda: surface_records.load_records(project))
    assert "records/surface/3.3.0.json" in message and WHY[kind] in message


def test_surface_record_size_is_counted_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(surface_records, "MAX_BYTES", 100)
    (tmp_path / "records" / "surface").mkdir(parents=True)
    (tmp_path / "records" / "surface" / "3.3.0.json").symlink_to(LYING)
    assert "more than 100 bytes" in refused(lambda: surface_records.load_records(tmp_path))


# --- evidence an activity cites -----------------------------------------------------------------

CITED = "ci/code-review-log.md"  # an evidence file of the example
CITED_SARIF = "ci/sast-report.sarif"
CITED_OTHER = "ci/code-review-log.bin"  # of no kind medsec checks inside: hashed in blocks


@pytest.fixture
def cited_other(project: Path) -> Path:
    """The example with the code review log cited under a name of no declared kind."""
    model = project / "medsec.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace(CITED, CITED_OTHER))
    (project / CITED).rename(project / CITED_OTHER)
    return project


@pytest.mark.parametrize("cited", [CITED, CITED_SARIF])
@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_cited_evidence_that_is_not_a_file_is_refused_not_missing(
    kind: str, cited: str, project: Path
) -> None:
    hostile(project / cited, kind)
    model = loader.load_project(project)
    for reader in (evidence.sarif_facts, evidence.evidence_facts):
        message = refused(lambda reader=reader: reader(project, model))  # type: ignore[misc]
        assert message.startswith(f"{cited}: {WHY[kind]}"), message


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_cited_evidence_of_no_kind_that_is_not_a_file_is_refused(
    kind: str, cited_other: Path
) -> None:
    model = loader.load_project(cited_other)
    (fact,) = (f for f in evidence.evidence_facts(cited_other, model) if f.path == CITED_OTHER)
    assert fact.kind == "other" and fact.problem is None and len(fact.sha256) == 64
    hostile(cited_other / CITED_OTHER, kind)
    message = refused(lambda: evidence.evidence_facts(cited_other, model))
    assert message.startswith(f"{CITED_OTHER}: {WHY[kind]}"), message


def test_evidence_of_no_kind_is_hashed_within_the_limit(
    cited_other: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (cited_other / CITED_OTHER).unlink()
    (cited_other / CITED_OTHER).symlink_to(LYING)
    with outside_allowed():
        model = loader.load_project(cited_other)
    monkeypatch.setattr(evidence, "MAX_EVIDENCE_BYTES", 100)
    assert "over the 100-byte limit for evidence files" in refused(
        lambda: evidence.evidence_facts(cited_other, model)
    )


def test_evidence_size_is_counted_while_reading(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / CITED).unlink()
    (project / CITED).symlink_to(LYING)
    with outside_allowed():
        model = loader.load_project(project)
    monkeypatch.setattr(evidence, "MAX_EVIDENCE_BYTES", 100)
    assert "more than 100 bytes" in refused(lambda: evidence.evidence_facts(project, model))


def test_a_vex_document_that_is_not_a_file_is_a_problem_not_a_hang(project: Path) -> None:
    fifo = hostile(project / "records" / "vex" / "supplier.json", "fifo")
    listed = evidence.vex_documents(project)
    assert (
        "records/vex/supplier.json" in listed
    )  # listed, so the checklist says what is wrong with it
    with finishes_within(5):
        (fact,) = evidence.vex_facts(project, ("records/vex/supplier.json",))
    assert fact.problem == WHY["fifo"] and fifo.exists()


@pytest.mark.parametrize(
    ("kind", "args"),
    [
        ("fifo", ()),
        ("folder", ()),
        ("link-to-dev-zero", ("--allow-outside",)),  # a link out of the project needs it
    ],
)
def test_check_with_hostile_evidence_exits_3(
    kind: str,
    args: tuple[str, ...],
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CI", "true")
    hostile(project / CITED, kind)
    code, err = medsec(capsys, "check", str(project), "--today", "2026-12-01", *args)
    assert code == INPUT_ERROR and f"{CITED}: {WHY[kind]}" in err, err


# --- pentest reports ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_pentest_import_of_a_hostile_report_exits_3(
    kind: str, tmp_path: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = hostile(tmp_path / "scan.xml", kind)
    code, err = medsec(capsys, "pentest", "import", str(report), str(project), "--dry-run")
    assert code == INPUT_ERROR and WHY[kind] in err, err


def test_pentest_report_size_is_counted_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "status.csv").symlink_to(LYING)
    monkeypatch.setattr(pentest, "DEFAULT_MAX_BYTES", 100)
    assert "more than 100 bytes" in refused(lambda: pentest._read_report(tmp_path / "status.csv"))


def test_pentest_copy_target_that_is_a_fifo_is_refused_not_waited_on(
    tmp_path: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside" / "nmap-pump.xml"
    outside.parent.mkdir()
    shutil.copyfile(project / "pentests" / "pt-2026" / "nmap-pump.xml", outside)
    (project / "pentests" / "pt-2026" / "nmap-pump.xml").unlink()
    hostile(project / "pentests" / "pt-2026" / "nmap-pump.xml", "fifo")
    args = ["pentest", "import", str(outside), str(project), "-e", "pt-2026"]
    code, err = medsec(capsys, *args, "--today", "2026-11-27")
    assert code == INPUT_ERROR and WHY["fifo"] in err, err


# --- files medsec wrote itself, found in a project someone else may have shaped ----------------


def test_an_oversized_journal_is_refused_before_it_is_read(tmp_path: Path) -> None:
    padding = b" " * (atomic.JOURNAL_MAX_BYTES + 1)
    (tmp_path / atomic.JOURNAL).write_bytes(
        b'{"format": "medsec-journal/1", "files": []}' + padding
    )
    message = refused(lambda: atomic.recover(tmp_path))
    assert "over the 1,048,576-byte limit for journals (remove it" in message


def test_an_oversized_parse_cache_is_ignored(tmp_path: Path) -> None:
    raw = b"findings: []\n"
    path = tmp_path / "findings.yaml"
    parse_cache.write_cache(path, raw, {"findings": []}, [])
    assert parse_cache.read_cache(path, raw) == ({"findings": []}, [])
    cache = parse_cache.cache_path(path)
    cache.write_bytes(cache.read_bytes() + b" " * (1024 * 1024))  # bigger than its file can make
    assert parse_cache.read_cache(path, raw) is None


def test_sbom_digest_reads_within_the_sbom_limit(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = loader.load_project(project)
    assert digests.sbom_digest(project, model).startswith("sha256:")
    monkeypatch.setenv("MEDSEC_SBOM_MAX_BYTES", "100")
    assert "over the 100-byte limit for SBOM files" in refused(
        lambda: digests.sbom_digest(project, model)
    )


@pytest.mark.parametrize("via", ["--db", ".medsec.toml"])
def test_a_database_path_that_is_a_fifo_is_refused_not_waited_on(
    via: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("MEDSEC_DB", raising=False)
    fifo = hostile(tmp_path / "vulns.sqlite", "fifo")
    args = ["--db", str(fifo)]
    if via == ".medsec.toml":
        (tmp_path / settings.SETTINGS_FILE).write_text('database = "vulns.sqlite"\n')
        args = ["--project", str(tmp_path)]
    code, err = medsec(capsys, "db", "status", *args)
    assert code == INPUT_ERROR and f"{fifo}: {WHY['fifo']}" in err, err
