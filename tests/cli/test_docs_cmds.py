"""``medsec docs``: list, questions, build one document or all, revisions, strictness, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE

from medsec.cli.main import main

NAME = EXAMPLE.name
TODAY = ["--today", "2026-12-04"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example, the current folder its parent."""
    shutil.copytree(EXAMPLE, tmp_path / NAME)
    monkeypatch.chdir(tmp_path)
    return tmp_path / NAME


def _build(doc: str, fmt: str, out: Path, *extra: str) -> int:
    return main(
        ["docs", "build", NAME, "--doc", doc, "--format", fmt, "-o", str(out), *TODAY, *extra]
    )


def test_list_names_every_document_with_its_frameworks(capsys: pytest.CaptureFixture[str]) -> None:
    from medsec.outputs.documents.registry import DOCUMENTS

    assert main(["docs", "list"]) == 0
    out = capsys.readouterr().out
    for spec in DOCUMENTS.values():
        assert spec.meta.id in out and spec.meta.frameworks[0] in out


def test_questions_say_what_the_project_answered(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "documents").mkdir(exist_ok=True)
    (project / "documents" / "answers.yaml").write_text("benefit_risk: Benefits outweigh.\n")
    assert main(["docs", "questions", NAME]) == 0
    out = capsys.readouterr().out
    assert "benefit_risk: text  [answered]" in out
    assert "risk_management_plan: text  [open]" in out


def test_rebuild_of_unchanged_project_is_byte_identical(project: Path, tmp_path: Path) -> None:
    for fmt in ("md", "json"):
        first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        assert _build("security-risk-report", fmt, first) == 0
        assert _build("security-risk-report", fmt, second) == 0
        assert first.read_bytes() == second.read_bytes()
    history = json.loads((project / "records/documents/security-risk-report.json").read_text())
    assert [r["revision"] for r in history["revisions"]] == [1]


def test_a_changed_input_bumps_the_revision_and_says_what_changed(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "d.json"
    assert _build("security-risk-report", "json", out) == 0
    first = json.loads(out.read_text())
    assert first["revision"]["number"] == 1 and first["revision"]["changes"] == []
    (project / "documents").mkdir(exist_ok=True)
    (project / "documents" / "answers.yaml").write_text("benefit_risk: Benefits outweigh.\n")
    assert (
        main(
            [
                "docs",
                "build",
                NAME,
                "--doc",
                "security-risk-report",
                "--format",
                "json",
                "-o",
                str(out),
                "--today",
                "2026-12-05",
            ]
        )
        == 0
    )
    second = json.loads(out.read_text())
    assert second["revision"]["number"] == 2
    assert second["revision"]["date"] == "2026-12-05"
    assert "added: documents/answers.yaml" in second["revision"]["changes"]
    assert second["revision"]["inputs_digest"] != first["revision"]["inputs_digest"]
    keys = [q["key"] for q in second["open_questions"]]
    assert "benefit_risk" not in keys and "benefit_risk" in [
        q["key"] for q in first["open_questions"]
    ]


def test_every_statement_carries_evidence(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.json"
    assert _build("security-risk-report", "json", out) == 0
    doc = json.loads(out.read_text())
    statements = [s for section in doc["sections"] for s in section["statements"]]
    assert statements and all(s["evidence"] for s in statements)


def test_a_failing_mandatory_item_is_stated_on_the_first_page(
    project: Path, tmp_path: Path
) -> None:
    check = tmp_path / "check.json"
    main(["check", NAME, "--format", "json", "-o", str(check), *TODAY])
    items = json.loads(check.read_text())["items"]
    failing = [i for i in items if i["mandatory"] and i["status"] != "pass"]
    out = tmp_path / "d.json"
    assert _build("security-risk-report", "json", out) == 0
    first = json.loads(out.read_text())["sections"][0]
    assert first["id"] == "evidence-status"
    lead = first["statements"][0]["text"]
    if failing:
        assert first["status"] == "not-met" and "NOT ready for submission" in lead
        assert all(i["title"] in lead for i in failing)
    else:
        assert "pass" in lead
    rows = {s["requirement"]: s["status"] for s in first["statements"][1:]}
    expected = {"pass": "met", "gap": "partly", "fail": "not-met"}
    assert [expected[i["status"]] for i in items] == list(rows.values())


def test_strict_fails_while_questions_are_open(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build("security-risk-report", "md", tmp_path / "d.md", "--strict") == 1
    err = capsys.readouterr().err
    assert "(new revision), 3 open questions" in err
    assert "--strict: 3 open questions remain (exit 1)" in err
    (project / "documents").mkdir(exist_ok=True)
    (project / "documents" / "answers.yaml").write_text(
        "benefit_risk: B.\nsafety_risk_file: RMF-7\n"
    )
    assert _build("security-risk-report", "md", tmp_path / "d.md", "--strict") == 1
    err = capsys.readouterr().err  # one left: said in the singular
    assert "1 open question\n" in err and "--strict: 1 open question remains (exit 1)" in err
    (project / "documents").mkdir(exist_ok=True)
    (project / "documents" / "answers.yaml").write_text(
        "benefit_risk: B.\nrisk_management_plan: SRMP-1 v2\nsafety_risk_file: RMF-7\n"
    )
    assert _build("security-risk-report", "md", tmp_path / "d.md", "--strict") == 0


def test_all_writes_a_folder_with_an_index(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    assert main(["docs", "build", NAME, "--all", "--format", "md", "-o", str(folder), *TODAY]) == 0
    index = json.loads((folder / "index.json").read_text())
    from medsec.outputs.documents.registry import DOCUMENTS

    assert [d["id"] for d in index["documents"]] == list(DOCUMENTS)
    for entry in index["documents"]:
        if entry["file"]:
            assert (folder / entry["file"]).read_text().startswith("# ")
        else:
            assert entry["reason"]
    assert "security-risk-report.md" in (folder / "index.html").read_text()


def test_bad_answers_are_located_and_nothing_is_written(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "documents").mkdir(exist_ok=True)
    (project / "documents" / "answers.yaml").write_text("benefit_risk: ok\napprovals: yes\n")
    out = tmp_path / "d.md"
    assert _build("security-risk-report", "md", out) == 3
    assert (
        "documents/answers.yaml:2: approvals: expected a list of mappings"
        in capsys.readouterr().err
    )
    assert not out.exists()
    assert not (project / "records/documents").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--doc", "fda-premarkt"], "no document 'fda-premarkt'"),
        (["--doc", "security-risk-report", "--all"], "--doc ID, or build them all with --all"),
        (["--all"], "--all needs --output FOLDER"),
        (["--doc", "security-risk-report", "--format", "rtf"], "rtf"),
    ],
)
def test_usage_errors_exit_2_before_anything_is_written(
    project: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["docs", "build", NAME, *args]) == 2
    assert message in capsys.readouterr().err
    assert not (project / "records/documents").exists()


def test_a_damaged_revision_record_is_a_located_error(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build("security-risk-report", "json", tmp_path / "d.json") == 0
    record = project / "records/documents/security-risk-report.json"
    record.write_text('{"document": "security-risk-report", "revisions": [{"revision": 0}]}')
    assert _build("security-risk-report", "json", tmp_path / "e.json") == 3
    err = capsys.readouterr().err
    assert "records/documents/security-risk-report.json: not a revision record" in err
    assert "restore it from git" in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_all_in_pdf_that_cannot_be_rendered_writes_no_file_and_no_revision(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    pytest.importorskip("weasyprint", exc_type=OSError)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "last tuesday")  # every worker fails on it
    folder = tmp_path / "docs"
    args = ["docs", "build", NAME, "--all", "--format", "pdf", "-o", str(folder), "-j", jobs]
    records = sorted((project / "records").rglob("*"))
    assert main([*args, *TODAY]) == 2
    assert "SOURCE_DATE_EPOCH" in capsys.readouterr().err
    assert not folder.exists()
    assert sorted((project / "records").rglob("*")) == records  # no revision of what was not built


def test_all_with_the_audit_trail_beside_the_documents(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import text

    from medsec.domain.identity import Role
    from medsec.services import accounts, audit
    from medsec.storage.store import AdvisoryStore

    db = str(tmp_path / "server.sqlite")
    with AdvisoryStore.open(db) as store:
        accounts.create_account(store.engine, "quinn", "Quinn", Role.APPROVER, None)
    folder = tmp_path / "docs"
    args = ["docs", "build", NAME, "--all", "--format", "md", "-o", str(folder), "--db", db]
    assert main([*args, "--audit", *TODAY]) == 0
    trail = (folder / "audit-trail.jsonl").read_bytes()
    assert audit.verify_export(trail).ok and b'"account.create"' in trail
    assert "1 audit entry, the hash chain verifies" in capsys.readouterr().err

    with AdvisoryStore.open(db) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE audit SET actor = 'mallory'"))
    assert main([*args, "--audit", *TODAY]) == 1
    err = capsys.readouterr().err
    assert "entry 1:" in err and "does NOT verify" in err
    assert b"mallory" in (folder / "audit-trail.jsonl").read_bytes()  # written, marked failed
    assert main(["docs", "build", NAME, "--doc", "cra", "--audit", *TODAY]) == 2
