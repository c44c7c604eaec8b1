"""Issue 13, acceptance 6: a CVE analysis against no data does not pass ``cve-analysis``.

Before: ``cve-analysis`` passed for a new Maven SBOM while the database held no Maven
advisories at all. Now the scan records, per ecosystem of the SBOMs, how many advisories the
database held, and an ecosystem without data is a gap until its data is imported.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.cli.main import main

TODAY = "2026-12-01"
SBOM = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.5",
    "version": 1,
    "metadata": {"timestamp": "2026-11-30T10:00:00Z", "authors": [{"name": "ACME"}]},
    "components": [
        {
            "type": "library",
            "bom-ref": "okio",
            "group": "com.squareup.okio",
            "name": "okio",
            "version": "3.6.0",
            "purl": "pkg:maven/com.squareup.okio/okio@3.6.0",
            "supplier": {"name": "Square, Inc."},
        }
    ],
    "dependencies": [{"ref": "okio", "dependsOn": []}],
}


def _osv(ident: str, ecosystem: str, name: str, fixed: str) -> str:
    """One OSV record, modified the day before the scan (fresh data)."""
    affected = {
        "package": {"ecosystem": ecosystem, "name": name},
        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}],
    }
    doc = {"id": ident, "modified": "2026-11-30T00:00:00Z", "affected": [affected]}
    return json.dumps(doc)


@pytest.fixture
def project(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A device whose tablet app ships a Maven SBOM; the database holds PyPI data only."""
    monkeypatch.setenv("MEDSEC_TODAY", TODAY)
    monkeypatch.setenv("MEDSEC_DB", str(tmp_path / "db.sqlite"))
    monkeypatch.setenv("CI", "true")
    text = MINIMAL.replace(
        "    boundary: ward\n", "    boundary: ward\n    sbom: [sbom/app.cdx.json]\n", 1
    )
    folder = write_project(tmp_path / "device", text)
    (folder / "sbom").mkdir()
    (folder / "sbom" / "app.cdx.json").write_text(json.dumps(SBOM), encoding="utf-8")
    pypi = tmp_path / "pypi"
    pypi.mkdir()
    (pypi / "GHSA-test-pypi.json").write_text(_osv("GHSA-test-pypi", "PyPI", "requests", "2.0"))
    assert main(["db", "import", str(pypi)]) == 0
    return folder


def _cve_item(project: Path) -> dict[str, object]:
    assert main(["scan", str(project)]) == 0
    out = project.parent / "check.json"
    assert main(["check", str(project), "--format", "json", "--output", str(out)]) in (0, 1)
    item: dict[str, object] = next(
        i for i in json.loads(out.read_text())["items"] if i["id"] == "cve-analysis"
    )
    return item


def test_a_maven_sbom_against_no_maven_data_is_a_gap(project: Path) -> None:
    item = _cve_item(project)
    assert item["status"] == "gap"
    (finding,) = item["findings"]  # type: ignore[misc]
    assert finding["rule"] == "cve-analysis/no-data"
    assert finding["message"] == (
        "no vulnerability data for Maven: the database held 0 Maven advisories and no CPE to "
        "match against NVD (1 component: com.squareup.okio/okio@3.6.0)"
    )
    record = json.loads(next((project / "records" / "scans").glob("*.json")).read_text())
    assert [(r["ecosystem"], r["advisories"]) for r in record["scan"]["coverage"]] == [("Maven", 0)]


def test_importing_the_ecosystems_data_and_scanning_again_passes(
    project: Path, tmp_path: Path
) -> None:
    maven = tmp_path / "maven"
    maven.mkdir()
    okio = _osv("GHSA-test-maven", "Maven", "com.squareup.okio:okio", "1.17.6")
    (maven / "GHSA-test-maven.json").write_text(okio)
    assert main(["db", "import", str(maven)]) == 0
    item = _cve_item(project)
    assert item["status"] == "pass", item["findings"]
