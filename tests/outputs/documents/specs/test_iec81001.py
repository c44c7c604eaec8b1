"""``iec-81001-5-1``: one row per catalogue clause, statuses as ``medsec check`` judged them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import EXAMPLE
from tests.outputs.documents.specs.checked_example import (
    checked,
    copy_example,
    with_answers,
    with_statuses,
)

from medsec.cli.main import main
from medsec.domain.checklist import ItemStatus
from medsec.domain.document import Section, Status
from medsec.domain.framework import Requirement
from medsec.engines.frameworks import FRAMEWORKS, iec81001
from medsec.outputs.documents.common import APPROVALS
from medsec.outputs.documents.requirements import NOT_APPLICABLE
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.iec81001 import GROUPS, SPEC, group_of

DOC = "iec-81001-5-1"
NAME = EXAMPLE.name
TODAY = ["--today", "2026-12-04"]
CATALOGUE = iec81001.REQUIREMENTS
ROW = {"pass": "met", "gap": "partly", "fail": "not-met"}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> DocumentInputs:
    """The example as judged today."""
    return checked(copy_example(tmp_path_factory.mktemp("iec")))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example, the current folder its parent."""
    monkeypatch.chdir(tmp_path)
    return copy_example(tmp_path)


def _matrix(sections: tuple[Section, ...]) -> list[Section]:
    """The clause-group sections (after the evidence status and the summary)."""
    return [s for s in sections if s.id.startswith(("clause-", "annex-"))]


def _every_answer(value: str = "Recorded in the security file, SEC-1 v1") -> dict[str, Any]:
    """An answer to every key the catalogue asks (standards as a list)."""
    keys = {r.answer for r in CATALOGUE if r.answer}
    return {k: (value,) if k == "standards_applied" else value for k in keys}


def test_the_matrix_has_one_row_per_catalogue_clause_in_order(example: DocumentInputs) -> None:
    sections = SPEC.sections(example)
    assert [s.id for s in sections[:2]] == ["evidence-status", "summary"]
    rows = [r for s in _matrix(sections) for r in s.statements]
    assert [r.label for r in rows] == [f"{r.clause} {r.title}" for r in CATALOGUE]
    assert FRAMEWORKS[DOC] == CATALOGUE and len(CATALOGUE) >= 59
    for section in _matrix(sections):
        heads = {group_of(r) for r in CATALOGUE if f"{r.clause} {r.title}" in _labels(section)}
        assert len(heads) == 1 and section.matrix  # each group holds one clause head
    assert [g[0] for g in GROUPS] == [s.id for s in _matrix(sections)]


def _labels(section: Section) -> set[str]:
    return {r.label or "" for r in section.statements}


def test_the_matrix_covers_every_iec_id_of_the_regulatory_catalogue(
    shared: Path, example: DocumentInputs
) -> None:
    text = (shared / "reference" / "REGULATORY.md").read_text(encoding="utf-8")
    ids = re.findall(r"^- id: IEC81001-5-1:(\S+)", text, re.M)
    assert len(ids) >= 59
    labels = [r.label or "" for s in _matrix(SPEC.sections(example)) for r in s.statements]
    assert len(labels) == len(set(ids))
    for clause in (i.replace("Annex", "Annex ", 1) for i in ids):
        assert sum(label.startswith(f"{clause} ") for label in labels) == 1, clause


def _expected(req: Requirement, items: dict[str, str], answered: set[str]) -> str:
    """A row's status from the check JSON alone: the rule the document must follow."""
    statuses = [items[i.value] for i in req.supports]
    if not statuses:
        return "met" if req.answer in answered else "not-met"
    if all(s == "pass" for s in statuses):
        met = "met"
    elif all(s == "fail" for s in statuses):
        met = "not-met"
    else:
        met = "partly"
    return "partly" if met == "met" and req.answer and req.answer not in answered else met


def _build(doc: str, fmt: str, out: Path) -> int:
    return main(["docs", "build", NAME, "--doc", doc, "--format", fmt, "-o", str(out), *TODAY])


def _rows(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The JSON document's matrix rows by requirement label."""
    return {
        st["requirement"]: st
        for s in document["sections"]
        if s["id"].startswith(("clause-", "annex-"))
        for st in s["statements"]
    }


def test_statuses_agree_with_medsec_check(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "documents").mkdir()
    (project / "documents" / "answers.yaml").write_text("qms: ISO 13485:2016, SOP-SEC-01\n")
    main(["check", NAME, "--format", "json", *TODAY])
    items = {i["id"]: i["status"] for i in json.loads(capsys.readouterr().out)["items"]}
    assert _build(DOC, "json", tmp_path / "m.json") == 0
    rows = _rows(json.loads((tmp_path / "m.json").read_text()))
    for req in CATALOGUE:
        row = rows[f"{req.clause} {req.title}"]
        assert row["status"] == _expected(req, items, {"qms"}), req.id
        assert row["evidence"], req.id
        if any(items[i.value] == "fail" for i in req.supports):
            assert row["status"] != "met", req.id


def test_every_item_passing_and_every_answer_given_reads_met(example: DocumentInputs) -> None:
    strong = with_answers(with_statuses(example, ItemStatus.PASS), **_every_answer())
    sections = SPEC.sections(strong)
    rows = [r for s in _matrix(sections) for r in s.statements]
    assert {r.status for r in rows} == {Status.MET}
    assert all(not s.open_questions for s in sections)
    assert sections[1].status is Status.MET
    assert all(r.gap is None and r.fix is None for r in rows)


def test_every_item_failing_reads_not_met_even_with_every_answer(example: DocumentInputs) -> None:
    weak = with_answers(with_statuses(example, ItemStatus.FAIL), **_every_answer())
    sections = SPEC.sections(weak)
    rows = [r for s in _matrix(sections) for r in s.statements]
    assert {r.status for r in rows} == {Status.NOT_MET}
    assert sections[0].status is Status.NOT_MET and sections[1].status is Status.NOT_MET


def test_not_applicable_rows_carry_a_rationale_and_are_counted(example: DocumentInputs) -> None:
    declared = (
        {"requirement": "IEC81001-5-1:AnnexF", "rationale": "No transitional software."},
        {"requirement": "IEC81001-5-1:5.8.4", "rationale": "Updates are not signed by us."},
    )
    sections = SPEC.sections(with_answers(example, not_applicable=declared))
    rows = [r for s in _matrix(sections) for r in s.statements]
    na = [r for r in rows if r.status is Status.NOT_APPLICABLE]
    assert [r.label.split(" ")[0] for r in na if r.label] == ["5.8.4", "Annex"]
    for r in na:
        assert re.match(r"Not applicable: \S", r.text) and r.evidence
    annex = next(s for s in sections if s.id == "annex-f")
    assert annex.status is Status.NOT_APPLICABLE
    totals = sections[1].tables[0].rows[-1].cells
    assert totals[0] == "All clauses" and totals[4] == "2" and totals[5] == str(len(rows))


def test_an_answer_turns_the_open_question_into_evidence(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    assert _build(DOC, "json", out) == 0
    before = json.loads(out.read_text())
    assert "qms" in [q["key"] for q in before["open_questions"]]
    (project / "documents").mkdir()
    (project / "documents" / "answers.yaml").write_text("qms: ISO 13485:2016, SOP-SEC-01 v3\n")
    assert _build(DOC, "json", out) == 0
    after = json.loads(out.read_text())
    assert "qms" not in [q["key"] for q in after["open_questions"]]
    row = next(r for label, r in _rows(after).items() if label.startswith("4.1.1 "))
    assert {"path": "documents/answers.yaml", "line": 1, "record": "qms", "date": None} in row[
        "evidence"
    ]
    assert "SOP-SEC-01 v3" in row["text"]


def test_builds_in_markdown_and_json_through_the_cli(project: Path, tmp_path: Path) -> None:
    assert _build(DOC, "md", tmp_path / "m.md") == 0
    text = (tmp_path / "m.md").read_text()
    assert text.startswith("# IEC 81001-5-1 conformance matrix")
    assert "| 5.7.4 Penetration testing | partly met |" in text
    assert "## 3 Clause 4: General requirements" in text
    assert _build(DOC, "json", tmp_path / "m.json") == 0
    document = json.loads((tmp_path / "m.json").read_text())
    assert document["document"]["id"] == DOC and len(_rows(document)) == len(CATALOGUE)


def test_questions_are_every_answer_key_of_the_catalogue() -> None:
    keys = [q.key for q in SPEC.questions]
    expected = list(dict.fromkeys(r.answer for r in CATALOGUE if r.answer))
    assert keys == [*expected, APPROVALS.key, NOT_APPLICABLE.key]
    assert SPEC.applies(None) is None  # type: ignore[arg-type]  # every project
