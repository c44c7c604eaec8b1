"""``medsec check`` shows the CRA Art. 14 clock: the example's cloud service with a KEV finding.

The example states its remote-service cloud ``cra_scope: true``. Here a KEV catalogue lists
the starlette vulnerability of that cloud service; the scan of 2026-12-01 shows it, so on
2026-12-05 the early warning (due 2026-12-01) and the notification (due 2026-12-03) are
overdue and the final report (starlette 0.40.0 is the fix: due 2026-12-15) is due. Recording
the reports in ``vulnerabilities.yaml`` clears them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest
from tests.conftest import EXAMPLE

from medsec.cli.exit_codes import ExitCode
from medsec.cli.main import main

ENTRY = "  CVE-2024-47874@pkg:pypi/starlette:\n    state: exploitable\n"
KEV = {
    "catalogVersion": "2026.12.01",
    "dateReleased": "2026-12-01T00:00:00.000Z",
    "vulnerabilities": [
        {
            "cveID": "CVE-2024-47874",
            "vendorProject": "Encode",
            "product": "Starlette",
            "dateAdded": "2026-11-30",
        }
    ],
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example with its advisories and the KEV catalogue imported, scanned on 2026-12-01."""
    folder = tmp_path / "infusion-pump"
    shutil.copytree(EXAMPLE, folder)
    monkeypatch.setenv("MEDSEC_DB", str(tmp_path / "db.sqlite"))
    monkeypatch.setenv("CI", "true")
    kev = tmp_path / "kev.json"
    kev.write_bytes(orjson.dumps(KEV))
    assert main(["db", "import", str(folder / "advisories")]) == 0
    assert main(["db", "import", str(kev)]) == 0
    out = tmp_path / "scan.json"
    assert main(["scan", str(folder), "--today", "2026-12-01", "--output", str(out)]) in (0, 1)
    return folder


def _check(folder: Path, fmt: str = "json") -> tuple[int, str]:
    """The exit code and the output (empty when check wrote none) as of 2026-12-05."""
    out = folder.parent / f"check.{fmt}"
    out.unlink(missing_ok=True)
    code = main(["check", str(folder), "--today", "2026-12-05", "--format", fmt, "-o", str(out)])
    return code, out.read_text(encoding="utf-8") if out.exists() else ""


def _item(text: str) -> dict[str, Any]:
    items = json.loads(text)["items"]
    found: dict[str, Any] = next(i for i in items if i["id"] == "vulnerability-management")
    return found


def _cra_rules(item: dict[str, Any]) -> list[str]:
    return [f["rule"] for f in item["findings"] if "/cra-" in f["rule"]]


def _record(folder: Path, reports: str) -> None:
    """Set the starlette entry's ``cra_reports`` to ``reports`` (a YAML flow mapping)."""
    path = folder / "vulnerabilities.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("    cra_reports: ")]
    text = "".join(kept)
    assert ENTRY in text
    path.write_text(text.replace(ENTRY, f"{ENTRY}    cra_reports: {reports}\n"), encoding="utf-8")


def test_the_clock_fails_overdue_reports_and_clears_when_they_are_recorded(project: Path) -> None:
    code, text = _check(project)
    assert code == ExitCode.CHECK_FAILED
    item = _item(text)
    assert item["status"] == "fail"
    assert _cra_rules(item) == [
        "vulnerability-management/cra-report-overdue",
        "vulnerability-management/cra-report-due",
    ]
    overdue = next(f for f in item["findings"] if f["rule"].endswith("cra-report-overdue"))
    assert overdue["message"] == (
        "CVE-2024-47874 in starlette 0.36.3 on cloud-service (on CISA's KEV list, aware "
        "2026-12-01): CRA Art. 14 early warning overdue since 2026-12-01, vulnerability "
        "notification overdue since 2026-12-03"
    )
    assert overdue["fix"].startswith(
        "vulnerabilities.yaml: vulnerabilities[CVE-2024-47874@pkg:pypi/starlette]"
        ".cra_reports.early_warning: YYYY-MM-DD (send the early warning to the CSIRT"
    )
    clock = [e["message"] for e in item["evidence"] if e["message"].startswith("CRA Art. 14 clock")]
    assert clock == [
        "CRA Art. 14 clock: CVE-2024-47874 in starlette 0.36.3 on cloud-service (on CISA's KEV "
        "list); aware 2026-12-01 (first seen in a scan); early warning due 2026-12-01: overdue; "
        "vulnerability notification due 2026-12-03: overdue; final report (fix available "
        "2026-12-01: fixed in 0.40.0) due 2026-12-15: due"
    ]

    _record(project, "{early_warning: 2026-12-01, notification: 2026-12-02}")
    item = _item(_check(project)[1])
    assert _cra_rules(item) == ["vulnerability-management/cra-report-due"]

    _record(
        project, "{early_warning: 2026-12-01, notification: 2026-12-02, final_report: 2026-12-04}"
    )
    item = _item(_check(project)[1])
    assert _cra_rules(item) == []
    assert any(
        e["message"].endswith(
            "final report (fix available 2026-12-01: fixed in 0.40.0) due "
            "2026-12-15: done, sent 2026-12-04"
        )
        for e in item["evidence"]
    )


def test_every_check_format_carries_the_overdue_report(project: Path) -> None:
    for fmt in ("text", "markdown", "sarif", "junit"):
        _, text = _check(project, fmt)
        assert "CRA Art. 14 early warning overdue since 2026-12-01" in text, fmt
    assert "vulnerability-management/cra-report-overdue" in _check(project, "sarif")[1]


def test_a_report_recorded_in_the_future_is_bad_input(project: Path) -> None:
    _record(project, "{early_warning: 2026-12-09}")
    assert _check(project)[0] == ExitCode.BAD_INPUT
