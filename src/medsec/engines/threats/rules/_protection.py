"""How well a flow or an interface is protected: protocol families and weak values."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from medsec.domain.model import Flow, Interface, Project
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
    crosses_trust_boundary,
    exposed_link,
    flow_encrypted,
    switched_off,
)
from medsec.engines.threats.rule import (
    Outcome,
    flow_trig,
    interface_target,
    interface_trig,
    unknown_flow,
    unknown_interface,
)

# links an attacker can reach without opening the enclosure (for flows, ask ``exposed_link``:
# a cable that leaves a trust boundary is reachable too)
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


def on_exposed_link(project: Project, flow: Flow) -> bool:
    """The flow travels on a link an attacker can reach (radio, network, cable across a boundary)."""
    return exposed_link(project, flow) is True


def link_questions(project: Project, flow: Flow, *also: str) -> Iterator[Outcome]:
    """What to ask of a flow whose exposure cannot be judged, all in one round.

    The protocol when unstated (or the transport when the protocol is stated ``unknown``), and
    with it the ``also`` attributes the rule will need next, when they are unstated too and the
    flow may cross a trust boundary.
    """
    if exposed_link(project, flow) is not None:  # judged (an in-host flow is never exposed)
        return
    if flow.protocol is None:
        yield unknown_flow(flow, "protocol")
    elif flow.protocol is Protocol.UNKNOWN and flow.transport is None:
        yield unknown_flow(flow, "transport")
    else:
        return
    if crosses_trust_boundary(project, flow) is False:
        return
    for attribute in also:
        if getattr(flow, attribute) is None:
            yield unknown_flow(flow, attribute)


def weak_link_triggers(project: Project, flow: Flow) -> tuple[Trigger, ...]:
    """Stated weaknesses of a flow on an exposed link (radio, network, cable across a boundary)."""
    if not on_exposed_link(project, flow):
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
