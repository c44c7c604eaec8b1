"""The threat list leads with what crosses a trust boundary, and shows what set each metric."""

from __future__ import annotations

import json
from datetime import date

import pytest

from medsec.domain.model import Project
from medsec.domain.threat import AssessedThreat, Target, TargetKind
from medsec.domain.vocabulary import Exposure, Function, InterfaceKind, Protocol
from medsec.engines.threats.assess import assess_all
from medsec.engines.threats.engine import generate
from medsec.engines.threats.ranking import crossing
from medsec.engines.threats.register import merge
from medsec.engines.threats.rules._fixtures import element, flow, interface, make_project
from medsec.engines.threats.vectors import Context
from medsec.outputs.report.threats import risk_first, threat_row
from medsec.outputs.threats import ThreatsView, markdown, text
from medsec.outputs.threats import json as json_format

TODAY = date(2026, 11, 27)


def project() -> Project:
    return make_project(
        elements=[
            element("fw", function=Function.THERAPY),
            element("motor", function=Function.THERAPY),
            element("app", boundary="phone", function=Function.CLINICAL_WORKFLOW),
        ],
        flows=[
            flow("spi", "fw", "motor", protocol=Protocol.CAN),
            flow("prog", "app", "fw", protocol=Protocol.BLE),
        ],
        interfaces=[
            interface("nic", "fw", InterfaceKind.NETWORK, exposure=Exposure.NETWORK),
            interface("usb", "fw", InterfaceKind.USB, exposure=Exposure.PHYSICAL),
        ],
    )


@pytest.fixture
def assessed() -> tuple[AssessedThreat, ...]:
    p = project()
    entries, _ = merge(generate(p).threats, (), TODAY)
    return assess_all(p, entries)


def test_crossing_names_the_boundaries_of_flows_and_reached_interfaces() -> None:
    ctx = Context(project())
    assert crossing(ctx, Target(TargetKind.FLOW, "prog")) == "phone → box"
    assert crossing(ctx, Target(TargetKind.FLOW, "spi")) == ""
    assert crossing(ctx, Target(TargetKind.INTERFACE, "nic")) == "network → box"
    assert crossing(ctx, Target(TargetKind.INTERFACE, "usb")) == ""
    assert crossing(ctx, Target(TargetKind.ELEMENT, "fw")) == ""


def test_text_and_markdown_lead_with_the_crossing_threats(
    assessed: tuple[AssessedThreat, ...],
) -> None:
    view = ThreatsView(assessed, (), "dev")
    lines = text.render(view).splitlines()
    first = lines.index(next(x for x in lines if x.startswith("-- across")))
    second = lines.index(next(x for x in lines if x.startswith("-- within")))
    crossing_ids = {t.id for t in assessed if t.threat.crossing}
    assert crossing_ids and first < second
    assert {x.split()[0] for x in lines[first + 1 : second]} == crossing_ids
    rows = [x for x in markdown.render(view).splitlines() if x.startswith("| `")]
    leading = [r.split("`")[1] for r in rows[: len(crossing_ids)]]
    assert set(leading) == crossing_ids
    assert "| phone → box |" in rows[0] or "| network → box |" in rows[0]


def test_json_keeps_id_order_and_gives_the_crossing_and_the_basis(
    assessed: tuple[AssessedThreat, ...],
) -> None:
    data = json.loads(json_format.render(ThreatsView(assessed, (), "dev")))["threats"]
    assert [t["id"] for t in data] == sorted(t["id"] for t in data)
    by_id = {t["id"]: t for t in data}
    assert by_id["STRIDE-T@prog"]["crosses_boundary"] == "phone → box"
    assert by_id["STRIDE-T@spi"]["crosses_boundary"] is None
    assert "AV:A ← flows[prog].protocol = ble: radio range" in by_id["STRIDE-T@prog"]["cvss_basis"]


def test_the_report_leads_with_the_crossing_threats(
    assessed: tuple[AssessedThreat, ...],
) -> None:
    ordered = sorted(assessed, key=risk_first)
    flags = [bool(t.threat.crossing) for t in ordered]
    assert flags == sorted(flags, reverse=True) and flags[0]
    row = threat_row(next(t for t in assessed if t.id == "STRIDE-T@prog"))
    assert row.crossing == "phone → box"
    assert row.cvss_by[0] == "AV:A ← flows[prog].protocol = ble: radio range"
