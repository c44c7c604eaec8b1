"""Vulnerability database use cases: import local files, update from the network, status.

Both ``import`` and ``update`` end in :meth:`AdvisoryStore.import_snapshot`: one transaction
per source file or feed, so a broken file or a dropped connection leaves the previous data.
``update`` keeps the HTTP validators of each import in the database, and asks the server
whether anything changed before downloading again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from medsec.domain.advisory import Snapshot, SourceKind
from medsec.domain.errors import Diagnostic, InputError, UsageError
from medsec.sources.advisories import feeds
from medsec.sources.advisories.collect import Collection, Record, collect, collect_all
from medsec.sources.advisories.download import Downloader, HttpSettings, Validators
from medsec.storage.importer import ImportMeta
from medsec.storage.store import AdvisoryStore, StoreStatus

Progress = Callable[[str, int, int | None, str], None]  # label, done, total, unit
Messages = Callable[[str], None]  # one line for a person (the CLI writes it to stderr)
BYTES, RECORDS = "bytes", "records"
NVD_LAST_UPDATE = "nvd:last_update"
NVD_OVERLAP = timedelta(hours=2)  # re-ask a little of the previous window: clocks differ
OFFLINE_MESSAGE = (
    "`medsec db update` downloads feeds and cannot run with --offline; on an air-gapped site "
    "fetch the files elsewhere and load them with `medsec db import PATH`"
)


@dataclass(frozen=True)
class ImportOptions:
    path: Path
    db: str | None = None
    skip_invalid: bool = False
    merge: bool = False


@dataclass(frozen=True)
class ImportOutcome:
    snapshot: Snapshot
    form: str  # "zip", "directory", "record", "file"
    warnings: tuple[Diagnostic, ...] = ()
    skipped: int = 0
    also: tuple[ImportOutcome, ...] = ()  # further sources found in the same directory


@dataclass(frozen=True)
class UpdateOptions:
    db: str | None = None
    sources: tuple[SourceKind, ...] = tuple(SourceKind)
    ecosystems: tuple[str, ...] = ()  # OSV ecosystems; none: feeds.DEFAULT_OSV_ECOSYSTEMS
    offline: bool = False
    full_nvd: bool = False  # re-read every yearly NVD feed instead of the API increments
    urls: feeds.FeedUrls = field(default_factory=feeds.FeedUrls.from_env)
    cache_dir: Path | None = None
    http: HttpSettings = field(default_factory=HttpSettings)
    nvd_pause: float | None = None  # seconds between NVD API requests; None: per rate limit
    now: datetime | None = None


@dataclass(frozen=True)
class UpdateStep:
    source: SourceKind
    target: str  # the URL, or the NVD window
    snapshot: Snapshot | None  # None: the server said nothing changed
    warnings: tuple[Diagnostic, ...] = ()


def import_path(options: ImportOptions, *, progress: Progress | None = None) -> ImportOutcome:
    """Load a local copy of a feed (for air-gapped sites) as one snapshot."""
    collections = collect_all(options.path, skip_invalid=options.skip_invalid)
    outcomes = []
    with AdvisoryStore.open(options.db) as store:
        for collection in collections:  # each source is imported atomically on its own
            snapshot = _import(store, collection, progress, merge=options.merge)
            outcomes.append(
                ImportOutcome(
                    snapshot, collection.form, tuple(collection.warnings), collection.skipped
                )
            )
    return replace(outcomes[0], also=tuple(outcomes[1:]))


def status(db: str | None = None) -> StoreStatus:
    with AdvisoryStore.open(db) as store:
        return store.status()


def update(
    options: UpdateOptions,
    *,
    progress: Progress | None = None,
    downloader: Downloader | None = None,
    messages: Messages | None = None,
) -> list[UpdateStep]:
    """Download and import each chosen source; stops at the first source that fails.

    ``messages`` hears of each download before it starts and of each retry before its wait.
    """
    if options.offline:
        raise UsageError(OFFLINE_MESSAGE)
    cache = options.cache_dir or default_cache_dir()
    say = messages or _quiet
    steps: list[UpdateStep] = []
    hook = _retry_messages(say, options.http)
    with (
        AdvisoryStore.open(options.db) as store,
        downloader or Downloader(options.http, on_retry=hook) as dl,
    ):
        for source in options.sources:
            if source is SourceKind.OSV:
                for ecosystem in options.ecosystems or feeds.DEFAULT_OSV_ECOSYSTEMS:
                    url = options.urls.osv_zip(ecosystem)
                    dest = cache / "osv" / ecosystem.replace("/", "_") / "all.zip"
                    say(f"osv [{ecosystem}]: downloading {url}")
                    steps.append(_fetch_and_import(store, dl, source, url, dest, progress))
            elif source is SourceKind.NVD:
                steps.append(_update_nvd(store, dl, options, cache, progress, say))
            else:
                url = options.urls.kev if source is SourceKind.KEV else options.urls.epss
                name = "kev.json" if source is SourceKind.KEV else "epss_scores.csv.gz"
                say(f"{source.value}: downloading {url}")
                steps.append(_fetch_and_import(store, dl, source, url, cache / name, progress))
    return steps


def _quiet(_message: str) -> None:
    """No one to tell."""


def _retry_messages(say: Messages, http: HttpSettings) -> Callable[[str, int, float, str], None]:
    """The downloader's retry hook as a line for a person: what failed, when it is tried again."""

    def retrying(url: str, attempt: int, wait: float, why: str) -> None:
        """``retrying URL in 2 s (attempt 3 of 5): HTTP 503``."""
        say(f"  {why} from {url}; retrying in {wait:g} s (attempt {attempt} of {http.retries + 1})")

    return retrying


def default_cache_dir() -> Path:
    """Where downloads are kept between runs (resumable, validated): the cache home's downloads."""
    from medsec.project.settings import cache_home

    return cache_home() / "downloads"


def _fetch_and_import(
    store: AdvisoryStore,
    dl: Downloader,
    source: SourceKind,
    url: str,
    dest: Path,
    progress: Progress | None,
) -> UpdateStep:
    key = f"http:{url}"
    validators = Validators.from_json(store.meta(key))
    fetched = dl.fetch(url, dest, validators=validators, progress=_bytes(progress, url))
    if fetched.not_modified or fetched.path is None:
        return UpdateStep(source, url, None)
    try:
        collection = collect(fetched.path)
        _expect(collection, source, url)
        collection.origin = url
        snapshot = _import(store, collection, progress, extra={key: fetched.validators.to_json()})
    finally:
        fetched.path.unlink(missing_ok=True)
    return UpdateStep(source, url, snapshot, tuple(collection.warnings))


def _update_nvd(
    store: AdvisoryStore,
    dl: Downloader,
    options: UpdateOptions,
    cache: Path,
    progress: Progress | None,
    say: Messages = _quiet,
) -> UpdateStep:
    now = options.now or datetime.now(UTC)
    last = store.meta(NVD_LAST_UPDATE)
    urls = options.urls
    if last and not options.full_nvd:
        since = datetime.fromisoformat(last) - NVD_OVERLAP
        say(f"nvd: asking {urls.nvd_api} for changes since {since.isoformat()}")
        pages = feeds.nvd_api_pages(
            dl, urls, since, now, pause=options.nvd_pause, progress=_bytes(progress, "NVD API")
        )
        records: Iterable[Record] = (a for page in pages for a in page.advisories)
        meta = ImportMeta(origin=urls.nvd_api, merge=True, meta={NVD_LAST_UPDATE: now.isoformat()})
        snapshot = store.import_snapshot(SourceKind.NVD, _counted(records, progress), meta)
        return UpdateStep(SourceKind.NVD, f"{urls.nvd_api} since {since.isoformat()}", snapshot)
    years = feeds.nvd_years(now)
    say(f"nvd: downloading {len(years)} yearly feeds from {urls.nvd_feeds}")
    files = [_nvd_year(dl, urls, year, cache, progress) for year in years]
    try:
        collected = [collect(path) for path in files]
        for collection, path in zip(collected, files, strict=True):
            _expect(collection, SourceKind.NVD, str(path))
        meta = ImportMeta(origin=urls.nvd_feeds, meta={NVD_LAST_UPDATE: now.isoformat()})
        everything = (record for c in collected for record in c.records)
        snapshot = store.import_snapshot(SourceKind.NVD, _counted(everything, progress), meta)
    finally:
        for path in files:
            path.unlink(missing_ok=True)
    return UpdateStep(SourceKind.NVD, urls.nvd_feeds, snapshot)


def _nvd_year(
    dl: Downloader, urls: feeds.FeedUrls, year: int, cache: Path, progress: Progress | None
) -> Path:
    meta_url = urls.nvd_meta(year)
    expected = feeds.nvd_meta_sha256(dl.get(meta_url), meta_url)
    url = urls.nvd_year(year)
    fetched = dl.fetch(
        url, cache / "nvd" / f"nvdcve-2.0-{year}.json.gz", progress=_bytes(progress, url)
    )
    assert fetched.path is not None  # no validators sent: never "not modified"
    feeds.verify_gzip_sha256(fetched.path, expected, url)
    return fetched.path


def _import(
    store: AdvisoryStore,
    collection: Collection,
    progress: Progress | None,
    *,
    merge: bool = False,
    extra: dict[str, str] | None = None,
) -> Snapshot:
    meta = ImportMeta(
        origin=collection.origin,
        content_hash=collection.content_hash,
        data_date=collection.data_date,
        merge=merge,
        meta=extra or {},
    )
    records = _counted(collection.records, progress, collection.expected)
    return store.import_snapshot(collection.source, records, meta)


def _expect(collection: Collection, source: SourceKind, where: str) -> None:
    if collection.source is not source:
        raise InputError.single(
            where,
            f"expected {source.value.upper()} data, got {collection.source.value.upper()}",
            hint="check the URL override (MEDSEC_*_URL) or the mirror",
        )


def _counted(
    records: Iterable[Record], progress: Progress | None, expected: int | None = None
) -> Iterator[Record]:
    if progress is None:
        yield from records
        return
    count = 0
    for record in records:
        count += 1
        if count % 1000 == 0:
            progress("importing", count, expected, RECORDS)
        yield record
    progress("importing", count, count, RECORDS)


def _bytes(progress: Progress | None, label: str) -> Callable[[int, int | None], None] | None:
    if progress is None:
        return None
    return lambda done, total: progress(label, done, total, BYTES)


def source_kinds(names: Sequence[str]) -> tuple[SourceKind, ...]:
    """``--source`` values to kinds, in the order given; all four when none is given."""
    if not names:
        return tuple(SourceKind)
    known = {kind.value: kind for kind in SourceKind}
    unknown = [n for n in names if n.lower() not in known]
    if unknown:
        raise UsageError(f"--source: {', '.join(unknown)} not one of {', '.join(known)}")
    return tuple(dict.fromkeys(known[n.lower()] for n in names))
