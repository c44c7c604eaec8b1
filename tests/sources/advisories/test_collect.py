"""``db import PATH`` sniffing: every accepted kind by content, and the refusals."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from pathlib import Path

import pytest
from tests.storage.builders import osv_json, osv_zip

from medsec.domain.advisory import SourceKind
from medsec.domain.errors import InputError
from medsec.sources.advisories.collect import collect, collect_all, sniff


def _pypa(advisories_dir: Path) -> Path:
    return advisories_dir / "pypa-advisory-database" / "vulns"


def test_osv_zip_streams_records(tmp_path: Path) -> None:
    path = tmp_path / "all.zip"
    path.write_bytes(
        osv_zip({f"GHSA-{i}.json": osv_json(f"GHSA-{i}", "PyPI", "django") for i in range(30)})
    )
    collection = collect(path)
    assert (collection.source, collection.form) == (SourceKind.OSV, "zip")
    records = list(collection.records)
    assert len(records) == 30 and records[0].affected[0].name == "django"
    assert len(collection.content_hash) == 64


def test_osv_directory_of_yaml_and_json(advisories_dir: Path, tmp_path: Path) -> None:
    collection = collect(_pypa(advisories_dir))
    assert (collection.source, collection.form) == (SourceKind.OSV, "directory")
    records = list(collection.records)
    assert len(records) == 239
    assert {a.affected[0].ecosystem for a in records if a.affected} == {"PyPI"}
    mixed = tmp_path / "mixed"
    shutil.copytree(advisories_dir / "osv-from-osv-scanner-report", mixed)
    assert len(list(collect(mixed).records)) == 64


def test_directory_hash_follows_content(advisories_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(_pypa(advisories_dir) / "django", copy)
    before = collect(copy).content_hash
    assert collect(copy).content_hash == before
    next(copy.glob("*.yaml")).write_text("id: X\n", encoding="utf-8")
    assert collect(copy).content_hash != before


def test_single_osv_record(advisories_dir: Path) -> None:
    path = advisories_dir / "github-advisory-database" / "GHSA-36p3-wjmg-h94x.json"
    collection = collect(path)
    assert (collection.source, collection.form) == (SourceKind.OSV, "record")
    assert [a.id for a in collection.records] == ["GHSA-36p3-wjmg-h94x"]


def test_nvd_file_gzip_zip_and_directory(nvd_dir: Path, tmp_path: Path) -> None:
    one = nvd_dir / "CVE-2023-4863.json"
    assert [a.id for a in collect(one).records] == ["CVE-2023-4863"]
    gz = tmp_path / "nvdcve-2.0-2023.json.gz"
    gz.write_bytes(gzip.compress(one.read_bytes()))
    assert collect(gz).source is SourceKind.NVD
    assert [a.id for a in collect(gz).records] == ["CVE-2023-4863"]
    zipped = tmp_path / "nvdcve-2.0-2023.json.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(one, "nvdcve-2.0-2023.json")
    assert [a.id for a in collect(zipped).records] == ["CVE-2023-4863"]
    folder = collect(nvd_dir)
    assert (folder.source, folder.form) == (SourceKind.NVD, "directory")
    assert len(list(folder.records)) == len(list(nvd_dir.glob("*.json")))


def test_kev_and_epss(kev_json: Path, epss_csv: Path, tmp_path: Path) -> None:
    kev = collect(kev_json)
    assert kev.source is SourceKind.KEV and kev.data_date is not None
    assert len(list(kev.records)) == 1404
    gz = tmp_path / "epss_scores-current.csv.gz"
    gz.write_bytes(gzip.compress(epss_csv.read_bytes()))
    epss = collect(gz)
    assert epss.source is SourceKind.EPSS and len(list(epss.records)) == 40
    assert epss.data_date is not None


def test_invalid_records_fail_the_whole_collection(tmp_path: Path) -> None:
    entries = {f"GHSA-{i}.json": osv_json(f"GHSA-{i}", "PyPI", "x") for i in range(5)}
    entries["bad-ranges.json"] = (
        b'{"id": "BAD-1", "affected": [{"package": {"ecosystem": "PyPI", "name": "x"}, "ranges": "nope"}]}'
    )
    entries["cut.json"] = osv_json("GHSA-cut", "PyPI", "x")[:40]
    path = tmp_path / "all.zip"
    path.write_bytes(osv_zip(entries))
    with pytest.raises(InputError) as caught:
        list(collect(path).records)
    text = str(caught.value)
    assert "bad-ranges.json" in text and "cut.json" in text
    assert "nothing was imported" in text
    lenient = collect(path, skip_invalid=True)
    assert len(list(lenient.records)) == 5
    assert lenient.skipped == 2 and lenient.warnings


def test_unknown_ecosystem_is_kept_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "all.zip"
    path.write_bytes(
        osv_zip({f"X-{i}.json": osv_json(f"X-{i}", "Made Up Eco", "p") for i in range(3)})
    )
    collection = collect(path)
    assert len(list(collection.records)) == 3
    assert sum("Made Up Eco" in str(w) for w in collection.warnings) >= 1


def test_hostile_zip_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "evil.zip"
    path.write_bytes(osv_zip({"../../outside.json": osv_json("GHSA-1", "PyPI", "x")}))
    with pytest.raises(InputError, match="escapes"):
        collect(path)


def test_what_is_not_a_feed(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot tell"):
        collect(tmp_path / "notes.txt")
    with pytest.raises(InputError, match="no such file"):
        collect(tmp_path / "missing.zip")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no \.json"):
        collect(tmp_path / "empty")


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'{"title": "CISA", "catalogVersion": "1"}', SourceKind.KEV),
        (b'{"resultsPerPage": 1, "format": "NVD_CVE"', SourceKind.NVD),
        (b'{"vulnerabilities": [{"cve": {"id"', SourceKind.NVD),
        (b'{"id": "GHSA-1", "affected": []}', SourceKind.OSV),
        (b"#model_version:v1,score_date:2024-01-01\ncve,epss,percentile\n", SourceKind.EPSS),
        (b"cve,epss,percentile\n", SourceKind.EPSS),
        (b"cveID,vendorProject,product\n", SourceKind.KEV),
    ],
)
def test_sniff(head: bytes, kind: SourceKind) -> None:
    assert sniff(head) is kind
    assert sniff(b"id: PYSEC-1\n", "PYSEC-1.yaml") is SourceKind.OSV


def test_a_folder_hashes_the_same_read_once_or_twice(advisories_dir: Path, tmp_path: Path) -> None:
    # collect_all hashes each file while sniffing it; collect hashes it apart: one digest
    copy = tmp_path / "copy"
    shutil.copytree(_pypa(advisories_dir) / "django", copy)
    (only,) = collect_all(copy)
    assert only.content_hash == collect(copy).content_hash
    assert len(list(only.records)) == len(list(collect(copy).records)) > 0
