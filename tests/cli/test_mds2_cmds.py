"""``medsec mds2 build | diff`` and ``docs build --doc mds2`` on copies of the example."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.conftest import EXAMPLE

from medsec.cli.main import main

TODAY = ["--today", "2026-12-04"]
NAME = EXAMPLE.name


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example; the current folder is its parent."""
    monkeypatch.chdir(tmp_path)
    target = tmp_path / NAME
    shutil.copytree(EXAMPLE, target)
    return target


def answers(project: Path, text: str) -> None:
    """Write the project's documents/mds2.yaml."""
    (project / "documents").mkdir(exist_ok=True)
    (project / "documents" / "mds2.yaml").write_text(text)


def snapshot(root: Path) -> dict[str, str]:
    """Every file below ``root`` with its digest."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_xlsx_opens_and_has_every_question(project: Path) -> None:
    assert main(["mds2", "build", NAME, "--format", "xlsx", "-o", "mds2.xlsx", *TODAY]) == 0
    data = Path("mds2.xlsx").read_bytes()
    ws = load_workbook(io.BytesIO(data))["MDS2"]
    ids = [row[0] for row in ws.iter_rows(values_only=True) if row[0] and "-" in str(row[0])]
    ids = [i for i in ids if str(i).split("-")[0].isupper() and str(i).split("-")[1][:1].isdigit()]
    assert len(ids) == 240
    assert ids[0] == "DOC-1" and ids[-1] == "RMOT-3"
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r[0] in ("TXCF-2", "DOC-9")}
    assert rows["TXCF-2"][2] == "No" and "pump-to-hl7" in rows["TXCF-2"][4]
    assert rows["DOC-9"][2] is None and rows["DOC-9"][5] == "open"
    assert main(["mds2", "build", NAME, "--format", "xlsx", "-o", "again.xlsx", *TODAY]) == 0
    assert Path("again.xlsx").read_bytes() == data  # byte-stable


def test_json_has_the_issues_shape_and_the_derived_share(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mds2", "build", NAME, "--format", "json", *TODAY]) == 0
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert len(doc["questions"]) == 240
    first = doc["questions"][0]
    assert {"id", "section", "answer", "derived_from", "note"} <= set(first)
    derived = [q for q in doc["questions"] if q["derived_from"]]
    assert len(derived) == doc["summary"]["derived"] >= 0.60 * 240
    assert f"{len(derived)} derived from the model" in err


def test_manual_answers_fill_what_the_model_cannot_say(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers(project, "DOC-9: No\nTXCF-2: {answer: 'No', note: MLLP over TLS planned for 3.3}\n")
    assert main(["mds2", "build", NAME, "--format", "json", *TODAY]) == 0
    rows = {q["id"]: q for q in json.loads(capsys.readouterr().out)["questions"]}
    assert rows["DOC-9"]["answer"] == "No" and rows["DOC-9"]["origin"] == "manual"
    assert rows["DOC-9"]["answered_in"] == "documents/mds2.yaml:1"
    assert rows["TXCF-2"]["origin"] == "confirmed"
    assert "MLLP over TLS planned" in rows["TXCF-2"]["note"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "DOC-9: No\nTXFC-2: Yes\n",
            "documents/mds2.yaml:2: unknown MDS2 question 'TXFC-2' (did you mean 'TXCF-2'?)",
        ),
        (
            "DOC-9: Perhaps\n",
            "documents/mds2.yaml:1: DOC-9: answer 'Perhaps' is not one of Yes, No, N/A, See note",
        ),
        (
            "DOC-9: No\nTXCF-2: 'Yes'\n",
            "documents/mds2.yaml:2: TXCF-2: answered 'Yes', but the model says 'No' (Personal data "
            "travels unencrypted on: pump-to-hl7, hl7-to-pump): medsec.yaml:",
        ),
    ],
)
def test_bad_answers_exit_3_located_and_write_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    answers(project, text)
    before = snapshot(project.parent)
    code = main(["mds2", "build", NAME, "--format", "xlsx", "-o", "out.xlsx", *TODAY])
    err = capsys.readouterr().err
    assert code == 3
    assert expected in err
    assert snapshot(project.parent) == before


def test_a_contradiction_names_the_model_fact(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers(project, "STCF-1.1: 'Yes'\n")
    assert main(["mds2", "build", NAME, "--format", "json", *TODAY]) == 3
    err = capsys.readouterr().err
    assert "documents/mds2.yaml:1: STCF-1.1: answered 'Yes', but the model says 'No'" in err
    assert "elements.pump-log.encryption_at_rest = false" in err


def test_diff_shows_the_answers_that_changed_between_releases(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mds2", "build", NAME, "--format", "xlsx", "-o", "3.2.xlsx", *TODAY]) == 0
    model = project / "medsec.yaml"
    text = model.read_text().replace(
        "    encryption_at_rest: false\n", "    encryption_at_rest: true\n", 1
    )
    model.write_text(text.replace("version: 3.2.0", "version: 3.3.0", 1))
    answers(project, "DOC-9: 'No'\n")
    assert main(["mds2", "build", NAME, "--format", "json", "-o", "3.3.json", *TODAY]) == 0
    capsys.readouterr()
    assert main(["mds2", "diff", "3.2.xlsx", "3.3.json"]) == 0
    out = capsys.readouterr().out
    assert "ACME Infusion System 3.2.0 (3.2.xlsx) → ACME Infusion System 3.3.0 (3.3.json)" in out
    assert "  STCF-1.1: No → Yes" in out
    assert "  DOC-9: (open) → No" in out
    assert main(["mds2", "diff", "3.2.xlsx", "3.3.json", "--format", "json"]) == 0
    changes = {c["id"]: c for c in json.loads(capsys.readouterr().out)["changes"]}
    assert changes["STCF-1.1"]["old"] == "No" and changes["STCF-1.1"]["new"] == "Yes"
    assert changes["DOC-3"]["kind"] == "note"  # the version in the model name moved


def test_diff_refuses_what_is_not_a_form(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mds2", "build", NAME, "--format", "json", "-o", "a.json", *TODAY]) == 0
    assert main(["mds2", "diff", "a.json", f"{NAME}/medsec.yaml"]) == 3
    assert "not an MDS2 form" in capsys.readouterr().err


def test_docs_build_mds2_renders_the_answers_and_their_evidence(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers(project, "DOC-9: No\n")
    assert main(["docs", "build", NAME, "--doc", "mds2", "--format", "json", *TODAY]) == 0
    doc = json.loads(capsys.readouterr().out)
    sections = {s["id"]: s for s in doc["sections"]}
    assert doc["sections"][0]["id"] == "evidence-status"
    assert len(doc["sections"]) == 24
    rows = [st for s in doc["sections"][1:] for st in s["statements"] if st.get("requirement")]
    assert len(rows) == 240
    assert all(st["evidence"] for st in rows)
    txcf2 = next(st for st in rows if st["requirement"] == "TXCF-2")
    assert "Answer: No" in txcf2["text"]
    assert any(e["record"] == "flows.pump-to-hl7.encryption = none" for e in txcf2["evidence"])
    open_keys = {q["key"] for q in sections["mds2-doc"]["open_questions"]}
    assert "DOC-9" not in open_keys  # answered in documents/mds2.yaml
    assert main(["docs", "build", NAME, "--doc", "mds2", "--format", "md", *TODAY]) == 0
    assert "| TXCF-2 |" in capsys.readouterr().out


def test_other_documents_ignore_the_mds2_answers_file(project: Path) -> None:
    answers(project, "DOC-9: No\n")
    assert (
        main(
            [
                "docs",
                "build",
                NAME,
                "--doc",
                "security-risk-report",
                "-f",
                "md",
                "-o",
                "r.md",
                *TODAY,
            ]
        )
        == 0
    )


def test_docs_build_mds2_refuses_a_contradiction(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers(project, "TXCF-2: 'Yes'\n")
    assert main(["docs", "build", NAME, "--doc", "mds2", "-o", "d.md", *TODAY]) == 3
    assert "TXCF-2: answered 'Yes'" in capsys.readouterr().err
    assert not Path("d.md").exists()
