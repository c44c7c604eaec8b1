from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.cli.exit_codes import EXIT_CODES
from medsec.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "Exit codes:" in out
    for exit_code, meaning, _ in EXIT_CODES:
        assert f"  {int(exit_code)}  {meaning}: " in out


def test_init_then_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "init", str(tmp_path), "--name", "Infusion Pump X")
    assert code == 0 and "created" in err
    assert "id: infusion-pump-x" in (tmp_path / "medsec.yaml").read_text()
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 0 and err.startswith("ok:")
    code, _, err = run(capsys, "init", str(tmp_path))
    assert code == 2 and "already exists" in err


def test_bad_input_exits_3_with_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, MINIMAL.replace("    to: pump-fw", "    to: pmp-fw"))
    code, out, err = run(capsys, "validate", str(tmp_path))
    assert code == 3 and out == ""
    assert "medsec.yaml:" in err and "did you mean 'pump-fw'?" in err
    assert "Traceback" not in err


def test_bad_input_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(tmp_path, MINIMAL.replace("kind: wireless", "kind: wirless"))
    report = tmp_path / "out.json"
    code, _, _ = run(capsys, "threats", str(tmp_path), "--format", "json", "--output", str(report))
    assert code == 3
    assert not report.exists() and not (tmp_path / "threats.yaml").exists()


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and schema["$schema"].startswith("https://json-schema.org/")
    import jsonschema
    from ruamel.yaml import YAML

    jsonschema.Draft202012Validator.check_schema(schema)
    doc = YAML(typ="safe").load(MINIMAL)
    jsonschema.validate(doc, schema)


def test_threats_json_contract_and_determinism(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path)
    code, first, err = run(capsys, "threats", str(tmp_path), "--format", "json")
    assert code == 0 and "new" in err and (tmp_path / "threats.yaml").exists()
    doc = json.loads(first)
    t = doc["threats"][0]
    assert set(t) >= {"id", "rule", "baseline", "stride", "target", "cvss", "risk", "status"}
    assert set(t["cvss"]) == {"v3_1", "v4_0"} and set(t["cvss"]["v3_1"]) >= {"vector", "score"}
    assert t["target"]["kind"] in {"element", "flow", "interface", "boundary", "device"}
    code, second, err = run(capsys, "threats", str(tmp_path), "--format", "json")
    assert first == second and "0 new" in err


def test_threats_score_with_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(tmp_path)
    answers = [
        "XAVN=yes",
        "XAVT=no",
        "XAVW=yes",
        "XAVR=no",
        "XACL=yes",
        "XPRL=no",
        "XUI=no",
        "XS=no",
        "XC=no",
        "XI=yes",
        "XA=yes",
    ]
    args = [a for x in answers for a in ("--answer", x)]
    code, out, err = run(capsys, "threats", "score", "STRIDE-T@pump-fw", str(tmp_path), *args)
    assert code == 0, err
    assert "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H" in out
    text = (tmp_path / "threats.yaml").read_text()
    assert "XAVR: no" in text and "cvss_source: rubric" in text
    code, out, _ = run(capsys, "threats", str(tmp_path), "--format", "json")
    t = next(x for x in json.loads(out)["threats"] if x["id"] == "STRIDE-T@pump-fw")
    assert t["cvss"]["v3_1"]["score"] == 8.1 and t["cvss_source"] == "rubric"


def test_threats_score_unknown_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(tmp_path)
    code, _, err = run(
        capsys, "threats", "score", "STRIDE-T@pump-fx", str(tmp_path), "--answer", "XAVN=yes"
    )
    assert code == 2 and "did you mean 'STRIDE-T@pump-fw'?" in err


def test_review_records_current_digest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(tmp_path)
    code, _, err = run(capsys, "review", str(tmp_path), "--by", "J. Doe", "--today", "2026-11-01")
    assert code == 0, err
    text = (tmp_path / "medsec.yaml").read_text()
    assert "item: threat-risk-analysis" in text and "architecture_digest: sha256:" in text
    code, _, _ = run(capsys, "validate", str(tmp_path))
    assert code == 0


def test_unknown_format_is_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(tmp_path)
    code, _, err = run(capsys, "threats", str(tmp_path), "--format", "xml")
    assert code == 2 and "--format" in err


def test_threats_score_asks_in_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    write_project(tmp_path)
    # XAVN yes, XAVT no, XAVW yes, XAVR maybe(retry) -> yes, XACL y, XPRL n, XUI n, XS n, XC n, XI y, XA y
    replies = "yes\nno\nyes\nmaybe\nyes\ny\nn\nn\nn\nn\ny\ny\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(replies))
    code, out, err = run(capsys, "threats", "score", "STRIDE-T@pump-fw", str(tmp_path))
    assert code == 0, err
    assert "XAVR" in err and "please answer yes, no or unknown" in err
    assert "CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H" in out


def test_unknown_option_is_usage_error_without_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "check", "--bogus")
    assert code == 2 and "No such option" in err and "Traceback" not in err


def test_broken_scan_record_is_an_error_not_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, records__scans__2026_11_01_json="{not json")
    (tmp_path / "records/scans/2026_11_01_json").rename(tmp_path / "records/scans/2026-11-01.json")
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 3 and "records/scans/2026-11-01.json" in err and "malformed JSON" in err
