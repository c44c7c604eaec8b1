"""medsec in child processes for the crash and concurrency tests: start one, wait for a sign
that it is where the test wants it, ``kill -9`` it there, and look at the database it left.

The kills wait for markers, not for the clock: a write lock held on the SQLite file, an
advisory lock held by the import's PostgreSQL session, a medsec temporary file beside its
target. A delay on top of a marker is retried shorter when the child finished first.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import advisory_generate
from sqlalchemy import create_engine, text

POLL = 0.002  # seconds between looks at a marker


def command(*args: str) -> list[str]:
    """The command line of ``medsec ARGS`` run by this Python."""
    return [sys.executable, "-m", "medsec", *args]


def environment(db: str) -> dict[str, str]:
    """The child's environment: this one, with its database and no terminal decorations."""
    return {**os.environ, "CI": "true", "MEDSEC_DB": db}


def start(db: str, *args: str) -> subprocess.Popen[bytes]:
    """Start ``medsec ARGS`` on database ``db``; its stderr is kept for the test to read."""
    return subprocess.Popen(
        command(*args), env=environment(db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def run(db: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """Run ``medsec ARGS`` on database ``db`` to its end."""
    return subprocess.run(
        command(*args), env=environment(db), capture_output=True, check=False, timeout=timeout
    )


def osv_zip(path: Path, count: int, seed: int) -> Path:
    """A generated OSV dump of ``count`` records (benchmarks/advisory_generate.py)."""
    return advisory_generate.write(count, path, seed=seed)


def wait_for(
    child: subprocess.Popen[bytes], sign: Callable[[], bool], timeout: float, poll: float = POLL
) -> bool:
    """Poll until ``sign()`` holds (True) or the child has ended or time is up (False)."""
    end = time.monotonic() + timeout
    while child.poll() is None and time.monotonic() < end:
        if sign():
            return True
        time.sleep(poll)
    return False


def kill(child: subprocess.Popen[bytes]) -> bool:
    """SIGKILL the child; True when it was still running, so the kill is what ended it."""
    if child.poll() is not None:
        return False
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    return child.returncode == -signal.SIGKILL


def sqlite_write_locked(path: Path) -> bool:
    """True while another connection holds the write lock of the SQLite file (an import's
    ``BEGIN IMMEDIATE`` transaction): a write transaction of our own cannot start."""
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        return "locked" in str(error) or "busy" in str(error)
    finally:
        connection.close()


def sqlite_copy(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite database (the backup API, WAL included)."""
    with sqlite3.connect(source) as old, sqlite3.connect(target) as new:
        old.backup(new)
    return target


@dataclass(frozen=True)
class Contents:
    """What the advisory tables hold: rows, distinct ids, current records, open imports."""

    rows: int
    ids: int
    current: tuple[int, ...]  # the records of each current OSV snapshot
    importing: int  # snapshots left in state "importing" (an import that never ended)


def contents(url: str) -> Contents:
    """Read the advisory tables directly (SQLAlchemy URL), not through medsec."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows, ids = conn.execute(
                text("SELECT count(*), count(DISTINCT id) FROM advisories")
            ).one()
            current = conn.execute(
                text("SELECT records FROM snapshots WHERE source = 'osv' AND state = 'current'")
            ).scalars()
            importing = conn.execute(
                text("SELECT count(*) FROM snapshots WHERE state = 'importing'")
            ).scalar_one()
            return Contents(int(rows), int(ids), tuple(sorted(current)), int(importing))
    finally:
        engine.dispose()


def holds_once(url: str, records: int) -> None:
    """The database holds one current snapshot of ``records`` advisories, each once, and no
    trace of an import that did not finish."""
    assert contents(url) == Contents(records, records, (records,), 0)


def sqlite_whole(path: Path) -> None:
    """SQLite's own check of every page and index of the file."""
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
