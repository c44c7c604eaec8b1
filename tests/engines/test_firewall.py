"""The flow matrix and the firewall rules: derived from the flows, ports only from the model.

The example has six routed flows between trust boundaries (the pump to the hospital's data
centre and to the vendor cloud, both ways); BLE, USB, SPI and user-interface flows and flows
inside one zone need no rule. Twins add a flow and see a rule appear, with the port of the
target's interface when the model states one.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.conftest import EXAMPLE

from medsec.domain.model import Boundary, Element, Flow, Interface, Project
from medsec.domain.vocabulary import (
    BoundaryKind,
    ElementType,
    InterfaceKind,
    Production,
    Protocol,
    Transport,
)
from medsec.engines.firewall import (
    device_elements,
    direction,
    firewall_rules,
    flow_matrix,
    interface_direction,
)
from medsec.project.loader import load_project


@pytest.fixture(scope="module")
def example() -> Project:
    return load_project(EXAMPLE)


def _with_gateway(p: Project, *flows: Flow, port: int | None = 8443) -> Project:
    """The example with a hospital gateway in a zone of its own, with an https interface."""
    zone = Boundary("gw-zone", "Gateway zone", BoundaryKind.NETWORK)
    gateway = Element("gateway", "Alarm gateway", ElementType.PROCESS, boundary="gw-zone")
    api = Interface(
        "gw-api", "gateway", InterfaceKind.API, Protocol.HTTPS, port, production=Production.ENABLED
    )
    return replace(
        p,
        boundaries=(*p.boundaries, zone),
        elements=(*p.elements, gateway),
        interfaces=(*p.interfaces, api),
        flows=(*p.flows, *flows),
    )


def test_the_example_needs_one_rule_per_routed_flow_between_zones(example: Project) -> None:
    rules = {r.flow: r for r in firewall_rules(example)}
    assert sorted(rules) == [
        "cloud-to-analytics",  # vendor cloud to the analytics processor's tenant (issue 16)
        "cloud-to-pump",
        "druglib-to-pump",
        "fw-update",
        "hl7-to-pump",
        "pump-to-cloud",
        "pump-to-hl7",
    ]
    hl7 = rules["hl7-to-pump"]
    assert (hl7.source, hl7.destination, hl7.protocol, hl7.ports) == (
        "interface-engine",
        "pump-fw",
        "hl7-mllp",
        (2575,),
    )
    assert hl7.port_from == ("hl7",) and hl7.direction == "inbound"
    assert (hl7.source_zone, hl7.destination_zone) == ("data-centre", "pump")
    # the engine answers pump-to-hl7 from nothing the model states: no port, said so
    assert rules["pump-to-hl7"].ports == () and rules["pump-to-hl7"].port_text == "not stated"
    assert rules["pump-to-cloud"].direction == "outbound"


def test_a_new_flow_gets_a_new_rule_with_the_targets_port(example: Project) -> None:
    new = Flow("pump-to-gw", "pump-fw", "gateway", Protocol.HTTPS, name="Alarms to the gateway")
    twin = _with_gateway(example, new)
    before = {r.id for r in firewall_rules(example)}
    after = {r.id: r for r in firewall_rules(twin)}
    assert set(after) - before == {"fw-pump-to-gw"}
    rule = after["fw-pump-to-gw"]
    assert (rule.ports, rule.port_from, rule.direction) == ((8443,), ("gw-api",), "outbound")
    assert rule.purpose == "Alarms to the gateway"


def test_a_disabled_interface_gives_no_port(example: Project) -> None:
    new = Flow("pump-to-gw", "pump-fw", "gateway", Protocol.HTTPS)
    twin = _with_gateway(example, new)
    off = tuple(
        replace(i, production=Production.DISABLED) if i.id == "gw-api" else i
        for i in twin.interfaces
    )
    [rule] = [r for r in firewall_rules(replace(twin, interfaces=off)) if r.flow == "pump-to-gw"]
    assert rule.ports == ()


def test_flows_that_are_not_routed_or_stay_in_one_zone_need_no_rule(example: Project) -> None:
    wired = Flow("pump-to-gw", "pump-fw", "gateway", Protocol.HL7_MLLP, transport=Transport.WIRED)
    same_zone = Flow("gw-to-gw", "gateway", "gateway", Protocol.HTTPS)
    ble = Flow("gw-ble", "gateway", "pump-fw", Protocol.BLE)
    twin = _with_gateway(example, wired, same_zone, ble)
    assert {r.id for r in firewall_rules(twin)} == {r.id for r in firewall_rules(example)}


def test_the_matrix_has_every_flow_and_says_which_leave_the_device(example: Project) -> None:
    rows = {r.id: r for r in flow_matrix(example)}
    assert set(rows) == {f.id for f in example.flows}
    assert {i for i, r in rows.items() if r.leaves_device} == {"pump-to-cloud", "pump-to-hl7"}
    assert rows["pump-to-hl7"].data_categories == ("health", "personal", "technical")
    assert rows["hl7-to-pump"].firewall_rule == "fw-hl7-to-pump"
    assert rows["tablet-to-pump"].firewall_rule is None  # BLE: a radio link, no firewall
    assert rows["pump-to-safety"].direction == "internal"


def test_direction_is_seen_from_the_device(example: Project) -> None:
    device = device_elements(example)
    assert device == {"pump-fw", "safety-cpu", "pump-log"}
    both = Flow("x", "pump-fw", "cloud-service", Protocol.HTTPS, bidirectional=True)
    transit = Flow("y", "cloud-service", "ehr", Protocol.HTTPS)
    assert direction(both, device) == "both"
    assert direction(transit, device) == "transit"


def test_interface_direction_comes_from_the_elements_flows(example: Project) -> None:
    by_id = {i.id: i for i in example.interfaces}
    assert interface_direction(example, by_id["hl7"]) == ("both", ("interface-engine",))
    assert interface_direction(example, by_id["ble-gatt"]) == ("incoming", ("clinician-app",))
    assert interface_direction(example, by_id["jtag"]) == ("not stated", ())
