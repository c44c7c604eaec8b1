"""The one table of advisory sources: exhaustive, ordered for detection, read the same way."""

from __future__ import annotations

import gzip
from datetime import datetime
from pathlib import Path

import pytest
from tests.storage.builders import osv_json

from medsec.domain.advisory import EpssScore, KevEntry, SourceKind
from medsec.sources.advisories.collect import collect
from medsec.sources.advisories.registry import BUNDLED, BY_KIND, SOURCES, WALKED, detect
from medsec.sources.advisories.source import Collection

KEV_JSON = b'{"title": "CISA KEV", "catalogVersion": "2025.08.25", "dateReleased": "2025-08-25T14:00:00.000Z", "count": 1, "vulnerabilities": [{"cveID": "CVE-2023-4863", "vendorProject": "Google", "product": "Chromium WebP", "dateAdded": "2023-09-13"}]}'
KEV_CSV = b"cveID,vendorProject,product,vulnerabilityName,dateAdded\nCVE-2023-4863,Google,Chromium WebP,Heap overflow,2023-09-13\n"
EPSS = b"#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z\ncve,epss,percentile\nCVE-2023-4863,0.93,0.99\n"
NVD = b'{"resultsPerPage": 1, "startIndex": 0, "totalResults": 1, "format": "NVD_CVE", "version": "2.0", "vulnerabilities": [{"cve": {"id": "CVE-2023-4863", "descriptions": [{"lang": "en", "value": "Heap buffer overflow in libwebp"}]}}]}'

SAMPLES = {
    SourceKind.KEV: (KEV_JSON, KEV_CSV),
    SourceKind.EPSS: (EPSS,),
    SourceKind.NVD: (NVD,),
    SourceKind.OSV: (osv_json("GHSA-1", "PyPI", "django"),),
}


def test_one_source_per_kind() -> None:
    kinds = [s.kind for s in SOURCES]
    assert len(kinds) == len(set(kinds)) and set(kinds) == set(SourceKind)
    assert SOURCES[-1].kind is SourceKind.OSV, "OSV takes any JSON object: it is asked last"


@pytest.mark.parametrize("kind", list(SourceKind))
def test_each_source_claims_its_samples_and_detection_agrees(kind: SourceKind) -> None:
    for sample in SAMPLES[kind]:
        claims = [s.kind for s in SOURCES if s.sniff(sample, "feed")]
        assert claims[0] is kind
        overlap = sample[:1] == b"{" and kind is not SourceKind.OSV  # settled by the order
        assert claims[1:] == ([SourceKind.OSV] if overlap else [])
        found = detect(b"\xef\xbb\xbf\n " + sample, "feed")
        assert found is not None and found.kind is kind
    assert detect(b"hello\n", "notes.txt") is None
    assert BY_KIND[SourceKind.OSV].sniff(b"id: PYSEC-1\n", "PYSEC-1.yml")


def test_what_a_directory_or_zip_holds() -> None:
    assert BUNDLED == (SourceKind.OSV, SourceKind.NVD)
    assert set(WALKED) == {".json", ".yaml", ".yml", ".json.gz"}
    assert [s.kind for s in SOURCES if s.record_per_file] == [SourceKind.OSV]


@pytest.mark.parametrize(
    ("kind", "sample", "count", "dated"),
    [
        (SourceKind.KEV, KEV_JSON, 1, True),
        (SourceKind.KEV, KEV_CSV, 1, True),
        (SourceKind.EPSS, EPSS, 1, True),
        (SourceKind.NVD, NVD, 1, False),
        (SourceKind.OSV, osv_json("GHSA-1", "PyPI", "django"), 1, False),
    ],
)
def test_each_loader_gives_records_and_their_date(
    kind: SourceKind, sample: bytes, count: int, dated: bool
) -> None:
    collection = Collection(kind, "file", "feed", "0" * 64, iter(()))
    loaded = BY_KIND[kind].load((("feed", sample),), collection, skip_invalid=False)
    records = list(loaded.records)
    assert len(records) == count
    assert isinstance(loaded.data_date, datetime) is dated
    expected_type = {SourceKind.KEV: KevEntry, SourceKind.EPSS: EpssScore}.get(kind)
    if expected_type is not None:
        assert all(isinstance(r, expected_type) for r in records)


def test_a_gzipped_osv_record_is_read_like_the_other_feeds(tmp_path: Path) -> None:
    path = tmp_path / "GHSA-1.json.gz"
    path.write_bytes(gzip.compress(osv_json("GHSA-1", "PyPI", "django")))
    collection = collect(path)
    assert (collection.source, collection.form) == (SourceKind.OSV, "record")
    assert [a.id for a in collection.records] == ["GHSA-1"]


@pytest.mark.parametrize(
    ("head", "nvd"),
    [
        (b'{"vulnerabilities": [{"cve" : {"id": "CVE-1"}}]}', True),  # spaces around the key
        (b'{"vulnerabilities": [{ "cve":{"id": "CVE-1"}}]}', True),
        (b'{"id": "GHSA-1", "aliases": ["cve"], "summary": "a cve: x"}', False),
        (b'{"id": "GHSA-1", "note": "\\"cve\\" is a word"}', False),
    ],
)
def test_nvd_sniffer_finds_the_cve_key_however_spaced(head: bytes, nvd: bool) -> None:
    assert BY_KIND[SourceKind.NVD].sniff(head, "feed") is nvd
    assert BY_KIND[SourceKind.KEV].sniff(b"cveID,vendorProject,product\n" + head, "f.csv")
    assert BY_KIND[SourceKind.EPSS].sniff(b"#model_version:v2023\ncve,epss\n", "f.csv")
    assert not BY_KIND[SourceKind.EPSS].sniff(head + b"\n#model_version", "f.csv")
