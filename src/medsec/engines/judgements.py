"""Shared judgements about interfaces and flows: one answer, used by every engine and renderer.

Threat rules, checklist items, the attack-surface score, the diagram and the report all ask the
same questions of the model: is this interface a debug port? Is this link authenticated,
encrypted? Does this flow cross a trust boundary? Can this interface be reached from the
network? Each question is answered here once, so a rule, the checklist and the diagram can
never disagree about the same interface.

Unknown is never insecure: a question the model does not answer is ``None`` (or
:attr:`Strength.UNKNOWN`), which callers report as missing information, not as a weakness.
"""

from __future__ import annotations

from enum import StrEnum

from medsec.domain.model import Element, Flow, Interface, Project
from medsec.domain.vocabulary import (
    CLEARTEXT_PROTOCOLS,
    ROUTABLE_PROTOCOLS,
    STRONG_AUTHENTICATION,
    STRONG_ENCRYPTION,
    WIRELESS_PROTOCOLS,
    Authentication,
    Encryption,
    Exposure,
    InterfaceKind,
    PowerSource,
    Production,
    Protocol,
    Transport,
)

# Protocols that exist only for debugging: a port speaking them is a debug port whatever its
# declared kind. A UART or serial port is a debug port only when declared ``kind: debug``;
# otherwise it is a serial interface (a console, a service link), judged as such (MD-14).
DEBUG_ONLY_PROTOCOLS = frozenset({Protocol.JTAG, Protocol.SWD})
# authentication values that let anyone in (BLE Just Works has no MITM protection)
UNAUTHENTICATED = frozenset({Authentication.NONE, Authentication.BLE_JUST_WORKS})
# protocols that are encrypted by definition (the version may still be unknown)
ENCRYPTED_PROTOCOLS = frozenset(
    {
        Protocol.HTTPS,
        Protocol.MQTTS,
        Protocol.COAPS,
        Protocol.WSS,
        Protocol.SSH,
        Protocol.SFTP,
        Protocol.VPN,
    }
)
# interface kinds whose traffic crosses a link an attacker can tap: they need both
# authentication and encryption
LINKED_KINDS = frozenset({InterfaceKind.NETWORK, InterfaceKind.WIRELESS, InterfaceKind.API})
OFF = frozenset({Production.DISABLED, Production.REMOVED})
# cables and buses: a point-to-point link, reachable by whoever reaches the cable. ``other`` is
# judged like a cable: exposed when it leaves a trust boundary.
WIRED_PROTOCOLS = frozenset(
    {
        Protocol.USB,
        Protocol.USB_CDC,
        Protocol.UART,
        Protocol.SERIAL,
        Protocol.JTAG,
        Protocol.SWD,
        Protocol.CAN,
        Protocol.WIRED,
        Protocol.OTHER,
    }
)


class Strength(StrEnum):
    """How strong a stated protection is; ``not stated`` is a question, never a weakness."""

    STRONG = "strong"
    WEAK = "weak"
    NONE = "none"
    UNKNOWN = "not stated"
    NOT_APPLICABLE = "not applicable"


# --- interfaces ------------------------------------------------------------------------------


def is_debug_interface(interface: Interface) -> bool:
    """A debug port: declared ``kind: debug``, or speaking a debug-only protocol (JTAG, SWD)."""
    return interface.kind is InterfaceKind.DEBUG or interface.protocol in DEBUG_ONLY_PROTOCOLS


def switched_off(interface: Interface) -> bool:
    """Stated disabled or removed in production: no attack surface left."""
    return interface.production in OFF


def enabled_in_production(interface: Interface) -> bool | None:
    """True when stated enabled, False when disabled or removed, None when not stated."""
    if interface.production is None:
        return None
    return interface.production not in OFF


def needs_link_protection(interface: Interface) -> bool:
    """Network, wireless and API interfaces carry traffic that must be authenticated and encrypted."""
    return interface.kind in LINKED_KINDS


def network_reachable(interface: Interface) -> bool | None:
    """Reachable from a network (exposure network or internet); None when exposure is unknown."""
    if interface.exposure is None:
        return None
    return interface.exposure.rank >= Exposure.NETWORK.rank


# --- protection of a link --------------------------------------------------------------------


def authentication_strength(value: Authentication | None) -> Strength:
    """Strong (certificates, MFA, BLE with MITM protection), weak (passwords, keys), none."""
    if value is None:
        return Strength.UNKNOWN
    if value in STRONG_AUTHENTICATION:
        return Strength.STRONG
    if value in UNAUTHENTICATED:
        return Strength.NONE
    return Strength.WEAK


def authenticated(value: Authentication | None) -> bool | None:
    """Whether a link or interface authenticates its peer at all; None when not stated."""
    strength = authentication_strength(value)
    if strength is Strength.UNKNOWN:
        return None
    return strength is not Strength.NONE


def encryption_strength(value: Encryption | None) -> Strength:
    """Strong (TLS 1.2+, LESC, IPsec, WPA3…), none (cleartext), weak (legacy, proprietary, other)."""
    if value is None:
        return Strength.UNKNOWN
    if value in STRONG_ENCRYPTION:
        return Strength.STRONG
    if value is Encryption.NONE:
        return Strength.NONE
    return Strength.WEAK


def interface_encryption(interface: Interface) -> Strength:
    """Encryption strength of an interface; not applicable to kinds that carry no link."""
    if not needs_link_protection(interface):
        return Strength.NOT_APPLICABLE
    return encryption_strength(interface.encryption)


def encrypted(encryption: Encryption | None, protocol: Protocol | None) -> bool | None:
    """Whether traffic is encrypted: stated, or implied by the protocol (https, ssh…)."""
    if encryption is Encryption.NONE:
        return False
    if encryption is not None:
        return True
    if protocol in ENCRYPTED_PROTOCOLS:
        return True
    if protocol in CLEARTEXT_PROTOCOLS:
        return False
    return None


def flow_encrypted(flow: Flow) -> bool | None:
    """Whether a flow travels encrypted (stated, or implied by its protocol)."""
    return encrypted(flow.encryption, flow.protocol)


def weakly_protected(authentication: Authentication | None, encryption: Encryption | None) -> bool:
    """Unauthenticated, cleartext or weak encryption, or either protection not stated."""
    return authentication_strength(authentication) in (Strength.NONE, Strength.UNKNOWN) or (
        encryption_strength(encryption) is not Strength.STRONG
    )


# --- topology --------------------------------------------------------------------------------


def crosses_trust_boundary(project: Project, flow: Flow) -> bool | None:
    """A flow between elements in different innermost trust boundaries; None if an end is unknown.

    Two elements with no boundary share the (implicit) outside; an element inside a boundary
    and one outside it are on two sides of that boundary.
    """
    source = project.find_element(flow.source)
    target = project.find_element(flow.target)
    if source is None or target is None:
        return None
    return source.boundary != target.boundary


def flow_transport(flow: Flow) -> Transport | None:
    """How a flow travels: stated, else from its protocol; None when neither says.

    Wireless protocols travel by radio, routable ones on a network, ``internal`` stays in the
    host, cables and buses (and ``other``) are wired; a user interface is no link at all.
    """
    if flow.transport is not None:
        return flow.transport
    protocol = flow.protocol
    if protocol in WIRELESS_PROTOCOLS:
        return Transport.WIRELESS
    if protocol in ROUTABLE_PROTOCOLS:
        return Transport.NETWORK
    if protocol is Protocol.INTERNAL:
        return Transport.IN_HOST
    if protocol in WIRED_PROTOCOLS:
        return Transport.WIRED
    return None


# --- hosts -----------------------------------------------------------------------------------


def host_chain(project: Project, element: Element) -> tuple[Element, ...]:
    """The element's hosts, innermost first (a container, its VM, the hypervisor)."""
    chain: list[Element] = []
    seen = {element.id}
    current = project.find_element(element.host) if element.host else None
    while current is not None and current.id not in seen:
        chain.append(current)
        seen.add(current.id)
        current = project.find_element(current.host) if current.host else None
    return tuple(chain)


def machine(project: Project, element: Element) -> Element:
    """The outermost host of the element: the machine it runs on (itself when it has no host)."""
    if not element.host:  # most elements: no chain to walk
        return element
    chain = host_chain(project, element)
    return chain[-1] if chain else element


def co_hosted(project: Project, flow: Flow) -> bool | None:
    """Both ends of the flow run on one machine; None when an end is not in the model."""
    source = project.find_element(flow.source)
    target = project.find_element(flow.target)
    if source is None or target is None:
        return None
    return machine(project, source).id == machine(project, target).id


def in_host_flow(project: Project, flow: Flow) -> bool:
    """A flow that never leaves one machine: no link for an attacker outside it to tap.

    Stated ``transport: in-host``; or, with no transport stated, between co-hosted elements or
    ``protocol: internal``. A stated transport other than in-host overrides both.
    """
    if flow.transport is not None:
        return flow.transport is Transport.IN_HOST
    return co_hosted(project, flow) is True or flow.protocol is Protocol.INTERNAL


def machine_interfaces(project: Project, element: Element) -> tuple[Interface, ...]:
    """Every interface of the element's machine: its own, its hosts' and co-hosted elements'.

    Processes on one machine share its network exposure: what reaches one reaches the host.
    """
    root = machine(project, element)
    found: list[Interface] = []
    pending = [root]
    seen: set[str] = set()
    while pending:
        current = pending.pop(0)
        if current.id in seen:
            continue
        seen.add(current.id)
        found.extend(project.interfaces_of(current.id))
        pending.extend(project.hosted_on(current.id))
    return tuple(found)


def machine_elements(project: Project, element: Element) -> tuple[Element, ...]:
    """Every element on the element's machine: the machine itself and all it hosts, nested.

    Processes on one machine share its network exposure: a way into one is a way into all.
    """
    root = machine(project, element)
    found: list[Element] = []
    pending = [root]
    seen: set[str] = set()
    while pending:
        current = pending.pop(0)
        if current.id in seen:
            continue
        seen.add(current.id)
        found.append(current)
        pending.extend(project.hosted_on(current.id))
    return tuple(found)


def power_source(project: Project, element: Element) -> PowerSource | None:
    """What powers the element: stated on it, or on the nearest host that states it."""
    for candidate in (element, *host_chain(project, element)):
        if candidate.power is not None:
            return candidate.power
    return None


# --- exposure of a flow ----------------------------------------------------------------------


def exposed_link(project: Project, flow: Flow) -> bool | None:
    """Whether an attacker outside both ends can reach the link the flow travels on.

    Radio and networks always; a cable, bus or ``other`` link when it crosses a trust
    boundary (USB to a service laptop, a serial line to a bedside monitor); never an in-host
    flow or a user interface. None when the transport cannot be told (protocol unstated or
    ``unknown`` and no ``transport``), or an end of a cable is not in the model.
    """
    if in_host_flow(project, flow):
        return False
    if flow.transport is None and flow.protocol is Protocol.USER_INTERFACE:
        return False
    transport = flow_transport(flow)
    if transport in (Transport.WIRELESS, Transport.NETWORK):
        return True
    if transport is Transport.WIRED:
        return crosses_trust_boundary(project, flow)
    return None


def receivers(project: Project, flow: Flow) -> tuple[Element, ...]:
    """The elements a flow delivers to: its target, and its source too when bidirectional."""
    ids = (flow.target, flow.source) if flow.bidirectional else (flow.target,)
    return tuple(e for e in (project.find_element(i) for i in ids) if e is not None)
