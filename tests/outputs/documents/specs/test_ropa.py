"""``ropa``: the records of processing restate the model and what gdpr-readiness judged.

The example's record: its processing activities are the use cases that need personal data, its
transfer to the US processor is listed as not covered while the checklist says so (and covered
once the flow states SCCs), the hospital as controller makes ACME's processor record appear;
every statement and row carries evidence; the DPO answer closes its question; the record builds
in every format through the CLI, and as a workbook through 'medsec privacy ropa'.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.conftest import EXAMPLE
from tests.outputs.documents.specs.checked_example import checked, copy_example, with_answers

from medsec.cli.main import main
from medsec.domain.document import Section, Status
from medsec.domain.model import PartyRole
from medsec.outputs.documents.registry import DOCUMENTS
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.ropa import SPEC

DOC = "ropa"
NAME = EXAMPLE.name
TODAY = ["--today", "2026-12-04"]
SECTIONS = [
    "evidence-status",
    "controller",
    "activities",
    "inventory",
    "recipients",
    "transfers",
    "measures",
    "processor",
]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> DocumentInputs:
    """The example as judged on 2026-12-04, no answers."""
    return checked(copy_example(tmp_path_factory.mktemp("ropa")))


def _sections(inputs: DocumentInputs) -> dict[str, Section]:
    return {s.id: s for s in SPEC.sections(inputs)}


def test_registered_with_its_sections_in_order(example: DocumentInputs) -> None:
    assert DOCUMENTS[DOC] is SPEC
    assert list(_sections(example)) == SECTIONS


def test_activities_are_the_use_cases_that_need_personal_data(example: DocumentInputs) -> None:
    [table] = _sections(example)["activities"].tables
    personal = {d.id for d in example.ctx.project.data if d.category.personal}
    expected = [u.id for u in example.ctx.project.use_cases if personal & set(u.needs_data)]
    assert [r.cells[0] for r in table.rows] == expected
    assert "dosing-surveillance" in expected


def test_the_uncovered_transfer_follows_the_checklist(example: DocumentInputs) -> None:
    section = _sections(example)["transfers"]
    [row] = section.tables[0].rows
    assert row.cells[0] == "flow cloud-to-analytics"
    assert row.cells[-1].startswith("not covered: no transfer mechanism")
    assert section.status is Status.PARTLY
    assert any(s.gap and "cloud-to-analytics" in s.gap for s in section.statements)


def test_a_covered_transfer_is_met(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    text = (root / "medsec.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    data: [dose-stats]\n    authentication: mutual-tls\n",
        "    data: [dose-stats]\n    transfer: scc\n    authentication: mutual-tls\n",
        1,
    )
    (root / "medsec.yaml").write_text(text, encoding="utf-8")
    section = _sections(checked(root))["transfers"]
    assert section.status is Status.MET
    assert section.tables[0].rows[0].cells[-1] == "covered"


def test_the_processor_record_needs_a_controller_party(example: DocumentInputs) -> None:
    processor = _sections(example)["processor"]
    assert processor.status is Status.INFO
    rows = {r.cells[0]: r.cells[1] for r in processor.tables[0].rows}
    assert rows["(a) controllers"] == "The operating hospital (IT and clinical engineering)"
    assert rows["elements (manufacturer's cloud)"] == "cloud-service"
    project = example.ctx.project
    parties = tuple(replace(p, role=PartyRole.THIRD_PARTY) for p in project.parties)
    twin = replace(example, ctx=replace(example.ctx, project=replace(project, parties=parties)))
    assert _sections(twin)["processor"].status is Status.NOT_APPLICABLE


def test_every_statement_and_row_has_evidence(example: DocumentInputs) -> None:
    for section in SPEC.sections(example):
        for s in section.statements:
            assert s.evidence, (section.id, s.text)
        for table in section.tables:
            for row in table.rows:
                assert row.evidence, (section.id, row.cells)


def test_the_dpo_answer_closes_its_question(example: DocumentInputs) -> None:
    open_ = _sections(example)["controller"]
    assert [q.key for q in open_.open_questions] == ["dpo_contact"]
    answered = _sections(with_answers(example, dpo_contact="E. Fischer, dpo@acme.example"))
    assert answered["controller"].open_questions == ()
    assert answered["controller"].status is Status.MET


def test_not_applicable_without_personal_data(example: DocumentInputs) -> None:
    project = example.ctx.project
    technical = tuple(d for d in project.data if not d.category.personal)
    ctx = replace(example.ctx, project=replace(project, data=technical))
    assert SPEC.applies(ctx) == "the data inventory lists no personal data"
    assert SPEC.applies(example.ctx) is None


@pytest.mark.parametrize("fmt", ["md", "json", "html", "docx", "pdf"])
def test_builds_in_every_format_through_the_cli(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fmt == "pdf":
        pytest.importorskip("weasyprint", reason="PDF needs WeasyPrint and pango")
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / f"ropa.{fmt}"
    assert main(["docs", "build", NAME, "--doc", DOC, "--format", fmt, "-o", str(out), *TODAY]) == 0
    data = out.read_bytes()
    if fmt == "json":
        assert [s["id"] for s in json.loads(data)["sections"]] == SECTIONS
    elif fmt in ("md", "html"):
        assert b"Processing activities" in data and b"cloud-to-analytics" in data
    elif fmt == "docx":
        with zipfile.ZipFile(out) as archive:
            assert b"Processor record" in archive.read("word/document.xml")
    else:
        assert data.startswith(b"%PDF-")


def test_the_workbook_through_medsec_privacy_ropa(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "ropa.xlsx"
    assert main(["privacy", "ropa", NAME, "-o", str(out), *TODAY]) == 0
    first = out.read_bytes()
    assert main(["privacy", "ropa", NAME, "-o", str(out), *TODAY]) == 0
    assert out.read_bytes() == first  # byte-stable
    wb = load_workbook(out)
    assert wb.sheetnames == [
        "Controller",
        "Processing activities",
        "Data inventory",
        "Recipients",
        "Transfers",
        "Security measures",
        "Processor record",
    ]
    transfers = list(wb["Transfers"].iter_rows(values_only=True))
    assert transfers[1][0] == "flow cloud-to-analytics" and transfers[1][3] == "United States"
    assert main(["privacy", "ropa", NAME, *TODAY]) == 2  # a workbook needs --output
