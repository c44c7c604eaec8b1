"""The one writer (issue 12 #9, #14): temp + fsync + rename, stale temp files cleaned, a journal
for files that change together, and errors that name the target, never a temporary file."""

from __future__ import annotations

import os
import time
from pathlib import Path

import orjson
import pytest

from medsec.domain.errors import InputError
from medsec.project import atomic
from medsec.project.atomic import (
    JOURNAL,
    STALE_AFTER,
    clean_stale,
    recover,
    temp_path,
    write_atomic,
    write_together,
)


def _aged(path: Path, seconds: float) -> Path:
    path.write_text("partial")
    past = time.time() - seconds
    os.utime(path, (past, past))
    return path


def test_write_replaces_the_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "threats.yaml"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["threats.yaml"]


def test_stale_temp_files_of_killed_runs_are_removed_and_only_those(tmp_path: Path) -> None:
    target = tmp_path / "threats.yaml"
    stale = _aged(temp_path(target), STALE_AFTER + 60)
    young = _aged(temp_path(target), 5)  # a concurrent writer may still be using it
    other = _aged(temp_path(tmp_path / "medsec.yaml"), STALE_AFTER + 60)  # another target's
    users = [_aged(tmp_path / n, STALE_AFTER + 60) for n in (".threats.yaml.backup01", "x.tmp")]
    write_atomic(target, "new")
    assert not stale.exists()
    assert young.exists() and other.exists() and all(p.exists() for p in users)
    clean_stale(tmp_path / "medsec.yaml")
    assert not other.exists()


def test_the_file_and_its_folder_are_flushed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[bool] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.path.isdir(f"/proc/self/fd/{fd}") if Path("/proc/self").exists() else True)
        real(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    write_atomic(tmp_path / "a.yaml", "x")
    assert False in synced and True in synced  # the file, then the folder


@pytest.mark.parametrize("kind", ["folder", "proc"])
def test_an_unwritable_target_is_an_error_naming_it(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "out" if kind == "folder" else Path("/proc/version")
    if kind == "folder":
        target.mkdir()
    elif not target.exists():
        pytest.skip("no /proc here")
    with pytest.raises(InputError) as caught:
        write_atomic(target, "x")
    (problem,) = caught.value.problems
    assert problem.path == str(target)
    assert TEMP_NAME_PART not in str(caught.value)
    assert not list(tmp_path.glob(".*"))


TEMP_NAME_PART = atomic.TEMP_SUFFIX


def test_files_written_together_are_all_new(tmp_path: Path) -> None:
    a, b = tmp_path / "pentests" / "pt" / "report.xml", tmp_path / "pentests" / "pt" / "f.yaml"
    b.parent.mkdir(parents=True)
    b.write_text("old findings")
    write_together([(a, b"report"), (b, "new findings")], journal_in=tmp_path)
    assert a.read_bytes() == b"report" and b.read_text() == "new findings"
    assert not (tmp_path / JOURNAL).exists()
    assert sorted(p.name for p in b.parent.iterdir()) == ["f.yaml", "report.xml"]


def test_a_commit_killed_after_its_journal_is_rolled_forward(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "report.xml", tmp_path / "findings.yaml"
    a.write_text("old report")
    b.write_text("old findings")
    renames = 0
    real = Path.replace

    def dying_replace(self: Path, target: Path) -> Path:
        nonlocal renames
        if Path(target).name == JOURNAL:
            return real(self, target)
        renames += 1
        if renames == 2:
            raise KeyboardInterrupt  # stands for kill -9 between the two renames
        return real(self, target)

    monkeypatch.setattr(Path, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        write_together([(a, "new report"), (b, "new findings")], journal_in=tmp_path)
    monkeypatch.undo()
    assert a.read_text() == "new report" and b.read_text() == "old findings"  # half-way
    recover(tmp_path)
    assert a.read_text() == "new report" and b.read_text() == "new findings"
    assert not (tmp_path / JOURNAL).exists()


def test_a_commit_killed_before_its_journal_leaves_the_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "report.xml", tmp_path / "findings.yaml"
    a.write_text("old report")
    b.write_text("old findings")

    def no_journal(path: Path, data: str | bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic, "write_atomic", no_journal)
    with pytest.raises(KeyboardInterrupt):
        write_together([(a, "new report"), (b, "new findings")], journal_in=tmp_path)
    monkeypatch.undo()
    recover(tmp_path)
    assert a.read_text() == "old report" and b.read_text() == "old findings"


@pytest.mark.parametrize(
    "entry",
    [
        {"temp": "/etc/passwd", "target": "x"},
        {"temp": "../.x.0123456789abcdef.medsec-tmp", "target": "../x"},
        {"temp": ".a.0123456789abcdef.medsec-tmp", "target": "b"},
    ],
)
def test_a_forged_journal_renames_nothing(tmp_path: Path, entry: dict[str, str]) -> None:
    (tmp_path / JOURNAL).write_bytes(orjson.dumps({"files": [entry]}))
    with pytest.raises(InputError):
        recover(tmp_path)


def test_targets_outside_the_journal_folder_are_refused(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    with pytest.raises(InputError):
        write_together([(tmp_path / "outside.txt", "x")], journal_in=tmp_path / "p")
    assert not (tmp_path / "outside.txt").exists()


def test_a_derived_file_is_written_atomically_without_waiting_for_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``durable=False`` (parse caches) renames a complete file into place, with no fsync;
    the default flushes the file and its folder."""
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd))
    target = tmp_path / "cache.json"
    atomic.write_atomic(target, b"{}", durable=False)
    assert target.read_bytes() == b"{}" and synced == []
    atomic.write_atomic(target, b"[]")
    assert target.read_bytes() == b"[]" and len(synced) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["cache.json"]
