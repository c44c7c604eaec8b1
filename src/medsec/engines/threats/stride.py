"""STRIDE per element: the baseline threats every DFD element and flow gets.

actor: S, R · process: S, T, R, I, D, E · data store: T, I, D (+ R when it stores logs) ·
flow: T, I, D. Default CVSS vectors are derived from the model with the rubric's logic
(routable → AV:N, short-range wireless → AV:A, cable → AV:L, physical → AV:P; impact High
for clinical functions, PHI and secrets), to be refined per threat with the guided rubric.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Element, Flow, Project
from medsec.domain.threat import Stride, Target, TargetKind, Threat, Trigger, Unknown
from medsec.domain.vocabulary import (
    ROUTABLE_PROTOCOLS,
    STRONG_AUTHENTICATION,
    ElementType,
    Function,
    Production,
    Protocol,
)
from medsec.engines.judgements import authenticated

PER_TYPE: dict[ElementType, tuple[Stride, ...]] = {
    ElementType.ACTOR: (Stride.SPOOFING, Stride.REPUDIATION),
    ElementType.PROCESS: tuple(Stride),
    ElementType.DATA_STORE: (
        Stride.TAMPERING,
        Stride.INFORMATION_DISCLOSURE,
        Stride.DENIAL_OF_SERVICE,
    ),
}
FLOW_STRIDE = (Stride.TAMPERING, Stride.INFORMATION_DISCLOSURE, Stride.DENIAL_OF_SERVICE)

_DESCRIPTIONS = {
    Stride.SPOOFING: "An attacker pretends to be {name} to its peers.",
    Stride.TAMPERING: "An attacker modifies {name} or what it processes.",
    Stride.REPUDIATION: "Actions of or on {name} cannot be attributed afterwards.",
    Stride.INFORMATION_DISCLOSURE: "Information held or carried by {name} is disclosed.",
    Stride.DENIAL_OF_SERVICE: "{name} is made unavailable or too slow for clinical use.",
    Stride.ELEVATION_OF_PRIVILEGE: "An attacker gains more privilege on {name} than granted.",
}
_MITIGATIONS = {
    Stride.SPOOFING: "Authenticate the peer (certificates, mutual TLS, BLE numeric comparison).",
    Stride.TAMPERING: "Protect integrity: signed code and messages, MACs, access control.",
    Stride.REPUDIATION: "Log security-relevant events with time and identity, protected from change.",
    Stride.INFORMATION_DISCLOSURE: "Encrypt in transit and at rest; minimise what is kept and sent.",
    Stride.DENIAL_OF_SERVICE: "Rate-limit, validate input, fail safe and alarm when the function is lost.",
    Stride.ELEVATION_OF_PRIVILEGE: "Least privilege, role-based authorisation, hardening, memory safety.",
}
# which of C, I, A each STRIDE category touches
_IMPACT = {
    Stride.SPOOFING: ("C", "I"),
    Stride.TAMPERING: ("I",),
    Stride.REPUDIATION: (),
    Stride.INFORMATION_DISCLOSURE: ("C",),
    Stride.DENIAL_OF_SERVICE: ("A",),
    Stride.ELEVATION_OF_PRIVILEGE: ("C", "I", "A"),
}
_HIGH_FUNCTIONS = frozenset(
    {
        Function.THERAPY,
        Function.DIAGNOSIS,
        Function.MONITORING,
        Function.PHI,
        Function.SYSTEM_SECRET,
        Function.CLINICAL_WORKFLOW,
    }
)
_AV_ORDER = "PLAN"


def protocol_av(protocol: Protocol | None) -> str:
    """Attack vector of a protocol by the rubric's decision flow; unknown falls to the worst."""
    if protocol is None or protocol in ROUTABLE_PROTOCOLS or protocol is Protocol.OTHER:
        return "N"
    if protocol in (Protocol.BLE, Protocol.CLASSIC_BLUETOOTH, Protocol.PROPRIETARY_RF):
        return "A"
    if protocol in (Protocol.JTAG, Protocol.SWD, Protocol.USER_INTERFACE):
        return "P"
    return "L"  # NFC, USB, serial, CAN, internal


def _worst_av(values: list[str]) -> str:
    """The most remote attack vector (N > A > L > P); local when nothing connects."""
    return max(values, key=_AV_ORDER.index) if values else "L"


def element_av(project: Project, element: Element) -> str:
    """The element's attack vector: the most remote of its flows and non-removed interfaces."""
    avs = [protocol_av(f.protocol) for f in project.flows_touching(element.id)]
    avs += [
        protocol_av(i.protocol)
        for i in project.interfaces_of(element.id)
        if i.production is not Production.REMOVED
    ]
    return _worst_av(avs)


def _impact(function: Function | None) -> str:
    """High impact for clinical functions, PHI and secrets, and when the function is unknown."""
    return "H" if function is None or function in _HIGH_FUNCTIONS else "L"


def _flow_function(project: Project, flow: Flow) -> Function | None:
    """What a flow's ends do: high-impact if either end is, unknown if either is unstated."""
    functions = []
    for eid in (flow.source, flow.target):
        el = project.find_element(eid)
        if el is not None:
            functions.append(el.function)
    if any(f is None for f in functions):
        return None
    if any(f in _HIGH_FUNCTIONS for f in functions):
        return Function.THERAPY
    return Function.OTHER


def _vectors(stride: Stride, av: str, pr: str, impact: str) -> tuple[str, str]:
    """Default CVSS 3.1 and 4.0 vectors of a STRIDE category from AV, PR and impact."""
    touched = _IMPACT[stride]
    cia = {m: (impact if m in touched else "N") for m in ("C", "I", "A")}
    if stride is Stride.REPUDIATION:
        cia["I"] = "L"
    v3 = f"CVSS:3.1/AV:{av}/AC:H/PR:{pr}/UI:N/S:U/C:{cia['C']}/I:{cia['I']}/A:{cia['A']}"
    v4 = (
        f"CVSS:4.0/AV:{av}/AC:H/AT:N/PR:{pr}/UI:N/VC:{cia['C']}/VI:{cia['I']}/VA:{cia['A']}"
        "/SC:N/SI:N/SA:N"
    )
    return v3, v4


def _element_pr(project: Project, element: Element) -> str:
    """Privileges needed: low when every inbound flow authenticates strongly, else none."""
    inbound = project.flows_into(element.id)
    if inbound and all(f.authentication in STRONG_AUTHENTICATION for f in inbound):
        return "L"
    return "N"


def baseline(project: Project) -> Iterator[Threat | Unknown]:
    """One threat per applicable STRIDE category for every element and flow."""
    for e in project.elements:
        target = Target(TargetKind.ELEMENT, e.id)
        letters = PER_TYPE[e.type]
        if e.type is ElementType.DATA_STORE and e.stores_logs:
            letters = (*letters, Stride.REPUDIATION)
        if e.function is None and e.type is not ElementType.ACTOR:
            yield Unknown(target, "function")
        av = element_av(project, e)
        pr = _element_pr(project, e)
        for s in letters:
            v3, v4 = _vectors(s, av, pr, _impact(e.function))
            yield _threat(
                s, target, e.name, (Trigger(f"elements[{e.id}].type", e.type.value),), v3, v4
            )
    for f in project.flows:
        target = Target(TargetKind.FLOW, f.id)
        if f.protocol is None:
            yield Unknown(target, "protocol")
        av = protocol_av(f.protocol)
        pr = "L" if authenticated(f.authentication) else "N"
        for s in FLOW_STRIDE:
            v3, v4 = _vectors(s, av, pr, _impact(_flow_function(project, f)))
            trigger = Trigger(f"flows[{f.id}]", f"{f.source} -> {f.target}")
            yield _threat(s, target, f.label, (trigger,), v3, v4)


def _threat(
    s: Stride, target: Target, name: str, triggers: tuple[Trigger, ...], v3: str, v4: str
) -> Threat:
    """The baseline threat ``STRIDE-X@target`` with its default vectors."""
    rule = f"STRIDE-{s.value}"
    return Threat(
        id=f"{rule}@{target.id}",
        rule=rule,
        title=f"{s.label} of {name}",
        stride=(s,),
        target=target,
        baseline=True,
        description=_DESCRIPTIONS[s].format(name=name),
        mitigation=_MITIGATIONS[s],
        triggers=triggers,
        default_v3_1=v3,
        default_v4_0=v4,
    )
