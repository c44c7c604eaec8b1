"""How well a flow or an interface is protected: protocol families and weak values."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from medsec.domain.model import Flow, Interface
from medsec.domain.threat import Match, Trigger
from medsec.domain.vocabulary import (
    ROUTABLE_PROTOCOLS,
    STRONG_AUTHENTICATION,
    WEAK_ENCRYPTION,
    WIRELESS_PROTOCOLS,
    Authentication,
    Encryption,
    Protocol,
)
from medsec.engines.judgements import (
    authenticated,
    flow_encrypted,
    switched_off,
)
from medsec.engines.threats.rule import (
    Outcome,
    flow_trig,
    interface_target,
    interface_trig,
    unknown_interface,
)

# links an attacker can reach without opening the enclosure
LINK_PROTOCOLS = WIRELESS_PROTOCOLS | ROUTABLE_PROTOCOLS
# links that never leave the device or the person in front of it
LOCAL_PROTOCOLS = frozenset({Protocol.INTERNAL, Protocol.USER_INTERFACE})
# in-device buses that usually carry no authentication of their own
BUS_PROTOCOLS = frozenset({Protocol.CAN, Protocol.SERIAL, Protocol.UART, Protocol.INTERNAL})
TLS_PROTOCOLS = frozenset({Protocol.HTTPS, Protocol.MQTTS, Protocol.COAPS, Protocol.WSS})
TLS_ENCRYPTION = frozenset(
    {Encryption.TLS1_0, Encryption.TLS1_1, Encryption.TLS1_2, Encryption.TLS1_3, Encryption.DTLS}
)
REMOTE_ACCESS_PROTOCOLS = frozenset({Protocol.VPN, Protocol.RDP, Protocol.SSH})


def cleartext_triggers(flow: Flow) -> tuple[Trigger, ...]:
    """Triggers when the flow is stated to travel in cleartext; empty when not (or unknown)."""
    if flow_encrypted(flow) is not False:
        return ()
    if flow.encryption is Encryption.NONE:
        return (flow_trig(flow, "encryption", flow.encryption),)
    return (flow_trig(flow, "protocol", flow.protocol),)


def weak_link_triggers(flow: Flow) -> tuple[Trigger, ...]:
    """Stated weaknesses of a flow an attacker can reach remotely (wireless or routable)."""
    if flow.protocol not in LINK_PROTOCOLS:
        return ()
    triggers: list[Trigger] = []
    if authenticated(flow.authentication) is False:
        triggers.append(flow_trig(flow, "authentication", flow.authentication))
    triggers.extend(cleartext_triggers(flow))
    if flow.encryption in WEAK_ENCRYPTION:
        triggers.append(flow_trig(flow, "encryption", flow.encryption))
    return tuple(triggers)


def surface_outcome(interface: Interface, triggers: Iterable[Trigger]) -> Iterator[Outcome]:
    """A match on an enabled interface; unknown when its production state is not stated."""
    found = tuple(triggers)
    if not found or switched_off(interface):
        return
    if interface.production is None:
        yield unknown_interface(interface, "production")
        return
    production = interface_trig(interface, "production", interface.production)
    yield Match(interface_target(interface), (*found, production))


def weak_authentication(auth: Authentication | None) -> bool:
    """Stated and not strong; ``other`` cannot be judged and is left to the reviewer."""
    return (
        auth is not None and auth not in STRONG_AUTHENTICATION and auth is not Authentication.OTHER
    )
