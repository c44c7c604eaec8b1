"""Data ages: ``db status`` and ``scan`` count the same days from the same, named date.

The date is the data's own (newest record ``modified``, the KEV catalogue's date, the EPSS score
date), never the import time; a date no feed can carry (Go's ``modified: 0001-01-01``) is
unknown and said so, never "739953 days old".
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest
from sqlalchemy import text
from tests.storage.builders import osv_json

from medsec.outputs.db import STATUS_RENDERERS, StatusView
from medsec.outputs.scan import RENDERERS, ScanReport
from medsec.services import db
from medsec.services.scan import ScanOptions, run
from medsec.storage.store import AdvisoryStore

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _sbom(tmp_path: Path, *purls: str) -> Path:
    """A CycloneDX SBOM of the given components."""
    components = [
        {
            "type": "library",
            "name": p.split("/")[-1].split("@")[0],
            "version": p.split("@")[1],
            "purl": p,
        }
        for p in purls
    ]
    doc = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": components}
    path = tmp_path / "sbom.cdx.json"
    path.write_bytes(orjson.dumps(doc))
    return path


def _status(url: str) -> dict[str, dict[str, object]]:
    """``db status --format json`` as of NOW, snapshots by source/scope."""
    out = STATUS_RENDERERS.choose("json").render(StatusView(db.status(url), NOW))
    return {f"{s['source']}/{s['scope']}": s for s in json.loads(out)["snapshots"]}


def _scan(url: str, sbom: Path) -> tuple[dict[str, dict[str, object]], tuple[str, ...], str]:
    """``scan --format json`` snapshots by source, the scan's notes and its text header."""
    result = run(ScanOptions(None, sbom, TODAY, db=url, write_record=False, write_stubs=False))
    record = json.loads(RENDERERS.choose("json").render(ScanReport(result, "sbom")))
    header = RENDERERS.choose("text").render(ScanReport(result, "sbom")).splitlines()[1]
    return {s["source"]: s for s in record["scan"]["snapshots"]}, result.notes, header


def test_status_and_scan_agree_on_the_newest_modified_date(shared: Path, tmp_path: Path) -> None:
    url = str(tmp_path / "v.sqlite")
    db.import_path(db.ImportOptions(shared / "fixtures/advisories/pypa-advisory-database", url))
    status = _status(url)["osv/pypi"]
    snapshots, notes, header = _scan(url, _sbom(tmp_path, "pkg:pypi/django@3.2.0"))
    scanned = snapshots["osv"]
    assert status["dated_by"] == scanned["dated_by"] == "newest record modified"
    assert status["data_date"] == scanned["data_date"]
    newest = datetime.fromisoformat(str(status["data_date"]))
    assert status["age_days"] == scanned["age_days"] == (TODAY - newest.date()).days
    assert scanned["age_days"] > 300  # type: ignore[operator]  # old data, not "0 h" of import
    day = newest.date().isoformat()
    assert f"osv {scanned['age_days']} days old (newest record modified {day})" in header
    assert any(f"(newest record modified {day}) (limit 7 days)" in n for n in notes)
    text = STATUS_RENDERERS.choose("text").render(StatusView(db.status(url), NOW))
    assert f"{status['age_days']} d  newest record modified {day}" in text


def test_go_vulndb_dates_of_year_one_are_unknown(shared: Path, tmp_path: Path) -> None:
    url = str(tmp_path / "v.sqlite")
    db.import_path(db.ImportOptions(shared / "fixtures/advisories/golang-vulndb/data/osv", url))
    status = _status(url)["osv/go"]
    assert status["age_days"] is None and status["data_date"] is None
    sbom = _sbom(tmp_path, "pkg:golang/github.com/gin-gonic/gin@1.6.0")
    snapshots, notes, header = _scan(url, sbom)
    assert snapshots["osv"]["age_days"] is None and snapshots["osv"]["data_date"] is None
    assert "osv age unknown (no plausible newest record modified date)" in header
    assert any("age unknown" in n and "cannot be checked" in n for n in notes)
    assert "739" not in header + " ".join(notes)
    text = STATUS_RENDERERS.choose("text").render(StatusView(db.status(url), NOW))
    assert " unknown  no plausible newest record modified date" in text


def test_an_impossible_date_stored_by_an_older_medsec_reads_as_unknown(tmp_path: Path) -> None:
    url = str(tmp_path / "v.sqlite")
    folder = tmp_path / "osv"
    folder.mkdir()
    (folder / "GHSA-1.json").write_bytes(osv_json("GHSA-1", "PyPI", "flask"))
    db.import_path(db.ImportOptions(folder, url))
    with AdvisoryStore.open(url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE snapshots SET data_date = '0001-01-01 00:00:00.000000'"))
    assert _status(url)["osv/pypi"]["age_days"] is None


def test_a_record_dated_after_its_import_does_not_make_the_data_new(tmp_path: Path) -> None:
    url = str(tmp_path / "v.sqlite")
    folder = tmp_path / "osv"
    folder.mkdir()
    (folder / "GHSA-1.json").write_bytes(
        osv_json("GHSA-1", "PyPI", "a", modified="2099-01-01T00:00:00Z")
    )
    (folder / "GHSA-2.json").write_bytes(osv_json("GHSA-2", "PyPI", "b"))  # 2024-05-01
    db.import_path(db.ImportOptions(folder, url))
    assert _status(url)["osv/pypi"]["data_date"] == "2024-05-01T12:00:00+00:00"


def test_kev_and_epss_are_dated_by_their_own_publication(tmp_path: Path) -> None:
    url = str(tmp_path / "v.sqlite")
    kev = tmp_path / "kev.json"
    kev.write_bytes(
        orjson.dumps(
            {
                "catalogVersion": "2026.11.20",
                "dateReleased": "2026-11-20T16:00:00.000Z",
                "vulnerabilities": [{"cveID": "CVE-2021-1", "dateAdded": "2021-01-01"}],
            }
        )
    )
    epss = tmp_path / "epss.csv.gz"
    epss.write_bytes(
        gzip.compress(
            b"#model_version:v2025.03.14,score_date:2026-11-28T00:00:00+0000\n"
            b"cve,epss,percentile\nCVE-2021-1,0.2,0.3\n"
        )
    )
    db.import_path(db.ImportOptions(kev, url))
    db.import_path(db.ImportOptions(epss, url))
    status = _status(url)
    assert (status["kev/"]["dated_by"], status["kev/"]["age_days"]) == ("catalogue date", 11)
    assert (status["epss/"]["dated_by"], status["epss/"]["age_days"]) == ("score date", 3)


@pytest.mark.parametrize(
    ("days", "named", "said"),
    [
        (
            785,
            "newest record modified 2024-10-08",
            "785 days old (newest record modified 2024-10-08)",
        ),
        (1, "score date 2026-11-30", "1 day old (score date 2026-11-30)"),
        (
            None,
            "no plausible newest record modified date",
            "age unknown (no plausible newest record modified date)",
        ),
        (3, None, "3 days old"),  # a record written before ages named their date
    ],
)
def test_age_wording(days: int | None, named: str | None, said: str) -> None:
    from medsec.domain.data_age import age_text

    assert age_text(days, named) == said
