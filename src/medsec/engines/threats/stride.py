"""STRIDE per element: the baseline threats every DFD element and flow gets.

actor: S, R · process: S, T, R, I, D, E · data store: T, I, D (+ R when it stores logs) ·
flow: T, I, D. Less noise: an actor with no flows gets nothing, an element stated
``hardware_only: true`` (no software at all) no R, an in-host flow (both ends on one machine,
or ``internal``, unless a ``transport`` says otherwise) nothing. ``software: false`` only says
the software is not the manufacturer's: such a process keeps its R. Default CVSS vectors come
from the one derivation of :mod:`medsec.engines.threats.vectors`, with what set each metric;
titles say what is at stake (:mod:`medsec.engines.threats.titles`).
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Element, Flow, Project
from medsec.domain.threat import Stride, Target, TargetKind, Threat, Trigger, Unknown
from medsec.domain.vocabulary import ElementType
from medsec.engines.judgements import in_host_flow
from medsec.engines.threats import titles
from medsec.engines.threats.ranking import crossing
from medsec.engines.threats.vectors import Context, Derived, for_baseline

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


def element_letters(project: Project, element: Element) -> tuple[Stride, ...]:
    """The STRIDE letters an element gets; none for an actor no flow reaches.

    An element stated ``hardware_only: true`` runs no software: it keeps no record of actions
    and gets no repudiation. ``software: false`` (not the manufacturer's software) keeps it.
    """
    if element.type is ElementType.ACTOR and not project.flows_touching(element.id):
        return ()
    letters = PER_TYPE[element.type]
    if element.type is ElementType.DATA_STORE and element.stores_logs:
        letters = (*letters, Stride.REPUDIATION)
    if element.hardware_only:
        letters = tuple(s for s in letters if s is not Stride.REPUDIATION)
    return letters


def baseline(project: Project, ctx: Context | None = None) -> Iterator[Threat | Unknown]:
    """One threat per applicable STRIDE category for every element and flow."""
    ctx = ctx or Context(project)
    for e in project.elements:
        yield from _element_threats(ctx, e)
    for f in project.flows:
        if not in_host_flow(project, f):
            yield from _flow_threats(ctx, f)
    yield from hazard_questions(project)


def _element_threats(ctx: Context, e: Element) -> Iterator[Threat | Unknown]:
    """The baseline threats of one element, and the question for its function."""
    target = Target(TargetKind.ELEMENT, e.id)
    if e.function is None and e.type is not ElementType.ACTOR:
        yield Unknown(target, "function")
    trigger = Trigger(f"elements[{e.id}].type", e.type.value)
    for s in element_letters(ctx.project, e):
        title = titles.element_title(ctx.project, e, s)
        yield _threat(s, target, e.name, title, (trigger,), for_baseline(ctx, target, s))


def _flow_threats(ctx: Context, f: Flow) -> Iterator[Threat | Unknown]:
    """The baseline threats of one flow (not in-host), and the question for its protocol."""
    target = Target(TargetKind.FLOW, f.id)
    if f.protocol is None:
        yield Unknown(target, "protocol")
    arrow = "<->" if f.bidirectional else "->"
    trigger = Trigger(f"flows[{f.id}]", f"{f.source} {arrow} {f.target}")
    crosses = crossing(ctx, target)  # set here: the engine need not copy the threats to add it
    for s in FLOW_STRIDE:
        title = titles.flow_title(ctx.project, f, s)
        vectors = for_baseline(ctx, target, s)
        yield _threat(s, target, f.label, title, (trigger,), vectors, crosses)


def hazard_questions(project: Project) -> Iterator[Unknown]:
    """A hazard without a severity cannot weigh in the risk matrix: ask for it, on the device."""
    device = Target(TargetKind.DEVICE, project.device.id)
    for h in project.hazards:
        if h.severity is None:
            yield Unknown(device, f"hazards[{h.id}].severity")


def _threat(
    s: Stride,
    target: Target,
    name: str,
    title: str,
    triggers: tuple[Trigger, ...],
    vectors: Derived,
    crosses: str = "",
) -> Threat:
    """The baseline threat ``STRIDE-X@target`` with its title and default vectors."""
    rule = f"STRIDE-{s.value}"
    return Threat(
        id=f"{rule}@{target.id}",
        rule=rule,
        title=title,
        stride=(s,),
        target=target,
        baseline=True,
        description=_DESCRIPTIONS[s].format(name=name),
        mitigation=_MITIGATIONS[s],
        triggers=triggers,
        default_v3_1=vectors.v3_1,
        default_v4_0=vectors.v4_0,
        cvss_basis=vectors.basis,
        crossing=crosses,
    )
