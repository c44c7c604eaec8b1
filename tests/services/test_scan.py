"""``medsec scan``: the example's SBOMs against the example's advisories, offline."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE

from medsec.cli.main import main
from medsec.domain.errors import SourceUnavailableError
from medsec.project import scan_records
from medsec.services import db
from medsec.services.scan import ScanOptions, failing, run

TODAY = date(2026, 11, 27)
EXPECTED = {
    ("CVE-2022-40303", "libxml2"),
    ("CVE-2023-52160", "wpa-supplicant"),
    ("CVE-2024-12797", "cryptography"),
    ("CVE-2024-2511", "openssl"),
    ("CVE-2024-2961", "glibc"),
    ("CVE-2024-3651", "idna"),
    ("CVE-2024-39689", "certifi"),
    ("CVE-2024-47874", "starlette"),
    ("CVE-2024-6197", "curl"),
    ("CVE-2025-43859", "h11"),
}


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = str(tmp_path / "vulns.sqlite")
    outcome = db.import_path(db.ImportOptions(EXAMPLE / "advisories", url))
    sources = {outcome.snapshot.source.value, *(o.snapshot.source.value for o in outcome.also)}
    assert sources == {"osv", "nvd"}  # one folder, both kinds, each its own snapshot
    return url


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "pump"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("scans"))
    return copy


def test_project_scan_finds_the_known_cves_and_records_evidence(
    database: str, project: Path
) -> None:
    result = run(ScanOptions(project, None, TODAY, db=database))
    found = {(f.advisory, f.component.name) for f in result.findings}
    assert found == EXPECTED
    # merged aliases: the GHSA record is an alias of the CVE, one finding
    h11 = next(f for f in result.findings if f.component.name == "h11")
    assert h11.aliases and all(a.startswith("GHSA-") for a in h11.aliases)
    # provenance names the matcher and the snapshot each advisory came from
    libxml2 = next(f for f in result.findings if f.component.name == "libxml2")
    assert (
        libxml2.details[0].matcher.value == "cpe-nvd"
        and libxml2.details[0].confidence.value == "low"
    )
    assert libxml2.details[0].snapshot and libxml2.details[0].snapshot.startswith("nvd:")
    assert h11.details[0].matcher.value == "purl-osv" and h11.details[0].snapshot.startswith("osv:")  # type: ignore[union-attr]
    assert result.record == project / "records/scans/2026-11-27.json"
    record = json.loads(result.record.read_text())
    assert record["scan"]["date"] == "2026-11-27"
    assert {s["source"] for s in record["scan"]["snapshots"]} == {"osv", "nvd"}
    assert "pump-fw" in record["scan"]["elements"]
    states = {f["id"]: f["state"] for f in record["findings"]}
    assert (
        states["CVE-2023-52160@pkg:generic/wpa-supplicant"] == "exploitable"
    )  # from vulnerabilities.yaml


def test_the_scan_record_reads_back_as_written(database: str, project: Path) -> None:
    result = run(ScanOptions(project, None, TODAY, db=database))
    assert result.record is not None
    written = scan_records.of_scan(result)
    back = scan_records.read(result.record, "records/scans/2026-11-27.json")
    assert back == written  # provenance, confidence, snapshots, element and SBOM included
    assert back.findings == tuple(replace(f, published=None) for f in result.findings)
    assert all(d.matched and d.snapshot for f in back.findings for d in f.details)
    assert {f.component.sbom for f in back.findings} >= {"sbom/pump-fw.spdx.json"}
    assert scan_records.dumps(back) == result.record.read_text(encoding="utf-8")


def test_the_json_output_is_the_record(
    database: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["scan", str(project), "--db", database, "--format", "json", "--today", "2026-11-27"]
    assert main(args) == 0
    record = project / "records/scans/2026-11-27.json"
    assert capsys.readouterr().out == record.read_text(encoding="utf-8")  # one shape, one writer


def test_scan_record_feeds_the_checklist(database: str, project: Path) -> None:
    from medsec.services.check import CheckOptions
    from medsec.services.check import run as check

    run(ScanOptions(project, None, TODAY, db=database))
    items = {i.id.value: i for i in check(CheckOptions(project, TODAY)).checklist.items}
    cve = items["cve-analysis"]
    assert not any("no CVE scan record" in f.message for f in cve.findings)
    assert any("have no assessment" in f.message for f in cve.findings)
    vm = " ".join(f.message for f in items["vulnerability-management"].findings)
    assert "re-review" in vm


def test_single_sbom_and_fail_on(database: str) -> None:
    result = run(ScanOptions(None, EXAMPLE / "sbom/cloud-service.cdx.json", TODAY, db=database))
    assert result.record is None and result.device is None
    assert {f.component.name for f in result.findings} >= {"h11", "starlette"}
    # unknown severity counts as critical until someone scores it: CI must not pass it silently
    failed = {s.finding.component.name: s.finding.severity for s in failing(result, "critical")}
    assert failed == {"h11": "critical", "cryptography": "unknown", "openssl": "unknown"}


def test_no_data_names_the_command_that_fixes_it(tmp_path: Path, project: Path) -> None:
    with pytest.raises(SourceUnavailableError, match="medsec db import"):
        run(ScanOptions(project, None, TODAY, db=str(tmp_path / "empty.sqlite")))


def test_cli_json_contract_and_exit_codes(
    database: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["scan", str(project), "--db", database, "--format", "json", "--today", "2026-11-27"]
    )
    out = capsys.readouterr().out
    assert code == 0
    doc = json.loads(out)
    assert set(doc["scan"]) >= {"date", "snapshots"}
    f = doc["findings"][0]
    assert set(f) >= {
        "id",
        "advisory",
        "aliases",
        "component",
        "severity",
        "cvss",
        "kev",
        "epss",
        "fixed_versions",
        "state",
        "matcher",
    }
    assert set(f["component"]) >= {"name", "version", "purl"}
    code = main(["scan", str(project), "--db", database, "--fail-on", "high", "--no-record"])
    assert code == 1
    code = main(["scan", str(project), "--db", str(project / "none.sqlite")])
    assert code == 4


def test_stale_data_is_a_warning(database: str, project: Path) -> None:
    result = run(ScanOptions(project, None, date(2027, 3, 1), db=database, write_record=False))
    assert result.notes and "days old" in result.notes[0]


def test_report_shows_the_findings_of_the_latest_scan(database: str, project: Path) -> None:
    from medsec.outputs.report.figure import no_svg
    from medsec.outputs.report.html import render_html
    from medsec.services.report import ReportOptions, build_report

    run(ScanOptions(project, None, TODAY, db=database))
    html = render_html(build_report(ReportOptions(project, TODAY, no_svg)))
    assert "Vulnerability findings" in html and "CVE-2025-43859" in html
    assert "FDA metrics over the scan history" in html
