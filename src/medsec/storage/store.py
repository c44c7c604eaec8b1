"""``AdvisoryStore``: the vulnerability database as the rest of medsec sees it.

Batch queries answer a whole scan at once: ``candidates()`` takes every ``(ecosystem, name)``
of an SBOM, ``by_cpe()`` every ``(vendor, product)``, in a few indexed queries rather than one
per component. Results are domain values, sorted by id, one per advisory id (when two
snapshots hold the same id, the newer import wins).

    store = AdvisoryStore.open("postgresql://team@db/medsec")   # or a path, or None
    found = store.candidates([("PyPI", "Django"), ("Debian:12", "openssl")])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from medsec.domain.advisory import Advisory, EpssScore, KevEntry, Snapshot, SourceKind
from medsec.domain.ecosystem import index_key
from medsec.domain.errors import SourceUnavailableError
from medsec.storage import engine as engines
from medsec.storage import migrate
from medsec.storage import schema as t
from medsec.storage.allocation import gc_paused
from medsec.storage.codec import decode
from medsec.storage.importer import ImportMeta, Record, batched, run_import
from medsec.storage.rows import cpe_unescape

K = TypeVar("K")
CHUNK = 400  # keys per IN (...) list: well under every driver's parameter limit
PAYLOAD_CHUNK = 900


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
        self._cache: dict[int, Advisory] = {}
        self._read_from: dict[tuple[str, str], int] = {}  # (id, source) -> snapshot seq
        self._snapshot_ids: dict[int, str] = {}

    @classmethod
    def open(cls, url: str | URL | None = None) -> AdvisoryStore:
        """Open (and create or upgrade) the database at ``url``: a path, URL, or the default."""
        resolved = url if isinstance(url, URL) else engines.resolve_url(url)
        engine = engines.create(resolved)
        return cls(engine, migrate.upgrade(engine))

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

        A key with a release (``"Debian:12"``) matches that release only; without one
        (``"Debian"``, ``"PyPI"``) it matches every release. Names are compared normalised.
        """
        wanted: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for key in dict.fromkeys(keys):
            ecosystem, name = index_key(*key)
            wanted.setdefault((name, ecosystem), []).append(key)
        c = t.affected_index.c
        hits: dict[tuple[str, str], list[tuple[int, int]]] = {}
        bases = sorted({ecosystem.split(":", 1)[0] for _, ecosystem in wanted})
        for chunk in _chunks(sorted({name for name, _ in wanted})):
            query = select(c.name, c.base, c.ecosystem, c.advisory_pk, c.snapshot_seq).where(
                c.name.in_(chunk), c.base.in_(bases)
            )
            for name, base, ecosystem, pk, seq in self._rows(query):
                for key in (name, ecosystem), (name, base):
                    for asked in wanted.get(key, ()):
                        hits.setdefault(asked, []).append((seq, pk))
        return self._resolve(_flatten(wanted), hits)

    def by_cpe(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[Advisory]]:
        """NVD advisories per ``(vendor, product)`` of a vulnerable CPE criterion."""
        wanted: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for vendor, product in dict.fromkeys(keys):
            norm = (cpe_unescape(product).lower(), cpe_unescape(vendor).lower())
            wanted.setdefault(norm, []).append((vendor, product))
        c = t.cpe_index.c
        hits: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for chunk in _chunks(sorted({product for product, _ in wanted})):
            query = select(c.product, c.vendor, c.advisory_pk, c.snapshot_seq).where(
                c.product.in_(chunk)
            )
            for product, vendor, pk, seq in self._rows(query):
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
        for chunk in _chunks(list(dict.fromkeys(cves))):
            query = select(
                c.cve,
                c.vendor,
                c.product,
                c.name,
                c.date_added,
                c.due_date,
                c.known_ransomware,
                c.required_action,
            ).where(c.cve.in_(chunk))
            for row in self._rows(query):
                found[row[0]] = KevEntry(*row)
        return found

    def epss(self, cves: Iterable[str]) -> dict[str, EpssScore]:
        """EPSS scores of those CVEs that have one."""
        c = t.epss.c
        found: dict[str, EpssScore] = {}
        for chunk in _chunks(list(dict.fromkeys(cves))):
            query = select(c.cve, c.epss, c.percentile, c.date).where(c.cve.in_(chunk))
            for cve, score, percentile, day in self._rows(query):
                found[cve] = EpssScore(cve, float(score), float(percentile), day)
        return found

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
        a = t.advisories.c
        with gc_paused():
            for chunk in batched(missing, PAYLOAD_CHUNK):
                for pk, payload in self._rows(select(a.pk, a.payload).where(a.pk.in_(chunk))):
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

    def _rows(self, query: Any) -> Iterator[Any]:
        """Rows of a query; connection failures become ``SourceUnavailableError``."""
        with self._unavailable(), self.engine.connect() as conn:
            yield from conn.execute(query)

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
        raise SourceUnavailableError(
            f"vulnerability database {url} is unreachable: {error.orig}"
        ) from error
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        raise SourceUnavailableError(
            f"vulnerability database {url} is unreachable: {error.orig}"
        ) from error


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
