"""Internal buses reachable from a network: the bridge MD-34 names and MD-35 leaves to it."""

from __future__ import annotations

from medsec.domain.model import Element, Flow, Project
from medsec.domain.threat import Trigger
from medsec.domain.vocabulary import BoundaryKind, ElementType, Transport
from medsec.engines.judgements import flow_transport, in_host_flow
from medsec.engines.threats.rule import flow_trig, trig
from medsec.engines.threats.rules._protection import BUS_PROTOCOLS
from medsec.engines.threats.rules._topology import NETWORK_SIDE, inbound, innermost_kind


def network_side(project: Project, source: Element, bus: Flow) -> tuple[Trigger, ...]:
    """Why the sender on the bus is reachable from a network: where it sits or what feeds it."""
    kind = innermost_kind(project, source)
    if kind in NETWORK_SIDE:
        return (trig("elements", source.id, "boundary", f"{source.boundary} ({kind})"),)
    return tuple(
        flow_trig(g, "protocol", g.protocol)
        for g in inbound(project, source.id)
        if g.id != bus.id and g.source != bus.target and _networked(project, g)
    )


def _networked(project: Project, flow: Flow) -> bool:
    """The flow arrives by radio or over a network (not a cable, not inside the host)."""
    remote = flow_transport(flow) in (Transport.WIRELESS, Transport.NETWORK)
    return remote and not in_host_flow(project, flow)


def bus_bridge(project: Project, bus: Flow) -> tuple[Trigger, ...]:
    """Why a bus flow into a device controller is reachable from a network; empty if it is not.

    A bus (CAN, serial, UART, internal) drives a process inside a device boundary; a write into
    a store is not a bridge.
    """
    if bus.protocol not in BUS_PROTOCOLS:
        return ()
    source = project.find_element(bus.source)
    target = project.find_element(bus.target)
    if source is None or target is None:
        return ()
    if (
        target.type is not ElementType.PROCESS
        or innermost_kind(project, target) is not BoundaryKind.DEVICE
    ):
        return ()
    return network_side(project, source, bus)
