"""Where the vulnerability database lives: URL resolution and engine set-up.

``--db`` or ``MEDSEC_DB`` take a file path, a ``sqlite:///…`` URL or a ``postgresql://…`` URL
(a team shares one PostgreSQL database; psycopg 3 is the driver). Without either, a SQLite file
in the user data dir: ``$XDG_DATA_HOME/medsec/vulns.sqlite`` (``~/.local/share`` on Linux, the
platform's equivalent elsewhere). SQLite runs in WAL mode with foreign keys on, and with
explicit ``BEGIN`` so that an import can take the write lock up front (``BEGIN IMMEDIATE``).

Only the default folder is created: a SQLite path someone gave whose folder does not exist is
a typo far more often than a wish, so it is an error naming the path (never a silent ``mkdir``
and a new empty database); so is an existing file that is not a SQLite database.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError

from medsec.domain.errors import InputError, UsageError
from medsec.untrusted.files import open_input

ENV_DB = "MEDSEC_DB"
DB_FILE = "vulns.sqlite"
SQLITE_BEGIN = "sqlite_begin"  # execution option: "IMMEDIATE" for a write transaction
_BEGIN = {"": "BEGIN", "IMMEDIATE": "BEGIN IMMEDIATE", "EXCLUSIVE": "BEGIN EXCLUSIVE"}
# SQLite page cache per connection, by what its transaction does. Writes: 64 MiB for the index
# inserts of a large import. Reads: SQLite's default 2 MiB: a scan reads each page about once,
# and a larger cache only adds fresh memory to fault in (a 10,000-component scan's queries took
# 0.19 s with 64 MiB against 0.05 s with 2 MiB).
CACHE_KIB = {"write": 65_536, "read": 2_000}
SQLITE_MAGIC = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite 3 database file
WHERE_TO_SET = "--db, MEDSEC_DB or 'database' in .medsec.toml"


def default_path(env: Mapping[str, str] | None = None) -> Path:
    """``<user data dir>/medsec/vulns.sqlite``, honouring ``XDG_DATA_HOME``."""
    env = os.environ if env is None else env
    xdg = env.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path(platformdirs.user_data_dir(appauthor=False))
    return base / "medsec" / DB_FILE


def resolve_url(value: str | None = None, env: Mapping[str, str] | None = None) -> URL:
    """The database URL from ``--db`` (``value``), else ``MEDSEC_DB``, else the default file.

    A path someone gave must lie in an existing folder; the default folder is created here.
    """
    env = os.environ if env is None else env
    text = (value or env.get(ENV_DB) or "").strip()
    if not text:
        path = default_path(env)
        path.parent.mkdir(parents=True, exist_ok=True)
        return _sqlite_url(path)
    if text.startswith(("postgresql:", "postgres:", "postgresql+psycopg:")):
        text = "postgresql+psycopg:" + text.split(":", 1)[1]
    elif "://" not in text:
        return _sqlite_url(_given_path(Path(text).expanduser(), text))
    try:
        url = make_url(text)
    except ArgumentError:
        raise UsageError(f"--db: '{redact(text)}' is not a database URL or path") from None
    if url.get_backend_name() not in {"sqlite", "postgresql"}:
        raise UsageError(
            f"--db: '{url.get_backend_name()}' is not supported; use a SQLite path or postgresql://"
        )
    if url.get_backend_name() == "sqlite" and _is_file(url.database):
        _given_path(Path(url.database or ""), text)
    return url


def _is_file(database: str | None) -> bool:
    """True for a SQLite database that is a file (not in memory, not a ``file:`` URI)."""
    return bool(database) and database != ":memory:" and not (database or "").startswith("file:")


def _given_path(path: Path, text: str) -> Path:
    """A SQLite path someone gave, checked: its folder exists and it is not itself a folder."""
    folder = path.absolute().parent
    if not folder.is_dir():
        raise InputError.single(
            text,
            f"the folder {folder} does not exist, so the database cannot be created there",
            hint=f"create it first (mkdir -p '{folder}') or correct the path in {WHERE_TO_SET}",
        )
    if path.is_dir():
        raise InputError.single(
            text,
            "is a folder, not a database file",
            hint=f"name a file, e.g. {path / DB_FILE}, in {WHERE_TO_SET}",
        )
    return path


def _sqlite_url(path: Path) -> URL:
    """A SQLite URL for the file at ``path``, made absolute."""
    return URL.create("sqlite", database=str(path.resolve()))


def check_sqlite_file(path: Path) -> None:
    """Refuse an existing non-empty file that is not a SQLite database (bad input, exit 3)."""
    if not path.exists():
        return  # a new database
    with open_input(path) as handle:  # a regular file only: a FIFO would hang the open
        head = handle.read(len(SQLITE_MAGIC)) or b""
    if head and head != SQLITE_MAGIC:
        raise InputError.single(
            str(path),
            "is not a SQLite database",
            hint=f"point {WHERE_TO_SET} at a medsec database, or at a new file name to create one",
        )


def redact(url: URL | str) -> str:
    """The URL for messages and reports, password hidden."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except ArgumentError:
            return "<unparseable URL>"
    return url.render_as_string(hide_password=True)


def create(url: URL) -> Engine:
    """An engine for ``url``; an existing SQLite file must be a SQLite database."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    # psycopg logs "error ignored terminating <Pipeline>" when a server goes away mid-import;
    # the error that follows says it in our words: keep its line off stderr unless asked for
    logging.getLogger("psycopg").addHandler(logging.NullHandler())
    return create_engine(url, pool_pre_ping=True, future=True)


def _sqlite_engine(url: URL) -> Engine:
    """A SQLite engine in WAL mode whose transactions medsec begins itself."""
    if _is_file(url.database):
        check_sqlite_file(Path(url.database or ""))
    engine = create_engine(url, connect_args={"timeout": 30}, future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        """Per connection: no implicit BEGIN from the driver, WAL, foreign keys."""
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        """BEGIN, or BEGIN IMMEDIATE when the connection asks for a write transaction; each
        with its page cache size (:data:`CACHE_KIB`)."""
        mode = connection.get_execution_options().get(SQLITE_BEGIN, "")
        kib = CACHE_KIB["write" if mode else "read"]
        if connection.info.get("cache_kib") != kib:
            connection.exec_driver_sql(f"PRAGMA cache_size=-{kib}")
            connection.info["cache_kib"] = kib
        connection.exec_driver_sql(_BEGIN[mode])

    return engine
