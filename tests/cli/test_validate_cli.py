"""``medsec validate`` reads every file the project refers to and locates each problem."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.cli.main import main
from medsec.engines.threats.rubric import QUESTIONS

WITH_SBOMS = MINIMAL.replace(
    "    hazards: [HAZ-1]\n",
    "    hazards: [HAZ-1]\n    sbom: [sbom/gone.json, sbom/binary.json]\n",
).replace(
    "controls:\n",
    "activities:\n  - {activity: threat-model, evidence: docs/tm.pdf, date: 2026-01-01, by: A}\n"
    "pentests:\n  - {id: pt-1, tester: Lab, date: 2026-01-01}\ncontrols:\n",
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


def test_every_referenced_file_is_checked_and_each_problem_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(
        tmp_path / "proj",
        WITH_SBOMS,
        **{
            "threats.yaml": "threats: 5\n",
            "vulnerabilities.yaml": "format: medsec-vulnerabilities/1\nvulnerabilities:\n"
            "  CVE-1@pkg:pypi/a: {state: fixed}\n",
            "support.yaml": "rules: [\n",
            "pentests__pt-1__findings.yaml": "format: medsec-findings/1\nengagement: pt-2\n",
            "sbom__binary.json": "",
        },
    )
    (root / "sbom" / "binary.json").write_bytes(bytes(range(256)))
    before = _digest(tmp_path)
    code, out, err = run(capsys, "validate", str(root))
    assert code == 3 and out == ""
    assert (
        f"{root}/medsec.yaml:" in err
        and "SBOM file 'sbom/gone.json' of element 'pump-fw' not found" in err
    )
    assert f"{root}/sbom/binary.json: not an SBOM: binary content" in err
    assert f"{root}/threats.yaml:1: threats: must be a list" in err
    assert f"{root}/vulnerabilities.yaml:3:" in err and "invalid value 'fixed'" in err
    assert "support.yaml:" in err
    assert f"{root}/pentests/pt-1/findings.yaml" in err and "engagement is 'pt-2'" in err
    assert "Input should" not in err and "Traceback" not in err
    assert _digest(tmp_path) == before


def test_missing_evidence_is_a_note_not_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(
        tmp_path / "proj", WITH_SBOMS.replace("sbom/gone.json, sbom/binary.json", "")
    )
    code, _, err = run(capsys, "validate", str(root))
    assert code == 0, err
    assert "note:" in err and "'docs/tm.pdf' not found (medsec check counts it as a gap)" in err
    assert err.splitlines()[-1].startswith("ok: Test Pump 1.0.0")


def test_threats_help_lists_every_rubric_question(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "threats", "score", "--help")
    assert code == 0 and "Rubric questions" in out
    for qid, question in QUESTIONS.items():
        assert f" {qid} " in out and question.text.split()[0] in out


def test_unknown_threat_id_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "proj")
    code, _, err = run(capsys, "threats", "score", "STRIDE-X@nowhere", str(root))
    assert code == 2 and "no threat 'STRIDE-X@nowhere'" in err
    assert not (root / "threats.yaml").exists()
