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

from medsec.domain.model import Flow, Interface, Project
from medsec.domain.vocabulary import (
    CLEARTEXT_PROTOCOLS,
    STRONG_AUTHENTICATION,
    STRONG_ENCRYPTION,
    Authentication,
    Encryption,
    Exposure,
    InterfaceKind,
    Production,
    Protocol,
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
