"""Commands across a trust boundary: MD-35's scope, which MD-29 leaves to it."""

from __future__ import annotations

from medsec.domain.model import Flow, Project
from medsec.domain.vocabulary import CLINICAL_PROTOCOLS, Carries, ElementType, Function, Protocol
from medsec.engines.judgements import crosses_trust_boundary, in_host_flow, receivers
from medsec.engines.threats.rules._bus import bus_bridge


def cross_boundary_commands(project: Project, flow: Flow) -> bool:
    """A command flow across a trust boundary that no more specific rule names.

    Not in-host and not a user interface (a person at the device); clinical protocols are
    MD-09, network-reachable buses into a device controller MD-34, and commands into therapy
    elements MD-23.
    """
    if flow.carries is not Carries.COMMANDS or in_host_flow(project, flow):
        return False
    if flow.transport is None and flow.protocol is Protocol.USER_INTERFACE:
        return False
    if flow.protocol in CLINICAL_PROTOCOLS or crosses_trust_boundary(project, flow) is not True:
        return False
    if bus_bridge(project, flow):
        return False
    parts = [e for e in receivers(project, flow) if e.type is not ElementType.ACTOR]
    return not parts or any(e.function is not Function.THERAPY for e in parts)
