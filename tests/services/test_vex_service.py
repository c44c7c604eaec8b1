"""services/vex: the scan record reader, the product identity, import rules."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.helpers import write_project

from medsec.domain.errors import InputError
from medsec.outputs.vex import cyclonedx
from medsec.project.loader import load_project
from medsec.services.vex import (
    ExportOptions,
    ImportOptions,
    export_vex,
    import_vex,
    product_info,
)
from medsec.services.vex_findings import latest_scan

TODAY = dt.date(2026, 11, 27)


def record(date: str, *findings: dict[str, object]) -> str:
    return json.dumps(
        {"scan": {"date": date, "snapshots": [], "elements": []}, "findings": list(findings)}
    )


FINDING = {
    "id": "CVE-1@pkg:generic/a",
    "advisory": "CVE-1",
    "component": {"name": "a", "version": "1.0", "purl": "pkg:generic/a@1.0"},
    "cvss": {"vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "score": 9.8},
    "matcher": "purl-osv",
    "kev": True,
}


def test_latest_scan_by_date_then_name(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        **{
            "records__scans__b.json": record("2026-01-01", FINDING),
            "records__scans__a.json": record(
                "2026-06-01T10:00:00Z",
                FINDING,
                {**FINDING, "id": "CVE-2@pkg:generic/a", "advisory": "CVE-2"},
            ),
        },
    )
    scan = latest_scan(root)
    assert scan is not None and scan.path == "records/scans/a.json"
    assert [f.id for f in scan.findings] == ["CVE-1@pkg:generic/a", "CVE-2@pkg:generic/a"]
    f = scan.findings[0]
    assert f.kev and f.cvss_score == 9.8 and f.component.purl == "pkg:generic/a@1.0"
    assert f.details[0].matcher.value == "purl-osv"


def test_malformed_latest_record_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        **{
            "records__scans__old.json": record("2026-01-01", FINDING),
            "records__scans__new.json": record("2026-06-01", {"id": "x"}),
        },
    )
    with pytest.raises(InputError) as caught:
        latest_scan(root)
    assert "records/scans/new.json: findings[0]: a finding needs an id and an advisory" in str(
        caught.value
    )
    (root / "records" / "scans" / "new.json").write_text("{broken")
    with pytest.raises(InputError, match="malformed JSON"):
        latest_scan(root)


def test_product_identity_from_the_device(tmp_path: Path) -> None:
    info = product_info(load_project(write_project(tmp_path)))
    assert (info.id, info.name, info.version, info.manufacturer) == (
        "pump",
        "Test Pump",
        "1.0.0",
        "ACME Medical GmbH",
    )
    assert info.namespace == "https://acme.example" and info.contact == "psirt@acme.example"


def test_unassessed_findings_are_exported_in_triage(tmp_path: Path) -> None:
    root = write_project(tmp_path, **{"records__scans__s.json": record("2026-06-01", FINDING)})
    result = export_vex(ExportOptions(root, TODAY))
    assert result.scan == "records/scans/s.json"
    assert result.issued == dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    text = cyclonedx.render(result.statements, result.product, result.issued)
    assert json.loads(text)["vulnerabilities"][0]["analysis"] == {"state": "in_triage"}


def test_import_refuses_unknown_hazards_and_writes_nothing(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    vex = tmp_path / "vex.json"
    vex.write_text(
        json.dumps(
            {
                "bomFormat": "CycloneDX",
                "specVersion": "1.6",
                "vulnerabilities": [
                    {
                        "id": "CVE-1",
                        "analysis": {"state": "exploitable", "response": ["update"]},
                        "affects": [{"ref": "pkg:generic/a@1.0"}],
                        "properties": [{"name": "medsec:hazards", "value": "HAZ-99"}],
                    }
                ],
            }
        )
    )
    with pytest.raises(InputError, match="HAZ-99"):
        import_vex(ImportOptions(vex, root, TODAY))
    assert not (root / "vulnerabilities.yaml").exists()
