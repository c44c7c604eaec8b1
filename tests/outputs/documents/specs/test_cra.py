"""``cra``: the CRA document for the products with digital elements (``cra_scope: true``).

The example states its remote-service cloud in CRA scope and its clinician app outside it.
Twins: the example with a KEV-listed starlette finding on the cloud service, scanned on
2026-12-01 and judged on 2026-12-05 (two Art. 14 reports overdue, one due: the twin of
``tests/cli/test_cra_clock_cli.py``); the example with no element in scope; with scopes unknown.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import orjson
import pytest
from tests.conftest import EXAMPLE
from tests.outputs.documents.specs.checked_example import (
    checked,
    copy_example,
    with_answers,
    with_statuses,
)

from medsec.cli.main import main
from medsec.domain.checklist import ItemId, ItemStatus
from medsec.domain.document import Answers, AnswerValue, EvidenceRef, Section, Status
from medsec.domain.errors import InputError
from medsec.domain.model import Element
from medsec.engines.frameworks.cra import ANNEX_I_PART_I, ANNEX_I_PART_II, ANNEX_VII
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.cra import SPEC, applicable
from medsec.outputs.documents.specs.cra.questions import QUESTIONS
from medsec.outputs.documents.specs.cra.restrict import narrow
from medsec.services.check import CheckOptions
from medsec.services.check import run as run_check

DOC = "cra"
NAME = EXAMPLE.name
SECTIONS = [
    "evidence-status",
    "scope",
    "classification",
    "annex-i-part-i",
    "part-i-facts",
    "annex-i-part-ii",
    "part-ii-facts",
    "art-14-clock",
    "support-period",
    "annex-vii",
]
KEV = {
    "catalogVersion": "2026.12.01",
    "dateReleased": "2026-12-01T00:00:00.000Z",
    "vulnerabilities": [
        {
            "cveID": "CVE-2024-47874",
            "vendorProject": "Encode",
            "product": "Starlette",
            "dateAdded": "2026-11-30",
        }
    ],
}
ENTRY = "  CVE-2024-47874@pkg:pypi/starlette:\n    state: exploitable\n"
JUDGED = date(2026, 12, 5)
# every question the example leaves open is answered here (hardware: the cloud is software)
ANSWERED: dict[str, AnswerValue] = {
    "automatic_updates": "Yes: rolled out by the fleet operator, opt-out per tenant",
    "decommissioning": "Security guide SG-4, chapter 9",
    "separate_security_updates": "Yes: security releases are patch releases",
    "advisories": "https://acme-medical.example/security/advisories",
    "free_security_updates": "Yes, with an advisory each",
    "cra_reporting": "The PSIRT lead; the clock starts when a KEV listing reaches triage",
    "cra_product_class": "default",
    "cra_conformity_route": "module A (internal control)",
    "support_period_end": date(2036, 12, 31),
    "support_period": "Expected use of the fleet service: 10 years (PMS plan PMS-IP-3 §4)",
    "labeling": "IFU-9 v4, security guide SG-4",
    "production_processes": "SOP-REL-2 (validated 2026-03)",
    "standards_applied": ("IEC 81001-5-1:2021", "EN 18031-1:2024"),
    "declaration_of_conformity": "DoC-CRA-1",
}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> DocumentInputs:
    """The example as judged on 2026-12-04, no answers."""
    return checked(copy_example(tmp_path_factory.mktemp("cra")))


@pytest.fixture(scope="module")
def kev_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example, its advisories and the KEV catalogue imported, scanned on 2026-12-01."""
    tmp = tmp_path_factory.mktemp("cra-kev")
    folder = copy_example(tmp)
    kev = tmp / "kev.json"
    kev.write_bytes(orjson.dumps(KEV))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MEDSEC_DB", str(tmp / "db.sqlite"))
        mp.setenv("CI", "true")
        assert main(["db", "import", str(folder / "advisories")]) == 0
        assert main(["db", "import", str(kev)]) == 0
        scan = ["scan", str(folder), "--today", "2026-12-01", "--output", str(tmp / "scan.json")]
        assert main(scan) in (0, 1)
        yield folder


def _judged(folder: Path, **answers: AnswerValue) -> DocumentInputs:
    """The project as medsec check judges it on 2026-12-05, with ``answers``."""
    result = run_check(CheckOptions(folder, JUDGED))
    inputs = DocumentInputs(result.checklist, result.context, Answers({}), lambda dot: None)
    return with_answers(inputs, **answers) if answers else inputs


def _sections(inputs: DocumentInputs) -> dict[str, Section]:
    return {s.id: s for s in SPEC.sections(inputs)}


def _with_elements(inputs: DocumentInputs, **changes: dict[str, object]) -> DocumentInputs:
    """The same evidence with some elements' attributes changed (element id -> changes)."""
    p = inputs.ctx.project
    elements: list[Element] = [
        replace(e, **changes[e.id]) if e.id in changes else e  # type: ignore[arg-type]
        for e in p.elements
    ]
    project = replace(p, elements=tuple(elements))
    return replace(inputs, ctx=replace(inputs.ctx, project=project))


def _record(folder: Path, reports: str) -> None:
    """Set the starlette entry's ``cra_reports`` to ``reports`` (a YAML flow mapping)."""
    path = folder / "vulnerabilities.yaml"
    text = path.read_text(encoding="utf-8")
    assert ENTRY in text
    path.write_text(text.replace(ENTRY, f"{ENTRY}    cra_reports: {reports}\n"), encoding="utf-8")


def test_the_sections_cover_the_cloud_service_and_leave_the_device_out(
    example: DocumentInputs,
) -> None:
    sections = _sections(example)
    assert list(sections) == SECTIONS
    scope = sections["scope"]
    assert [r.cells[0] for r in scope.tables[0].rows] == ["cloud-service"]
    assert scope.tables[0].rows[0].evidence[0].line is not None
    texts = " ".join(s.text for s in scope.statements)
    assert "Art. 2(2)(a)" in texts and "Outside CRA scope" in texts and "clinician-app" in texts
    assert not scope.open_questions and scope.status is Status.INFO
    assert [r.label for r in sections["annex-i-part-i"].statements] == [
        f"{r.clause} {r.title}" for r in ANNEX_I_PART_I
    ]
    assert [r.label for r in sections["annex-i-part-ii"].statements] == [
        f"{r.clause} {r.title}" for r in ANNEX_I_PART_II
    ]
    assert [r.label for r in sections["annex-vii"].statements] == [
        f"{i.number} {i.title}" for i in ANNEX_VII
    ]
    facts = sections["part-ii-facts"]
    assert [r.cells[:2] for r in facts.tables[0].rows] == [
        ("cloud-service", "sbom/cloud-service.cdx.json")
    ]
    assert any("psirt@acme-medical.example" in s.text for s in facts.statements)


def test_findings_on_the_medical_device_are_set_aside_others_count(
    example: DocumentInputs,
) -> None:
    narrowed = narrow(example, frozenset({"cloud-service"}))
    concept = narrowed[ItemId.SECURITY_CONCEPT.value]
    # check fails the item for the pump's open UART console; the cloud's surface growth stays
    judged = {r.id: r for r in example.checklist.items}
    assert judged[ItemId.SECURITY_CONCEPT].status is ItemStatus.FAIL
    assert concept.item.status is ItemStatus.GAP and "pump-fw" in concept.aside
    assert [f.rule for f in concept.item.findings] == ["security-concept/surface-grew"]
    sbom = narrowed[ItemId.SBOM.value].item
    assert {f.subject for f in sbom.findings} == {"element:cloud-service"}
    assert all("pump-fw" not in (e.path or "") for e in sbom.evidence)
    # everything concerns the cloud: nothing is set aside, the check's status stands
    whole = narrow(example, frozenset(e.id for e in example.ctx.project.elements))
    assert all(n.item == r for n, r in zip(whole.values(), example.checklist.items, strict=True))


def test_rows_are_never_met_while_a_narrowed_item_behind_them_does_not_pass(
    example: DocumentInputs,
) -> None:
    for inputs in (example, with_answers(example, **ANSWERED)):
        narrowed = narrow(inputs, frozenset({"cloud-service"}))
        sections = _sections(inputs)
        for req, row in zip(
            (*ANNEX_I_PART_I, *ANNEX_I_PART_II),
            (*sections["annex-i-part-i"].statements, *sections["annex-i-part-ii"].statements),
            strict=True,
        ):
            statuses = {narrowed[i.value].item.status for i in req.supports}
            if statuses != {ItemStatus.PASS}:
                assert row.status is not Status.MET, req.id
            if ItemStatus.FAIL in statuses and len(statuses) == 1:
                assert row.status is Status.NOT_MET, req.id
        outline = {r.label: r for r in sections["annex-vii"].statements}
        for item in ANNEX_VII:
            statuses = {narrowed[i.value].item.status for i in item.supports}
            if statuses - {ItemStatus.PASS}:
                assert outline[f"{item.number} {item.title}"].status is not Status.MET, item.id
    assert outline["3 Cybersecurity risk assessment"].status is Status.NOT_MET
    strong = with_answers(with_statuses(example, ItemStatus.PASS), **ANSWERED)
    sections = _sections(strong)
    assert {r.status for r in sections["annex-vii"].statements} <= {
        Status.MET,
        Status.INFO,
        Status.NOT_APPLICABLE,
    }
    for section in ("annex-i-part-i", "annex-i-part-ii", "support-period", "classification"):
        assert sections[section].status is Status.MET, section


def test_an_overdue_art14_report_fails_vulnerability_handling_as_check_does(
    kev_project: Path, tmp_path: Path
) -> None:
    sections = _sections(_judged(kev_project))
    handling = sections["annex-i-part-ii"]
    assert handling.status is Status.NOT_MET
    assert handling.statements[-1].label == "Annex I Part II (overall)"
    clock = sections["art-14-clock"]
    assert clock.status is Status.NOT_MET
    [row] = clock.tables[0].rows
    assert row.cells == (
        "CVE-2024-47874 in starlette 0.36.3",
        "cloud-service",
        "on CISA's KEV list",
        "2026-12-01 (first seen in a scan)",
        "due 2026-12-01: overdue",
        "due 2026-12-03: overdue",
        "due 2026-12-15: due",
    )
    assert row.evidence[0].path == "vulnerabilities.yaml" and row.evidence[0].line
    assert row.evidence[1].path == "records/scans/2026-12-01.json"
    assert row.evidence[1].date == date(2026, 12, 1)
    out = tmp_path / "check.json"
    args = ["check", str(kev_project), "--today", "2026-12-05", "--format", "json", "-o", str(out)]
    main(args)
    [vm] = [
        i for i in json.loads(out.read_text())["items"] if i["id"] == "vulnerability-management"
    ]
    judged = [f["message"] for f in vm["findings"] if "/cra-report-" in f["rule"]]
    stated = [s.text for s in clock.statements if s.gap]
    assert judged == stated and len(judged) == 2
    assert [s.status for s in clock.statements if s.gap] == [Status.NOT_MET, Status.PARTLY]


def test_recorded_reports_clear_the_clock(kev_project: Path) -> None:
    path = kev_project / "vulnerabilities.yaml"
    original = path.read_text(encoding="utf-8")
    try:
        _record(kev_project, "{early_warning: 2026-12-02, notification: 2026-12-02}")
        due = _sections(_judged(kev_project))["art-14-clock"]
        assert due.status is Status.PARTLY
        assert due.tables[0].rows[0].cells[4:] == (
            "due 2026-12-01: late, sent 2026-12-02",
            "due 2026-12-03: done, sent 2026-12-02",
            "due 2026-12-15: due",
        )
        path.write_text(original, encoding="utf-8")
        reports = "{early_warning: 2026-12-01, notification: 2026-12-02, final_report: 2026-12-04}"
        _record(kev_project, reports)
        clock = _sections(_judged(kev_project, cra_reporting="PSIRT lead"))["art-14-clock"]
        assert clock.status is Status.MET and not clock.open_questions
        assert clock.tables[0].rows[0].cells[4:] == (
            "due 2026-12-01: done, sent 2026-12-01",
            "due 2026-12-03: done, sent 2026-12-02",
            "due 2026-12-15: done, sent 2026-12-04",
        )
        # the KEV finding itself is still neither remediated nor mitigated: that alone fails
        verdict = _sections(_judged(kev_project))["annex-i-part-ii"].statements[-1]
        assert "KEV list" in verdict.text and "Art. 14" not in verdict.text
    finally:
        path.write_text(original, encoding="utf-8")


def test_without_a_scan_the_clock_says_it_cannot_be_computed(example: DocumentInputs) -> None:
    clock = _sections(example)["art-14-clock"]
    assert clock.status is Status.PARTLY
    assert clock.tables[0].empty.startswith("No CVE scan record")
    assert any(s.gap == "no CVE scan record" for s in clock.statements)


def test_no_element_in_scope_is_not_applicable(example: DocumentInputs) -> None:
    out = _with_elements(example, **{"cloud-service": {"cra_scope": False}})
    reason = applicable(out.ctx)
    assert (
        reason == "no element is in CRA scope: clinician-app, cloud-service state cra_scope: false"
    )
    device = replace(out.ctx.project.device, markets=("US",))
    us = replace(out.ctx, project=replace(out.ctx.project, device=device))
    assert applicable(us) == (
        "no element is in CRA scope: clinician-app, cloud-service state cra_scope: false"
    )
    unstated = _with_elements(
        example, **{"cloud-service": {"cra_scope": None}, "clinician-app": {"cra_scope": None}}
    )
    device_us = replace(unstated.ctx.project.device, markets=("US",))
    project = replace(unstated.ctx.project, device=device_us)
    reason = applicable(replace(unstated.ctx, project=project))
    assert reason == "no element is in CRA scope: the device is not sold in the EU (markets: US)"
    assert applicable(example.ctx) is None


def test_all_lists_the_reason_in_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    project = copy_example(tmp_path)
    model = project / "medsec.yaml"
    text = model.read_text(encoding="utf-8")
    assert "\n    cra_scope: true\n" in text
    model.write_text(text.replace("\n    cra_scope: true\n", "\n    cra_scope: false\n"))
    args = ["docs", "build", NAME, "--all", "-o", "out", "--format", "md", "--today", "2026-12-04"]
    assert main(args) == 0
    assert not (tmp_path / "out" / "cra.md").exists()
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    [entry] = [d for d in index["documents"] if d["id"] == DOC]
    assert entry["file"] is None and entry["reason"].startswith("no element is in CRA scope: ")


def test_unknown_scope_is_asked_never_silently_in_or_out(example: DocumentInputs) -> None:
    unknown = _with_elements(
        example, **{"cloud-service": {"cra_scope": None}, "clinician-app": {"cra_scope": None}}
    )
    assert applicable(unknown.ctx) is None
    scope = _sections(unknown)["scope"]
    assert scope.status is Status.PARTLY and not scope.tables[0].rows
    assert [q.answer_in for q in scope.open_questions] == [
        "medsec.yaml: elements[clinician-app].cra_scope: true|false",
        "medsec.yaml: elements[cloud-service].cra_scope: true|false",
    ]
    assert "cloud-service" not in " ".join(s.text for s in scope.statements)


def test_every_statement_has_evidence(example: DocumentInputs, kev_project: Path) -> None:
    strong = with_answers(with_statuses(example, ItemStatus.PASS), **ANSWERED)
    for inputs in (example, strong, _judged(kev_project)):
        for section in SPEC.sections(inputs):
            for statement in section.statements:
                assert statement.evidence, (section.id, statement.text)
            for table in section.tables:
                assert all(row.evidence for row in table.rows), (section.id, table.caption)


def test_answers_close_the_open_questions(example: DocumentInputs) -> None:
    asked = {q.key for s in SPEC.sections(example) for q in s.open_questions}
    assert asked == {q.key for q in QUESTIONS} - {
        "approvals",
        "not_applicable",
        "hardware_illustrations",  # the cloud service is software: 1(c) does not apply
    }
    done = SPEC.sections(with_answers(example, **ANSWERED))
    assert not [q for s in done for q in s.open_questions]
    vii = {r.label: r for r in next(s for s in done if s.id == "annex-vii").statements}
    doc = vii["7 EU declaration of conformity"]
    assert doc.status is Status.MET and any(
        r.record == "declaration_of_conformity" for r in doc.evidence
    )


def test_hardware_illustrations_are_asked_of_hardware_in_scope(example: DocumentInputs) -> None:
    vii = {r.label: r for r in _sections(example)["annex-vii"].statements}
    assert vii["1(c) Hardware illustrations"].status is Status.NOT_APPLICABLE
    pump = _with_elements(example, **{"pump-fw": {"cra_scope": True}})
    section = _sections(pump)["annex-vii"]
    row = next(r for r in section.statements if r.label == "1(c) Hardware illustrations")
    assert row.status is Status.NOT_MET
    assert "hardware_illustrations" in {q.key for q in section.open_questions}


@pytest.mark.parametrize(
    ("klass", "route", "expected"),
    [
        ("default", "module A (internal control)", Status.MET),
        ("important-class-ii", "module A", Status.NOT_MET),
        ("important-class-ii", "EU-type examination, module B+C", Status.MET),
        ("critical", "EUCC certification scheme, substantial", Status.MET),
        ("default", "we will decide later", Status.PARTLY),
    ],
)
def test_the_route_must_be_one_the_class_allows(
    example: DocumentInputs, klass: str, route: str, expected: Status
) -> None:
    inputs = with_answers(example, cra_product_class=klass, cra_conformity_route=route)
    section = _sections(inputs)["classification"]
    assert section.status is expected
    assert not section.open_questions


def test_an_unknown_class_is_a_located_error(example: DocumentInputs) -> None:
    with pytest.raises(InputError) as raised:
        SPEC.sections(with_answers(example, cra_product_class="class 1"))
    [problem] = raised.value.problems
    assert problem.line == 1 and "important-class-i" in (problem.hint or "")


@pytest.mark.parametrize(
    ("end", "why", "expected"),
    [
        (date(2036, 12, 31), None, Status.PARTLY),
        (date(2036, 12, 31), "10 years of expected use", Status.MET),
        (date(2028, 6, 30), None, Status.PARTLY),
        (date(2028, 6, 30), "the service contract runs 18 months", Status.MET),
        (date(2026, 6, 30), "ended", Status.NOT_MET),
    ],
)
def test_the_support_period_reaches_five_years_or_says_why_not(
    example: DocumentInputs, end: date, why: str | None, expected: Status
) -> None:
    answers: dict[str, AnswerValue] = {"support_period_end": end}
    if why:
        answers["support_period"] = why
    section = _sections(with_answers(example, **answers))["support-period"]
    assert section.status is expected
    short = [s for s in section.statements if s.gap]
    assert bool(short) is (expected is not Status.MET and end < date(2031, 12, 4))


def test_a_requirement_declared_not_applicable_says_why(example: DocumentInputs) -> None:
    record = {
        "requirement": "CRA:AnnexI-PartI(2)(m)",
        "rationale": "The service keeps no user data.",
    }
    rows = _sections(with_answers(example, not_applicable=(record,)))["annex-i-part-i"].statements
    row = next(r for r in rows if (r.label or "").startswith("Annex I Part I (2)(m)"))
    assert row.status is Status.NOT_APPLICABLE and "keeps no user data" in row.text


def test_builds_in_markdown_and_json_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    project = copy_example(tmp_path)
    (project / "documents").mkdir()
    (project / "documents" / "answers.yaml").write_text("cra_product_class: default\n")
    for fmt in ("md", "json"):
        out = tmp_path / f"cra.{fmt}"
        args = ["docs", "build", NAME, "--doc", DOC, "--format", fmt, "-o", str(out)]
        assert main([*args, "--today", "2026-12-04"]) == 0
    text = (tmp_path / "cra.md").read_text()
    assert "Annex I Part II: vulnerability handling" in text and "| cloud-service |" in text
    doc = json.loads((tmp_path / "cra.json").read_text())
    assert [s["id"] for s in doc["sections"]] == SECTIONS
    keys = {q["key"] for s in doc["sections"] for q in s["open_questions"]}
    assert "cra_conformity_route" in keys and "cra_product_class" not in keys


def test_the_support_data_of_the_product_gives_the_end_date(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    support = project / "support.yaml"
    text = support.read_text(encoding="utf-8")
    rule = (
        "components:\n"
        '  - purl: "pkg:oci/acme/remote-service-cloud"\n'
        "    level: support\n"
        "    end_of_support: 2036-12-31\n"
        "    rationale: ACME FleetCare, security updates for ten years\n"
    )
    support.write_text(text.replace("components:\n", rule, 1), encoding="utf-8")
    inputs = checked(project)
    [fact] = [s for s in inputs.ctx.sboms if s.element == "cloud-service"]
    assert fact.product_end_of_support == date(2036, 12, 31)
    section = _sections(inputs)["support-period"]
    [said] = [s for s in section.statements if s.text.startswith("The support period ends")]
    assert "2036-12-31" in said.text and "support data" in said.text
    assert said.evidence == (
        EvidenceRef("support.yaml", record="pkg:oci/acme/remote-service-cloud"),
    )
    assert [q.key for q in section.open_questions] == ["support_period"]
    # the example's own support.yaml says nothing of the cloud product: the date is asked
    plain = _sections(checked(copy_example(tmp_path / "plain")))["support-period"]
    assert [q.key for q in plain.open_questions] == ["support_period_end", "support_period"]


def test_before_art14_applies_the_clock_is_not_judged(kev_project: Path) -> None:
    inputs = _judged(kev_project)
    early = replace(inputs, ctx=replace(inputs.ctx, today=date(2026, 9, 10)))
    clock = _sections(early)["art-14-clock"]
    assert clock.status is Status.INFO and not clock.tables[0].rows
    assert clock.tables[0].empty.startswith("Art. 14 applies from 2026-09-11")
