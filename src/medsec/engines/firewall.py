"""What a hospital's network team builds its rules from: the flow matrix and the firewall rules.

Every flow of the model is a row of the flow matrix: its two ends, the zone of each (the end's
innermost trust boundary), protocol, transport, what it carries and how it is protected, and
where it stands to the device. "The device" is every element inside a boundary of kind
``device`` (the pump's enclosure), nesting included: a flow *leaves the device* when it starts
there and ends outside (or runs both ways across that line).

A firewall rule is needed where a flow travels on a routable network between two zones: its
transport is ``network`` (stated, or from a routable protocol such as https, hl7-mllp, vpn, or
an IP radio such as Wi-Fi), it does not stay inside one machine, and its ends sit in different
trust boundaries. One rule per such flow allows the flow's protocol from its source to its
target. The port is the port of the target's enabled interfaces on the flow's protocol when the
model states one; the model is never second-guessed with a protocol's usual port, and a rule
without a stated port says so. Direction is seen from the device: ``inbound`` (to a device
element), ``outbound`` (from one), ``both`` (a bidirectional flow across the device's edge),
``internal`` (both ends in the device) or ``transit`` (neither end is the device's).
"""

from __future__ import annotations

from dataclasses import dataclass

from medsec.domain.model import Flow, Interface, Project
from medsec.domain.vocabulary import ROUTABLE_PROTOCOLS, BoundaryKind, Transport
from medsec.engines.judgements import flow_transport, in_host_flow, switched_off

INBOUND, OUTBOUND, BOTH, INTERNAL, TRANSIT = "inbound", "outbound", "both", "internal", "transit"
NOT_STATED = "not stated"


@dataclass(frozen=True)
class FlowRow:
    """One flow as the network team reads it: ends, zones, protection, its place to the device."""

    id: str
    name: str
    source: str
    source_zone: str  # the end's innermost trust boundary ("" when it has none)
    target: str
    target_zone: str
    protocol: str
    transport: str
    carries: str
    data: tuple[str, ...]
    data_categories: tuple[str, ...]
    authentication: str
    encryption: str
    bidirectional: bool
    crosses_boundary: bool
    direction: str  # seen from the device (module docstring)
    leaves_device: bool
    firewall_rule: str | None  # the id of the rule that lets it through, None when none is needed
    line: int | None


@dataclass(frozen=True)
class FirewallRule:
    """One allow rule: from the flow's source to its target, on its protocol and stated ports."""

    id: str  # "fw-" + the flow id: stable while the flow keeps its id
    flow: str
    source: str
    source_zone: str
    destination: str
    destination_zone: str
    protocol: str
    transport: str
    ports: tuple[int, ...]  # empty: the model states no port for it
    port_from: tuple[str, ...]  # the interfaces the ports come from
    direction: str
    purpose: str
    line: int | None  # the flow's line in medsec.yaml

    @property
    def port_text(self) -> str:
        """The ports as a firewall reads them (``2575``, ``80;443``), or ``not stated``."""
        return ";".join(str(p) for p in self.ports) or NOT_STATED


def device_elements(project: Project) -> frozenset[str]:
    """The ids of the elements inside a ``device`` boundary (nesting included)."""
    kind = BoundaryKind.DEVICE.value
    return frozenset(e.id for e in project.elements if project.in_boundary_kind(e.id, kind))


def direction(flow: Flow, device: frozenset[str]) -> str:
    """The flow seen from the device: inbound, outbound, both, internal or transit."""
    src, dst = flow.source in device, flow.target in device
    if src and dst:
        return INTERNAL
    if not (src or dst):
        return TRANSIT
    if flow.bidirectional:
        return BOTH
    return OUTBOUND if src else INBOUND


def routed(project: Project, flow: Flow) -> bool:
    """The flow travels on a routable network (not a cable, a radio link of its own or one host)."""
    if in_host_flow(project, flow):
        return False
    if flow.transport is not None:
        return flow_transport(flow) is Transport.NETWORK
    return flow.protocol in ROUTABLE_PROTOCOLS


def _zone(project: Project, element_id: str) -> str:
    """The element's innermost trust boundary ("" when it has none or is not in the model)."""
    el = project.find_element(element_id)
    return (el.boundary or "") if el is not None else ""


def target_ports(project: Project, flow: Flow) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Stated ports of the target's production interfaces on the flow's protocol, and their ids."""
    if flow.protocol is None:
        return (), ()
    found = [
        i
        for i in project.interfaces_of(flow.target)
        if i.protocol is flow.protocol and i.port is not None and not switched_off(i)
    ]
    ports = tuple(sorted({i.port for i in found if i.port is not None}))
    return ports, tuple(i.id for i in found)


def purpose(flow: Flow) -> str:
    """What the flow is for: its name (else its ends) and what it carries."""
    carries = f" ({flow.carries.value})" if flow.carries else ""
    return flow.label + carries


def _rule(project: Project, flow: Flow, device: frozenset[str]) -> FirewallRule:
    """The allow rule of one routed, boundary-crossing flow."""
    ports, port_from = target_ports(project, flow)
    transport = flow_transport(flow)
    return FirewallRule(
        id=f"fw-{flow.id}",
        flow=flow.id,
        source=flow.source,
        source_zone=_zone(project, flow.source),
        destination=flow.target,
        destination_zone=_zone(project, flow.target),
        protocol=flow.protocol.value if flow.protocol else NOT_STATED,
        transport=transport.value if transport else NOT_STATED,
        ports=ports,
        port_from=port_from,
        direction=direction(flow, device),
        purpose=purpose(flow),
        line=flow.line,
    )


def needs_rule(project: Project, flow: Flow) -> bool:
    """A flow a firewall must let through: routed, between two trust boundaries."""
    return routed(project, flow) and _zone(project, flow.source) != _zone(project, flow.target)


def firewall_rules(project: Project) -> tuple[FirewallRule, ...]:
    """One allow rule per routed flow between trust boundaries, sorted by id."""
    device = device_elements(project)
    rules = [_rule(project, f, device) for f in project.flows if needs_rule(project, f)]
    return tuple(sorted(rules, key=lambda r: r.id))


def _row(
    project: Project, flow: Flow, device: frozenset[str], categories: dict[str, str]
) -> FlowRow:
    """One flow of the matrix."""
    transport = flow_transport(flow)
    way = direction(flow, device)
    src_zone, dst_zone = _zone(project, flow.source), _zone(project, flow.target)
    return FlowRow(
        id=flow.id,
        name=flow.label,
        source=flow.source,
        source_zone=src_zone,
        target=flow.target,
        target_zone=dst_zone,
        protocol=flow.protocol.value if flow.protocol else NOT_STATED,
        transport=transport.value if transport else NOT_STATED,
        carries=flow.carries.value if flow.carries else NOT_STATED,
        data=flow.data,
        data_categories=tuple(sorted({categories.get(d, NOT_STATED) for d in flow.data})),
        authentication=flow.authentication.value if flow.authentication else NOT_STATED,
        encryption=flow.encryption.value if flow.encryption else NOT_STATED,
        bidirectional=flow.bidirectional,
        crosses_boundary=src_zone != dst_zone,
        direction=way,
        leaves_device=way in (OUTBOUND, BOTH),
        firewall_rule=f"fw-{flow.id}" if needs_rule(project, flow) else None,
        line=flow.line,
    )


def flow_matrix(project: Project) -> tuple[FlowRow, ...]:
    """Every flow of the model as a matrix row, sorted by id."""
    device = device_elements(project)
    categories = {d.id: d.category.value for d in project.data}
    rows = [_row(project, f, device, categories) for f in project.flows]
    return tuple(sorted(rows, key=lambda r: r.id))


def interface_direction(project: Project, interface: Interface) -> tuple[str, tuple[str, ...]]:
    """(direction, peers) of an interface from its element's flows on the interface's protocol.

    ``incoming`` when those flows only deliver to the element, ``outgoing`` when they only leave
    it, ``both``; without such a flow the direction is not stated (the peers are then empty).
    """
    if interface.protocol is None:
        return NOT_STATED, ()
    flows = [
        f for f in project.flows_touching(interface.element) if f.protocol is interface.protocol
    ]
    incoming = any(f.target == interface.element or f.bidirectional for f in flows)
    outgoing = any(f.source == interface.element or f.bidirectional for f in flows)
    peers = sorted({f.source if f.target == interface.element else f.target for f in flows})
    way = {(True, False): "incoming", (False, True): "outgoing", (True, True): "both"}
    return way.get((incoming, outgoing), NOT_STATED), tuple(peers)
