"""One import = one transaction: write the new snapshot's rows, then retire what it replaces.

Nothing is visible to readers until the commit, and any failure (a parse error raised by the
records iterator half-way through a 300 MB zip, a full disk, a lost connection) rolls the
whole import back: the previous data stays as it was.

What an import replaces is its *scope*. KEV and EPSS replace the whole source. NVD replaces the
whole source, or in ``merge`` mode (incremental updates) only the CVEs it brings. OSV replaces
the base ecosystem every record shares (``pypi`` for ``PyPI/all.zip``), or all OSV data
(``*``) when the records span ecosystems with none in common (the all-ecosystems dump).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any, TypeVar, assert_never

import orjson
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    delete,
    exists,
    func,
    insert,
    select,
    text,
    update,
)

from medsec.domain.advisory import Advisory, EpssScore, KevEntry, Snapshot, SourceKind
from medsec.domain.data_age import plausible
from medsec.domain.errors import InputError
from medsec.storage import bulk
from medsec.storage import schema as t
from medsec.storage.codec import encode
from medsec.storage.engine import SQLITE_BEGIN
from medsec.storage.rows import INDEX_VERSION, IndexRows

Record = Advisory | KevEntry | EpssScore
BATCH = 2000
ALL_SCOPE = "*"
LOCK_KEY = 0x6D65_6469  # "medi": one import (or re-index) at a time on a shared PostgreSQL
T = TypeVar("T")


@dataclass(frozen=True)
class ImportMeta:
    """Where the records came from and how they replace the source's previous data."""

    origin: str  # file path or URL
    content_hash: str | None = None  # sha256 of the imported bytes; None: hash of the records
    data_date: datetime | None = None  # catalogue / score date; None: newest 'modified'
    merge: bool = False  # upsert by id instead of replacing the scope (NVD increments)
    imported_at: datetime | None = None
    meta: Mapping[str, str] = field(default_factory=dict)  # facts stored in the same transaction


@dataclass
class _Progress:
    """What the import learnt while writing: hash, count, newest date, shared OSV bases."""

    hasher: Any
    imported_at: datetime
    count: int = 0
    newest: datetime | None = None  # the newest plausible 'modified' (domain/data_age.py)
    bases: set[str] | None = None  # base ecosystems every OSV record shares


def run_import(
    engine: Engine, source: SourceKind, records: Iterable[Record], meta: ImportMeta
) -> Snapshot:
    """Write one source's records as a new current snapshot in one transaction; all or nothing."""
    imported_at = meta.imported_at or datetime.now(UTC)
    merge = meta.merge and source in (SourceKind.NVD, SourceKind.OSV)
    immediate = engine.connect().execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
    with immediate as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
        seq = _open_snapshot(conn, source, merge, meta.origin, imported_at)
        progress = _Progress(hasher=hashlib.sha256(), imported_at=imported_at)
        _write_records(conn, source, seq, records, progress)
        if progress.count == 0 and not merge:
            raise InputError.single(
                meta.origin, "no records to import", hint="the previous data is kept"
            )
        scope = _scope(source, progress)
        if merge:
            _retire_merged(conn, source, seq)
        else:
            _retire_replaced(conn, source, seq, scope)
        content_hash = meta.content_hash or progress.hasher.hexdigest()
        snapshot = Snapshot(
            id=f"{source.value}:{content_hash[:16]}",
            source=source,
            origin=meta.origin,
            imported_at=imported_at,
            content_hash=content_hash,
            records=progress.count,
            data_date=meta.data_date or progress.newest,
            scope=scope,
        )
        _close_snapshot(conn, seq, snapshot)
        _store_meta(conn, meta.meta)
    return snapshot


def _open_snapshot(
    conn: Connection, source: SourceKind, merge: bool, origin: str, imported_at: datetime
) -> int:
    """Insert the snapshot row in state ``importing``; its seq tags every row written after it."""
    seq: int = conn.execute(
        insert(t.snapshots)
        .values(
            id="",
            source=source.value,
            scope="",
            mode="merge" if merge else "replace",
            state="importing",
            origin=origin,
            imported_at=imported_at,
            content_hash="",
            records=0,
        )
        .returning(t.snapshots.c.seq)
    ).scalar_one()
    return seq


def _write_records(
    conn: Connection, source: SourceKind, seq: int, records: Iterable[Record], progress: _Progress
) -> None:
    """Write the records into the source's tables; KEV and EPSS are emptied first (no history)."""
    if source in (SourceKind.OSV, SourceKind.NVD):
        _write_advisories(conn, source, seq, records, progress)
    elif source is SourceKind.KEV:
        conn.execute(delete(t.kev))
        _write_simple(conn, t.kev, seq, records, KevEntry, progress)
    elif source is SourceKind.EPSS:
        conn.execute(delete(t.epss))
        _write_simple(conn, t.epss, seq, records, EpssScore, progress)
    else:  # a new source kind must say where its records go: mypy fails here until it does
        assert_never(source)


def _close_snapshot(conn: Connection, seq: int, snapshot: Snapshot) -> None:
    """Give the snapshot row its id, scope, hash and counts, and make it ``current``."""
    conn.execute(
        update(t.snapshots)
        .where(t.snapshots.c.seq == seq)
        .values(
            id=snapshot.id,
            scope=snapshot.scope,
            state="current",
            content_hash=snapshot.content_hash,
            records=snapshot.records,
            data_date=snapshot.data_date,
            index_version=INDEX_VERSION,
        )
    )


def _store_meta(conn: Connection, facts: Mapping[str, str]) -> None:
    """Replace the given meta keys, in the import's transaction so they commit with the data."""
    if facts:
        conn.execute(delete(t.meta).where(t.meta.c.key.in_(list(facts))))
        conn.execute(insert(t.meta), [{"key": k, "value": v} for k, v in facts.items()])


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to ``size`` items, consumed lazily from ``items``."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _write_advisories(
    conn: Connection, source: SourceKind, seq: int, records: Iterable[Record], progress: _Progress
) -> None:
    """Insert advisories with their id, package and CPE index rows, batch by batch."""
    pk = int(conn.execute(select(func.coalesce(func.max(t.advisories.c.pk), 0))).scalar_one())
    when = bulk.timestamp(conn)
    kind = source.value
    index = IndexRows()
    for chunk in batched(records, BATCH):
        rows: list[tuple[Any, ...]] = []
        for advisory in chunk:
            if not isinstance(advisory, Advisory):
                raise TypeError(f"{kind} import got a {type(advisory).__name__}")
            pk += 1
            payload = encode(advisory)
            progress.hasher.update(payload)
            modified, withdrawn = when(advisory.modified), when(advisory.withdrawn)
            rows.append((pk, advisory.id, kind, modified, withdrawn, seq, payload))
            _note(progress, advisory, index.add(advisory, pk, seq))
        bulk.insert_rows(conn, t.advisories, rows)
        index.write(conn)


def _note(progress: _Progress, advisory: Advisory, bases: set[str]) -> None:
    """Count an advisory and track the newest plausible date (Go's ``0001-01-01`` is not one)
    and the ecosystems all OSV records share."""
    progress.count += 1
    modified = advisory.modified
    if (progress.newest is None or (modified and modified > progress.newest)) and plausible(
        modified, progress.imported_at
    ):
        progress.newest = modified
    if advisory.source == SourceKind.OSV.value:
        progress.bases = bases if progress.bases is None else progress.bases & bases


def _write_simple(
    conn: Connection,
    table: Table,
    seq: int,
    records: Iterable[Record],
    kind: type[KevEntry] | type[EpssScore],
    progress: _Progress,
) -> None:
    """Insert KEV entries or EPSS scores, batch by batch; a record of another kind is a bug."""
    on = bulk.day(conn)
    for chunk in batched(records, BATCH * 5):
        rows: list[tuple[Any, ...]] = []
        for record in chunk:
            if not isinstance(record, kind):
                raise TypeError(f"{table.name} import got a {type(record).__name__}")
            progress.hasher.update(orjson.dumps(record))
            rows.append(
                _kev_row(record, seq, on)
                if isinstance(record, KevEntry)
                else _epss_row(record, seq, on)
            )
        progress.count += len(rows)
        bulk.insert_rows(conn, table, rows)


def _kev_row(e: KevEntry, seq: int, on: Any) -> tuple[Any, ...]:
    """A KEV entry as a ``kev`` row tagged with its snapshot."""
    return (
        e.cve,
        e.vendor,
        e.product,
        e.name,
        on(e.date_added),
        on(e.due_date),
        e.known_ransomware,
        e.required_action,
        seq,
    )


def _epss_row(score: EpssScore, seq: int, on: Any) -> tuple[Any, ...]:
    """An EPSS score as an ``epss`` row tagged with its snapshot."""
    return (score.cve, score.epss, score.percentile, on(score.date), seq)


def _scope(source: SourceKind, progress: _Progress) -> str:
    """The scope: OSV bases every record shares, else ``*``; ``""`` (whole source) for others."""
    if source is not SourceKind.OSV:
        return ""
    return ",".join(sorted(progress.bases)) if progress.bases else ALL_SCOPE


def _retire_replaced(conn: Connection, source: SourceKind, seq: int, scope: str) -> None:
    """Mark the source's (or scope's) previous snapshots superseded, deleting their advisories."""
    s = t.snapshots.c
    condition = and_(s.source == source.value, s.state == "current", s.seq != seq)
    if source is SourceKind.OSV and scope != ALL_SCOPE:
        condition = and_(condition, s.scope == scope)
    old = [row[0] for row in conn.execute(select(s.seq).where(condition))]
    if not old:
        return
    if source in (SourceKind.OSV, SourceKind.NVD):
        for table in t.INDEX_TABLES:
            conn.execute(delete(table).where(table.c.snapshot_seq.in_(old)))
        conn.execute(delete(t.advisories).where(t.advisories.c.snapshot_seq.in_(old)))
    conn.execute(update(t.snapshots).where(s.seq.in_(old)).values(state="superseded"))


def _retire_merged(conn: Connection, source: SourceKind, seq: int) -> None:
    """Drop older copies of the advisories this import brings; emptied snapshots are superseded."""
    a = t.advisories.c
    fresh = select(a.id).where(a.snapshot_seq == seq)
    stale = select(a.pk).where(a.source == source.value, a.snapshot_seq != seq, a.id.in_(fresh))
    for table in t.INDEX_TABLES:
        conn.execute(delete(table).where(table.c.advisory_pk.in_(stale)))
    conn.execute(delete(t.advisories).where(a.pk.in_(stale)))
    s = t.snapshots.c
    emptied = and_(
        s.source == source.value,
        s.state == "current",
        s.seq != seq,
        ~exists().where(a.snapshot_seq == s.seq),
    )
    conn.execute(update(t.snapshots).where(emptied).values(state="superseded"))
