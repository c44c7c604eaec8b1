"""Bring index rows up to this medsec's rules: re-derive them from the stored records.

Every import records the :data:`~medsec.storage.rows.INDEX_VERSION` its index rows follow.
Data imported by an older medsec (before the version existed, or under older rules, such as
the keys before OSV's ``Name:Variant`` releases) would be looked up with keys it was never
stored under, and its findings silently missed. So opening a database re-indexes such
snapshots from their ``payload`` (the records as imported), in one transaction that waits for
running imports, and says how many records it re-indexed. Data indexed by a *newer* medsec is
refused: this medsec cannot know its keys.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, delete, or_, select, text, update

from medsec.domain.advisory import SourceKind
from medsec.domain.errors import SourceUnavailableError
from medsec.storage import schema as t
from medsec.storage.codec import decode
from medsec.storage.engine import SQLITE_BEGIN, redact
from medsec.storage.importer import BATCH, LOCK_KEY
from medsec.storage.rows import INDEX_VERSION, IndexRows

_INDEXED = (SourceKind.OSV.value, SourceKind.NVD.value)  # as _index_versions spells them


def upgrade(engine: Engine) -> int:
    """Re-index the current snapshots indexed under older rules; the records re-indexed."""
    with engine.connect() as conn:
        versions = _index_versions(conn)
    _refuse_newer(versions, engine)
    if all(v is not None and v >= INDEX_VERSION for v in versions):
        return 0
    immediate = engine.connect().execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
    with immediate as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
        seqs = _outdated(conn)  # again, under the lock: another process may have done it
        if not seqs:
            return 0
        for table in t.INDEX_TABLES:
            conn.execute(delete(table).where(table.c.snapshot_seq.in_(seqs)))
        count = _reindex(conn, seqs)
        s = t.snapshots.c
        conn.execute(update(t.snapshots).where(s.seq.in_(seqs)).values(index_version=INDEX_VERSION))
    return count


def _outdated(conn: Connection) -> list[int]:
    """The current OSV/NVD snapshots whose rows follow older rules (or no recorded version)."""
    s = t.snapshots.c
    query = select(s.seq).where(
        s.state == "current",
        s.source.in_(_INDEXED),
        or_(s.index_version.is_(None), s.index_version < INDEX_VERSION),
    )
    return [int(row[0]) for row in conn.execute(query)]


def _index_versions(conn: Connection) -> list[int | None]:
    """The index version of every current OSV/NVD snapshot (``None``: none recorded), in one
    plain query: every open asks, so it is not built through SQLAlchemy's compiler."""
    sql = "SELECT index_version FROM snapshots WHERE state = 'current' AND source IN ('osv', 'nvd')"
    return [None if v is None else int(v) for (v,) in conn.exec_driver_sql(sql)]


def _refuse_newer(versions: list[int | None], engine: Engine) -> None:
    """A snapshot indexed by a newer medsec cannot be read correctly by this one."""
    newest = max((v for v in versions if v is not None), default=None)
    if newest is not None and newest > INDEX_VERSION:
        raise SourceUnavailableError(
            f"vulnerability database {redact(engine.url)} was indexed by a newer medsec "
            f"(index version {newest}, this medsec reads {INDEX_VERSION}): upgrade medsec, "
            "or re-import the data with this one"
        )


def _reindex(conn: Connection, seqs: list[int]) -> int:
    """Write the index rows of every advisory of ``seqs`` from its record, batch by batch."""
    a = t.advisories.c
    last, count = 0, 0
    while True:
        query = (
            select(a.pk, a.snapshot_seq, a.payload)
            .where(a.snapshot_seq.in_(seqs), a.pk > last)
            .order_by(a.pk)
            .limit(BATCH)
        )
        batch = conn.execute(query).all()
        if not batch:
            return count
        index = IndexRows()
        for pk, seq, payload in batch:
            index.add(decode(payload), pk, seq)
        index.write(conn)
        last, count = batch[-1][0], count + len(batch)
