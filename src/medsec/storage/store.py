"""``AdvisoryStore``: the vulnerability database as the rest of medsec sees it.

Batch queries answer a whole scan at once: ``candidates()`` takes every ``(ecosystem, name)``
of an SBOM, ``by_cpe()`` every ``(vendor, product)``, in a few indexed queries rather than one
per component. Results are domain values, sorted by id, one per advisory id (when two
snapshots hold the same id, the newer import wins).

    store = AdvisoryStore.open("postgresql://team@db/medsec")   # or a path, or None
    found = store.candidates([("PyPI", "Django"), ("Debian:12", "openssl")])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from operator import attrgetter
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from medsec.domain.advisory import (
    Advisory,
    EpssScore,
    KevEntry,
    Snapshot,
    SourceKind,
)
from medsec.domain.ecosystem import index_key
from medsec.domain.errors import SourceUnavailableError
from medsec.storage import engine as engines
from medsec.storage import migrate, reindex
from medsec.storage import schema as t
from medsec.storage.allocation import gc_paused
from medsec.storage.codec import decode, decode_view, merged_view
from medsec.storage.importer import ImportMeta, Record, batched, run_import
from medsec.storage.rows import cpe_unescape

K = TypeVar("K")
_BY_ID = attrgetter("id", "source")  # the order of a key's advisories
_ROWS = (
    "SELECT name, base, ecosystem, advisory_pk, snapshot_seq, entry FROM affected_index "
    "WHERE name IN ({marks}) AND base IN ({fixed})"
)
_SQLITE_ROWS = _ROWS.replace("AND base IN", "AND +base IN")  # see _index_rows
CHUNK = 400  # keys per IN (...) list: well under every driver's parameter limit


@dataclass(frozen=True)
class StoreStatus:
    """What ``medsec db status`` reports: where, which schema, current snapshots, row counts."""

    url: str  # password hidden
    dialect: str
    revision: str
    snapshots: tuple[Snapshot, ...]  # the current ones, newest first per source
    counts: Mapping[str, int]  # rows per source / table


class AdvisoryStore:
    """The vulnerability database: imports snapshots, answers the matcher's lookups."""

    def __init__(self, engine: Engine, revision: str) -> None:
        """A store over an engine whose schema is at ``revision``; decoded advisories are cached."""
        self.engine = engine
        self.revision = revision
        self.reindexed = 0  # records re-indexed on opening (imported under older index rules)
        self._cache: dict[int, Advisory] = {}
        self._read_from: dict[tuple[str, str], int] = {}  # (id, source) -> snapshot seq
        self._snapshot_ids: dict[int, str] = {}

    @classmethod
    def open(cls, url: str | URL | None = None) -> AdvisoryStore:
        """Open (and create or upgrade) the database at ``url``: a path, URL, or the default."""
        resolved = url if isinstance(url, URL) else engines.resolve_url(url)
        engine = engines.create(resolved)
        store = cls(engine, migrate.upgrade(engine))
        try:
            with store._unavailable(), gc_paused():
                store.reindexed = reindex.upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    def __enter__(self) -> AdvisoryStore:
        """The store itself; it is closed on leaving the ``with`` block."""
        return self

    def __exit__(self, *_: object) -> None:
        """Close the store."""
        self.close()

    @property
    def url(self) -> str:
        """The database URL with the password hidden, for messages and reports."""
        return engines.redact(self.engine.url)

    # --- writing ---------------------------------------------------------------------------

    def import_snapshot(
        self, source: SourceKind, records: Iterable[Record], meta: ImportMeta
    ) -> Snapshot:
        """Import ``records`` in one transaction, replacing the source's previous data."""
        self._cache.clear()
        with self._unavailable(), gc_paused():
            snapshot = run_import(self.engine, source, records, meta)
        return snapshot  # noqa: RET504 (mypy: a context manager may swallow the return)

    def set_meta(self, values: Mapping[str, str]) -> None:
        """Store facts outside an import, in one transaction, replacing their old values."""
        with self._unavailable(), self.engine.begin() as conn:
            conn.execute(t.meta.delete().where(t.meta.c.key.in_(list(values))))
            conn.execute(t.meta.insert(), [{"key": k, "value": v} for k, v in values.items()])

    # --- reading ---------------------------------------------------------------------------

    def candidates(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[Advisory]]:
        """OSV advisories per ``(ecosystem, package name)`` key, as given by the caller.

        A key with a release (``"Debian:12"``) matches that release and records without one
        (plain ``"Debian"``); without one (``"Debian"``, ``"PyPI"``) it matches every release,
        as the matcher compares them. Names are compared normalised.
        """
        wanted = _Wanted(keys)
        c = t.affected_index.c
        hits: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for chunk in _chunks(wanted.names):
            query = select(c.name, c.base, c.ecosystem, c.advisory_pk, c.snapshot_seq).where(
                c.name.in_(chunk), c.base.in_(wanted.bases)
            )
            for name, base, ecosystem, pk, seq in self._rows(query):
                for asked in wanted.asking(name, base, ecosystem):
                    hits.setdefault(asked, []).append((seq, pk))
        return self._resolve(wanted.keys, hits)

    def match_candidates(
        self, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], list[Advisory]]:
        """:meth:`candidates` as a scan needs them: each advisory reduced to its match data.

        Each advisory carries its ids, dates, severity, CWEs and summary (or, without one, its
        details) and only the ``affected`` entries of the package looked up, in the
        record's order (:func:`medsec.storage.codec.match_view`): what matching and findings
        read, decoded from the index rows alone. Same keys, same records, same matches as
        :meth:`candidates`.
        """
        wanted = _Wanted(keys)
        found: dict[tuple[str, str], dict[int, _Hit]] = {key: {} for key in wanted.keys}
        for name, base, ecosystem, pk, seq, entry in self._index_rows(wanted):
            askers = wanted.asking(name, base, ecosystem)
            if askers:
                row = decode_view(entry) if entry is not None else None
                for asked in askers:
                    hits = found[asked]
                    hit = hits.get(pk)
                    if hit is None:
                        hits[pk] = [seq, row]
                    else:
                        hit.append(row)
        views = _Views(self._whole)
        return {key: self._choose_views(hits, views) if hits else [] for key, hits in found.items()}

    def by_cpe(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[Advisory]]:
        """NVD advisories per ``(vendor, product)`` of a vulnerable CPE criterion."""
        wanted: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for vendor, product in dict.fromkeys(keys):
            norm = (cpe_unescape(product).lower(), cpe_unescape(vendor).lower())
            wanted.setdefault(norm, []).append((vendor, product))
        hits: dict[tuple[str, str], list[tuple[int, int]]] = {}
        rows = self._in_rows(
            "SELECT product, vendor, advisory_pk, snapshot_seq FROM cpe_index "
            "WHERE product IN ({marks})",
            sorted({product for product, _ in wanted}),
        )
        for product, vendor, pk, seq in rows:
            for asked in wanted.get((product, vendor), ()):
                hits.setdefault(asked, []).append((seq, pk))
        return self._resolve(_flatten(wanted), hits)

    def advisories(self, ids: Iterable[str]) -> dict[str, list[Advisory]]:
        """Advisories whose id or one of whose aliases is each of ``ids`` (OSV and NVD)."""
        wanted = list(dict.fromkeys(ids))
        c = t.advisory_ids.c
        hits: dict[str, list[tuple[int, int]]] = {}
        for chunk in _chunks(wanted):
            query = select(c.alias, c.advisory_pk, c.snapshot_seq).where(c.alias.in_(chunk))
            for alias, pk, seq in self._rows(query):
                hits.setdefault(alias, []).append((seq, pk))
        return self._resolve(wanted, hits, per_source=True)

    def kev(self, cves: Iterable[str]) -> dict[str, KevEntry]:
        """KEV entries of those CVEs that are listed."""
        c = t.kev.c
        found: dict[str, KevEntry] = {}
        columns = [c.cve, c.vendor, c.product, c.name, c.date_added, c.due_date]
        columns += [c.known_ransomware, c.required_action]
        chunks = _chunks(list(dict.fromkeys(cves)))
        for row in self._rows(*(select(*columns).where(c.cve.in_(ch)) for ch in chunks)):
            found[row[0]] = KevEntry(*row)
        return found

    def epss(self, cves: Iterable[str]) -> dict[str, EpssScore]:
        """EPSS scores of those CVEs that have one."""
        c = t.epss.c
        found: dict[str, EpssScore] = {}
        chunks = _chunks(list(dict.fromkeys(cves)))
        queries = (
            select(c.cve, c.epss, c.percentile, c.date).where(c.cve.in_(ch)) for ch in chunks
        )
        for cve, score, percentile, day in self._rows(*queries):
            found[cve] = EpssScore(cve, float(score), float(percentile), day)
        return found

    def kev_listed(self, cves: Iterable[str]) -> set[str]:
        """Those of ``cves`` on the KEV list: the membership a scan's findings carry, read
        with plain SQL (a scan asks about thousands of CVEs; :meth:`kev` gives the entries)."""
        sql = "SELECT cve FROM kev WHERE cve IN ({marks})"
        return {str(cve) for (cve,) in self._in_rows(sql, list(dict.fromkeys(cves)))}

    def epss_scores(self, cves: Iterable[str]) -> dict[str, float]:
        """The EPSS probability of those ``cves`` that have one: what a scan's findings carry,
        read with plain SQL (:meth:`epss` gives the whole scores)."""
        sql = "SELECT cve, epss FROM epss WHERE cve IN ({marks})"
        return {cve: float(score) for cve, score in self._in_rows(sql, list(dict.fromkeys(cves)))}

    def snapshots(self, *, history: bool = False) -> list[Snapshot]:
        """The snapshots whose data the database holds now, newest first.

        One per source (per OSV scope) after full imports; an NVD base import and the
        incremental updates merged into it since are all listed. ``history``: every import.
        """
        s = t.snapshots.c
        states = ("current", "superseded") if history else ("current",)
        query = (
            select(t.snapshots)
            .where(s.state.in_(states))
            .order_by(s.imported_at.desc(), s.seq.desc())
        )
        return [_snapshot(row) for row in self._rows(query)]

    def snapshot_of(self, advisory: Advisory) -> str | None:
        """The id of the snapshot this store last read ``advisory`` from (for provenance)."""
        seq = self._read_from.get((advisory.id, advisory.source))
        if seq is None:
            return None
        if seq not in self._snapshot_ids:
            s = t.snapshots.c
            self._snapshot_ids.update(dict(self._rows(select(s.seq, s.id))))
        return self._snapshot_ids.get(seq)

    def held(self, bases: Iterable[str]) -> tuple[dict[str, int], int]:
        """How many advisories the database holds per OSV base ecosystem (of ``bases``, as
        ``index_key`` writes them: ``pypi``, ``debian``) and how many with NVD CPE criteria.

        What a scan records as its coverage: an ecosystem without advisories was not analysed.
        """
        c = t.affected_index.c
        wanted = sorted(set(bases))
        osv: dict[str, int] = {}
        for chunk in _chunks(wanted):
            query = (
                select(c.base, func.count(func.distinct(c.advisory_pk)))
                .where(c.base.in_(chunk))
                .group_by(c.base)
            )
            osv.update({str(base): int(count) for base, count in self._rows(query)})
        cpe = t.cpe_index.c
        nvd = self._scalar(select(func.count(func.distinct(cpe.advisory_pk))))
        return osv, int(nvd or 0)

    def meta(self, key: str) -> str | None:
        """A stored fact, or ``None``."""
        value = self._scalar(select(t.meta.c.value).where(t.meta.c.key == key))
        return None if value is None else str(value)

    def status(self) -> StoreStatus:
        """Where the database is, its schema, current snapshots and rows per source."""
        counts: dict[str, int] = {}
        a = t.advisories.c
        for source, count in self._rows(select(a.source, func.count()).group_by(a.source)):
            counts[source] = int(count)
        for table in (t.kev, t.epss):
            counts[str(table.name)] = int(
                self._scalar(select(func.count()).select_from(table)) or 0
            )
        return StoreStatus(
            url=self.url,
            dialect=self.engine.dialect.name,
            revision=self.revision,
            snapshots=tuple(self.snapshots()),
            counts=counts,
        )

    # --- internals -------------------------------------------------------------------------

    def _resolve(
        self,
        keys: Iterable[K],
        hits: Mapping[K, list[tuple[int, int]]],
        *,
        per_source: bool = False,
    ) -> dict[K, list[Advisory]]:
        """Each key's advisories; the payloads of all keys are fetched together."""
        self._load({pk for found in hits.values() for _, pk in found})
        return {key: self._choose(hits.get(key, ()), per_source) for key in keys}

    def _load(self, pks: Iterable[int]) -> None:
        """Decode the payloads not cached yet, in chunks."""
        missing = sorted(pk for pk in pks if pk not in self._cache)
        rows = self._in_rows("SELECT pk, payload FROM advisories WHERE pk IN ({marks})", missing)
        with gc_paused():
            for pk, payload in rows:
                self._cache[pk] = decode(payload)

    def _choose(self, hits: Iterable[tuple[int, int]], per_source: bool) -> list[Advisory]:
        """One advisory per id (per id and source with ``per_source``): the newest import wins."""
        chosen: dict[tuple[str, str], Advisory] = {}
        for seq, pk in sorted(set(hits), reverse=True):
            advisory = self._cache[pk]
            if (
                chosen.setdefault((advisory.id, advisory.source if per_source else ""), advisory)
                is advisory
            ):
                self._read_from[(advisory.id, advisory.source)] = seq
        return sorted(chosen.values(), key=lambda adv: (adv.id, adv.source))

    def _choose_views(self, hits: Mapping[int, _Hit], views: _Views) -> list[Advisory]:
        """One match view per id, the newest import winning, sorted by id."""
        read_from = self._read_from
        seqs = {hit[0] for hit in hits.values()}
        if len(seqs) == 1:  # one snapshot (the usual): every id once, unless imported twice
            made = sorted([views.view(pk, hit) for pk, hit in hits.items()], key=_BY_ID)
            if all(a.id != b.id for a, b in pairwise(made)):
                seq = seqs.pop()
                for advisory in made:
                    read_from[(advisory.id, advisory.source)] = seq  # type: ignore[assignment]
                return made
        chosen: dict[str, Advisory] = {}
        ordered = sorted(hits.items(), key=lambda item: (item[1][0], item[0]), reverse=True)
        for pk, hit in ordered:
            advisory = views.view(pk, hit)
            if chosen.setdefault(advisory.id, advisory) is advisory:
                read_from[(advisory.id, advisory.source)] = hit[0]  # type: ignore[assignment]
        if len(chosen) < 2:
            return list(chosen.values())
        return sorted(chosen.values(), key=lambda adv: (adv.id, adv.source))

    def _index_rows(self, wanted: _Wanted) -> Iterator[Any]:
        """The package rows of the wanted names and bases, with their match data.

        On SQLite the index is searched by name alone and the base checked on its entries
        (``+base``): probing every name with every base costs more (about 15% of the query)."""
        sqlite = self.engine.dialect.name == "sqlite"
        return self._in_rows(_SQLITE_ROWS if sqlite else _ROWS, wanted.names, wanted.bases)

    def _in_rows(self, sql: str, values: Sequence[Any], fixed: Sequence[Any] = ()) -> Iterator[Any]:
        """Rows of ``sql`` for each chunk of ``values`` (its ``IN ({marks})``), with ``fixed``
        as the values of ``IN ({fixed})``; plain SQL handed to the driver.

        These are the queries every scan waits for: building them through SQLAlchemy's
        compiler costs more than SQLite's own work. ``sql`` is medsec's text, never input.
        """
        dialect = self.engine.dialect
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        fixed_marks = ", ".join(mark for _ in fixed)
        with self._unavailable(), self.engine.connect() as conn, conn.begin():
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                for chunk in _chunks(values):
                    text = sql.format(marks=", ".join(mark for _ in chunk), fixed=fixed_marks)
                    yield from cursor.execute(text, (*chunk, *fixed))  # streamed: memory reused
            except dialect.loaded_dbapi.Error as error:  # as SQLAlchemy would have wrapped it
                raise DBAPIError.instance(
                    None, None, error, dialect.loaded_dbapi.Error, dialect=dialect
                ) from error
            finally:
                cursor.close()

    def _whole(self, pk: int) -> Advisory:
        """The whole record ``pk`` (decoded once)."""
        self._load([pk])
        return self._cache[pk]

    def _rows(self, *queries: Any) -> Iterator[Any]:
        """Rows of the queries, in order, on one connection (each fetched at once); connection
        failures become ``SourceUnavailableError``."""
        with self._unavailable(), self.engine.connect() as conn:
            for query in queries:
                yield from conn.execute(query).all()

    def _scalar(self, query: Any) -> Any:
        """The first value of a query; connection failures become ``SourceUnavailableError``."""
        with self._unavailable(), self.engine.connect() as conn:
            return conn.execute(query).scalar()

    def _unavailable(self) -> AbstractContextManager[None]:
        """The connection-failure translation for this store's URL."""
        return _unavailable(self.url)


@contextmanager
def _unavailable(url: str) -> Iterator[None]:
    """Turns a lost or refused database connection into ``SourceUnavailableError`` (exit 4)."""
    try:
        yield
    except (OperationalError, InterfaceError) as error:
        raise SourceUnavailableError(_why(url, error)) from error
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        raise SourceUnavailableError(_why(url, error)) from error


def _why(url: str, error: DBAPIError) -> str:
    """One line for a failed database operation: busy (another process holds SQLite's write
    lock past the busy timeout) or unreachable, with the driver's reason on the same line."""
    reason = " ".join(str(error.orig).split())  # psycopg's reasons span several lines
    if "database is locked" in reason:
        return (
            f"vulnerability database {url} is busy: another process is writing to it "
            f"({reason}); run the command again when it has finished"
        )
    return f"vulnerability database {url} is unreachable: {reason}"


def _chunks(items: Sequence[K]) -> Iterator[list[K]]:
    """Keys in lists short enough for one ``IN (...)``."""
    return batched(items, CHUNK)


def _flatten(wanted: Mapping[Any, list[K]]) -> list[K]:
    """Every key the caller asked for, in the order asked."""
    return [key for keys in wanted.values() for key in keys]


def _snapshot(row: Any) -> Snapshot:
    """A snapshot from its row, timestamps made time-zone aware."""
    return Snapshot(
        id=row.id,
        source=SourceKind(row.source),
        origin=row.origin,
        imported_at=_aware(row.imported_at),
        content_hash=row.content_hash,
        records=row.records,
        data_date=_aware(row.data_date) if row.data_date else None,
        scope=row.scope,
    )


def _aware(value: datetime) -> datetime:
    """SQLite gives naive datetimes back; everything medsec stores is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class _Wanted:
    """The package keys a caller asks for, indexed the ways an index row can answer them.

    A row of a release (``debian:12``) answers the keys of that release and the keys without
    one (``debian``: every release); a row without a release answers every key of its base.
    """

    def __init__(self, keys: Iterable[tuple[str, str]]) -> None:
        """Index ``keys`` (``(ecosystem, name)`` as the caller spells them) by their index keys."""
        self.keys: list[tuple[str, str]] = []
        self._exact: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._every_release: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._whole_base: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for key in dict.fromkeys(keys):
            ecosystem, name = index_key(*key)
            base = ecosystem.split(":", 1)[0]
            self.keys.append(key)
            self._exact.setdefault((name, ecosystem), []).append(key)
            if ecosystem == base:
                self._every_release.setdefault((name, base), []).append(key)
            self._whole_base.setdefault((name, base), []).append(key)
        self.names = sorted({name for name, _ in self._whole_base})
        self.bases = sorted({base for _, base in self._whole_base})

    def asking(self, name: str, base: str, ecosystem: str) -> list[tuple[str, str]]:
        """The asked keys an index row of ``(name, base, ecosystem)`` answers."""
        if ecosystem == base:  # a record without a release: every release of its base
            return self._whole_base.get((name, base), [])
        return self._exact.get((name, ecosystem), []) + self._every_release.get((name, base), [])


_RowView = tuple[tuple[int, ...], Advisory]  # a row's view and its entries' record positions


# one advisory found for one asked key: the snapshot it was read from, then the views of the
# rows that answered (``None`` for a row without match data: the whole record is read then)
_Hit = list[int | _RowView | None]


class _Views:
    """Match views of one query, each made once: a row's view is shared by every key it
    answers; the view merged from several rows of one record is made once per set of rows."""

    def __init__(self, whole: Callable[[int], Advisory]) -> None:
        """Views made from match data; records without any come whole from ``whole``."""
        self._whole = whole
        self._made: dict[tuple[int, tuple[int, ...]], Advisory] = {}

    def view(self, pk: int, hit: _Hit) -> Advisory:
        """The advisory ``pk`` with the entries of the rows of ``hit``, in the record's order."""
        if len(hit) == 2:  # the usual hit: one row
            row = hit[1]
            return self._whole(pk) if row is None else row[1]  # type: ignore[index]
        rows: list[_RowView] = hit[1:]  # type: ignore[assignment]
        if None in rows:  # no match data (not expected after re-indexing)
            return self._whole(pk)
        key = (pk, tuple(sorted(at for positions, _ in rows for at in positions)))
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = merged_view(rows)
        return made
