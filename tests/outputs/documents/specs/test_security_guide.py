"""``security-guide``: the customer security guide restates the model and what check judged.

The ports table is exactly the interfaces the model states enabled (the example's seven), the
disabled ones apart; the firewall table is the engine's rules and follows a new flow; chapter
statuses follow the checklist items they restate (twins with all items passing or failing);
every statement and row carries evidence; answers close open questions; the guide builds in
every format through the CLI.
"""

from __future__ import annotations

import json
import zipfile
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
from medsec.domain.checklist import ItemId, ItemStatus
from medsec.domain.document import Section, Status
from medsec.domain.model import Boundary, Element, Flow, Interface
from medsec.domain.vocabulary import BoundaryKind, ElementType, Production, Protocol
from medsec.engines.firewall import firewall_rules
from medsec.outputs.documents.common import item_status, results
from medsec.outputs.documents.registry import DOCUMENTS
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.security_guide import SPEC
from medsec.outputs.documents.specs.security_guide.questions import QUESTIONS

DOC = "security-guide"
NAME = EXAMPLE.name
TODAY = ["--today", "2026-12-04"]
CHAPTERS = [
    "evidence-status",
    "environment",
    "responsibilities",
    "ports",
    "flows-out",
    "firewall",
    "segmentation",
    "configuration",
    "accounts",
    "logging",
    "backup",
    "updates",
    "malware",
    "end-of-support",
    "decommissioning",
    "incident",
    "sbom-vex",
]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> DocumentInputs:
    """The example as judged on 2026-12-04, no answers."""
    return checked(copy_example(tmp_path_factory.mktemp("guide")))


def _sections(inputs: DocumentInputs) -> dict[str, Section]:
    return {s.id: s for s in SPEC.sections(inputs)}


def _first_cells(section: Section, caption_start: str) -> list[str]:
    [table] = [t for t in section.tables if t.caption.startswith(caption_start)]
    return [row.cells[0] for row in table.rows]


def test_registered_with_its_chapters_in_order(example: DocumentInputs) -> None:
    assert DOCUMENTS[DOC] is SPEC
    assert list(_sections(example)) == CHAPTERS


def test_ports_table_is_exactly_the_enabled_interfaces(example: DocumentInputs) -> None:
    p = example.ctx.project
    ports = _sections(example)["ports"]
    enabled = [i.id for i in p.interfaces if i.production is Production.ENABLED]
    assert _first_cells(ports, "Ports, protocols") == enabled
    assert len(enabled) == 7 and "jtag" not in enabled
    assert _first_cells(ports, "Disabled in production") == ["jtag"]
    [hl7] = [r for r in ports.tables[0].rows if r.cells[0] == "hl7"]
    assert hl7.cells[3:6] == ("hl7-mllp", "2575", "both")


def test_an_interface_without_production_state_is_named_not_listed(
    example: DocumentInputs,
) -> None:
    p = example.ctx.project
    loose = Interface("gps", "pump-fw", protocol=Protocol.OTHER)
    twin = replace(
        example, ctx=replace(example.ctx, project=replace(p, interfaces=(*p.interfaces, loose)))
    )
    ports = _sections(twin)["ports"]
    assert "gps" not in _first_cells(ports, "Ports, protocols")
    assert "gps" not in _first_cells(ports, "Disabled in production")
    [gap] = [s for s in ports.statements if s.gap == "production state not stated"]
    assert "gps" in gap.text and gap.status is Status.PARTLY


def test_firewall_table_is_the_engines_rules_and_follows_a_new_flow(
    example: DocumentInputs,
) -> None:
    p = example.ctx.project
    rules = [r.id for r in firewall_rules(p)]
    assert _first_cells(_sections(example)["firewall"], "Required firewall rules") == rules
    zone = Boundary("gw-zone", "Alarm gateway zone", BoundaryKind.NETWORK)
    gateway = Element("gateway", "Alarm gateway", ElementType.PROCESS, boundary="gw-zone")
    flow = Flow("pump-to-gw", "pump-fw", "gateway", Protocol.HTTPS, name="Alarms")
    twin_project = replace(
        p,
        boundaries=(*p.boundaries, zone),
        elements=(*p.elements, gateway),
        flows=(*p.flows, flow),
    )
    twin = replace(example, ctx=replace(example.ctx, project=twin_project))
    chapters = _sections(twin)
    assert "fw-pump-to-gw" in _first_cells(chapters["firewall"], "Required firewall rules")
    assert "pump-to-gw" in _first_cells(chapters["flows-out"], "Data flows that leave")


def test_statuses_follow_the_items_they_restate(example: DocumentInputs) -> None:
    chapters = _sections(example)
    concept = item_status(results(example.checklist, (ItemId.SECURITY_CONCEPT,))[0])
    assert concept is Status.NOT_MET  # the example's UART console is open
    assert chapters["ports"].status is Status.NOT_MET
    assert chapters["configuration"].status is Status.NOT_MET
    passing = _sections(with_statuses(example, ItemStatus.PASS))
    assert passing["ports"].status is Status.MET  # no answer asked there
    assert passing["configuration"].status is Status.PARTLY  # its answer is still open
    failing = _sections(with_statuses(example, {ItemId.SBOM: ItemStatus.FAIL}))
    assert failing["end-of-support"].status is Status.NOT_MET
    assert failing["sbom-vex"].status is Status.NOT_MET
    assert chapters["firewall"].status is Status.INFO


def test_every_statement_and_row_has_evidence(example: DocumentInputs) -> None:
    for section in _sections(example).values():
        for s in section.statements:
            assert s.evidence, (section.id, s.text)
        for t in section.tables:
            for row in t.rows:
                assert row.evidence, (section.id, t.caption, row.cells)


def test_answers_close_the_open_questions(example: DocumentInputs) -> None:
    before = _sections(example)
    assert before["logging"].status is Status.PARTLY
    assert [q.key for q in before["logging"].open_questions] == ["log_forwarding"]
    answers: dict[str, object] = {
        q.key: "stated" for q in QUESTIONS if q.kind.value == "text" and q.key != "approvals"
    }
    answers["environment_assumptions"] = ("The ward network is hostile",)
    answers["operator_responsibilities"] = ("Segment the pumps",)
    answers["support_period_end"] = __import__("datetime").date(2036, 12, 31)
    after = _sections(with_answers(example, **answers))  # type: ignore[arg-type]
    assert all(not s.open_questions for s in after.values())
    assert after["logging"].status is Status.INFO
    syslog = [s for s in after["logging"].statements if s.text.startswith("Forwarding to a SIEM")]
    assert syslog and syslog[0].evidence[0].path == "documents/answers.yaml"


def test_questions_reuse_the_keys_other_documents_ask() -> None:
    keys = {q.key for q in QUESTIONS}
    assert {"decommissioning", "environment_assumptions", "sbom_availability"} <= keys
    others = {q.key: q for s in DOCUMENTS.values() if s is not SPEC for q in s.questions}
    for q in QUESTIONS:
        if q.key in others:
            assert (q.kind, q.columns) == (others[q.key].kind, others[q.key].columns), q.key


@pytest.mark.parametrize("fmt", ["md", "json", "html", "docx", "pdf"])
def test_builds_in_every_format_through_the_cli(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fmt == "pdf":
        pytest.importorskip("weasyprint", reason="PDF needs WeasyPrint and pango")
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / f"guide.{fmt}"
    assert main(["docs", "build", NAME, "--doc", DOC, "--format", fmt, "-o", str(out), *TODAY]) == 0
    data = out.read_bytes()
    if fmt == "json":
        doc = json.loads(data)
        assert [s["id"] for s in doc["sections"]] == CHAPTERS
    elif fmt == "md":
        assert b"## 4 Ports, protocols and services" in data
    elif fmt == "html":
        assert b"Required firewall rules" in data
    elif fmt == "docx":
        with zipfile.ZipFile(out) as archive:
            assert b"Required firewall rules" in archive.read("word/document.xml")
    else:
        assert data.startswith(b"%PDF-")


def test_hundreds_of_findings_are_counted_not_all_restated(example: DocumentInputs) -> None:
    from medsec.domain.checklist import Checklist
    from medsec.outputs.documents.specs.security_guide.parts import MAX_FINDINGS

    items = []
    for r in example.checklist.items:
        if r.id is ItemId.SECURITY_CONCEPT:
            many = tuple(
                replace(r.findings[0], message=f"m{n}", subject=f"interface:x{n}")
                for n in range(MAX_FINDINGS + 30)
            )
            r = replace(r, findings=many)
        items.append(r)
    twin = replace(example, checklist=Checklist(tuple(items)))
    ports = _sections(twin)["ports"]
    quoted = [s for s in ports.statements if s.text in {f"m{n}" for n in range(50)}]
    assert len(quoted) == MAX_FINDINGS
    [more] = [s for s in ports.statements if s.text.startswith("... and 30 more")]
    assert f"({MAX_FINDINGS + 30} in all)" in more.text and more.evidence


def test_elements_that_share_a_configuration_share_a_row(example: DocumentInputs) -> None:
    accounts = _sections(example)["accounts"]
    [table] = [t for t in accounts.tables if t.caption == "Credentials shipped"]
    by_kind = {row.cells[1]: row.cells[0] for row in table.rows}
    assert by_kind["unique-per-device"] == "pump-fw, clinician-app, cloud-service"
    assert by_kind["shared-default"] == "drug-lib-server"
