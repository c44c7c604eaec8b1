"""``mdr-gspr``: the GSPR rows with standards and evidence, MDCG 2019-16's expectations."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

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
from medsec.domain.document import Section, Statement, Status
from medsec.engines.frameworks import mdr
from medsec.outputs.documents.common import item_status
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.mdr_gspr import SPEC, applies, declares

DOC = "mdr-gspr"
NAME = EXAMPLE.name
TODAY = ["--today", "2026-12-04"]
# the rows REGULATORY.md §B.2 #1 names, and the related 23.4 items
CLAUSES = (
    "Annex I 1-4,8",
    "Annex I 14.2(d)",
    "Annex I 17.1",
    "Annex I 17.2",
    "Annex I 17.4",
    "Annex I 18.8",
    "Annex I 23.4(g)",
    "Annex I 23.4(h)",
    "Annex I 23.4(i)",
    "Annex I 23.4(j)",
    "Annex I 23.4(k)",
    "Annex I 23.4(q)",
    "Annex I 23.4(ab)",
)
STANDARDS = ("EN IEC 62304:2006+A1:2015", "IEC 81001-5-1:2021", "EN ISO 14971:2019+A11:2021")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> DocumentInputs:
    """The example as judged today."""
    return checked(copy_example(tmp_path_factory.mktemp("mdr")))


def _section(sections: tuple[Section, ...], section_id: str) -> Section:
    return next(s for s in sections if s.id == section_id)


def _gspr_rows(inputs: DocumentInputs) -> dict[str, Statement]:
    rows = _section(SPEC.sections(inputs), "gspr").statements
    return {(r.label or "").split(" ", 2)[2].split(" ", 1)[0]: r for r in rows}


def test_applies_to_the_eu_market_or_when_no_market_is_named(example: DocumentInputs) -> None:
    def ctx(*markets: str) -> object:
        device = replace(example.ctx.project.device, markets=markets)
        return replace(example.ctx, project=replace(example.ctx.project, device=device))

    assert applies(ctx("EU", "US")) is None  # type: ignore[arg-type]
    assert applies(ctx()) is None  # type: ignore[arg-type]
    assert applies(ctx("de")) is None  # type: ignore[arg-type]
    reason = applies(ctx("US"))  # type: ignore[arg-type]
    assert reason is not None and "device.markets" in reason and "EU" in reason


def test_the_gspr_rows_and_mdcg_expectations_are_the_catalogue(example: DocumentInputs) -> None:
    sections = SPEC.sections(example)
    assert sections[0].id == "evidence-status"
    gspr = _section(sections, "gspr")
    assert gspr.matrix and [r.label for r in gspr.statements] == [
        f"{r.clause} {r.title}" for r in mdr.GSPR
    ]
    assert tuple(r.clause for r in mdr.GSPR) == CLAUSES
    table = gspr.tables[0]
    assert table.columns == ("GSPR", "Title", "Applicable", "Standards applied", "Status")
    assert [row.cells[0] for row in table.rows] == list(CLAUSES)
    assert all(row.evidence for row in table.rows)
    mdcg = _section(sections, "mdcg-2019-16")
    assert mdcg.matrix and [r.label for r in mdcg.statements] == [
        f"{r.clause} {r.title}" for r in mdr.MDCG2019_16
    ]
    assert {r.clause.split(".")[0].split(",")[0] for r in mdr.MDCG2019_16} == {"2", "3", "4"}


def test_gspr_statuses_restate_the_checklist(example: DocumentInputs) -> None:
    answered = with_answers(
        example,
        standards_applied=STANDARDS,
        safety_risk_file="RMF-12",
        minimum_it_requirements="MITR v2",
        labeling="IFU-9 v4",
    )
    rows = {r.label: r for r in _section(SPEC.sections(answered), "gspr").statements}
    items = {r.id: r for r in example.checklist.items}
    for req in mdr.GSPR:
        row = rows[f"{req.clause} {req.title}"]
        judged = {item_status(items[i]) for i in req.supports}
        if judged == {Status.MET}:
            assert row.status is Status.MET
        elif judged == {Status.NOT_MET}:
            assert row.status is Status.NOT_MET, req.id
        else:
            assert row.status is Status.PARTLY, req.id
        assert row.text.startswith("Applicable: yes. Standards applied: ")


def test_standards_are_asked_once_and_cap_every_row_while_open(example: DocumentInputs) -> None:
    strong = with_answers(
        with_statuses(example, ItemStatus.PASS),
        safety_risk_file="RMF-12",
        minimum_it_requirements="MITR v2",
        labeling="IFU-9 v4",
        benefit_risk="BRA-3",
        postmarket_plan="PMS-PLAN-7",
    )
    sections = SPEC.sections(strong)
    gspr = _section(sections, "gspr")
    assert {r.status for r in gspr.statements} == {Status.PARTLY}
    assert [q.key for q in gspr.open_questions] == ["standards_applied"]
    assert _section(sections, "standards").open_questions[0].key == "standards_applied"
    done = SPEC.sections(with_answers(strong, standards_applied=STANDARDS))
    rows = _section(done, "gspr").statements
    assert {r.status for r in rows} == {Status.MET}
    assert all(not s.open_questions for s in done)
    first = rows[0]  # 1-4,8: ISO 14971 and IEC 81001-5-1 fit it, IEC 62304 does not
    assert "Standards applied: IEC 81001-5-1:2021, EN ISO 14971:2019+A11:2021." in first.text
    assert any(
        r.path == "documents/answers.yaml" and r.record == "standards_applied"
        for r in first.evidence
    )
    skills = next(r for r in rows if (r.label or "").startswith("Annex I 23.4(j) "))
    assert "Standards applied: none of the declared standards (usually IEC/TR 80001-2-2)" in (
        skills.text
    )


def test_the_standards_table_says_what_medsec_covers(example: DocumentInputs) -> None:
    section = _section(
        SPEC.sections(with_answers(example, standards_applied=STANDARDS)), "standards"
    )
    rows = {row.cells[0]: row.cells for row in section.tables[0].rows}
    assert rows["IEC 62304"][2] == "yes" and rows["AAMI TIR57"][2] == "no"
    assert "SBOM" in rows["IEC 62304"][3] and "outside medsec" in rows["EN IEC 60601-1"][3]
    assert rows["ISO 14971"][4] == "not met"  # the example's threat and risk analysis fails
    open_ = _section(SPEC.sections(example), "standards")
    assert open_.status is Status.PARTLY and {row.cells[2] for row in open_.tables[0].rows} == {
        "open"
    }


def test_software_only_products_drop_the_60601_parts(example: DocumentInputs) -> None:
    p = example.ctx.project
    parts = tuple(e for e in p.elements if e.is_software)  # an app and its cloud, say
    project = replace(p, boundaries=(), elements=parts)
    app = replace(example, ctx=replace(example.ctx, project=project))
    cells = {row.cells[0] for row in _section(SPEC.sections(app), "standards").tables[0].rows}
    assert not any("60601" in c for c in cells)
    with_hw = {row.cells[0] for row in _section(SPEC.sections(example), "standards").tables[0].rows}
    assert "EN IEC 60601-1" in with_hw


@pytest.mark.parametrize(
    ("declared", "standard", "expected"),
    [
        ("EN IEC 62304:2006+A1:2015", "IEC 62304", True),
        ("IEC 81001-5-1:2021", "IEC 81001-5-1", True),
        ("IEC 60601-1-2:2014", "EN IEC 60601-1", False),
        ("IEC 60601-1:2005+A2:2020", "EN IEC 60601-1", True),
        ("AAMI TIR57:2016/(R)2023", "AAMI TIR57", True),
        ("ISO 14971", "IEC 62304", False),
    ],
)
def test_declared_standards_match_by_number(declared: str, standard: str, expected: bool) -> None:
    assert declares(declared, standard) is expected


def test_not_applicable_gspr_rows_say_no_and_why(example: DocumentInputs) -> None:
    record = {"requirement": "MDR:AnnexI-23.4(j)", "rationale": "No user IT skills are needed."}
    rows = _gspr_rows(with_answers(example, not_applicable=(record,), standards_applied=STANDARDS))
    row = rows["23.4(j)"]
    assert row.status is Status.NOT_APPLICABLE
    assert row.text == "Applicable: no. Not applicable: No user IT skills are needed."


def test_builds_in_markdown_and_json_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    copy_example(tmp_path)
    for fmt in ("md", "json"):
        out = tmp_path / f"mdr.{fmt}"
        code = main(["docs", "build", NAME, "--doc", DOC, "--format", fmt, "-o", str(out), *TODAY])
        assert code == 0
    text = (tmp_path / "mdr.md").read_text()
    assert "GSPR checklist (cybersecurity)" in text and "MDCG 2019-16 expectations" in text
    document = json.loads((tmp_path / "mdr.json").read_text())
    ids = [s["id"] for s in document["sections"]]
    assert ids == ["evidence-status", "applicability", "standards", "gspr", "mdcg-2019-16"]
    keys = {q["key"] for q in document["open_questions"]}
    assert {"standards_applied", "labeling", "minimum_it_requirements"} <= keys
