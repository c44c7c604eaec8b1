"""Remote service access: the vendor's way into a fielded device (VPN, RDP, SSH, always-on)."""

from __future__ import annotations

from medsec.domain.model import Flow, Interface, Project
from medsec.engines.threats.rules._protection import REMOTE_ACCESS_PROTOCOLS
from medsec.engines.threats.rules._topology import find_element, in_cloud


def remote_protocol(interface: Interface) -> bool:
    """VPN, RDP or SSH: the protocols of remote service access."""
    return interface.protocol in REMOTE_ACCESS_PROTOCOLS


def always_on_listener(project: Project, interface: Interface) -> bool:
    """An always-on interface of an element outside the cloud (a cloud API is always on)."""
    owner = find_element(project, interface.element)
    return interface.always_on is True and owner is not None and not in_cloud(project, owner)


def remote_flow(project: Project, flow: Flow) -> bool:
    """A remote-access protocol from the cloud into an element outside it."""
    if flow.protocol not in REMOTE_ACCESS_PROTOCOLS:
        return False
    source = find_element(project, flow.source)
    target = find_element(project, flow.target)
    if source is None or target is None:
        return False
    return in_cloud(project, source) and not in_cloud(project, target)
