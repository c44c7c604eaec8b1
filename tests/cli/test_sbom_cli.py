"""``medsec sbom ...`` in-process: contract of ``ls --format json``, exit codes, --output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE
from tests.helpers import MINIMAL, write_project

from medsec.cli.main import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sbom"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["sbom", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_ls_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "ls", str(EXAMPLE / "sbom" / "cloud-service.cdx.json"), "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"components", "warnings"}
    assert len(data["components"]) == 22  # nested openssl included
    first = data["components"][0]
    assert {"name", "version", "purl", "supplier", "support_level", "end_of_support"} <= set(first)
    assert any(c["name"] == "openssl" and c["parent"] for c in data["components"])


def test_ls_project_with_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "ls",
        str(EXAMPLE),
        "--format",
        "json",
        "--element",
        "clinician-app",
        "--support",
        "ended",
        "--today",
        "2026-11-27",
    )
    assert code == 0
    names = [c["name"] for c in json.loads(out)["components"]]
    assert names == ["net.zetetic/android-database-sqlcipher"]
    code, out, _ = run(capsys, "ls", str(EXAMPLE), "--supplier", "block", "--today", "2026-11-27")
    assert code == 0 and "okhttp" in out and "components" in out


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (FIXTURES / "hostile" / "xxe.xml", "refused"),
        (EXAMPLE / "README.md", "not an SBOM"),
        (FIXTURES / "does-not-exist.json", "file not found"),
    ],
)
def test_bad_input_exits_3_naming_the_file(
    capsys: pytest.CaptureFixture[str], path: Path, reason: str
) -> None:
    code, out, err = run(capsys, "ls", str(path), "--format", "json")
    assert code == 3 and out == ""
    assert str(path) in err and reason in err and "Traceback" not in err


def test_size_limit_from_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDSEC_SBOM_MAX_BYTES", "100")
    code, _, err = run(capsys, "ls", str(EXAMPLE / "sbom" / "clinician-app.cdx.json"))
    assert code == 3 and "limit" in err


def test_check_text_json_and_fail_on_gap(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(EXAMPLE), "--today", "2026-11-27")
    assert code == 1  # the example's SBOMs have gaps
    assert "libxml2@2.9.14 (2023-11-16) — NO RATIONALE" in out
    code, out, _ = run(capsys, "check", str(EXAMPLE), "--format", "json", "--today", "2026-11-27")
    data = json.loads(out)
    fw = next(s for s in data["sboms"] if s["element"] == "pump-fw")
    assert fw["past_end_without_rationale"] == ["libxml2@2.9.14"]
    assert fw["support"] and {"name", "support_level", "end_of_support", "status"} <= set(
        fw["support"][0]
    )
    assert run(capsys, "check", str(EXAMPLE), "--fail-on-gap", "--today", "2026-11-27")[0] == 1
    assert run(capsys, "check", str(EXAMPLE), "--no-fail-on-gap", "--today", "2026-11-27")[0] == 0


def test_diff(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    old = EXAMPLE / "sbom" / "clinician-app.cdx.json"
    new = tmp_path / "new.json"
    new.write_text(old.read_text().replace('"2.10.1"', '"2.9.0"'))
    code, out, _ = run(capsys, "diff", str(old), str(new), "--format", "json")
    assert code == 0
    assert [c["change"] for c in json.loads(out)["changes"]] == ["downgraded"]
    code, out, _ = run(capsys, "diff", str(old), str(old))
    assert out == "no component changes\n"


def test_export_to_file_atomically(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "out" / "device.cdx.json"
    code, out, err = run(
        capsys,
        "export",
        str(EXAMPLE),
        "--format",
        "cyclonedx-json",
        "--output",
        str(target),
        "--created",
        "2026-11-27T10:00:00Z",
    )
    assert code == 0 and out == "" and str(target) in err
    bom = json.loads(target.read_text())
    assert bom["metadata"]["timestamp"].startswith("2026-11-27T10:00:00")
    again = tmp_path / "again.json"
    run(capsys, "export", str(EXAMPLE), "--output", str(again), "--created", "2026-11-27T10:00:00Z")
    assert again.read_bytes() == target.read_bytes()


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "export", str(EXAMPLE), "--format", "swid")[0] == 2
    assert run(capsys, "ls", str(EXAMPLE), "--support", "forever")[0] == 2
    assert run(capsys, "export", str(EXAMPLE), "--created", "yesterday")[0] == 2


def test_check_of_a_project_with_unreadable_sboms_exits_3_naming_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = MINIMAL.replace(
        "    hazards: [HAZ-1]\n", "    hazards: [HAZ-1]\n    sbom: [sbom/gone.json, sbom/fw.bin]\n"
    )
    root = write_project(tmp_path / "proj", text, **{"sbom__fw.bin": ""})
    (root / "sbom" / "fw.bin").write_bytes(bytes(range(256)))
    report = tmp_path / "check.json"
    code, out, err = run(capsys, "check", str(root), "--format", "json", "-o", str(report))
    assert code == 3 and out == "" and not report.exists()
    assert "SBOM file 'sbom/gone.json' of element 'pump-fw' not found" in err
    assert f"{root}/sbom/fw.bin: not an SBOM: binary content" in err
