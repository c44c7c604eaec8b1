"""``medsec db import`` against trouble (issue 12): a second import at the same time, a
``kill -9`` in the middle, PostgreSQL going away in the middle.

Real processes, real files: each import runs as ``python -m medsec`` on a generated OSV dump
(benchmarks/advisory_generate.py) large enough that its transaction lasts about a second.
What must hold every time: both imports succeed, or one fails with one clear line and exit 4;
the database passes its integrity check and holds one import's data exactly once (no rows of
a killed or failed import, no snapshot left "importing"); and the next import succeeds.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.cli import children
from tests.storage.conftest import PG_ENV, _pg_schema_url

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="POSIX signals")]

OLD, NEW = 300, 3000  # records: the data already there, the data of the import under test
PG_NEW = 1000  # PostgreSQL imports are slower, and its import is ended as soon as it writes
STORAGE_ERROR = 4


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two generated OSV dumps: the previous data and the new."""
    folder = tmp_path_factory.mktemp("dumps")
    return {
        "old": children.osv_zip(folder / "old.zip", OLD, seed=1),
        "new": children.osv_zip(folder / "new.zip", NEW, seed=2),
        "pg": children.osv_zip(folder / "pg.zip", PG_NEW, seed=3),
    }


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory, dumps: dict[str, Path]) -> Path:
    """A SQLite database holding the old dump: the state every test starts from."""
    db = tmp_path_factory.mktemp("previous") / "vulns.sqlite"
    done = children.run(str(db), "db", "import", str(dumps["old"]))
    assert done.returncode == 0, done.stderr.decode()[-500:]
    return db


def _sqlite_url(db: Path) -> str:
    return f"sqlite:///{db}"


def _clear_failure(stderr: bytes) -> str:
    """A failed import says what happened in one line, never a traceback."""
    message = stderr.decode()
    assert "Traceback" not in message, message
    assert message.startswith("error: vulnerability database"), message
    assert message.strip().count("\n") == 0, f"more than one line:\n{message}"
    return message


# --- two imports at once on one SQLite file -------------------------------------------------


@pytest.mark.parametrize("start_from", ["new-file", "previous-data"])
def test_two_imports_at_once_on_one_sqlite_file(
    start_from: str, tmp_path: Path, dumps: dict[str, Path], previous: Path
) -> None:
    db = tmp_path / "vulns.sqlite"
    if start_from == "previous-data":
        children.sqlite_copy(previous, db)
    pair = [children.start(str(db), "db", "import", str(dumps["new"])) for _ in range(2)]
    codes = [child.wait(timeout=60) for child in pair]
    assert set(codes) <= {0, STORAGE_ERROR} and 0 in codes, codes
    for child, code in zip(pair, codes, strict=True):
        assert child.stderr is not None
        stderr = child.stderr.read()
        if code == STORAGE_ERROR:
            _clear_failure(stderr)
    children.sqlite_whole(db)
    children.holds_once(_sqlite_url(db), NEW)


def test_an_import_waiting_too_long_for_the_write_lock_exits_4(
    tmp_path: Path,
    dumps: dict[str, Path],
    previous: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Another writer holding the lock past SQLite's busy timeout: exit 4, the data kept."""
    import sqlite3

    from medsec.cli.main import main
    from medsec.storage import engine as engines

    db = children.sqlite_copy(previous, tmp_path / "vulns.sqlite")
    real = engines.create_engine
    monkeypatch.setattr(
        engines,
        "create_engine",
        lambda url, **kw: real(url, **{**kw, "connect_args": {"timeout": 0.2}}),
    )
    monkeypatch.setenv("MEDSEC_DB", str(db))
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another medsec importing
    try:
        code = main(["db", "import", str(dumps["new"])])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == STORAGE_ERROR
    message = _clear_failure(capsys.readouterr().err.encode())
    assert "is busy: another process is writing to it (database is locked)" in message
    children.sqlite_whole(db)
    children.holds_once(_sqlite_url(db), OLD)


# --- kill -9 in the middle of an import -------------------------------------------------------


def _killed_mid_import(db: Path, dump: Path, delay: float) -> bool:
    """Start an import and kill it ``delay`` s after it took the write lock, the lock still
    held; False when the import finished first (the caller retries with a shorter delay)."""
    child = children.start(str(db), "db", "import", str(dump))
    try:
        if not children.wait_for(child, lambda: children.sqlite_write_locked(db), 30):
            return False
        end = time.monotonic() + delay
        while time.monotonic() < end and child.poll() is None:
            time.sleep(children.POLL)
        return children.sqlite_write_locked(db) and children.kill(child)
    finally:
        children.kill(child)


def test_kill_9_during_db_import_keeps_the_previous_data(
    tmp_path: Path, dumps: dict[str, Path], previous: Path
) -> None:
    db = children.sqlite_copy(previous, tmp_path / "vulns.sqlite")
    for first_delay in (0.0, 0.25):  # as it starts writing, then well into it (of ~0.6 s)
        delay = first_delay
        for _ in range(5):
            if _killed_mid_import(db, dumps["new"], delay):
                break
            delay /= 2  # the import ended before the kill: back to the previous data, sooner
            children.sqlite_copy(previous, db)
        else:
            pytest.fail("the import always finished before it could be killed")
        children.sqlite_whole(db)
        children.holds_once(_sqlite_url(db), OLD)
    again = children.run(str(db), "db", "import", str(dumps["new"]))
    assert again.returncode == 0, again.stderr.decode()[-500:]
    children.sqlite_whole(db)
    children.holds_once(_sqlite_url(db), NEW)


# --- PostgreSQL going away in the middle of an import -------------------------------------------


@pytest.fixture
def pg_schema() -> Iterator[str]:
    """A PostgreSQL schema of this test's own (skipped, visibly, without MEDSEC_TEST_PG_URL)."""
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} not set: PostgreSQL stopped mid-import not tested (.ci/run sets it)")
    yield from _pg_schema_url()


def _importing_sessions(app: str) -> str:
    """The sessions of application ``app`` holding the import's advisory lock."""
    return (
        "SELECT a.pid FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid "
        f"WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = '{app}'"
    )


def test_postgresql_stopped_mid_import_exits_4_and_keeps_the_data(
    pg_schema: str, dumps: dict[str, Path]
) -> None:
    """The server ends the import's session the way a shutdown does (``pg_terminate_backend``
    sends the same FATAL 57P01 as ``pg_ctl stop -m fast``) and refuses it until it has failed."""
    app = f"medsec-test-{uuid.uuid4().hex[:8]}"
    url = make_url(pg_schema).update_query_dict({"application_name": app})
    child_url = url.render_as_string(hide_password=False)
    done = children.run(child_url, "db", "import", str(dumps["old"]))
    assert done.returncode == 0, done.stderr.decode()[-500:]
    admin = create_engine(make_url(os.environ[PG_ENV]))
    try:
        child = children.start(child_url, "db", "import", str(dumps["pg"]))

        def importing() -> bool:
            with admin.connect() as conn:
                return conn.execute(text(_importing_sessions(app))).first() is not None

        assert children.wait_for(child, importing, 30), "the import never started writing"
        while child.poll() is None:  # the server is down until the import has given up
            with admin.connect() as conn:
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        f"WHERE application_name = '{app}'"
                    )
                )
            time.sleep(children.POLL)
        assert child.wait(timeout=30) == STORAGE_ERROR
        assert child.stderr is not None
        message = _clear_failure(child.stderr.read())
        assert "is unreachable: " in message, message
    finally:
        admin.dispose()
    children.holds_once(pg_schema, OLD)
    again = children.run(child_url, "db", "import", str(dumps["pg"]))
    assert again.returncode == 0, again.stderr.decode()[-500:]
    children.holds_once(pg_schema, PG_NEW)
