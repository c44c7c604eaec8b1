"""``update`` against a local feed server: first download, 304s, NVD increments, failures."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from tests.sources.advisories.feed_server import FeedServer, Route, serve
from tests.storage.builders import osv_json, osv_zip

from medsec.domain.advisory import SourceKind
from medsec.domain.errors import InputError, SourceUnavailableError, UsageError
from medsec.services import db
from medsec.sources.advisories.download import Downloader, HttpSettings
from medsec.sources.advisories.feeds import FeedUrls
from medsec.storage.store import AdvisoryStore


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with serve() as server:
        yield server


NOW = datetime(2003, 6, 1, tzinfo=UTC)
KEV = orjson.dumps(
    {
        "catalogVersion": "2003.06.01",
        "dateReleased": "2003-06-01T00:00:00Z",
        "vulnerabilities": [
            {
                "cveID": "CVE-2002-0001",
                "vendorProject": "V",
                "product": "P",
                "dateAdded": "2003-01-01",
            }
        ],
    }
)
EPSS = gzip.compress(
    b"#model_version:v1,score_date:2003-06-01T00:00:00Z\ncve,epss,percentile\nCVE-2002-0001,0.5,0.9\n"
)


def _cve(cve_id: str, modified: str = "2003-01-01T00:00:00.000") -> dict[str, object]:
    return {
        "cve": {
            "id": cve_id,
            "lastModified": modified,
            "descriptions": [{"lang": "en", "value": cve_id}],
            "configurations": [
                {
                    "nodes": [
                        {
                            "operator": "OR",
                            "cpeMatch": [
                                {
                                    "vulnerable": True,
                                    "criteria": "cpe:2.3:a:acme:pump:*:*:*:*:*:*:*:*",
                                }
                            ],
                        }
                    ]
                }
            ],
        }
    }


def _page(
    items: list[dict[str, object]], start: int = 0, total: int | None = None, size: int = 2000
) -> bytes:
    return orjson.dumps(
        {
            "resultsPerPage": size,
            "startIndex": start,
            "totalResults": len(items) if total is None else total,
            "format": "NVD_CVE",
            "version": "2.0",
            "vulnerabilities": items,
        }
    )


@pytest.fixture
def served(feed_server: FeedServer) -> FeedServer:
    records = {f"GHSA-{i}.json": osv_json(f"GHSA-{i}", "PyPI", "django") for i in range(5)}
    feed_server.routes["/osv/PyPI/all.zip"] = Route(osv_zip(records), etag='"osv1"')
    feed_server.routes["/kev.json"] = Route(KEV, etag='"kev1"')
    feed_server.routes["/epss.csv.gz"] = Route(EPSS, etag='"epss1"')
    for year in (2002, 2003):
        body = _page([_cve(f"CVE-{year}-0001"), _cve(f"CVE-{year}-0002")])
        meta = f"lastModifiedDate:2003-06-01\nsha256:{hashlib.sha256(body).hexdigest().upper()}\n"
        feed_server.routes[f"/nvd/nvdcve-2.0-{year}.json.gz"] = Route(gzip.compress(body))
        feed_server.routes[f"/nvd/nvdcve-2.0-{year}.meta"] = Route(meta.encode())
    changed = [
        _cve("CVE-2003-0002", "2003-07-01T00:00:00.000"),
        _cve("CVE-2003-0003"),
        _cve("CVE-2003-0004"),
    ]
    feed_server.routes["/nvd/api"] = lambda q: Route(
        _page(changed[int(q["startIndex"]) : int(q["startIndex"]) + 2], int(q["startIndex"]), 3, 2)
    )
    return feed_server


def _options(server: FeedServer, tmp_path: Path, **kw: object) -> db.UpdateOptions:
    urls = FeedUrls(
        osv=server.url("/osv"),
        nvd_api=server.url("/nvd/api"),
        nvd_feeds=server.url("/nvd"),
        kev=server.url("/kev.json"),
        epss=server.url("/epss.csv.gz"),
    )
    defaults: dict[str, object] = {
        "db": str(tmp_path / "v.sqlite"),
        "ecosystems": ("PyPI",),
        "urls": urls,
        "cache_dir": tmp_path / "cache",
        "nvd_pause": 0.0,
        "now": NOW,
    }
    return db.UpdateOptions(**{**defaults, **kw})  # type: ignore[arg-type]


def _dl() -> Downloader:
    return Downloader(HttpSettings(retries=2, backoff=0.01, timeout=10), sleep=lambda _: None)


def test_first_update_then_nothing_changed_then_nvd_increment(
    served: FeedServer, tmp_path: Path
) -> None:
    options = _options(served, tmp_path)
    steps = db.update(options, downloader=_dl())
    assert [(s.source, s.snapshot is not None) for s in steps] == [
        (SourceKind.OSV, True),
        (SourceKind.NVD, True),
        (SourceKind.KEV, True),
        (SourceKind.EPSS, True),
    ]
    assert db.status(options.db).counts == {"osv": 5, "nvd": 4, "kev": 1, "epss": 1}
    assert not list((tmp_path / "cache").rglob("*.zip"))  # downloads are removed after import

    again = db.update(options, downloader=_dl())
    assert [s.snapshot is None for s in again] == [True, False, True, True]
    assert served.requests_to("/osv/PyPI/all.zip")[-1].headers["If-None-Match"] == '"osv1"'
    api = served.requests_to("/nvd/api")
    assert [r.query["startIndex"] for r in api] == ["0", "2"]
    assert api[0].query["lastModStartDate"].startswith("2003-05-31T22:00:00")
    assert again[1].snapshot is not None and again[1].snapshot.records == 3
    with AdvisoryStore.open(options.db) as store:
        pump = store.by_cpe([("acme", "pump")])[("acme", "pump")]
        assert len(pump) == 6
        cve = store.advisories(["CVE-2003-0002"])["CVE-2003-0002"][0]
        assert cve.modified is not None and cve.modified.month == 7


def test_offline_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="medsec db import"):
        db.update(db.UpdateOptions(db=str(tmp_path / "v.sqlite"), offline=True))


def test_a_truncated_then_resumed_dump_imports(served: FeedServer, tmp_path: Path) -> None:
    served.routes["/osv/PyPI/all.zip"].truncate_first = 1  # type: ignore[union-attr]
    steps = db.update(_options(served, tmp_path, sources=(SourceKind.OSV,)), downloader=_dl())
    assert steps[0].snapshot is not None and steps[0].snapshot.records == 5
    assert "Range" in served.requests_to("/osv/PyPI/all.zip")[1].headers


def test_a_corrupt_dump_is_refused_and_the_old_data_stays(
    served: FeedServer, tmp_path: Path
) -> None:
    options = _options(served, tmp_path, sources=(SourceKind.OSV,))
    db.update(options, downloader=_dl())
    route = served.routes["/osv/PyPI/all.zip"]
    assert isinstance(route, Route)
    route.corrupt, route.etag = True, '"osv2"'
    with pytest.raises(InputError):
        db.update(options, downloader=_dl())
    assert db.status(options.db).counts["osv"] == 5


def test_a_wrong_nvd_checksum_is_an_unavailable_source(served: FeedServer, tmp_path: Path) -> None:
    served.routes["/nvd/nvdcve-2.0-2003.meta"] = Route(b"sha256:" + b"0" * 64 + b"\n")
    with pytest.raises(SourceUnavailableError, match="sha256"):
        db.update(_options(served, tmp_path, sources=(SourceKind.NVD,)), downloader=_dl())
    assert db.status(str(tmp_path / "v.sqlite")).counts.get("nvd", 0) == 0


def test_server_down_names_the_url(served: FeedServer, tmp_path: Path) -> None:
    served.routes["/kev.json"] = Route(KEV, fail_first=99)
    with pytest.raises(SourceUnavailableError) as caught:
        db.update(_options(served, tmp_path, sources=(SourceKind.KEV,)), downloader=_dl())
    assert served.url("/kev.json") in str(caught.value)
    assert "medsec db import" in str(caught.value)


def test_source_names() -> None:
    assert db.source_kinds([]) == tuple(SourceKind)
    assert db.source_kinds(["KEV", "osv", "kev"]) == (SourceKind.KEV, SourceKind.OSV)
    with pytest.raises(UsageError, match="ghsa"):
        db.source_kinds(["ghsa"])
