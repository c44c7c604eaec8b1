"""Bulk inserts handed straight to the driver: tuples in, one ``executemany`` per batch.

An import writes hundreds of thousands of rows; SQLAlchemy's per-row parameter processing
would cost more than SQLite's own work. The statements are built from the table definitions
(fixed identifiers, never input) with the driver's placeholder; values are converted the way
SQLAlchemy's column types would store them (SQLite keeps datetimes and dates as text).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table

SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # what sqlalchemy's SQLite DATETIME writes and reads


def insert_rows(conn: Connection, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (values in the table's column order) in one driver call."""
    if rows:
        conn.exec_driver_sql(_statement(table, conn.dialect.paramstyle), list(rows))


@lru_cache(maxsize=32)
def _statement(table: Table, paramstyle: str) -> str:
    """``INSERT INTO t (a, b) VALUES (?, ?)`` for a table in the driver's placeholder style."""
    mark = "?" if paramstyle == "qmark" else "%s"
    names = ", ".join(column.name for column in table.columns)
    marks = ", ".join(mark for _ in table.columns)
    return f"INSERT INTO {table.name} ({names}) VALUES ({marks})"  # noqa: S608 (identifiers from the schema)


def timestamp(conn: Connection) -> Any:
    """A converter for datetime values: SQLite text in UTC, anything else passed through."""
    return _sqlite_time if conn.dialect.name == "sqlite" else _same


def day(conn: Connection) -> Any:
    """A converter for date values: ISO text on SQLite, anything else passed through."""
    return _sqlite_day if conn.dialect.name == "sqlite" else _same


def _sqlite_time(value: datetime | None) -> str | None:
    """A datetime as SQLite DATETIME text, in UTC when it has a time zone."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime(SQLITE_DATETIME)


def _sqlite_day(value: date | None) -> str | None:
    """A date as ISO text."""
    return None if value is None else value.isoformat()


def _same(value: object) -> object:
    """The value unchanged: drivers with native date types take it as it is."""
    return value
