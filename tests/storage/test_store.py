"""AdvisoryStore on SQLite and PostgreSQL: imports, atomic replacement, batch queries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from tests.storage.builders import nvd, osv

from medsec.domain.advisory import Advisory, EpssScore, KevEntry, SourceKind
from medsec.domain.errors import InputError
from medsec.storage import schema, server_schema
from medsec.storage.importer import ImportMeta
from medsec.storage.store import AdvisoryStore

LIBWEBP = "cpe:2.3:a:webmproject:libwebp:*:*:*:*:*:*:*:*"


@pytest.fixture
def store(db_url: str) -> Iterator[AdvisoryStore]:
    with AdvisoryStore.open(db_url) as opened:
        yield opened


def _ids(found: list[Advisory]) -> list[str]:
    return [a.id for a in found]


def test_migrations_create_exactly_the_schema(store: AdvisoryStore) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    assert server_schema.audit.metadata is schema.metadata  # the server's tables are compared too
    assert diff == []
    assert store.revision == "0004"


def test_reopening_does_not_migrate_again(db_url: str) -> None:
    with AdvisoryStore.open(db_url) as first:
        first.import_snapshot(SourceKind.OSV, [osv("A-1", ("PyPI", "x"))], ImportMeta("t"))
    with AdvisoryStore.open(db_url) as again:
        assert again.status().counts["osv"] == 1


def test_candidates_normalise_names_and_ecosystems(store: AdvisoryStore) -> None:
    records = [
        osv("GHSA-1", ("PyPI", "Django_Rest.Framework")),
        osv("GHSA-2", ("PyPI", "requests"), ("npm", "requests")),
        osv("DSA-1", ("Debian:12", "openssl")),
        osv("DSA-2", ("Debian:11", "openssl")),
        osv("RUSTSEC-1", ("crates.io", "tokio_util")),
    ]
    store.import_snapshot(SourceKind.OSV, records, ImportMeta("t"))
    keys = [
        ("PyPI", "django-rest-framework"),
        ("pypi", "Requests"),
        ("npm", "requests"),
        ("Debian:12", "openssl"),
        ("Debian", "openssl"),
        ("crates.io", "tokio-util"),
        ("Go", "nothing"),
    ]
    found = store.candidates(keys)
    assert list(found) == keys
    assert _ids(found[("PyPI", "django-rest-framework")]) == ["GHSA-1"]
    assert _ids(found[("pypi", "Requests")]) == ["GHSA-2"]
    assert _ids(found[("npm", "requests")]) == ["GHSA-2"]
    assert _ids(found[("Debian:12", "openssl")]) == ["DSA-1"]
    assert _ids(found[("Debian", "openssl")]) == ["DSA-1", "DSA-2"]
    assert _ids(found[("crates.io", "tokio-util")]) == ["RUSTSEC-1"]
    assert found[("Go", "nothing")] == []
    assert found[("Debian:12", "openssl")][0] == records[2]


def test_candidates_in_batches_beyond_one_query(store: AdvisoryStore) -> None:
    records = [osv(f"PYSEC-{i}", ("PyPI", f"pkg{i}")) for i in range(1500)]
    store.import_snapshot(SourceKind.OSV, records, ImportMeta("t"))
    found = store.candidates(("PyPI", f"pkg{i}") for i in range(0, 1500, 3))
    assert len(found) == 500
    assert all(_ids(v) == [f"PYSEC-{k[1][3:]}"] for k, v in found.items())


def test_by_cpe_uses_vulnerable_criteria_only(store: AdvisoryStore) -> None:
    records = [
        nvd("CVE-2023-4863", LIBWEBP, platform="cpe:2.3:o:debian:debian_linux:12.0:*:*:*:*:*:*:*"),
        nvd("CVE-2023-1", r"cpe:2.3:a:nodejs:node\.js:*:*:*:*:*:*:*:*"),
    ]
    store.import_snapshot(SourceKind.NVD, records, ImportMeta("t"))
    found = store.by_cpe(
        [("webmproject", "libwebp"), ("debian", "debian_linux"), ("NodeJS", "node.js")]
    )
    assert _ids(found[("webmproject", "libwebp")]) == ["CVE-2023-4863"]
    assert found[("debian", "debian_linux")] == []
    assert _ids(found[("NodeJS", "node.js")]) == ["CVE-2023-1"]


def test_advisories_by_id_or_alias_across_sources(store: AdvisoryStore) -> None:
    store.import_snapshot(
        SourceKind.OSV, [osv("GHSA-x", ("PyPI", "a"), aliases=("CVE-2024-9",))], ImportMeta("o")
    )
    store.import_snapshot(SourceKind.NVD, [nvd("CVE-2024-9", LIBWEBP)], ImportMeta("n"))
    found = store.advisories(["CVE-2024-9", "GHSA-x", "NOPE"])
    assert [(a.id, a.source) for a in found["CVE-2024-9"]] == [
        ("CVE-2024-9", "nvd"),
        ("GHSA-x", "osv"),
    ]
    assert _ids(found["GHSA-x"]) == ["GHSA-x"]
    assert found["NOPE"] == []


def test_kev_and_epss(store: AdvisoryStore) -> None:
    kev = [
        KevEntry(
            "CVE-2023-4863",
            "Google",
            "Chromium",
            "WebP",
            date(2023, 9, 13),
            date(2023, 10, 4),
            True,
            "Patch",
        ),
        KevEntry("CVE-2021-44228", "Apache", "Log4j2"),
    ]
    snapshot = store.import_snapshot(SourceKind.KEV, kev, ImportMeta("kev.json"))
    assert snapshot.records == 2 and snapshot.id.startswith("kev:")
    store.import_snapshot(
        SourceKind.EPSS, [EpssScore("CVE-2023-4863", 0.93, 0.99, date(2024, 1, 2))], ImportMeta("e")
    )
    assert store.kev(["CVE-2023-4863", "CVE-1999-1"]) == {"CVE-2023-4863": kev[0]}
    assert store.epss(["CVE-2023-4863"])["CVE-2023-4863"].epss == pytest.approx(0.93)
    assert store.epss(["CVE-2023-4863"])["CVE-2023-4863"].date == date(2024, 1, 2)
    replaced = [KevEntry("CVE-2024-3094", "XZ", "xz")]
    store.import_snapshot(SourceKind.KEV, replaced, ImportMeta("kev2.json"))
    assert list(store.kev(["CVE-2023-4863", "CVE-2024-3094"])) == ["CVE-2024-3094"]


def test_a_failing_import_leaves_the_previous_data(store: AdvisoryStore) -> None:
    first = store.import_snapshot(
        SourceKind.OSV, [osv("GHSA-old", ("PyPI", "django"))], ImportMeta("old.zip")
    )

    def broken() -> Iterator[Advisory]:
        for i in range(5000):  # several batches are written before the failure
            yield osv(f"GHSA-new-{i}", ("PyPI", "django"))
        raise InputError.single("new.zip!bad.json", "invalid record")

    with pytest.raises(InputError, match="invalid record"):
        store.import_snapshot(SourceKind.OSV, broken(), ImportMeta("new.zip"))
    assert _ids(store.candidates([("PyPI", "django")])[("PyPI", "django")]) == ["GHSA-old"]
    assert store.snapshots() == [first]
    assert store.status().counts == {"osv": 1, "kev": 0, "epss": 0}


def test_empty_replacement_is_refused(store: AdvisoryStore) -> None:
    store.import_snapshot(SourceKind.KEV, [KevEntry("CVE-2024-1")], ImportMeta("kev.json"))
    with pytest.raises(InputError, match="no records"):
        store.import_snapshot(SourceKind.KEV, [], ImportMeta("empty.json"))
    assert list(store.kev(["CVE-2024-1"])) == ["CVE-2024-1"]


def test_osv_imports_replace_their_own_ecosystem_only(store: AdvisoryStore) -> None:
    store.import_snapshot(
        SourceKind.OSV, [osv("PYSEC-1", ("PyPI", "a"))], ImportMeta("PyPI/all.zip")
    )
    store.import_snapshot(SourceKind.OSV, [osv("GHSA-n", ("npm", "b"))], ImportMeta("npm/all.zip"))
    newer = store.import_snapshot(
        SourceKind.OSV, [osv("PYSEC-2", ("PyPI", "a"))], ImportMeta("PyPI/all.zip")
    )
    found = store.candidates([("PyPI", "a"), ("npm", "b")])
    assert _ids(found[("PyPI", "a")]) == ["PYSEC-2"]
    assert store.snapshot_of(found[("PyPI", "a")][0]) == newer.id
    assert store.snapshot_of(osv("NEVER-READ", ("PyPI", "a"))) is None
    assert _ids(found[("npm", "b")]) == ["GHSA-n"]
    assert newer.scope == "pypi"
    assert sorted(s.scope for s in store.snapshots()) == ["npm", "pypi"]
    assert len(store.snapshots(history=True)) == 3
    everything = store.import_snapshot(
        SourceKind.OSV,
        [osv("GHSA-all-1", ("PyPI", "a")), osv("GHSA-all-2", ("npm", "b"))],
        ImportMeta("all.zip"),
    )
    assert everything.scope == "*"
    assert [s.id for s in store.snapshots()] == [everything.id]
    assert store.status().counts["osv"] == 2


def test_nvd_merge_updates_only_the_cves_it_brings(store: AdvisoryStore) -> None:
    old = datetime(2024, 1, 1, tzinfo=UTC)
    base = store.import_snapshot(
        SourceKind.NVD,
        [nvd("CVE-1", LIBWEBP, modified=old), nvd("CVE-2", LIBWEBP, modified=old)],
        ImportMeta("feeds"),
    )
    later = old + timedelta(days=3)
    store.import_snapshot(
        SourceKind.NVD,
        [nvd("CVE-2", "cpe:2.3:a:x:y:*:*:*:*:*:*:*:*", modified=later), nvd("CVE-3", LIBWEBP)],
        ImportMeta("api", merge=True),
    )
    found = store.by_cpe([("webmproject", "libwebp"), ("x", "y")])
    assert _ids(found[("webmproject", "libwebp")]) == ["CVE-1", "CVE-3"]
    assert _ids(found[("x", "y")]) == ["CVE-2"]
    assert store.advisories(["CVE-2"])["CVE-2"][0].modified == later
    assert base.id in [s.id for s in store.snapshots()]  # still holds CVE-1
    assert store.status().counts["nvd"] == 3


def test_snapshot_ids_derive_from_content(store: AdvisoryStore) -> None:
    meta = ImportMeta("a.json", content_hash="ab" * 32)
    first = store.import_snapshot(SourceKind.KEV, [KevEntry("CVE-2024-1")], meta)
    again = store.import_snapshot(SourceKind.KEV, [KevEntry("CVE-2024-1")], meta)
    assert first.id == again.id == "kev:" + "ab" * 8
    assert len(store.snapshots()) == 1
    computed = store.import_snapshot(SourceKind.KEV, [KevEntry("CVE-2024-1")], ImportMeta("b"))
    assert len(computed.content_hash) == 64


def test_meta_is_written_with_the_import(store: AdvisoryStore) -> None:
    store.import_snapshot(
        SourceKind.KEV, [KevEntry("CVE-2024-1")], ImportMeta("u", meta={"http:u": "etag-1"})
    )
    assert store.meta("http:u") == "etag-1"
    store.set_meta({"http:u": "etag-2"})
    assert store.meta("http:u") == "etag-2"
    assert store.meta("missing") is None


def test_status_lists_current_snapshots(store: AdvisoryStore) -> None:
    when = datetime(2024, 2, 3, 4, 5, tzinfo=UTC)
    store.import_snapshot(
        SourceKind.EPSS,
        [EpssScore("CVE-2024-1", 0.1, 0.5)],
        ImportMeta("epss.csv.gz", data_date=when, imported_at=when),
    )
    status = store.status()
    assert status.counts == {"kev": 0, "epss": 1}
    (snapshot,) = status.snapshots
    assert snapshot.imported_at == when and snapshot.data_date == when
    assert snapshot.source is SourceKind.EPSS and snapshot.origin == "epss.csv.gz"
    assert status.dialect in {"sqlite", "postgresql"}


def test_a_schema_from_a_newer_medsec_is_refused(db_url: str) -> None:
    from sqlalchemy import text

    from medsec.domain.errors import SourceUnavailableError

    with AdvisoryStore.open(db_url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SourceUnavailableError, match="upgrade medsec"):
        AdvisoryStore.open(db_url)


def test_concurrent_imports_wait_for_each_other(db_url: str) -> None:
    import threading

    AdvisoryStore.open(db_url).close()
    errors: list[BaseException] = []

    def load(source: SourceKind, records: list[object]) -> None:
        try:
            with AdvisoryStore.open(db_url) as own:
                own.import_snapshot(source, records, ImportMeta(source.value))  # type: ignore[arg-type]
        except BaseException as error:  # reported below
            errors.append(error)

    jobs = [
        threading.Thread(
            target=load, args=(SourceKind.OSV, [osv(f"A-{i}", ("npm", "a")) for i in range(3000)])
        ),
        threading.Thread(
            target=load, args=(SourceKind.NVD, [nvd(f"CVE-1-{i}", LIBWEBP) for i in range(3000)])
        ),
        threading.Thread(target=load, args=(SourceKind.KEV, [KevEntry("CVE-2024-1")])),
    ]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join()
    assert errors == []
    with AdvisoryStore.open(db_url) as store:
        assert store.status().counts == {"osv": 3000, "nvd": 3000, "kev": 1, "epss": 0}


def test_bulk_written_columns_read_back_through_sqlalchemy(store: AdvisoryStore) -> None:
    from sqlalchemy import select

    when = datetime(2024, 5, 1, 14, 0, tzinfo=UTC)
    local = when.astimezone(timezone(timedelta(hours=2)))
    store.import_snapshot(SourceKind.NVD, [nvd("CVE-1", LIBWEBP, modified=local)], ImportMeta("t"))
    with store.engine.connect() as conn:
        (modified,) = conn.execute(select(schema.advisories.c.modified)).one()
    assert (modified if modified.tzinfo else modified.replace(tzinfo=UTC)) == when


def test_coverage_counts_read_an_index_not_the_match_data(store: AdvisoryStore) -> None:
    store.import_snapshot(
        SourceKind.OSV,
        [osv("GHSA-1", ("PyPI", "django")), osv("GHSA-2", ("PyPI", "flask"))],
        ImportMeta("t"),
    )
    assert store.held(["pypi", "npm"]) == ({"pypi": 2}, 0)
    if store.engine.dialect.name == "sqlite":  # the plan: a covering index, not a table scan
        with store.engine.connect() as conn:
            plan = conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT base, count(DISTINCT advisory_pk) FROM affected_index "
                "WHERE base IN ('pypi') GROUP BY base"
            ).all()
        assert any("COVERING INDEX ix_affected_index_base_advisory_pk" in row[-1] for row in plan)
