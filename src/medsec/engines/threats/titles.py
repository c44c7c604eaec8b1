"""Threat titles that say what is at stake, built from function, carries, data and protocol.

"Tampered commands over BLE reach the pump controller firmware and change therapy" instead of
"Tampering of Infusion programming". The baseline STRIDE threats and the link rules build
their titles here, from the model; a title is not part of a threat's id, so re-wording one never
changes an id.
"""

from __future__ import annotations

from collections.abc import Iterable

from medsec.domain.model import Element, Flow, Project
from medsec.domain.threat import Stride
from medsec.domain.vocabulary import Carries, DataCategory, ElementType, Function, Protocol

# how a protocol reads after "over"; None: not worth naming (unknown, other)
PROTOCOL_NAMES: dict[Protocol, str | None] = {
    Protocol.BLE: "BLE",
    Protocol.CLASSIC_BLUETOOTH: "Bluetooth",
    Protocol.WIFI: "Wi-Fi",
    Protocol.NFC: "NFC",
    Protocol.PROPRIETARY_RF: "proprietary radio",
    Protocol.CELLULAR: "cellular",
    Protocol.ETHERNET: "Ethernet",
    Protocol.USB: "USB",
    Protocol.USB_CDC: "USB",
    Protocol.UART: "UART",
    Protocol.SERIAL: "a serial line",
    Protocol.JTAG: "JTAG",
    Protocol.SWD: "SWD",
    Protocol.CAN: "CAN",
    Protocol.INTERNAL: "an on-board link",
    Protocol.USER_INTERFACE: "the user interface",
    Protocol.HTTP: "HTTP",
    Protocol.HTTPS: "HTTPS",
    Protocol.MQTT: "MQTT",
    Protocol.MQTTS: "MQTT/TLS",
    Protocol.COAP: "CoAP",
    Protocol.COAPS: "CoAP/DTLS",
    Protocol.WEBSOCKET: "WebSocket",
    Protocol.WSS: "WebSocket/TLS",
    Protocol.GRPC: "gRPC",
    Protocol.SSH: "SSH",
    Protocol.TELNET: "Telnet",
    Protocol.FTP: "FTP",
    Protocol.SFTP: "SFTP",
    Protocol.SMB: "SMB",
    Protocol.HL7_MLLP: "HL7",
    Protocol.DICOM: "DICOM",
    Protocol.FHIR: "FHIR",
    Protocol.POSTGRESQL: "PostgreSQL",
    Protocol.MYSQL: "MySQL",
    Protocol.AMQP: "AMQP",
    Protocol.VPN: "a VPN",
    Protocol.RDP: "RDP",
    Protocol.SNMP: "SNMP",
    Protocol.WIRED: "a dedicated cable",
    Protocol.UNKNOWN: None,
    Protocol.OTHER: None,
}
# what an attack on a function leads to (after "and"), and what losing it does (after ",")
HARM: dict[Function, tuple[str, str]] = {
    Function.THERAPY: ("change therapy", "interrupting therapy"),
    Function.DIAGNOSIS: ("lead to misdiagnosis", "delaying diagnosis"),
    Function.MONITORING: (
        "hide or fake the patient's condition",
        "silencing monitoring and alarms",
    ),
    Function.CLINICAL_WORKFLOW: (
        "corrupt the clinical workflow",
        "stalling the clinical workflow",
    ),
    Function.PHI: ("corrupt patient records", "withholding patient records"),
    Function.SYSTEM_SECRET: ("expose keys and credentials", "locking out what its keys open"),
}
_RESULTS = {Function.DIAGNOSIS: "diagnostic results", Function.MONITORING: "patient readings"}


def the(element: Element | None) -> str:
    """An element's name mid-sentence: ``the pump controller firmware`` (acronyms kept)."""
    if element is None:
        return "an element not in the model"
    name = element.name
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        name = name[0].lower() + name[1:]
    return f"the {name}"


def _capital(text: str) -> str:
    """The sentence with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def via(flow: Flow) -> str:
    """`` over BLE``, or nothing when the protocol is not worth naming."""
    name = PROTOCOL_NAMES.get(flow.protocol) if flow.protocol is not None else None
    return f" over {name}" if name else ""


def _categories(project: Project, ids: Iterable[str]) -> list[DataCategory]:
    """The categories of the data items, in the order given (unknown ids left out)."""
    by_id = {d.id: d.category for d in project.data}
    return [by_id[i] for i in ids if i in by_id]


def _data_phrase(project: Project, ids: tuple[str, ...]) -> str | None:
    """What data items amount to: patient data, credentials, personal data, or their names."""
    categories = _categories(project, ids)
    if DataCategory.HEALTH in categories or any(c.special for c in categories):
        return "patient data"
    if DataCategory.CREDENTIAL in categories:
        return "credentials"
    if any(c.personal for c in categories):
        return "personal data"
    if ids:
        names = ", ".join(i.replace("-", " ").replace("_", " ") for i in ids[:2])
        return f"data ({names}{', …' if len(ids) > 2 else ''})"
    return None


def what(project: Project, flow: Flow) -> str:
    """What travels on a flow, in a few words: commands, software images, diagnostic results…"""
    if flow.carries is Carries.CODE:
        return "software images"
    if flow.carries is Carries.COMMANDS:
        return "commands"
    sender = project.find_element(flow.source)
    if sender is not None and sender.function in _RESULTS:
        return _RESULTS[sender.function]
    return _data_phrase(project, flow.data) or "messages"


def harm(project: Project, flow: Flow, *, loss: bool = False) -> str:
    """What the flow's abuse leads to: the receiver's function, else the sender's; "" if none."""
    for eid in (flow.target, flow.source):
        element = project.find_element(eid)
        if element is not None and element.function in HARM:
            return HARM[element.function][1 if loss else 0]
    return ""


def _and(phrase: str) -> str:
    """`` and PHRASE``, or nothing."""
    return f" and {phrase}" if phrase else ""


def _can(phrase: str) -> str:
    """`` can PHRASE``, or nothing."""
    return f" can {phrase}" if phrase else ""


def _comma(phrase: str) -> str:
    """``, PHRASE``, or nothing."""
    return f", {phrase}" if phrase else ""


# --- baseline STRIDE threats -----------------------------------------------------------------


def flow_title(project: Project, flow: Flow, letter: Stride) -> str:
    """The title of a baseline STRIDE threat on a flow (T, I or D)."""
    receiver = the(project.find_element(flow.target))
    carried = what(project, flow)
    if letter is Stride.TAMPERING:
        return f"Tampered {carried}{via(flow)} reach {receiver}{_and(harm(project, flow))}"
    if letter is Stride.INFORMATION_DISCLOSURE:
        return _capital(f"{carried}{via(flow)} to {receiver} read in transit")
    if letter is Stride.DENIAL_OF_SERVICE:
        loss = _comma(harm(project, flow, loss=True))
        return _capital(f"{carried}{via(flow)} to {receiver} blocked or delayed{loss}")
    return f"{letter.label} of {flow.label}"


def _peers(project: Project, element: Element, preposition: str = "to") -> str:
    """`` to the X`` (and how many more) for the elements an element sends to; "" if none."""
    ids = sorted({f.target for f in project.flows_touching(element.id) if f.source == element.id})
    if not ids:
        return ""
    more = f" and {len(ids) - 1} more" if len(ids) > 1 else ""
    return f" {preposition} {the(project.find_element(ids[0]))}{more}"


def _held(project: Project, element: Element) -> str:
    """What an element holds, in a few words: patient data, credentials or its data."""
    if element.function is Function.PHI:
        return "patient data"
    if element.function is Function.SYSTEM_SECRET:
        return "keys and credentials"
    return _data_phrase(project, element.stores) or "data"


def element_title(project: Project, element: Element, letter: Stride) -> str:
    """The title of a baseline STRIDE threat on an element."""
    name = the(element)
    effect = HARM.get(element.function, ("", "")) if element.function else ("", "")
    store = element.type is ElementType.DATA_STORE
    if letter is Stride.SPOOFING:
        return f"Attacker poses as {name}{_peers(project, element)}"
    if letter is Stride.TAMPERING:
        subject = f"Tampered records in {name}" if store else f"Tampered code or settings of {name}"
        return f"{subject}{_can(effect[0])}"
    if letter is Stride.REPUDIATION:
        if element.type is ElementType.ACTOR:
            return _capital(f"{name} can deny actions taken{_peers(project, element, 'on')}")
        return _capital(f"actions on {name} cannot be attributed afterwards")
    if letter is Stride.INFORMATION_DISCLOSURE:
        return _capital(f"{_held(project, element)} disclosed from {name}")
    if letter is Stride.DENIAL_OF_SERVICE:
        return _capital(f"{name} made unavailable{_comma(effect[1])}")
    return f"Attacker takes control of {name}{_and(_can(effect[0]).strip())}"


# --- rule threats on flows -------------------------------------------------------------------


def link_title(project: Project, flow: Flow, template: str) -> str:
    """A rule's title on a flow from a template.

    Placeholders: ``{what}`` travels ``{via}`` (`` over BLE``) from ``{sender}`` to
    ``{receiver}``; ``{harm}`` is `` and change therapy``, ``{effect}`` `` change therapy``
    and ``{loss}`` ``, interrupting therapy`` (each empty when no function says).
    """
    effect = harm(project, flow)
    text = template.format(
        what=what(project, flow),
        via=via(flow),
        receiver=the(project.find_element(flow.target)),
        sender=the(project.find_element(flow.source)),
        harm=_and(effect),
        effect=f" {effect}" if effect else "",
        loss=_comma(harm(project, flow, loss=True)),
    )
    return _capital(text)


def element_rule_title(element: Element, template: str) -> str:
    """A rule's title on an element from a template with ``{name}`` and ``{harm}``."""
    effect = HARM.get(element.function, ("", ""))[0] if element.function else ""
    return _capital(template.format(name=the(element), harm=_and(effect)))
