"""``fda-premarket``: the Appendix 4 set in order, statuses as ``medsec check`` judged them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
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
from medsec.domain.checklist import ItemId, ItemStatus
from medsec.domain.document import AnswerKind, AnswerValue, Section, Status
from medsec.domain.vocabulary import ControlCategory
from medsec.domain.vulnerability import ComponentRef, Confidence, Finding, MatchDetail, Matcher
from medsec.engines.frameworks import requirement
from medsec.engines.frameworks.fda_artefacts import ARTEFACTS
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.fda_premarket import QUESTIONS, SPEC, build
from medsec.project import scan_records

DOC = "fda-premarket"
NAME = EXAMPLE.name
TODAY = ["--today", "2026-12-04"]
# REGULATORY.md §B.1 #1-16, in the order of the guidance's Appendix 4 table
CHAPTERS = (
    ("risk-management-report", "risk management report"),
    ("threat-model", "Threat model"),
    ("risk-assessment", "risk assessment"),
    ("sbom", "SBOM"),
    ("vulnerability-assessment", "Vulnerability assessment"),
    ("unresolved-anomalies", "Unresolved anomalies"),
    ("traceability", "Traceability"),
    ("metrics", "metrics"),
    ("architecture-views", "architecture views"),
    ("security-requirements", "requirements"),
    ("testing", "testing"),
    ("labeling", "labeling"),
    ("management-plan", "management plan"),
    ("processes-524b-b2", "524B(b)(2)"),
    ("cyber-device", "Cyber device"),
    ("ide-subset", "IDE"),
)
JUDGED = 14  # chapters 15 and 16 are a determination and a pointer, not judged by items
RANK = {Status.MET: 0, Status.PARTLY: 1, Status.NOT_MET: 2}
ITEM = {ItemStatus.PASS: Status.MET, ItemStatus.GAP: Status.PARTLY, ItemStatus.FAIL: Status.NOT_MET}
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200pt" height="80pt" viewBox="0 0 200 80">'
    '<text x="10" y="40" font-size="12">drawn</text></svg>'
)


def _value(kind: AnswerKind, columns: tuple[str, ...]) -> AnswerValue:
    """A plausible answer of each kind."""
    if kind is AnswerKind.RECORDS:
        return ({c: f"{c} of record 1" for c in columns},)
    if kind is AnswerKind.LIST:
        return ("The hospital network is hostile.", "Service staff have physical access.")
    return "SEC-DOC-1 v2 (2026-11-20)"


EVERY_ANSWER = {q.key: _value(q.kind, q.columns) for q in QUESTIONS}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> DocumentInputs:
    """The example as judged today, no answers, no drawings."""
    return checked(copy_example(tmp_path_factory.mktemp("fda")))


@pytest.fixture(scope="module")
def strong(example: DocumentInputs) -> DocumentInputs:
    """The example with every item passing and every question answered."""
    return with_answers(with_statuses(example, ItemStatus.PASS), **EVERY_ANSWER)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example, the current folder its parent."""
    monkeypatch.chdir(tmp_path)
    return copy_example(tmp_path)


def _chapters(sections: tuple[Section, ...]) -> dict[str, Section]:
    """The level-1 chapters after the checklist status, by id."""
    return {s.id: s for s in sections[1:] if s.level == 1}


def _parts(sections: tuple[Section, ...], chapter: str) -> list[Section]:
    """The level-2 parts of one chapter."""
    return [s for s in sections if s.level == 2 and s.id.startswith(f"{chapter}-")]


def _items_behind(number: int) -> set[ItemId]:
    """The checklist items the FDA catalogue rows of artefact ``number`` rest on."""
    rows = [requirement(r) for r in ARTEFACTS[number - 1].requirements if r.startswith("FDA-")]
    return {i for r in rows for i in r.supports}


def _worst_item(inputs: DocumentInputs, number: int) -> Status:
    """The worst status of the items behind a chapter, from the checklist itself."""
    behind = _items_behind(number)
    return max(
        (ITEM[r.status] for r in inputs.checklist.items if r.id in behind), key=RANK.__getitem__
    )


def test_chapters_are_the_appendix_4_set_in_its_order(example: DocumentInputs) -> None:
    sections = build(example)
    assert sections[0].id == "evidence-status"
    assert len({s.id for s in sections}) == len(sections)  # ids key revisions and JSON
    chapters = [s for s in sections[1:] if s.level == 1]
    assert [s.id for s in chapters] == [c for c, _ in CHAPTERS]
    for (_, word), section, artefact in zip(CHAPTERS, chapters, ARTEFACTS, strict=True):
        assert word.lower() in section.title.lower()
        assert section.title.startswith(artefact.title)


def test_no_chapter_is_better_than_the_items_behind_it(example: DocumentInputs) -> None:
    chapters = list(_chapters(build(example)).values())
    for number, section in enumerate(chapters[:JUDGED], 1):
        ceiling = _worst_item(example, number)
        assert RANK[section.status] >= RANK[ceiling], (section.id, section.status, ceiling)
    # the example fails threat-risk-analysis: every chapter resting on it is not met
    for number, section in enumerate(chapters[:JUDGED], 1):
        if ItemId.THREAT_RISK_ANALYSIS in _items_behind(number):
            assert section.status is Status.NOT_MET, section.id


def test_strong_twin_is_met_and_weak_twin_is_not(
    example: DocumentInputs, strong: DocumentInputs
) -> None:
    met = _chapters(build(strong))
    assert [s.id for s in met.values() if s.status is not Status.MET][: JUDGED + 2] == [
        "cyber-device",
        "ide-subset",
    ]
    weak = with_answers(with_statuses(example, ItemStatus.FAIL), **EVERY_ANSWER)
    failed = list(_chapters(build(weak)).values())[:JUDGED]
    assert {s.status for s in failed} == {Status.NOT_MET}


def test_a_failing_pentest_item_makes_testing_not_met(strong: DocumentInputs) -> None:
    twin = with_statuses(strong, {ItemId.INDEPENDENT_PENTEST: ItemStatus.FAIL})
    sections = build(twin)
    assert _chapters(sections)["testing"].status is Status.NOT_MET
    assert _chapters(sections)["sbom"].status is Status.MET
    parts = {s.id: s.status for s in _parts(sections, "testing")}
    assert parts["testing-pentest"] is Status.NOT_MET


def test_removing_the_pentest_makes_testing_not_met(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    text = (root / "medsec.yaml").read_text(encoding="utf-8")
    start = text.index("\npentests:\n")
    end = text.index("\n# ----", start + 1)
    (root / "medsec.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    inputs = with_answers(checked(root), **EVERY_ANSWER)
    sections = build(inputs)
    testing = _chapters(sections)["testing"]
    assert testing.status is Status.NOT_MET
    pentest = next(s for s in sections if s.id == "testing-pentest")
    assert "No penetration test is recorded" in pentest.statements[0].text


def test_a_category_without_implemented_control_is_not_met(strong: DocumentInputs) -> None:
    project = strong.ctx.project
    kept = tuple(c for c in project.controls if c.category is not ControlCategory.LOGGING)
    twin = replace(strong, ctx=replace(strong.ctx, project=replace(project, controls=kept)))
    chapter = _chapters(build(twin))["security-requirements"]
    assert chapter.status is Status.NOT_MET
    rows = {s.label: s.status for s in chapter.statements}
    assert rows["Event detection and logging"] is Status.NOT_MET
    assert rows["Authentication"] is Status.MET


def _kev_scan(root: Path) -> None:
    """A scan record with one KEV-listed finding on the pump firmware's openssl."""
    finding = Finding(
        id="CVE-2099-0001@pkg:generic/openssl",
        advisory="CVE-2099-0001",
        aliases=(),
        component=ComponentRef(
            "openssl", "3.0.13", "pkg:generic/openssl@3.0.13", None, "pump-fw", "sbom/x.json"
        ),
        summary="Exploited in the wild",
        fixed_versions=("3.0.99",),
        severity="high",
        cvss_vector=None,
        cvss_score=None,
        kev=True,
        epss=None,
        details=(MatchDetail(Matcher.PURL_OSV, Confidence.HIGH, "CVE-2099-0001", "< 3.0.99"),),
        cwes=("CWE-787",),
    )
    record = scan_records.ScanRecord(
        datetime(2026, 12, 1, tzinfo=UTC),
        (scan_records.RecordedFinding(finding),),
        elements=("pump-fw",),
    )
    scan_records.write(root, record)


def test_kev_finding_is_in_the_risk_assessment_and_the_vulnerability_chapter(
    tmp_path: Path,
) -> None:
    root = copy_example(tmp_path)
    _kev_scan(root)
    sections = build(checked(root))
    kev = next(s for s in sections if s.id == "risk-assessment-kev")
    assert "CVE-2099-0001" in kev.statements[0].text and "1 not mitigated" in kev.statements[0].text
    assert kev.statements[0].text.startswith("KEV check: 1 finding of the latest scan is listed")
    assert kev.statements[0].evidence[0].path == "records/scans/2026-12-01.json"
    assert kev.statements[0].evidence[0].date is not None
    assert kev.status is Status.NOT_MET  # vulnerability-management fails on an open KEV entry
    assert _chapters(sections)["risk-assessment"].status is Status.NOT_MET
    chapter = _chapters(sections)["vulnerability-assessment"]
    [row] = chapter.tables[0].rows
    assert row.cells[0] == "CVE-2099-0001" and row.cells[4] == "yes"
    assert any("CVE-2099-0001" in s.text for s in chapter.statements)
    trace = _chapters(sections)["traceability"].tables[0]
    assert any("CVE-2099-0001" in r.cells[-1] for r in trace.rows)


def test_without_a_scan_metrics_say_they_are_not_computable(example: DocumentInputs) -> None:
    metrics = _chapters(build(example))["metrics"]
    assert "not computable" in metrics.statements[-1].text
    assert not metrics.tables


def test_every_statement_has_evidence(example: DocumentInputs, strong: DocumentInputs) -> None:
    for inputs in (example, strong):
        for section in build(inputs):
            for statement in section.statements:
                assert statement.evidence, (section.id, statement.text)


def test_answers_close_the_open_questions(example: DocumentInputs, strong: DocumentInputs) -> None:
    asked = {q.key for s in build(example) for q in s.open_questions}
    assert asked == {q.key for q in QUESTIONS} - {"approvals"}
    assert not [q for s in build(strong) for q in s.open_questions]


def test_figures_are_drawn_when_a_drawer_is_given(example: DocumentInputs) -> None:
    drawn = build(replace(example, draw=lambda dot: SVG))
    figures = {s.id: s.figures for s in drawn if s.figures}
    assert figures["threat-model"][0].svg is not None
    for view in ("global", "multi-patient", "updatability", "use-cases"):
        assert all(f.svg for f in figures[f"architecture-views-{view}"]), view
    undrawn = {s.id: s.figures for s in build(example) if s.figures}
    assert undrawn["threat-model"][0].svg is None and undrawn["threat-model"][0].missing


def test_cyber_device_false_that_the_model_contradicts_is_reported(
    example: DocumentInputs,
) -> None:
    def stated(value: bool | None) -> Section:
        p = example.ctx.project
        device = replace(p.device, cyber_device=value)
        inputs = replace(example, ctx=replace(example.ctx, project=replace(p, device=device)))
        return _chapters(build(inputs))["cyber-device"]

    assert stated(True).status is Status.INFO
    contradicted = stated(False)
    assert contradicted.status is Status.NOT_MET
    assert contradicted.statements[-1].text.startswith("WARNING")
    assert contradicted.statements[-1].fix == "medsec.yaml: device.cyber_device: true"
    assert stated(None).status is Status.PARTLY


def test_applies_to_us_and_unknown_markets_only(example: DocumentInputs) -> None:
    def markets(*values: str) -> str | None:
        p = example.ctx.project
        device = replace(p.device, markets=values)
        return SPEC.applies(replace(example.ctx, project=replace(p, device=device)))

    assert markets("EU", "US") is None
    assert markets() is None
    assert markets("EU") == "not sold in the US (markets: EU)"


def _build(fmt: str, out: Path) -> int:
    return main(["docs", "build", NAME, "--doc", DOC, "--format", fmt, "-o", str(out), *TODAY])


def test_builds_with_the_cli_in_markdown_and_json(project: Path, tmp_path: Path) -> None:
    assert _build("md", tmp_path / "fda.md") == 0
    text = (tmp_path / "fda.md").read_text(encoding="utf-8")
    for artefact in ARTEFACTS:
        assert artefact.title in text
    assert _build("json", tmp_path / "fda.json") == 0
    doc = json.loads((tmp_path / "fda.json").read_text(encoding="utf-8"))
    ids = [s["id"] for s in doc["sections"] if s["level"] == 1]
    assert ids == ["evidence-status", *(c for c, _ in CHAPTERS)]
    assert doc["open_questions"]
    assert all(st["evidence"] for s in doc["sections"] for st in s["statements"])


def _yaml(value: AnswerValue) -> str:
    """An answer as YAML (flow style), as a user writes it."""
    if isinstance(value, tuple):
        return json.dumps(list(value))
    return json.dumps(value)


def test_answers_file_closes_the_questions_through_the_cli(project: Path, tmp_path: Path) -> None:
    folder = project / "documents"
    folder.mkdir(exist_ok=True)
    lines = [f"{key}: {_yaml(value)}" for key, value in EVERY_ANSWER.items()]
    (folder / "answers.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _build("json", tmp_path / "fda.json") == 0
    doc = json.loads((tmp_path / "fda.json").read_text(encoding="utf-8"))
    assert doc["open_questions"] == []
    anomalies = next(s for s in doc["sections"] if s["id"] == "unresolved-anomalies")
    assert anomalies["tables"][0]["rows"][0]["evidence"][0]["path"] == "documents/answers.yaml"
