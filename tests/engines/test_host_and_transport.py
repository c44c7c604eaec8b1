"""Hosts, transports and exposed links: the judgements behind in-host flows and wired links."""

from __future__ import annotations

import pytest

from medsec.domain.model import Interface
from medsec.domain.vocabulary import InterfaceKind, PowerSource, Protocol, Transport
from medsec.engines import judgements as j
from medsec.engines.threats.rules._fixtures import element, flow, interface, make_project

# a workstation (the OS) hosts two processes; a laptop sits on the hospital LAN
OS = element("ws-os", boundary="lan", power=PowerSource.MAINS)
VIEWER = element("viewer", host="ws-os", boundary="lan")
RECON = element("recon", host="viewer", boundary="lan")  # nested: a plug-in in the viewer
DAEMON = element("daemon", host="ws-os", boundary="lan")
LAPTOP = element("laptop", boundary="lan")
PUMP = element("pump")  # in the device boundary "box"


def project(*flows):
    return make_project(
        elements=[OS, VIEWER, RECON, DAEMON, LAPTOP, PUMP],
        flows=flows,
        interfaces=[
            interface("nic", "ws-os", InterfaceKind.NETWORK),
            interface("api", "daemon", InterfaceKind.API),
            interface("usb", "laptop", InterfaceKind.USB),
        ],
    )


@pytest.mark.parametrize(
    ("protocol", "expected"),
    [
        (Protocol.BLE, Transport.WIRELESS),
        (Protocol.HL7_MLLP, Transport.NETWORK),
        (Protocol.INTERNAL, Transport.IN_HOST),
        (Protocol.USB, Transport.WIRED),
        (Protocol.WIRED, Transport.WIRED),
        (Protocol.OTHER, Transport.WIRED),
        (Protocol.UNKNOWN, None),
        (Protocol.USER_INTERFACE, None),
        (None, None),
    ],
)
def test_transport_follows_the_protocol(protocol: Protocol | None, expected: object) -> None:
    assert j.flow_transport(flow(protocol=protocol)) is expected


def test_a_stated_transport_wins() -> None:
    hl7_on_a_cable = flow(protocol=Protocol.HL7_MLLP, transport=Transport.WIRED)
    assert j.flow_transport(hl7_on_a_cable) is Transport.WIRED


def test_host_chain_and_machine() -> None:
    p = project()
    assert [e.id for e in j.host_chain(p, p.element("recon"))] == ["viewer", "ws-os"]
    assert j.machine(p, p.element("recon")).id == "ws-os"
    assert j.machine(p, p.element("laptop")).id == "laptop"


def test_flows_on_one_machine_are_in_host_unless_a_transport_says_otherwise() -> None:
    p = project()
    assert j.in_host_flow(p, flow("a", "recon", "daemon", protocol=Protocol.HTTP))
    assert j.in_host_flow(p, flow("b", "viewer", "ws-os"))
    assert j.in_host_flow(p, flow("c", "laptop", "pump", protocol=Protocol.INTERNAL))
    assert not j.in_host_flow(p, flow("d", "laptop", "viewer", protocol=Protocol.HTTP))
    on_a_cable = flow(
        "e", "viewer", "daemon", protocol=Protocol.INTERNAL, transport=Transport.WIRED
    )
    assert not j.in_host_flow(p, on_a_cable)


def test_co_hosted_processes_share_the_machines_interfaces() -> None:
    p = project()
    ids = {i.id for i in j.machine_interfaces(p, p.element("recon"))}
    assert ids == {"nic", "api"}
    assert {i.id for i in j.machine_interfaces(p, p.element("laptop"))} == {"usb"}


def test_exposed_link() -> None:
    p = project()
    cases = {
        "radio": (flow("radio", "laptop", "pump", protocol=Protocol.BLE), True),
        "lan": (flow("lan", "laptop", "viewer", protocol=Protocol.HTTPS), True),
        "usb-across": (flow("usb-across", "laptop", "pump", protocol=Protocol.USB), True),
        "usb-within": (flow("usb-within", "laptop", "ws-os", protocol=Protocol.USB), False),
        "ipc": (flow("ipc", "viewer", "daemon", protocol=Protocol.HTTPS), False),
        "screen": (flow("screen", "laptop", "pump", protocol=Protocol.USER_INTERFACE), False),
        "unstated": (flow("unstated", "laptop", "pump"), None),
        "unknown": (flow("unknown", "laptop", "pump", protocol=Protocol.UNKNOWN), None),
        "dangling": (flow("dangling", "laptop", "nowhere", protocol=Protocol.SERIAL), None),
    }
    got = {k: j.exposed_link(p, f) for k, (f, _) in cases.items()}
    assert got == {k: want for k, (_, want) in cases.items()}


def test_bidirectional_flow_delivers_to_both_ends() -> None:
    two_way = flow("x", "laptop", "pump", bidirectional=True)
    one_way = flow("y", "laptop", "pump")
    p = project(two_way, one_way)
    assert [e.id for e in j.receivers(p, two_way)] == ["pump", "laptop"]
    assert [e.id for e in j.receivers(p, one_way)] == ["pump"]
    assert [f.id for f in p.flows_into("laptop")] == ["x"]
    assert [f.id for f in p.flows_into("pump")] == ["x", "y"]


def test_power_comes_from_the_nearest_host_that_states_it() -> None:
    p = project()
    assert j.power_source(p, p.element("recon")) is PowerSource.MAINS
    assert j.power_source(p, p.element("laptop")) is None


def test_interface_kind_may_be_unstated() -> None:
    port = Interface(id="p", element="pump")
    assert port.kind is None
    assert not j.is_debug_interface(port)
    assert not j.needs_link_protection(port)
