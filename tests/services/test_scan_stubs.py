"""``medsec scan`` adds an assessment stub to vulnerabilities.yaml for every unassessed finding.

A stub is ``state: in_triage`` with the keys a person fills in, appended after what the file
holds (comments, order and entries kept as they are), written atomically and only after the
scan succeeded; a second scan adds nothing. A stub is no assessment: the checklist still
counts its finding as unassessed until someone sets the state.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE

from medsec.domain.checklist import ItemId
from medsec.domain.errors import InputError, SourceUnavailableError
from medsec.domain.vulnerability import VexState
from medsec.project.vulnerabilities_file import STUB_KEYS, is_stub, load_assessments
from medsec.services import check, db
from medsec.services.evidence import vulnerability_assessments
from medsec.services.scan import ScanOptions, run

TODAY = date(2026, 11, 27)
# the example's findings that vulnerabilities.yaml does not assess (CVE-2024-2511 is in_triage
# there, written by a person: not a stub, and kept)
UNASSESSED = {
    "CVE-2024-2961@pkg:generic/glibc",
    "CVE-2024-3651@pkg:pypi/idna",
    "CVE-2024-39689@pkg:pypi/certifi",
    "CVE-2024-6197@pkg:generic/curl",
    "CVE-2025-43859@pkg:pypi/h11",
}


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = str(tmp_path / "vulns.sqlite")
    db.import_path(db.ImportOptions(EXAMPLE / "advisories", url))
    return url


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "pump"
    shutil.copytree(EXAMPLE, copy)
    return copy


def _file(project: Path) -> Path:
    return project / "vulnerabilities.yaml"


def test_a_scan_adds_one_stub_per_unassessed_finding(database: str, project: Path) -> None:
    before = load_assessments(project).assessments
    result = run(ScanOptions(project, None, TODAY, db=database))
    assert set(result.stubs) == UNASSESSED
    assert result.stubs_file == _file(project)
    after = load_assessments(project).assessments
    assert set(after) == set(before) | UNASSESSED
    for fid in UNASSESSED:
        stub = after[fid]
        assert stub.state is VexState.IN_TRIAGE and is_stub(stub)
    for fid, kept in before.items():  # existing entries untouched (line aside)
        assert after[fid] == kept
    assert not is_stub(after["CVE-2024-2511@pkg:generic/openssl"])  # a person's in_triage


def test_stubs_keep_the_file_and_list_the_keys_to_fill(database: str, project: Path) -> None:
    original = _file(project).read_text(encoding="utf-8")
    run(ScanOptions(project, None, TODAY, db=database))
    text = _file(project).read_text(encoding="utf-8")
    assert text.startswith(original)  # every comment and entry as it was, stubs after them
    added = text[len(original) :]
    assert "added by 'medsec scan' on 2026-11-27" in added
    block = added.split("CVE-2025-43859@pkg:pypi/h11:\n", 1)[1].split("\n\n", 1)[0]
    keys = [line.split(":", 1)[0].strip() for line in block.splitlines()]
    assert keys == [k for k, _ in STUB_KEYS]
    assert "# critical, h11 0.14.0, fixed in 0.16.0" in added  # what the person looks at


def test_a_second_scan_adds_nothing(database: str, project: Path) -> None:
    run(ScanOptions(project, None, TODAY, db=database))
    first = _file(project).read_bytes()
    again = run(ScanOptions(project, None, TODAY, db=database))
    assert again.stubs == () and again.stubs_file is None
    assert _file(project).read_bytes() == first


def test_a_filled_stub_is_never_touched_again(database: str, project: Path) -> None:
    run(ScanOptions(project, None, TODAY, db=database))
    path = _file(project)
    text = path.read_text(encoding="utf-8")
    head, tail = text.split("CVE-2025-43859@pkg:pypi/h11:\n", 1)
    filled = tail.replace("state: in_triage", "state: exploitable", 1)
    path.write_text(head + "CVE-2025-43859@pkg:pypi/h11:\n" + filled, encoding="utf-8")
    run(ScanOptions(project, None, TODAY, db=database))
    assert path.read_text(encoding="utf-8") == head + "CVE-2025-43859@pkg:pypi/h11:\n" + filled


def test_no_stubs_leaves_the_file_alone(database: str, project: Path) -> None:
    original = _file(project).read_bytes()
    result = run(ScanOptions(project, None, TODAY, db=database, write_stubs=False))
    assert result.stubs == () and result.stubs_file is None
    assert _file(project).read_bytes() == original


def test_without_a_file_the_scan_starts_one(database: str, project: Path) -> None:
    _file(project).unlink()
    result = run(ScanOptions(project, None, TODAY, db=database))
    loaded = load_assessments(project)
    assert (
        set(loaded.assessments)
        == set(result.stubs)
        == UNASSESSED
        | {
            "CVE-2022-40303@pkg:generic/libxml2",
            "CVE-2023-52160@pkg:generic/wpa-supplicant",
            "CVE-2024-12797@pkg:pypi/cryptography",
            "CVE-2024-2511@pkg:generic/openssl",
            "CVE-2024-47874@pkg:pypi/starlette",
        }
    )
    assert _file(project).read_text(encoding="utf-8").startswith("# medsec vulnerability")
    assert all(is_stub(a) for a in loaded.assessments.values())


def test_nothing_is_written_when_the_scan_fails(tmp_path: Path, project: Path) -> None:
    original = _file(project).read_bytes()
    with pytest.raises(SourceUnavailableError):
        run(ScanOptions(project, None, TODAY, db=str(tmp_path / "empty.sqlite")))
    assert _file(project).read_bytes() == original
    assert not (project / "records" / "scans").exists()


def test_a_broken_file_stops_the_scan_before_anything_is_written(
    database: str, project: Path
) -> None:
    _file(project).write_text("format: medsec-vulnerabilities/1\nvulnerabilities: [1]\n")
    with pytest.raises(InputError):
        run(ScanOptions(project, None, TODAY, db=database))
    assert _file(project).read_text() == "format: medsec-vulnerabilities/1\nvulnerabilities: [1]\n"
    assert not (project / "records" / "scans").exists()


def _cve(project: Path) -> tuple[list[str], list[str]]:
    """The cve-analysis messages, and the vulnerability-management evidence, of a check."""
    result = check.run(check.CheckOptions(project, TODAY))
    items = {i.id: i for i in result.checklist.items}
    cve = [f.message for f in items[ItemId.CVE_ANALYSIS].findings]
    kept = [e.message for e in items[ItemId.VULNERABILITY_MANAGEMENT].evidence]
    return cve, kept


def test_a_stub_still_counts_as_unassessed(database: str, project: Path) -> None:
    run(ScanOptions(project, None, TODAY, db=database, write_stubs=False))
    without, kept_without = _cve(project)
    run(ScanOptions(project, None, TODAY, db=database))  # now the stubs are in the file
    with_stubs, kept_with = _cve(project)
    assert without == with_stubs == ["7 of 11 findings have no assessment"]  # 2511 twice
    assert "8 vulnerability assessments kept" in kept_without
    assert kept_with == kept_without  # stubs are no assessments
    assert vulnerability_assessments(project) == 8


def test_filling_in_a_stub_assesses_its_finding(database: str, project: Path) -> None:
    run(ScanOptions(project, None, TODAY, db=database))
    path = _file(project)
    text = path.read_text(encoding="utf-8")
    head, tail = text.split("CVE-2024-6197@pkg:generic/curl:\n", 1)
    tail = tail.replace("state: in_triage", "state: not_affected", 1).replace(
        "justification: null", "justification: code_not_present", 1
    )
    path.write_text(head + "CVE-2024-6197@pkg:generic/curl:\n" + tail, encoding="utf-8")
    cve, kept = _cve(project)
    assert cve == ["6 of 11 findings have no assessment"]
    assert "9 vulnerability assessments kept" in kept
