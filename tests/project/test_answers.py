"""The answers files of medsec docs: validated against the declared questions, located errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.helpers import write_project

from medsec.domain.document import AnswerKind, Question
from medsec.domain.errors import InputError
from medsec.project.answers import load_answers

QUESTIONS = {
    q.key: q
    for q in (
        Question("benefit_risk", "The benefit-risk statement"),
        Question("standards", "Standards applied", AnswerKind.LIST),
        Question("plan_date", "Date of the plan", AnswerKind.DATE),
        Question("legacy", "Transitional software?", AnswerKind.BOOL),
        Question("personnel", "Who", AnswerKind.RECORDS, ("name", "role"), ("name",)),
    )
}


def _answers(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    root = write_project(tmp_path / "p")
    folder = root / "documents"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return root


def test_answers_are_typed_and_located(tmp_path: Path) -> None:
    root = _answers(
        tmp_path,
        "benefit_risk: Benefits outweigh.\nstandards: [IEC 62304, ISO 14971]\n"
        "plan_date: 2026-03-01\nlegacy: false\npersonnel:\n  - {name: Ada, role: PSIRT lead}\n",
    )
    answers = load_answers(root, QUESTIONS)
    assert answers.text("benefit_risk") == "Benefits outweigh."
    standards = answers.get("standards")
    assert standards is not None and standards.value == ("IEC 62304", "ISO 14971")
    plan = answers.get("plan_date")
    assert plan is not None and plan.value == date(2026, 3, 1)
    assert plan.ref.path == "documents/answers.yaml" and plan.ref.line == 3
    legacy = answers.get("legacy")
    assert legacy is not None and legacy.value is False
    people = answers.get("personnel")
    assert people is not None and people.value == ({"name": "Ada", "role": "PSIRT lead"},)


def test_no_answers_folder_is_no_answers(tmp_path: Path) -> None:
    assert load_answers(write_project(tmp_path / "p"), QUESTIONS).values == {}


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    root = _answers(
        tmp_path,
        "benefit_rsk: typo\nstandards: {a: 1}\nplan_date: next week\nlegacy: maybe\n"
        "personnel:\n  - {role: lead}\n",
    )
    with pytest.raises(InputError) as caught:
        load_answers(root, QUESTIONS)
    text = caught.value.diagnostics()
    assert (
        "documents/answers.yaml:1: unknown key 'benefit_rsk' (did you mean 'benefit_risk'?)" in text
    )
    assert "documents/answers.yaml:2: standards: expected a list" in text
    assert "documents/answers.yaml:3: plan_date: expected a date" in text
    assert "documents/answers.yaml:4: legacy: expected true or false" in text
    assert "personnel: item 1: missing name" in text
    assert len(caught.value.problems) == 5


def test_a_key_answered_twice_names_both_places(tmp_path: Path) -> None:
    root = _answers(tmp_path, "benefit_risk: one\n", "a.yaml")
    (root / "documents" / "b.yaml").write_text("\nbenefit_risk: two\n")
    with pytest.raises(
        InputError,
        match=r"documents/b.yaml:2: 'benefit_risk' is already answered in documents/a.yaml:1",
    ):
        load_answers(root, QUESTIONS)


def test_malformed_yaml_and_wrong_shape(tmp_path: Path) -> None:
    root = _answers(tmp_path, "benefit_risk: [unclosed\n")
    with pytest.raises(InputError, match=r"documents/answers\.yaml:2: malformed YAML"):
        load_answers(root, QUESTIONS)
    (root / "documents" / "answers.yaml").write_text("- a list\n")
    with pytest.raises(InputError, match="expected a mapping of answers"):
        load_answers(root, QUESTIONS)


def test_record_with_unknown_column(tmp_path: Path) -> None:
    root = _answers(tmp_path, "personnel:\n  - {name: Ada, mail: a@b}\n")
    with pytest.raises(InputError, match=r"item 1: unknown key mail; use name, role"):
        load_answers(root, QUESTIONS)
