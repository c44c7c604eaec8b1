"""``kill -9`` during ``medsec scan`` (issue 12): the files it writes stay whole.

A project scan writes its record (``records/scans/DATE.json``) and then the assessment stubs
(``vulnerabilities.yaml``), each through the atomic writer. The scan runs as a child process
and is killed at the moments that matter, told by what it leaves on disk rather than by the
clock: while the temporary file of the record exists (written, not yet renamed), while the
one of ``vulnerabilities.yaml`` exists, and half-way through its run (before any write).
After each kill every file is byte for byte the one before the scan or the one of a complete
scan, never half of one; the database is untouched; a second scan finishes the work.
"""

from __future__ import annotations

import functools
import os
import shutil
import time
from pathlib import Path

import pytest
from tests.cli import children
from tests.conftest import EXAMPLE

from medsec.project.atomic import TEMP_SUFFIX

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="POSIX signals")]

TODAY = "2026-12-01"
RECORD = f"records/scans/{TODAY}.json"
STUBS = "vulnerabilities.yaml"
NAMES = (RECORD, STUBS)
FINDINGS = 1  # scan's exit code when it reports findings (0 without)


def _snapshot(root: Path) -> dict[str, bytes | None]:
    return {n: (root / n).read_bytes() if (root / n).is_file() else None for n in NAMES}


def _temp_of(root: Path, name: str) -> bool:
    """True while the atomic writer's temporary file for ``name`` exists beside it."""
    target = root / name
    prefix = f".{target.name}."
    try:
        with os.scandir(target.parent) as entries:
            return any(e.name.startswith(prefix) and e.name.endswith(TEMP_SUFFIX) for e in entries)
    except FileNotFoundError:
        return False


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's advisories in a SQLite database of this module's own."""
    db = tmp_path_factory.mktemp("db") / "vulns.sqlite"
    done = children.run(str(db), "db", "import", str(EXAMPLE / "advisories"))
    assert done.returncode == 0, done.stderr.decode()[-500:]
    return db


def _scan(root: Path) -> list[str]:
    return ["scan", str(root), "--today", TODAY]


@pytest.fixture(scope="module")
def complete(
    tmp_path_factory: pytest.TempPathFactory, database: Path
) -> tuple[dict[str, bytes | None], float]:
    """The files of a complete scan of the example, and how long the scan took."""
    root = Path(shutil.copytree(EXAMPLE, tmp_path_factory.mktemp("complete") / "pump"))
    started = time.monotonic()
    done = children.run(str(database), *_scan(root))
    assert done.returncode in (0, FINDINGS), done.stderr.decode()[-500:]
    after = _snapshot(root)
    assert all(after[n] != _snapshot(EXAMPLE)[n] for n in NAMES), "the scan must change both"
    return after, time.monotonic() - started


MOMENTS = {  # (project folder, when half the run is over) -> is this the moment to kill?
    "writing-the-record": lambda root, _half_way: _temp_of(root, RECORD),
    "writing-the-stubs": lambda root, _half_way: _temp_of(root, STUBS),
    "half-way": lambda _root, half_way: time.monotonic() > half_way,
}


def _killed_scan(tmp_path: Path, database: Path, moment: str, duration: float) -> Path:
    """A copy of the example whose scan was killed at ``moment``, retried when missed.

    A temporary file lives for the time of one write and fsync (milliseconds here, far less on
    a tmpfs): after four misses the scan is killed near its end instead, where the writes are,
    so a fast file system costs the precise moment, never a red build.
    """
    signs = [MOMENTS[moment]] * 4 + [lambda _root, half_way: time.monotonic() > half_way]
    for attempt, chosen in enumerate(signs):
        root = Path(shutil.copytree(EXAMPLE, tmp_path / f"attempt{attempt}"))
        child = children.start(str(database), *_scan(root))
        fraction = 0.5 if attempt < 4 else 0.9
        sign = functools.partial(chosen, root, time.monotonic() + duration * fraction)
        if children.wait_for(child, sign, 60, poll=0.0002) and children.kill(child):
            return root
        child.wait(timeout=60)
    pytest.fail(f"the scan always ended before it could be killed ({moment})")


@pytest.mark.parametrize("moment", MOMENTS)
def test_kill_9_during_scan_leaves_whole_files_and_a_later_scan_finishes(
    moment: str, tmp_path: Path, database: Path, complete: tuple[dict[str, bytes | None], float]
) -> None:
    after, duration = complete
    before = _snapshot(EXAMPLE)
    db_bytes = database.read_bytes()
    root = _killed_scan(tmp_path, database, moment, duration)
    state = _snapshot(root)
    for name in NAMES:
        assert state[name] in (before[name], after[name]), f"{name} half-written"
    assert database.read_bytes() == db_bytes, "a scan must not write the database"
    hour_ago = time.time() - 3600
    for temp in root.rglob(f"*{TEMP_SUFFIX}"):  # what the kill left, aged past STALE_AFTER
        os.utime(temp, (hour_ago, hour_ago))
    again = children.run(str(database), *_scan(root))
    assert again.returncode in (0, FINDINGS), again.stderr.decode()[-500:]
    assert _snapshot(root) == after, "a scan after the kill did not finish the work"
    assert not list(root.rglob(f"*{TEMP_SUFFIX}")), "the later scan left temporary files"
