"""``medsec vex`` (export) and ``medsec vex import``, in-process through main()."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import EXAMPLE, shared_dir
from tests.helpers import write_project
from tests.outputs.vex import vex_schemas

from medsec.cli.main import main
from medsec.engines.csaf_checks import mandatory

TODAY = "2026-11-27"
SCAN = {
    "scan": {
        "date": "2026-11-20T08:00:00Z",
        "snapshots": [{"id": "osv-2026-11-20", "source": "osv", "age_days": 0}],
        "elements": ["pump-fw"],
    },
    "findings": [
        {
            "id": "CVE-2022-37434@pkg:generic/zlib",
            "advisory": "CVE-2022-37434",
            "aliases": ["GHSA-cfmr-vrgj-vqwv"],
            "component": {
                "name": "zlib",
                "version": "1.3.1",
                "purl": "pkg:generic/zlib@1.3.1",
                "element": "pump-fw",
            },
            "severity": "critical",
            "cvss": {"vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "score": 9.8},
            "kev": False,
            "epss": 0.01,
            "fixed_versions": ["1.2.13"],
            "state": "not_affected",
            "matcher": "purl-osv",
            "summary": "heap overflow in inflate",
        },
        {
            "id": "CVE-2024-2511@pkg:generic/openssl",
            "advisory": "CVE-2024-2511",
            "aliases": [],
            "component": {
                "name": "openssl",
                "version": "3.0.13",
                "purl": "pkg:generic/openssl@3.0.13",
            },
            "severity": "medium",
            "cvss": {"vector": None, "score": None},
            "kev": False,
            "epss": None,
            "fixed_versions": [],
            "state": None,
            "matcher": "cpe-nvd",
            "summary": "",
        },
    ],
}
ASSESSED = """\
# keep me
format: medsec-vulnerabilities/1
vulnerabilities:
  CVE-2022-37434@pkg:generic/zlib:
    state: not_affected
    justification: code_not_reachable
    date: 2025-06-16
    component_version: '1.2.12'
  CVE-1999-0001@pkg:generic/gone:
    state: resolved
    date: 2026-01-01
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["vex", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(
        tmp_path / "proj",
        **{"vulnerabilities.yaml": ASSESSED, "records__scans__2026-11-20.json": json.dumps(SCAN)},
    )


@pytest.mark.parametrize("fmt", ["cyclonedx", "openvex", "csaf"])
def test_export_prints_the_document(
    shared: Path, project: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    code, out, err = run(capsys, str(project), "--format", fmt, "--today", TODAY)
    assert code == 0, err
    doc = json.loads(out)
    check = {
        "cyclonedx": vex_schemas.cyclonedx_errors,
        "openvex": vex_schemas.openvex_errors,
        "csaf": vex_schemas.csaf_errors,
    }[fmt]
    assert check(doc) == []
    if fmt == "csaf":
        assert mandatory(doc) == ()
    assert (
        "vex: 2 statements (1 in_triage, 1 not_affected); from records/scans/2026-11-20.json" in err
    )
    assert "re-review CVE-2022-37434@pkg:generic/zlib: version changed: re-review" in err
    assert "1 assessment matches no finding of the latest scan" in err and "gone" in err


def test_export_is_dated_by_the_scan_and_byte_identical(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, first, _ = run(capsys, str(project), "--format", "openvex", "--today", TODAY)
    _, second, _ = run(capsys, str(project), "--format", "openvex", "--today", "2027-01-01")
    assert first == second and json.loads(first)["timestamp"] == "2026-11-20T08:00:00Z"
    _, dated, _ = run(capsys, str(project), "-f", "openvex", "--issued", "2026-12-01")
    assert json.loads(dated)["timestamp"] == "2026-12-01T00:00:00Z"


def test_export_without_scan_uses_assessments_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "p", **{"vulnerabilities.yaml": ASSESSED})
    out_file = tmp_path / "out" / "vex.cdx.json"
    code, out, err = run(capsys, str(root), "--output", str(out_file), "--today", TODAY)
    assert code == 0 and out == ""
    assert "no scan record under records/scans/: exported from the assessments alone" in err
    doc = json.loads(out_file.read_text())
    assert {v["id"] for v in doc["vulnerabilities"]} == {"CVE-2022-37434", "CVE-1999-0001"}


def test_nothing_to_state_and_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "empty")
    code, _, err = run(capsys, str(root), "--today", TODAY)
    assert code == 2 and "nothing to state" in err
    code, _, err = run(capsys, str(root), "--format", "spdx")
    assert code == 2 and "--format: 'spdx' is not one of cyclonedx, openvex, csaf" in err
    assert run(capsys, "a", "b")[0] == 2
    assert run(capsys, "import")[0] == 2


def test_bad_assessments_exit_3_with_location(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "vulnerabilities.yaml"
    path.write_text(ASSESSED.replace("code_not_reachable", "code_not_reachble"))
    code, out, err = run(capsys, str(project), "--today", TODAY)
    assert code == 3 and out == ""
    assert "vulnerabilities.yaml:6:" in err and "did you mean 'code_not_reachable'?" in err


def _openvex(statements: list[dict[str, Any]]) -> str:
    return json.dumps(
        {
            "@context": "https://openvex.dev/ns/v0.2.0",
            "@id": "https://supplier.example/vex/1",
            "author": "Supplier <psirt@supplier.example>",
            "timestamp": "2026-10-01T00:00:00Z",
            "version": 1,
            "statements": statements,
        }
    )


def test_import_dry_run_then_write_keeps_comments(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vex = tmp_path / "supplier.vex.json"
    vex.write_text(
        _openvex(
            [
                {
                    "vulnerability": {"name": "CVE-2024-2511"},
                    "products": [{"@id": "pkg:generic/openssl@3.0.13"}],
                    "status": "not_affected",
                    "justification": "vulnerable_code_not_in_execute_path",
                    "impact_statement": "SSL_OP_NO_TICKET is not set.",
                },
                {
                    "vulnerability": {"name": "CVE-2030-0001"},
                    "products": [{"@id": "pkg:generic/other@1.0"}],
                    "status": "under_investigation",
                },
            ]
        )
    )
    before = (project / "vulnerabilities.yaml").read_text()
    code, _, err = run(capsys, "import", str(vex), str(project), "--dry-run", "--today", TODAY)
    assert code == 0, err
    assert "added CVE-2024-2511@pkg:generic/openssl: not_affected (code_not_reachable)" in err
    assert "added CVE-2030-0001@pkg:generic/other: in_triage [no finding of the latest scan]" in err
    assert "(openvex 0.2.0, 2 statements): 2 added" in err and "dry run" in err
    assert (project / "vulnerabilities.yaml").read_text() == before
    code, _, err = run(capsys, "import", str(vex), str(project), "--today", TODAY)
    assert code == 0 and "wrote" in err
    text = (project / "vulnerabilities.yaml").read_text()
    assert text.startswith("# keep me") and "vulnerable_code_not_in_execute_path" in text
    code, out, _ = run(capsys, str(project), "--format", "openvex", "--today", TODAY)
    ssl = next(
        s for s in json.loads(out)["statements"] if s["vulnerability"]["name"] == "CVE-2024-2511"
    )
    assert ssl["justification"] == "vulnerable_code_not_in_execute_path"
    code, _, err = run(capsys, "import", str(vex), str(project), "--today", TODAY)
    assert "0 added, 2 unchanged; nothing to write" in err


def test_import_refuses_bad_documents(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(_openvex([{"vulnerability": {"name": "CVE-1"}, "status": "afected"}]))
    code, _, err = run(capsys, "import", str(bad), str(project), "--today", TODAY)
    assert code == 3 and "/statements/0/status: unknown status 'afected'" in err
    empty = tmp_path / "bom.json"
    empty.write_text(json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6"}))
    code, _, err = run(capsys, "import", str(empty), str(project), "--today", TODAY)
    assert code == 3 and "no VEX statements in this cyclonedx document" in err
    code, _, err = run(capsys, "import", str(tmp_path / "missing.json"), str(project))
    assert code == 3 and "file not found" in err


@pytest.mark.parametrize("source", ["cyclonedx", "openvex", "csaf"])
def test_round_trip_through_files(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str
) -> None:
    """import a fixture -> export -> import into a fresh project: every code survives."""
    fixtures = shared_dir() / "fixtures" / "vex"
    rel = {
        "cyclonedx": "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-8/vex.json",
        "openvex": "openvex-go-vex/pkg/vex/testdata/v0.2.0.json",
        "csaf": "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-03-ms-001.json",
    }[source]
    if not (fixtures / rel).exists():
        pytest.skip("shared fixtures not found (set MEDSEC_SHARED)")
    first = write_project(tmp_path / "first")
    assert run(capsys, "import", str(fixtures / rel), str(first), "--today", TODAY)[0] == 0
    for fmt in ("cyclonedx", "openvex", "csaf"):
        exported = tmp_path / f"{source}-{fmt}.json"
        code, _, err = run(capsys, str(first), "-f", fmt, "-o", str(exported), "--today", TODAY)
        assert code == 0, err
        second = write_project(tmp_path / f"second-{fmt}")
        assert run(capsys, "import", str(exported), str(second), "--today", TODAY)[0] == 0
        a = _entries(first)
        b = _entries(second)
        assert set(a) == set(b)
        for fid in a:
            for key in ("state", "justification", "responses", "detail", "component_version"):
                assert a[fid].get(key) == b[fid].get(key), (fmt, fid, key)
            if fmt == source:
                assert a[fid].get("original") == b[fid].get("original"), (fmt, fid)


def _entries(root: Path) -> dict[str, dict[str, Any]]:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load((root / "vulnerabilities.yaml").read_text())
    return dict(data["vulnerabilities"])


@pytest.mark.parametrize("fmt", ["cyclonedx", "openvex", "csaf"])
def test_example_project(
    shared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    root = tmp_path / "infusion-pump"
    shutil.copytree(EXAMPLE, root)
    code, out, err = run(capsys, str(root), "--format", fmt, "--today", TODAY)
    assert code == 0, err
    doc = json.loads(out)
    check = {
        "cyclonedx": vex_schemas.cyclonedx_errors,
        "openvex": vex_schemas.openvex_errors,
        "csaf": vex_schemas.csaf_errors,
    }[fmt]
    assert check(doc) == []
    if fmt == "csaf":
        assert mandatory(doc) == ()
    assert "re-review CVE-2022-37434@pkg:generic/zlib: version changed: re-review" in err
    assert "is 529 days old" in err
