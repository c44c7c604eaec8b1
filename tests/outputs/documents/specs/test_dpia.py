"""``dpia``: the DPIA restates the screening, the register's privacy threats and the checklist.

The screening table holds the nine WP248 criteria with the facts that met them; the risk table
is exactly the register's live privacy threats and follows a model change; the sign-off section
says the example's DPIA is older than the last model change until a review pins today's model;
every statement and row carries evidence; answers close the questions; it builds in every
format through the CLI.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE
from tests.outputs.documents.specs.checked_example import checked, copy_example, with_answers

from medsec.cli.main import main
from medsec.domain.document import Section, Status
from medsec.engines.privacy.risks import privacy_threats
from medsec.outputs.documents.registry import DOCUMENTS
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.dpia import SPEC

DOC = "dpia"
NAME = EXAMPLE.name
TODAY = ["--today", "2026-12-04"]
SECTIONS = [
    "evidence-status",
    "screening",
    "description",
    "necessity",
    "risks",
    "measures",
    "transfers",
    "consultation",
    "signoff",
]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> DocumentInputs:
    """The example as judged on 2026-12-04, no answers."""
    return checked(copy_example(tmp_path_factory.mktemp("dpia")))


def _sections(inputs: DocumentInputs) -> dict[str, Section]:
    return {s.id: s for s in SPEC.sections(inputs)}


def test_registered_with_its_sections_in_order(example: DocumentInputs) -> None:
    assert DOCUMENTS[DOC] is SPEC
    assert list(_sections(example)) == SECTIONS


def test_the_screening_states_each_criterion_with_its_facts(example: DocumentInputs) -> None:
    section = _sections(example)["screening"]
    rows = section.tables[0].rows
    assert [r.cells[0] for r in rows] == [str(n) for n in range(1, 10)]
    met = [r.cells[0] for r in rows if r.cells[2] == "met"]
    assert {"4", "5", "7"} <= set(met)  # health data, 12,000 patients, patients
    large = next(r for r in rows if r.cells[0] == "5")
    assert "cloud-service: serves 12000 patients" in large.cells[3]
    assert "a DPIA is required." in section.statements[0].text
    assert "Art. 35(3)(b)" not in section.statements[0].text  # the 12,000 get pseudonyms only


def _risk_ids(inputs: DocumentInputs) -> list[str]:
    [table] = _sections(inputs)["risks"].tables
    return sorted(r.cells[0] for r in table.rows)


def test_the_risk_table_is_the_registers_privacy_threats(example: DocumentInputs) -> None:
    ids = _risk_ids(example)
    assert ids == sorted(t.id for t in privacy_threats(example.ctx.threats))
    assert ids and all(i.startswith(("LINDDUN-", "MP-")) for i in ids)


def test_the_risk_table_follows_a_model_change(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    before = _risk_ids(checked(root))
    text = (root / "medsec.yaml").read_text(encoding="utf-8")
    text = text.replace("    data: [device-logs, dose-stats]\n", "    data: [device-logs]\n", 1)
    (root / "medsec.yaml").write_text(text, encoding="utf-8")
    after = _risk_ids(checked(root))
    gone = set(before) - set(after)
    assert any(i.endswith("@pump-to-cloud") for i in gone), gone


def test_signoff_says_the_dpia_is_older_than_the_model(example: DocumentInputs) -> None:
    section = _sections(example)["signoff"]
    assert section.status is Status.PARTLY
    assert any(s.gap and "older than the last model change" in s.gap for s in section.statements)
    pinned = replace(
        example,
        ctx=replace(
            example.ctx,
            project=replace(
                example.ctx.project,
                reviews=tuple(
                    replace(r, model_digest=example.ctx.current.model)
                    for r in example.ctx.project.reviews
                ),
            ),
        ),
    )
    from medsec.engines.compliance.checklist import evaluate

    rejudged = replace(pinned, checklist=evaluate(pinned.ctx))
    assert _sections(rejudged)["signoff"].status is Status.MET


def test_every_statement_and_row_has_evidence(example: DocumentInputs) -> None:
    for section in SPEC.sections(example):
        for s in section.statements:
            assert s.evidence, (section.id, s.text)
        for table in section.tables:
            for row in table.rows:
                assert row.evidence, (section.id, row.cells)


def test_answers_close_the_consultation_questions(example: DocumentInputs) -> None:
    asked = _sections(example)["consultation"]
    assert [q.key for q in asked.open_questions] == ["dpo_advice", "data_subject_views"]
    answered = with_answers(
        example,
        dpo_advice="E. Fischer, 2026-11-28: proceed once the SCCs with Clarity are signed",
        data_subject_views="Patient advisory board of two customer hospitals, 2026-10",
    )
    assert _sections(answered)["consultation"].open_questions == ()


@pytest.mark.parametrize("fmt", ["md", "json", "html", "docx", "pdf"])
def test_builds_in_every_format_through_the_cli(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fmt == "pdf":
        pytest.importorskip("weasyprint", reason="PDF needs WeasyPrint and pango")
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / f"dpia.{fmt}"
    assert main(["docs", "build", NAME, "--doc", DOC, "--format", fmt, "-o", str(out), *TODAY]) == 0
    data = out.read_bytes()
    if fmt == "json":
        assert [s["id"] for s in json.loads(data)["sections"]] == SECTIONS
    elif fmt in ("md", "html"):
        assert b"Risks to data subjects" in data and b"WP248" in data
    elif fmt == "docx":
        with zipfile.ZipFile(out) as archive:
            assert b"Risks to data subjects" in archive.read("word/document.xml")
    else:
        assert data.startswith(b"%PDF-")
