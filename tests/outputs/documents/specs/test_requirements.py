"""The shared requirement-row builder: statuses follow the checklist, answers, not-applicable."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from tests.outputs.documents.specs.checked_example import (
    ANSWERS,
    checked,
    copy_example,
    with_answers,
    with_statuses,
)

from medsec.domain.checklist import ItemId, ItemStatus
from medsec.domain.document import EvidenceRef, Status
from medsec.domain.errors import InputError
from medsec.domain.framework import Condition, Requirement
from medsec.engines.compliance.context import SbomFact, ScanRecordFact
from medsec.engines.frameworks import requirement
from medsec.outputs.documents.requirements import (
    NOT_APPLICABLE,
    condition_holds,
    matrix_section,
    question,
    requirement_questions,
    requirement_row,
)
from medsec.outputs.documents.spec import DocumentInputs

PASS, GAP, FAIL = ItemStatus.PASS, ItemStatus.GAP, ItemStatus.FAIL
SBOM, VULN = ItemId.SBOM, ItemId.VULNERABILITY_MANAGEMENT


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> DocumentInputs:
    """The example as judged today (no item passes, security-concept fails)."""
    return checked(copy_example(tmp_path_factory.mktemp("req")))


def _req(
    *supports: ItemId, answer: str | None = None, when: Condition | None = None
) -> Requirement:
    """A catalogue-shaped row for the builder (the real catalogue rows are tested too)."""
    return Requirement(
        id="IEC81001-5-1:6.3.1",
        framework="IEC 81001-5-1",
        clause="6.3.1",
        title="Documentation of security updates for supported software",
        gist="",
        evidence="",
        supports=supports,
        answer=answer,
        answer_prompt="?" if answer else None,
        not_applicable_when=when,
    )


def test_all_items_pass_and_the_answer_given_is_met_citing_the_answer(
    example: DocumentInputs,
) -> None:
    inputs = with_answers(with_statuses(example, PASS), patch_compatibility="See SEC-GUIDE v2")
    row, q = requirement_row(_req(SBOM, VULN, answer="patch_compatibility"), inputs)
    assert row.status is Status.MET and q is None
    assert row.label == "6.3.1 Documentation of security updates for supported software"
    assert EvidenceRef(ANSWERS, 1, "patch_compatibility") in row.evidence
    assert EvidenceRef("medsec check", record="sbom") in row.evidence
    assert "See SEC-GUIDE v2" in row.text and row.gap is None and row.fix is None


def test_an_open_answer_caps_the_row_at_partly_and_asks(example: DocumentInputs) -> None:
    row, q = requirement_row(_req(SBOM, answer="patch_compatibility"), with_statuses(example, PASS))
    assert row.status is Status.PARTLY
    assert q is not None and q.key == "patch_compatibility"
    assert q.answer_in == "documents/answers.yaml: patch_compatibility"
    assert row.gap and "patch_compatibility" in row.gap
    assert row.fix and "documents/answers.yaml: patch_compatibility" in row.fix


def test_a_row_behind_only_a_failing_item_is_not_met_with_its_findings(
    example: DocumentInputs,
) -> None:
    inputs = with_answers(example, postmarket_plan="PMS-PLAN-7")
    concept = next(r for r in inputs.checklist.items if r.id is ItemId.SECURITY_CONCEPT)
    assert concept.status is FAIL  # the example as checked
    row, _ = requirement_row(_req(ItemId.SECURITY_CONCEPT, answer="postmarket_plan"), inputs)
    assert row.status is Status.NOT_MET
    first_failure = next(f for f in concept.findings if f.severity is FAIL)
    assert row.gap and row.gap.startswith(f"{concept.title}: {first_failure.message}")
    assert row.fix and first_failure.fix and row.fix.startswith(first_failure.fix)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ({SBOM: PASS, VULN: PASS}, Status.MET),
        ({SBOM: PASS, VULN: FAIL}, Status.PARTLY),
        ({SBOM: GAP, VULN: PASS}, Status.PARTLY),
        ({SBOM: FAIL, VULN: FAIL}, Status.NOT_MET),
    ],
)
def test_statuses_combine_and_never_read_met_while_an_item_does_not_pass(
    example: DocumentInputs, statuses: dict[ItemId, ItemStatus], expected: Status
) -> None:
    row, _ = requirement_row(_req(SBOM, VULN), with_statuses(example, statuses))
    assert row.status is expected


def test_nothing_behind_a_requirement_is_not_met_with_a_question(example: DocumentInputs) -> None:
    row, q = requirement_row(_req(), example)
    assert row.status is Status.NOT_MET
    assert q is not None and q.key == NOT_APPLICABLE.key and "IEC81001-5-1:6.3.1" in q.text
    answered, q2 = requirement_row(_req(answer="qms"), with_answers(example, qms="ISO 13485"))
    assert answered.status is Status.MET and q2 is None


def test_a_declared_not_applicable_carries_its_rationale_and_keeps_failures_visible(
    example: DocumentInputs,
) -> None:
    record = {"requirement": "IEC81001-5-1:6.3.1", "rationale": "The operator patches nothing."}
    inputs = with_answers(example, not_applicable=(record,))
    row, q = requirement_row(_req(ItemId.SECURITY_CONCEPT), inputs)
    assert row.status is Status.NOT_APPLICABLE and q is None
    assert row.text == "Not applicable: The operator patches nothing."
    assert row.evidence[0] == EvidenceRef(ANSWERS, 1, "IEC81001-5-1:6.3.1")
    assert row.gap and "fail" in row.gap  # the checklist still says so


def test_a_not_applicable_record_naming_no_requirement_is_a_located_error(
    example: DocumentInputs,
) -> None:
    inputs = with_answers(example, not_applicable=({"requirement": "5.8.4", "rationale": "x"},))
    with pytest.raises(InputError) as raised:
        requirement_row(_req(SBOM), inputs)
    text = raised.value.diagnostics()
    assert "documents/answers.yaml:1" in text and "IEC81001-5-1:5.8.4" in text


def _sboms(*classes: tuple[str, int]) -> tuple[SbomFact, ...]:
    return (SbomFact("fw", "sbom/fw.cdx.json", True, components=3, classes=classes),)


def test_a_condition_is_not_applicable_only_when_the_evidence_establishes_it(
    example: DocumentInputs,
) -> None:
    req = _req(SBOM, when=Condition.NO_SUPPORTED_SOFTWARE)
    only_maintained = replace(example, ctx=replace(example.ctx, sboms=_sboms(("maintained", 3))))
    row, q = requirement_row(req, only_maintained)
    assert row.status is Status.NOT_APPLICABLE and q is None
    assert Condition.NO_SUPPORTED_SOFTWARE.rationale.rstrip(".") in row.text
    assert row.evidence[0] == EvidenceRef("sbom/fw.cdx.json", record="component classes")
    for classes in ((("maintained", 2), ("", 1)), (("supported", 3),), ()):
        ctx = replace(example.ctx, sboms=_sboms(*classes))
        assert not condition_holds(Condition.NO_SUPPORTED_SOFTWARE, ctx)
    # the example has supported and required software: read from its SBOMs and support.yaml
    found = {k for s in example.ctx.sboms for k, _ in s.classes}
    assert {"supported", "required"} <= found
    assert requirement_row(req, example)[0].status is not Status.NOT_APPLICABLE
    assert not condition_holds(Condition.NOT_LEGACY, example.ctx)  # no fact: never assumed


def test_evidence_names_dated_records(example: DocumentInputs) -> None:
    pentest, _ = requirement_row(requirement("IEC81001-5-1:5.7.4"), example)
    reports = [r for r in pentest.evidence if r.path.startswith("pentests/pt-2026/")]
    assert reports and all(r.date == date(2026, 8, 20) for r in reports if r.record == "pt-2026")
    scan = ScanRecordFact("records/scans/2026-12-01.json", date(2026, 12, 1), 0, ("fw",), 2, 0)
    inputs = replace(example, ctx=replace(example.ctx, scans=(scan,)))
    cve, _ = requirement_row(requirement("IEC81001-5-1:9.4"), inputs)
    assert EvidenceRef(scan.path, record="CVE scan", date=scan.date) in cve.evidence
    assert all(row.evidence for row in (pentest, cve))


def test_questions_are_one_per_key_with_their_kind() -> None:
    reqs = [_req(answer="qms"), _req(answer="qms"), _req(answer="standards_applied")]
    keys = [q.key for q in requirement_questions(reqs)]
    assert keys == ["qms", "standards_applied", "not_applicable"]
    assert question("standards_applied").kind.value == "list"


def test_a_matrix_section_asks_each_question_once(example: DocumentInputs) -> None:
    rows = [requirement_row(_req(SBOM, answer="qms"), example) for _ in range(3)]
    section = matrix_section("s", "S", rows)
    assert section.matrix and [q.key for q in section.open_questions] == ["qms"]
    assert section.status is Status.PARTLY  # the example's sbom item is a gap
