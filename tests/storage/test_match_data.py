"""Match data: what a scan reads instead of whole records, and the index rules it follows.

``match_candidates`` must answer exactly what ``candidates`` answers, reduced to what matching
and findings read; the proof is the real advisory data matched both ways. Data indexed under
older rules (before the distro release keys) is re-indexed when the database is opened.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from tests.storage.builders import osv

from medsec.domain import advisory as domain
from medsec.domain.advisory import Advisory, SourceKind
from medsec.domain.errors import SourceUnavailableError
from medsec.domain.vulnerability import ComponentRef
from medsec.engines.matching.matcher import match_component, merge_findings
from medsec.sources.advisories.collect import collect_all
from medsec.storage.codec import MATCH_OMITS, decode_match, encode_match, match_view
from medsec.storage.importer import ImportMeta
from medsec.storage.rows import INDEX_VERSION
from medsec.storage.store import AdvisoryStore


@pytest.fixture
def store(db_url: str) -> Iterator[AdvisoryStore]:
    with AdvisoryStore.open(db_url) as opened:
        yield opened


def _ids(found: list[Advisory]) -> list[str]:
    return [a.id for a in found]


# --- the encoding -------------------------------------------------------------------------


def test_match_data_keeps_what_findings_read() -> None:
    full = dataclasses.replace(
        osv("GHSA-1", ("PyPI", "a"), ("npm", "b"), ("PyPI", "a"), aliases=("CVE-2024-1",)),
        related=("OSV-9",),
        details="first line\nsecond line",
        published=datetime(2024, 1, 2, tzinfo=UTC),
        severity=(domain.SeverityScore("CVSS_V3", "CVSS:3.1/AV:N"),),
        references=("https://example.org",),
        cwes=("CWE-79",),
    )
    entries = [(0, full.affected[0]), (2, full.affected[2])]
    head, decoded = decode_match(encode_match(full, entries))
    assert decoded == entries
    view = match_view(head, tuple(a for _, a in decoded))
    assert view == dataclasses.replace(
        full,
        affected=(full.affected[0], full.affected[2]),
        related=(),
        references=(),
        details="",  # a finding shows the summary
    )
    untitled = dataclasses.replace(full, summary=" ")
    head, _ = decode_match(encode_match(untitled, entries))
    assert match_view(head, ()).details == full.details  # a finding shows them then


def test_every_advisory_field_is_kept_or_named_as_omitted() -> None:
    """A field added to the domain must be carried by the match data, or knowingly left out."""
    fields = {f.name for f in dataclasses.fields(domain.Advisory)}
    full = osv("A-1", ("PyPI", "a"))
    head, _ = decode_match(encode_match(full, []))
    assert len(head) + len(MATCH_OMITS) + 1 == len(fields)  # + 1: the entries themselves
    assert set(MATCH_OMITS) <= fields


# --- release-less records and release-stating components ------------------------------


def test_a_component_of_a_release_meets_records_without_one(store: AdvisoryStore) -> None:
    records = [
        osv("DEBIAN-CVE-1", ("Debian", "openssl")),
        osv("DSA-12", ("Debian:12", "openssl")),
        osv("DSA-11", ("Debian:11", "openssl")),
        osv("DSA-both", ("Debian:11", "openssl"), ("Debian:12", "openssl")),
    ]
    store.import_snapshot(SourceKind.OSV, records, ImportMeta("t"))
    keys = [("Debian:12", "openssl"), ("Debian", "openssl"), ("Debian:10", "openssl")]
    for found in (store.candidates(keys), store.match_candidates(keys)):
        assert _ids(found[("Debian:12", "openssl")]) == ["DEBIAN-CVE-1", "DSA-12", "DSA-both"]
        assert _ids(found[("Debian", "openssl")]) == [
            "DEBIAN-CVE-1",
            "DSA-11",
            "DSA-12",
            "DSA-both",
        ]
        assert _ids(found[("Debian:10", "openssl")]) == ["DEBIAN-CVE-1"]
    views = store.match_candidates(keys)
    both = {a.id: a for a in views[("Debian", "openssl")]}["DSA-both"]
    assert both.affected == records[3].affected  # both rows' entries, in the record's order
    only_12 = {a.id: a for a in views[("Debian:12", "openssl")]}["DSA-both"]
    assert only_12.affected == records[3].affected[1:]


def test_the_newest_import_wins_in_match_data(store: AdvisoryStore) -> None:
    store.import_snapshot(
        SourceKind.OSV, [osv("GHSA-1", ("PyPI", "a"), fixed="1.0")], ImportMeta("PyPI/all.zip")
    )
    newer = store.import_snapshot(
        SourceKind.OSV,
        [osv("GHSA-1", ("PyPI", "a"), fixed="2.0"), osv("GHSA-2", ("npm", "a"))],
        ImportMeta("all.zip", merge=True),
    )
    (found,) = store.match_candidates([("PyPI", "a")])[("PyPI", "a")]
    assert found.affected[0].ranges[0].events[-1].version == "2.0"
    assert store.snapshot_of(found) == newer.id


# --- the same answers as whole records, on real data --------------------------------------

_PURL = {"PyPI": "pypi", "Go": "golang", "npm": "npm", "Maven": "maven", "crates.io": "cargo"}


def _purl(ecosystem: str, name: str, version: str) -> str | None:
    kind = _PURL.get(ecosystem)
    if kind is None:
        return None
    if kind == "maven":
        name = name.replace(":", "/")
    elif kind == "npm":
        name = name.replace("@", "%40")
    return f"pkg:{kind}/{name}@{version}"


def _components(records: list[Advisory]) -> dict[ComponentRef, tuple[str, str]]:
    """Components at every version the records name (and below and above all of them), with
    the ``(ecosystem, name)`` key they are looked up by."""
    out: dict[ComponentRef, tuple[str, str]] = {}
    for advisory in records:
        for affected in advisory.affected:
            versions = {"0.0.1", "999.0.0", *affected.versions}
            versions |= {e.version for r in affected.ranges for e in r.events if e.version != "0"}
            for version in versions:
                purl = _purl(affected.ecosystem, affected.name, version)
                if purl is not None:
                    ref = ComponentRef(affected.name, version, purl)
                    out[ref] = (affected.ecosystem, affected.name)
    return out


def test_match_data_gives_the_same_matches_and_findings(shared: Path, tmp_path: Path) -> None:
    folders = ("pypa-advisory-database", "golang-vulndb", "github-advisory-database")
    records = [
        r
        for folder in folders
        for collection in collect_all(shared / "fixtures/advisories" / folder)
        for r in collection.records
        if isinstance(r, Advisory)
    ]
    with AdvisoryStore.open(str(tmp_path / "v.sqlite")) as store:
        store.import_snapshot(SourceKind.OSV, records, ImportMeta("shared"))
        components = _components(records)
        keys = set(components.values())
        whole, views = store.candidates(keys), store.match_candidates(keys)
        assert {k: _ids(v) for k, v in whole.items()} == {k: _ids(v) for k, v in views.items()}
        matched = 0
        for ref, key in components.items():
            first = match_component(ref, whole[key])
            second = match_component(ref, views[key])
            assert [(r.detail, r.fixed_versions, r.severity) for r in first] == [
                (r.detail, r.fixed_versions, r.severity) for r in second
            ]
            assert merge_findings(first) == merge_findings(second)
            matched += len(first)
    assert len(components) > 2000 and matched > 1000  # the comparison covered real matches


# --- index versions ---------------------------------------------------------------------------


def _age_the_index(store: AdvisoryStore, ecosystem: str | None = None) -> None:
    """Make the data look imported by a medsec before index versions (and, optionally, keyed
    under an old ecosystem key without match data)."""
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE snapshots SET index_version = NULL"))
        if ecosystem is not None:
            conn.execute(
                text("UPDATE affected_index SET ecosystem = :e, entry = NULL"), {"e": ecosystem}
            )


def test_data_indexed_under_old_rules_is_reindexed_on_opening(db_url: str) -> None:
    record = osv("USN-1", ("Ubuntu:22.04:LTS", "sudo"))
    with AdvisoryStore.open(db_url) as store:
        assert store.reindexed == 0
        store.import_snapshot(SourceKind.OSV, [record], ImportMeta("t"))
        _age_the_index(store, ecosystem="ubuntu:22.04:lts")  # the key before release keys
        assert store.candidates([("Ubuntu:22.04", "sudo")])[("Ubuntu:22.04", "sudo")] == []
    with AdvisoryStore.open(db_url) as store:
        assert store.reindexed == 1
        assert _ids(store.match_candidates([("Ubuntu:22.04", "sudo")])[("Ubuntu:22.04", "sudo")])
        assert [s.id for s in store.snapshots()]  # the snapshot itself is unchanged
        with store.engine.connect() as conn:
            versions = conn.execute(text("SELECT index_version FROM snapshots")).scalars().all()
        assert versions == [INDEX_VERSION]
    with AdvisoryStore.open(db_url) as store:
        assert store.reindexed == 0  # once


def test_a_database_of_the_first_schema_is_migrated_and_reindexed(tmp_path: Path) -> None:
    from alembic import command

    from medsec.storage import engine as engines
    from medsec.storage import migrate

    url = engines.resolve_url(str(tmp_path / "old.sqlite"))
    engine = engines.create(url)
    with engine.begin() as conn:
        config = migrate._config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(
            text(
                "INSERT INTO snapshots (seq, id, source, scope, mode, state, origin, imported_at,"
                " content_hash, records) VALUES (1, 'osv:0', 'osv', 'ubuntu', 'replace',"
                " 'current', 'old', '2024-01-01 00:00:00.000000', '00', 1)"
            )
        )
        from medsec.storage.codec import encode

        payload = encode(osv("USN-1", ("Ubuntu:Pro:22.04:LTS", "sudo")))
        conn.execute(
            text(
                "INSERT INTO advisories (pk, id, source, snapshot_seq, payload)"
                " VALUES (1, 'USN-1', 'osv', 1, :p)"
            ),
            {"p": payload},
        )
        conn.execute(
            text(
                "INSERT INTO affected_index (name, base, ecosystem, advisory_pk, snapshot_seq)"
                " VALUES ('sudo', 'ubuntu', 'ubuntu:pro:22.04:lts', 1, 1)"
            )
        )
    engine.dispose()
    with AdvisoryStore.open(str(tmp_path / "old.sqlite")) as store:
        assert store.revision == migrate.head()
        assert store.reindexed == 1
        found = store.match_candidates([("Ubuntu:22.04", "sudo")])[("Ubuntu:22.04", "sudo")]
        assert _ids(found) == ["USN-1"]
        assert store.snapshot_of(found[0]) == "osv:0"


def test_data_indexed_by_a_newer_medsec_is_refused(db_url: str) -> None:
    with AdvisoryStore.open(db_url) as store:
        store.import_snapshot(SourceKind.OSV, [osv("A-1", ("PyPI", "a"))], ImportMeta("t"))
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE snapshots SET index_version = :v"), {"v": INDEX_VERSION + 1})
    with pytest.raises(SourceUnavailableError, match=r"newer medsec.*upgrade medsec"):
        AdvisoryStore.open(db_url)


def test_a_row_without_match_data_reads_the_whole_record(store: AdvisoryStore) -> None:
    record = dataclasses.replace(osv("A-1", ("PyPI", "a")), references=("https://x",))
    store.import_snapshot(SourceKind.OSV, [record], ImportMeta("t"))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE affected_index SET entry = NULL"))
    assert store.match_candidates([("PyPI", "a")])[("PyPI", "a")] == [record]
