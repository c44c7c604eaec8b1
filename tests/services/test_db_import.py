"""``import_path``: each kind of local file lands as one snapshot; a broken one changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.storage.builders import osv_json, osv_zip

from medsec.domain.advisory import SourceKind
from medsec.domain.errors import InputError
from medsec.services import db
from medsec.storage.store import AdvisoryStore


@pytest.fixture
def advisories(shared: Path) -> Path:
    path = shared / "fixtures" / "advisories"
    if not path.is_dir():
        pytest.skip(f"{path} not found")
    return path


def _import(path: Path, url: str, **kw: bool) -> db.ImportOutcome:
    return db.import_path(db.ImportOptions(path, url, **kw))


def test_every_kind_of_file(advisories: Path, tmp_path: Path) -> None:
    url = str(tmp_path / "v.sqlite")
    nvd = _import(advisories / "nvd-cve-2.0/vulnfeeds/test_data/nvdcve-2.0", url)
    kev = _import(advisories / "cisa-kev/known_exploited_vulnerabilities.json", url)
    epss = _import(advisories / "epss/epss_scores-current.head41.csv", url)
    osv = _import(advisories / "pypa-advisory-database/vulns", url)
    assert (nvd.snapshot.source, nvd.snapshot.records) == (SourceKind.NVD, 23)
    assert (kev.snapshot.source, kev.snapshot.records) == (SourceKind.KEV, 1404)
    assert (epss.snapshot.source, epss.snapshot.records) == (SourceKind.EPSS, 40)
    assert (osv.snapshot.source, osv.snapshot.scope) == (SourceKind.OSV, "pypi")
    status = db.status(url)
    assert status.counts == {"nvd": 23, "kev": 1404, "epss": 40, "osv": 239}
    with AdvisoryStore.open(url) as store:
        django = store.candidates([("PyPI", "Django")])[("PyPI", "Django")]
        assert len(django) > 10
        assert store.by_cpe([("webmproject", "libwebp")])[("webmproject", "libwebp")]
        assert store.kev(["CVE-2023-4863"])["CVE-2023-4863"].vendor == "Google"


def test_a_broken_zip_leaves_the_previous_import(tmp_path: Path) -> None:
    url = str(tmp_path / "v.sqlite")
    good = tmp_path / "good.zip"
    good.write_bytes(
        osv_zip({f"GHSA-{i}.json": osv_json(f"GHSA-{i}", "PyPI", "flask") for i in range(3)})
    )
    first = _import(good, url).snapshot
    entries = {f"GHSA-n{i}.json": osv_json(f"GHSA-n{i}", "PyPI", "flask") for i in range(4000)}
    entries["zz-broken.json"] = b'{"id": "BROKEN", "affected": {"not": "a list"}}'
    bad = tmp_path / "bad.zip"
    bad.write_bytes(osv_zip(entries))
    with pytest.raises(InputError, match=r"zz-broken\.json"):
        _import(bad, url)
    status = db.status(url)
    assert status.counts["osv"] == 3
    assert [s.id for s in status.snapshots] == [first.id]
    skipped = _import(bad, url, skip_invalid=True)
    assert skipped.skipped == 1 and skipped.snapshot.records == 4000


def test_truncated_nvd_page_changes_nothing(advisories: Path, tmp_path: Path) -> None:
    url = str(tmp_path / "v.sqlite")
    page = advisories / "nvd-cve-2.0/vulnfeeds/test_data/nvdcve-2.0/CVE-2024-3094.json"
    _import(page, url)
    data = page.read_bytes()
    half = tmp_path / "half.json"
    half.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="cut short"):
        _import(half, url)
    assert db.status(url).counts["nvd"] == 1


def test_merge_keeps_the_rest(tmp_path: Path) -> None:
    url = str(tmp_path / "v.sqlite")
    base = tmp_path / "base.zip"
    base.write_bytes(
        osv_zip({f"GHSA-{i}.json": osv_json(f"GHSA-{i}", "PyPI", "x") for i in range(3)})
    )
    _import(base, url)
    one = tmp_path / "GHSA-9.json"
    one.write_bytes(osv_json("GHSA-9", "PyPI", "x"))
    _import(one, url, merge=True)
    assert db.status(url).counts["osv"] == 4
    _import(one, url)  # without --merge: the record replaces the PyPI data
    assert db.status(url).counts["osv"] == 1


def test_progress_counts_records_against_the_zip_entries(tmp_path: Path) -> None:
    path = tmp_path / "all.zip"
    path.write_bytes(
        osv_zip({f"GHSA-{i}.json": osv_json(f"GHSA-{i}", "npm", "a") for i in range(2500)})
    )
    calls: list[tuple[str, int, int | None, str]] = []
    db.import_path(
        db.ImportOptions(path, str(tmp_path / "v.sqlite")),
        progress=lambda *call: calls.append(call),
    )
    assert calls == [
        ("importing", 1000, 2500, "records"),
        ("importing", 2000, 2500, "records"),
        ("importing", 2500, 2500, "records"),
    ]
