"""The one CVSS derivation: both default vectors of every threat from one judgement of the model.

Each CVSS 3.1 base metric is judged once, from the model attributes that decide it, and keeps
what decided it (a :class:`MetricBasis`, shown beside the vector like a rule's triggers):

- **AV** from how an attacker reaches the target: a flow's transport, protocol and the trust
  boundaries it crosses; an interface's exposure; for an element, the most remote way into its
  machine (processes on one host share its exposure).
- **AC** H when a stated strong protection must be defeated first, else L.
- **PR** L when the way in authenticates strongly (an enrolled identity to hold first), else N.
- **UI** R only when nothing but a person's action brings input to the target.
- **S** U for the baseline; a rule keeps its own.
- **C, I, A** from what the target holds and does: function, ``safety_critical``, ``actuator``
  and the data categories it stores or carries.

A baseline STRIDE threat takes every metric from the model (its letter decides which of C, I
and A it touches). A rule keeps its own vector for the metrics it does not take from the model
(``RuleMeta.cvss_from_model``); C, I and A from the model only ever lower a rule's value. The
CVSS 4.0 vector is the same judgement in 4.0 metrics (:func:`v4_from_v3`). The rules, with
their reasons, are in docs/format.md "CVSS derivation".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

from medsec.domain.model import Element, Flow, Interface, Project
from medsec.domain.threat import MetricBasis, RuleMeta, Stride, Target, TargetKind
from medsec.domain.vocabulary import (
    ROUTABLE_PROTOCOLS,
    Authentication,
    Carries,
    DataCategory,
    ElementType,
    Exposure,
    Function,
    InterfaceKind,
    Protocol,
    Transport,
)
from medsec.engines.judgements import (
    ENCRYPTED_PROTOCOLS,
    Strength,
    authentication_strength,
    crosses_trust_boundary,
    encryption_strength,
    flow_transport,
    in_host_flow,
    machine_elements,
    receivers,
    switched_off,
)
from medsec.engines.threats.scoring import metrics, score

V3_METRICS = ("AV", "AC", "PR", "UI", "S", "C", "I", "A")
IMPACTS = ("C", "I", "A")
_AV_RANK = "PLAN"  # least to most remote
_LEVEL_RANK = "NLH"  # impact levels, least to most
_EXPOSURE_AV = {
    Exposure.PHYSICAL: "P",
    Exposure.LOCAL: "L",
    Exposure.ADJACENT: "A",
    Exposure.NETWORK: "N",
    Exposure.INTERNET: "N",
}
_KIND_AV = {
    InterfaceKind.NETWORK: "N",
    InterfaceKind.API: "N",
    InterfaceKind.WIRELESS: "A",
    InterfaceKind.USB: "L",
    InterfaceKind.SERIAL: "L",
    InterfaceKind.DEBUG: "P",
    InterfaceKind.USER_INTERFACE: "P",
    InterfaceKind.REMOVABLE_MEDIA: "P",
}
_NEAR_RADIO = frozenset({Protocol.BLE, Protocol.CLASSIC_BLUETOOTH, Protocol.PROPRIETARY_RF})
_PROBES = frozenset({Protocol.JTAG, Protocol.SWD})
_PERSON_KINDS = frozenset({InterfaceKind.USER_INTERFACE, InterfaceKind.REMOVABLE_MEDIA})
# which of C, I, A each STRIDE letter touches (repudiation: the record, set to I:L below)
TOUCHES = {
    Stride.SPOOFING: ("C", "I"),
    Stride.TAMPERING: ("I",),
    Stride.REPUDIATION: ("I",),
    Stride.INFORMATION_DISCLOSURE: ("C",),
    Stride.DENIAL_OF_SERVICE: ("A",),
    Stride.ELEVATION_OF_PRIVILEGE: ("C", "I", "A"),
}
# functions whose loss of C, I or A is high impact (the MITRE rubric's categories)
_HIGH = {
    "C": frozenset({Function.PHI, Function.SYSTEM_SECRET}),
    "I": frozenset(
        {
            Function.THERAPY,
            Function.DIAGNOSIS,
            Function.MONITORING,
            Function.PHI,
            Function.SYSTEM_SECRET,
        }
    ),
    "A": frozenset({Function.THERAPY, Function.DIAGNOSIS, Function.MONITORING}),
}
_AGREE = "chosen so that CVSS 4.0 and 3.1 agree in severity"


@dataclass(frozen=True)
class Setting:
    """One metric value and what set it (a model path with its value, or the rule)."""

    value: str
    because: str


@dataclass(frozen=True)
class Derived:
    """The default vectors of one threat and what set each of their metrics."""

    v3_1: str
    v4_0: str
    basis: tuple[MetricBasis, ...]


# --- attack vector -------------------------------------------------------------------------


def protocol_av(protocol: Protocol | None) -> str:
    """AV of a protocol alone, after the rubric: routable N, Bluetooth-like radio A, probes P.

    NFC, cables and buses are L; a protocol not stated (or ``unknown``) is the worst case, N.
    """
    if protocol is None or protocol is Protocol.UNKNOWN or protocol in ROUTABLE_PROTOCOLS:
        return "N"
    if protocol in _NEAR_RADIO:
        return "A"
    if protocol in _PROBES or protocol is Protocol.USER_INTERFACE:
        return "P"
    return "L"


def flow_av(project: Project, flow: Flow) -> Setting:
    """AV of a flow from its transport, protocol and the trust boundaries it crosses."""
    where = f"flows[{flow.id}]"
    protocol = flow.protocol
    if in_host_flow(project, flow):
        return Setting("L", f"{where} is in-host: only code on its machine reaches it")
    if flow.transport is None and protocol is Protocol.USER_INTERFACE:
        return Setting("P", f"{where}.protocol = user-interface: a person at the device")
    if protocol in _PROBES:
        return Setting("P", f"{where}.protocol = {protocol}: a probe on the board")
    transport = flow_transport(flow)
    if transport is Transport.WIRELESS:
        return _radio_av(flow, where)
    if transport is Transport.NETWORK:
        if flow.transport is not None:
            return Setting("N", f"{where}.transport = network")
        return Setting("N", f"{where}.protocol = {protocol} (routable)")
    if transport is Transport.WIRED:
        return _cable_av(project, flow, where)
    shown = "unknown" if protocol is Protocol.UNKNOWN else "not stated"
    return Setting("N", f"{where}.protocol {shown}, no transport: the worst case until stated")


def _radio_av(flow: Flow, where: str) -> Setting:
    """AV of a radio link: NFC L, routable or unnamed N, any other radio A."""
    protocol = flow.protocol
    if protocol is Protocol.NFC:
        return Setting("L", f"{where}.protocol = nfc: a few centimetres of range")
    if protocol is None or protocol is Protocol.UNKNOWN:
        return Setting("N", f"{where}.transport = wireless, protocol not stated: the worst case")
    if protocol in ROUTABLE_PROTOCOLS:
        return Setting("N", f"{where}.protocol = {protocol} (routable)")
    return Setting("A", f"{where}.protocol = {protocol}: radio range")


def _cable_av(project: Project, flow: Flow, where: str) -> Setting:
    """AV of a cable: P inside one boundary, else A for a routable protocol and L for others."""
    stated = (
        f"{where}.transport = wired"
        if flow.transport is not None
        else f"{where}.protocol = {flow.protocol}"
    )
    source, target = project.find_element(flow.source), project.find_element(flow.target)
    crosses = crosses_trust_boundary(project, flow)
    if crosses is False and source is not None:
        inside = source.boundary or "no boundary"
        return Setting("P", f"{stated}: a cable inside {inside}, reached by physical access")
    ends = " → ".join(_boundary(e) for e in (source, target))
    if flow.protocol in ROUTABLE_PROTOCOLS:
        return Setting(
            "A", f"{stated}, {flow.protocol} on a dedicated cable ({ends}): only who is on it"
        )
    return Setting("L", f"{stated}: a cable from {ends}, reached by whoever plugs into it")


def _boundary(element: Element | None) -> str:
    """The boundary an element sits in, for basis texts."""
    if element is None:
        return "an element not in the model"
    return element.boundary or "outside every boundary"


def interface_av(interface: Interface) -> Setting:
    """AV of an interface: its exposure, else its protocol, else its kind."""
    where = f"interfaces[{interface.id}]"
    if interface.exposure is not None:
        return Setting(_EXPOSURE_AV[interface.exposure], f"{where}.exposure = {interface.exposure}")
    if interface.protocol is not None and interface.protocol is not Protocol.UNKNOWN:
        return Setting(protocol_av(interface.protocol), f"{where}.protocol = {interface.protocol}")
    if interface.kind is not None:
        return Setting(_KIND_AV[interface.kind], f"{where}.kind = {interface.kind}")
    return Setting("N", f"{where} states no exposure, protocol or kind: the worst case")


def _most_remote(settings: Iterable[Setting]) -> Setting | None:
    """The most remote attack vector; ties go to the first basis in text order (stable)."""
    ordered = sorted(settings, key=lambda s: (-_AV_RANK.index(s.value), s.because))
    return ordered[0] if ordered else None


# --- the context of one project ------------------------------------------------------------


@dataclass
class Context:
    """The model's answers per target, computed once and shared by every threat on it."""

    project: Project
    _flows: dict[str, Flow] = field(default_factory=dict)
    _categories: dict[str, DataCategory] = field(default_factory=dict)
    _av: dict[Target, Setting | None] = field(default_factory=dict)
    _levels: dict[Target, dict[str, Setting] | None] = field(default_factory=dict)
    _element_levels: dict[str, dict[str, Setting]] = field(default_factory=dict)
    _pr: dict[Target, Setting | None] = field(default_factory=dict)
    _ui: dict[Target, Setting | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Index flows and data categories by id."""
        self._flows = {f.id: f for f in self.project.flows}
        self._categories = {d.id: d.category for d in self.project.data}

    def flow(self, flow_id: str) -> Flow | None:
        """The flow with this id, or None."""
        return self._flows.get(flow_id)

    def category(self, data_id: str) -> DataCategory | None:
        """The category of a data item, or None for an id the model does not have."""
        return self._categories.get(data_id)

    def av(self, target: Target) -> Setting | None:
        """AV of a target; None for boundaries and the device (a rule keeps its own)."""
        try:  # one lookup: the hit is the common case (a target's threats share it)
            return self._av[target]
        except KeyError:
            found = self._av[target] = _target_av(self, target)
            return found

    def levels(self, target: Target) -> dict[str, Setting] | None:
        """The highest C, I and A an attack on the target reaches; None for the device."""
        try:  # one lookup: the hit is the common case (a target's threats share it)
            return self._levels[target]
        except KeyError:
            found = self._levels[target] = _target_levels(self, target)
            return found

    def pr(self, target: Target) -> Setting | None:
        """PR of a target from the authentication of its way in (None: not in the model)."""
        try:  # one lookup: the hit is the common case (a target's threats share it)
            return self._pr[target]
        except KeyError:
            found = self._pr[target] = _target_pr(self, target)
            return found

    def ui(self, target: Target) -> Setting | None:
        """UI of a target (None: not in the model)."""
        try:  # one lookup: the hit is the common case (a target's threats share it)
            return self._ui[target]
        except KeyError:
            found = self._ui[target] = _target_ui(self, target)
            return found

    def element_levels(self, element: Element) -> dict[str, Setting]:
        """C, I and A of one element."""
        if element.id not in self._element_levels:
            self._element_levels[element.id] = _element_levels(self, element)
        return self._element_levels[element.id]


def _target_av(ctx: Context, target: Target) -> Setting | None:
    """AV of any kind of target (element, flow, interface)."""
    project = ctx.project
    if target.kind is TargetKind.FLOW:
        flow = ctx.flow(target.id)
        return flow_av(project, flow) if flow is not None else None
    if target.kind is TargetKind.INTERFACE:
        interface = project.find_interface(target.id)
        return interface_av(interface) if interface is not None else None
    if target.kind is TargetKind.ELEMENT:
        element = project.find_element(target.id)
        return element_av(project, element) if element is not None else None
    return None


def element_av(project: Project, element: Element) -> Setting:
    """AV of an element: the most remote flow or enabled interface reaching its machine."""
    ways: list[Setting] = []
    for member in machine_elements(project, element):
        ways += [
            flow_av(project, f)
            for f in project.flows_touching(member.id)
            if not in_host_flow(project, f)
        ]
        ways += [interface_av(i) for i in project.interfaces_of(member.id) if not switched_off(i)]
    found = _most_remote(ways)
    if found is None:
        return Setting("L", f"no flow or enabled interface reaches elements[{element.id}]")
    return found


# --- privileges, complexity, user interaction ----------------------------------------------


def _entries(project: Project, element: Element) -> list[tuple[str, Authentication | None]]:
    """(model path, authentication) of every way in: inbound flows and enabled interfaces.

    For an actor, the flows it sends on: how it is authenticated where it acts.
    """
    if element.type is ElementType.ACTOR:
        return [
            (f"flows[{f.id}].authentication", f.authentication)
            for f in project.flows_touching(element.id)
        ]
    out: list[tuple[str, Authentication | None]] = []
    for member in machine_elements(project, element):
        out += [
            (f"flows[{f.id}].authentication", f.authentication)
            for f in project.flows_into(member.id)
            if not in_host_flow(project, f)
        ]
        out += [
            (f"interfaces[{i.id}].authentication", i.authentication)
            for i in project.interfaces_of(member.id)
            if not switched_off(i)
        ]
    return out


_STRENGTH_ORDER = (Strength.NONE, Strength.UNKNOWN, Strength.WEAK, Strength.STRONG)


def _authentication(path: str, value: Authentication | None) -> Setting:
    """PR of one way in: L when it authenticates strongly, else N."""
    strength = authentication_strength(value)
    if strength is Strength.STRONG:
        return Setting("L", f"{path} = {value}: an enrolled identity to hold first")
    if value is None:
        return Setting("N", f"{path} not stated: the worst case")
    return Setting("N", f"{path} = {value}")


def entry_pr(project: Project, element: Element) -> Setting:
    """PR of an element: L only when every way in authenticates strongly."""
    entries = _entries(project, element)
    if not entries:
        return Setting("N", f"nothing authenticates a way into elements[{element.id}]")
    return _weakest(entries)


def _weakest(entries: list[tuple[str, Authentication | None]]) -> Setting:
    """PR from the weakest of several ways in: L only when all authenticate strongly."""
    weakest = min(
        entries, key=lambda e: (_STRENGTH_ORDER.index(authentication_strength(e[1])), e[0])
    )
    if authentication_strength(weakest[1]) is not Strength.STRONG:
        return _authentication(*weakest)
    shown = ", ".join(f"{p} = {v}" for p, v in sorted(entries)[:2])
    more = ", …" if len(entries) > 2 else ""
    return Setting("L", f"all authenticate strongly ({shown}{more})")


def spoof_pr(project: Project, element: Element) -> Setting:
    """PR to pose as an element: L only when every peer authenticates it strongly."""
    sent = [
        (f"flows[{f.id}].authentication", f.authentication)
        for f in project.flows_touching(element.id)
        if (f.source == element.id or f.bidirectional) and not in_host_flow(project, f)
    ]
    if not sent:
        return Setting("N", f"elements[{element.id}] sends on no flow that authenticates it")
    return _weakest(sent)


def strongly_encrypted(flow: Flow) -> bool:
    """Strong encryption stated, or implied by an encrypted protocol (https, ssh…)."""
    if flow.encryption is not None:
        return encryption_strength(flow.encryption) is Strength.STRONG
    return flow.protocol in ENCRYPTED_PROTOCOLS


def _protected_level(flow: Flow, letter: Stride, level: Setting) -> Setting:
    """A stated strong protection of the link lowers what a baseline threat on it reaches.

    Strong encryption leaves only metadata and traffic patterns to read (C:L for I) and makes
    changes in transit detectable (I:L for T), as a cryptography control does in the residual
    vector (docs/format.md "Residual risk").
    """
    if level.value != "H" or letter not in (Stride.INFORMATION_DISCLOSURE, Stride.TAMPERING):
        return level
    if not strongly_encrypted(flow):
        return level
    shown = flow.encryption or flow.protocol
    read = letter is Stride.INFORMATION_DISCLOSURE
    outcome = "only metadata is read" if read else "changes are detected"
    return Setting("L", f"flows[{flow.id}] is encrypted ({shown}): {outcome}")


def element_ui(project: Project, element: Element) -> Setting:
    """UI of an element: R only when nothing but a person's action brings it input."""
    if element.type is ElementType.ACTOR:
        return Setting("N", f"elements[{element.id}] acts itself")
    listening: list[str] = []
    person: list[str] = []
    for member in machine_elements(project, element):
        for f in project.flows_into(member.id):
            if in_host_flow(project, f):
                continue
            if f.transport is None and f.protocol is Protocol.USER_INTERFACE:
                person.append(f"flows[{f.id}].protocol = user-interface")
            else:
                listening.append(f"flows[{f.id}] delivers to it without anyone's action")
        for i in project.interfaces_of(member.id):
            if switched_off(i):
                continue
            if i.kind in _PERSON_KINDS:
                person.append(f"interfaces[{i.id}].kind = {i.kind}")
            else:
                listening.append(f"interfaces[{i.id}] takes input without anyone's action")
    if listening:
        return Setting("N", min(listening))
    if person:
        return Setting("R", f"only a person's action brings input ({min(person)})")
    return Setting("N", f"no input reaches elements[{element.id}]: nobody has to act")


def _interface_ui(interface: Interface) -> Setting:
    """UI of an interface: R for removable media (someone must insert it), else N."""
    if interface.kind is InterfaceKind.REMOVABLE_MEDIA:
        return Setting(
            "R", f"interfaces[{interface.id}].kind = removable-media: inserted by someone"
        )
    return Setting("N", f"interfaces[{interface.id}] is used by the attacker directly")


def _target_ui(ctx: Context, target: Target) -> Setting | None:
    """UI of any kind of target; flows need nobody's action."""
    project = ctx.project
    if target.kind is TargetKind.FLOW:
        return Setting("N", "an attack on the link needs nobody's action")
    if target.kind is TargetKind.INTERFACE:
        interface = project.find_interface(target.id)
        return _interface_ui(interface) if interface is not None else None
    if target.kind is TargetKind.ELEMENT:
        element = project.find_element(target.id)
        return element_ui(project, element) if element is not None else None
    return None


def _target_pr(ctx: Context, target: Target) -> Setting | None:
    """PR of any kind of target: from the authentication of the way in."""
    project = ctx.project
    if target.kind is TargetKind.FLOW:
        flow = ctx.flow(target.id)
        where = f"flows[{target.id}].authentication"
        return _authentication(where, flow.authentication) if flow is not None else None
    if target.kind is TargetKind.INTERFACE:
        interface = project.find_interface(target.id)
        if interface is None:
            return None
        return _authentication(f"interfaces[{target.id}].authentication", interface.authentication)
    if target.kind is TargetKind.ELEMENT:
        element = project.find_element(target.id)
        return entry_pr(project, element) if element is not None else None
    return None


# --- impact --------------------------------------------------------------------------------


def _highest(settings: Iterable[Setting]) -> Setting | None:
    """The highest impact level; ties go to the first basis in text order (stable)."""
    ordered = sorted(settings, key=lambda s: (-_LEVEL_RANK.index(s.value), s.because))
    return ordered[0] if ordered else None


def _personal(ctx: Context, path: str, data: Iterable[str]) -> Setting | None:
    """C:H for the first personal or credential data item, None when there is none."""
    for d in data:
        category = ctx.category(d)
        if category is not None and category.personal:
            return Setting("H", f"{path} = {d} ({category})")
    return None


def _element_c(ctx: Context, element: Element, where: str) -> Setting:
    """C of an element: H for PHI and secrets, or personal data it stores or exchanges."""
    if element.function in _HIGH["C"]:
        return Setting("H", f"{where}.function = {element.function}")
    found = _personal(ctx, f"{where}.stores", element.stores)
    for f in ctx.project.flows_touching(element.id):
        if found is None and not in_host_flow(ctx.project, f):
            found = _personal(ctx, f"flows[{f.id}].data", f.data)
    return found or Setting("L", f"{where}: no personal data stored or exchanged")


def _element_ia(element: Element, where: str, metric: str) -> Setting:
    """I or A of an element: H for clinical functions, safety-critical parts and actuators."""
    if element.function in _HIGH[metric]:
        return Setting("H", f"{where}.function = {element.function}")
    if element.safety_critical:
        return Setting("H", f"{where}.safety_critical = true")
    if element.actuator:
        return Setting("H", f"{where}.actuator = true")
    return Setting("L", f"{where}.function = {element.function}")


def _element_levels(ctx: Context, element: Element) -> dict[str, Setting]:
    """C, I and A of an element; an actor reaches what its flows reach; unknown is H."""
    where = f"elements[{element.id}]"
    if element.type is ElementType.ACTOR:
        return _actor_levels(ctx, element)
    if element.function is None:
        worst = Setting("H", f"{where}.function not stated: the worst case")
        return dict.fromkeys(IMPACTS, worst)
    return {
        "C": _element_c(ctx, element, where),
        "I": _element_ia(element, where, "I"),
        "A": _element_ia(element, where, "A"),
    }


def _actor_levels(ctx: Context, actor: Element) -> dict[str, Setting]:
    """What posing as an actor reaches: the highest levels of the elements it exchanges with."""
    project = ctx.project
    peers = {
        e.id: e
        for f in project.flows_touching(actor.id)
        for e in (project.find_element(f.source), project.find_element(f.target))
        if e is not None and e.type is not ElementType.ACTOR
    }
    levels = [ctx.element_levels(peers[k]) for k in sorted(peers)]
    out: dict[str, Setting] = {}
    for m in IMPACTS:
        found = _highest(lv[m] for lv in levels)
        out[m] = found or Setting("H", f"elements[{actor.id}] reaches no element: the worst case")
    return out


def _flow_c(ctx: Context, flow: Flow) -> Setting:
    """C of a flow: its data's categories; without data, what its ends hold."""
    where = f"flows[{flow.id}]"
    if flow.data:
        found = _personal(ctx, f"{where}.data", flow.data)
        return found or Setting("L", f"{where}.data = {', '.join(flow.data)}: no personal data")
    if flow.carries in (Carries.COMMANDS, Carries.CODE):
        return Setting("L", f"{where}.carries = {flow.carries}, no data listed")
    ends = (ctx.project.find_element(x) for x in (flow.source, flow.target))
    found = _highest(ctx.element_levels(e)["C"] for e in ends if e is not None)
    return found or Setting("H", f"{where}: its ends are not in the model")


def _flow_levels(ctx: Context, flow: Flow) -> dict[str, Setting]:
    """C from what the flow carries; I and A from what its receivers do."""
    levels = [ctx.element_levels(e) for e in receivers(ctx.project, flow)]
    unknown = Setting("H", f"flows[{flow.id}]: its receiver is not in the model")
    return {
        "C": _flow_c(ctx, flow),
        "I": _highest(lv["I"] for lv in levels) or unknown,
        "A": _highest(lv["A"] for lv in levels) or unknown,
    }


def _target_levels(ctx: Context, target: Target) -> dict[str, Setting] | None:
    """C, I and A of any kind of target; an interface's are its element's."""
    project = ctx.project
    element: Element | None = None
    if target.kind is TargetKind.FLOW:
        flow = ctx.flow(target.id)
        return _flow_levels(ctx, flow) if flow is not None else None
    if target.kind is TargetKind.INTERFACE:
        interface = project.find_interface(target.id)
        element = project.find_element(interface.element) if interface is not None else None
    elif target.kind is TargetKind.ELEMENT:
        element = project.find_element(target.id)
    return ctx.element_levels(element) if element is not None else None


# --- the two kinds of threats --------------------------------------------------------------


# the settings every baseline threat shares (made once: thousands of threats use them)
_BASELINE_AC = Setting("L", "a baseline threat: no condition beyond the attacker's control")
_BASELINE_S = Setting("U", "a baseline threat stays within its target")
_NOT_IN_MODEL = Setting("N", "the target is not in the model: the worst case")
_RECORD = Setting("L", "repudiation: the record of actions is at stake")
_WORST_LEVEL = Setting("H", "not stated: the worst case")
_UNTOUCHED = {
    (letter, m): Setting("N", f"STRIDE {letter} does not touch {m}")
    for letter in Stride
    for m in IMPACTS
}
_NOBODY_ELSE = {
    letter: Setting("N", f"STRIDE {letter} needs nobody else to act") for letter in Stride
}
_NOBODY = Setting("N", "nobody has to act")
_LINK_OPEN = Setting("N", "reading or disrupting a link needs no account")
_PR_WORST = Setting("N", "not stated: the worst case")


def for_baseline(ctx: Context, target: Target, letter: Stride) -> Derived:
    """The default vectors of the baseline threat ``STRIDE-letter@target``, every metric judged."""
    levels = ctx.levels(target) or {}
    settings = {
        "AV": ctx.av(target) or _NOT_IN_MODEL,
        "AC": _BASELINE_AC,
        "PR": _baseline_pr(ctx, target, letter),
        "UI": _baseline_ui(ctx, target, letter),
        "S": _BASELINE_S,
    }
    flow = ctx.flow(target.id) if target.kind is TargetKind.FLOW else None
    touches = TOUCHES[letter]
    for m in IMPACTS:
        if m not in touches:
            settings[m] = _UNTOUCHED[letter, m]
        elif letter is Stride.REPUDIATION:
            settings[m] = _RECORD
        else:
            level = levels.get(m) or _WORST_LEVEL
            settings[m] = _protected_level(flow, letter, level) if flow is not None else level
    return derive(settings)


def _baseline_ui(ctx: Context, target: Target, letter: Stride) -> Setting:
    """UI of a baseline threat: posing and denying need no victim; else the target's input."""
    if letter is Stride.SPOOFING or letter is Stride.REPUDIATION:
        return _NOBODY_ELSE[letter]
    return ctx.ui(target) or _NOBODY


def _baseline_pr(ctx: Context, target: Target, letter: Stride) -> Setting:
    """PR of a baseline threat: none to pose, read or disrupt; else the way in's authentication."""
    if letter is Stride.SPOOFING and target.kind is TargetKind.ELEMENT:
        element = ctx.project.find_element(target.id)
        if element is not None:
            return spoof_pr(ctx.project, element)
    if target.kind is TargetKind.FLOW and letter is not Stride.TAMPERING:
        return _LINK_OPEN
    return ctx.pr(target) or _PR_WORST


def for_rule(ctx: Context, target: Target, meta: RuleMeta) -> Derived:
    """The default vectors of a rule threat: the rule's vector, with the model's metrics set.

    The metrics in ``meta.cvss_from_model`` come from the model where the target gives them
    (``AV:sender``: the AV of a flow's sender, for an attack that comes from the sender's side);
    C, I and A only ever lower the rule's value (a rule's impact is the most it allows).
    """
    settings = dict(_rule_settings(meta.id, meta.cvss_v3_1))
    own = {m: settings[m].value for m in IMPACTS}
    model = set(meta.cvss_from_model)
    found = {
        "AV": _sender_av(ctx, target) if "AV:sender" in model else None,
        "PR": ctx.pr(target) if "PR" in model else None,
        "UI": ctx.ui(target) if "UI" in model else None,
    }
    if "AV" in model:
        found["AV"] = ctx.av(target)
    settings.update({m: s for m, s in found.items() if s is not None})
    levels = ctx.levels(target) or {}
    for m in IMPACTS:
        level = levels.get(m)
        if m not in model or level is None or own[m] == "N":
            continue
        if _LEVEL_RANK.index(level.value) <= _LEVEL_RANK.index(own[m]):
            settings[m] = level
    return derive(settings)


@lru_cache(maxsize=256)
def _rule_settings(rule_id: str, vector: str) -> tuple[tuple[str, Setting], ...]:
    """A rule's own vector as settings (made once per rule: its threats share them)."""
    own = metrics(vector)
    rule = f"rule {rule_id}"
    return tuple((m, Setting(own[m], rule)) for m in V3_METRICS)


def _sender_av(ctx: Context, target: Target) -> Setting | None:
    """AV of a flow's sender (``AV:sender``): the attack comes from the sender's side."""
    flow = ctx.flow(target.id) if target.kind is TargetKind.FLOW else None
    sender = ctx.project.find_element(flow.source) if flow is not None else None
    return ctx.av(Target(TargetKind.ELEMENT, sender.id)) if sender is not None else None


def derive(settings: Mapping[str, Setting]) -> Derived:
    """Both vectors and the basis of a judgement (one setting per CVSS 3.1 base metric)."""
    ordered = [settings[m] for m in V3_METRICS]
    values = tuple([s.value for s in ordered])
    v3, v4, notes = agree(_V3_TEMPLATE % values)
    if not notes:  # most judgements: both versions agree as translated
        return Derived(v3, v4, tuple(map(_basis, V3_METRICS, values, [s.because for s in ordered])))
    chosen = {n.metric: n for n in notes}
    basis = tuple(
        chosen.get(m) or _basis(m, s.value, s.because)
        for m, s in zip(V3_METRICS, ordered, strict=True)
    )
    return Derived(v3, v4, basis + tuple(n for n in notes if n.metric not in V3_METRICS))


_V3_TEMPLATE = "CVSS:3.1/" + "/".join(f"{m}:%s" for m in V3_METRICS)


# thousands of threats share a few hundred settings: one frozen instance each
_basis = lru_cache(maxsize=8192)(MetricBasis)


# --- CVSS 4.0 from the same judgement ------------------------------------------------------


@lru_cache(maxsize=2048)
def v4_from_v3(v3: str) -> tuple[str, tuple[MetricBasis, ...]]:
    """The CVSS 4.0 vector of the judgement a 3.1 vector states, in the same severity band.

    AV, AC, PR and the vulnerable-system impacts carry over; UI:R is UI:P; subsequent-system
    impacts follow a changed scope. CVSS 4.0 is calibrated differently, so where that lands in
    another band, the 4.0 metrics 3.1 leaves open are chosen (fewest changes first): AT:P for
    a 3.1 AC:H, UI:A for a 3.1 UI:R, and the subsequent-system impacts SC, SI and SA (at most
    the vulnerable system's). If none agrees, the direct translation stands.
    """
    found = _in_band(v3)
    if found is not None:
        return found
    return _v4(metrics(v3), _direct(metrics(v3))), ()


def _in_band(v3: str) -> tuple[str, tuple[MetricBasis, ...]] | None:
    """The nearest CVSS 4.0 translation in the 3.1 vector's band, or None."""
    m = metrics(v3)
    band = score(v3).severity
    direct = _direct(m)
    for choice in _nearest_first(*(m[x] for x in ("AC", "UI", "S", *IMPACTS))):
        vector = _v4(m, choice)
        if score(vector).severity is band:
            return vector, _notes(choice, direct)
    return None


@lru_cache(maxsize=2048)
def agree(v3: str) -> tuple[str, str, tuple[MetricBasis, ...]]:
    """Both vectors of a judgement in one severity band, with the notes of what was chosen.

    First the 4.0 metrics 3.1 leaves open (:func:`v4_from_v3`). Where CVSS 4.0 rates the
    judgement more severely whatever those are, the 3.1 scope is the open one: S:C, the rubric's
    answer when it is not known that the harm stays within the target. Where neither brings
    them together (the two versions weigh some judgements a band apart), both stand and a
    ``4.0 severity`` note says so: a disagreement is shown, never hidden.
    """
    found = _in_band(v3)
    if found is not None:
        return v3, *found
    m = metrics(v3)
    v4_direct = _v4(m, _direct(m))
    if m["S"] == "U" and score(v4_direct).severity.rank > score(v3).severity.rank:
        wider = v3.replace("/S:U/", "/S:C/")
        found = _in_band(wider)
        if found is not None:
            scope = MetricBasis("S", "C", f"the harm may reach beyond the target; {_AGREE}")
            return wider, found[0], (scope, *found[1])
    apart = MetricBasis(
        "4.0 severity",
        score(v4_direct).severity.value,
        f"3.1 rates the same judgement {score(v3).severity.value}: no metric left open brings "
        "the two versions into one band",
    )
    return v3, v4_direct, (apart,)


def _direct(m: Mapping[str, str]) -> tuple[str, ...]:
    """(AT, UI, SC, SI, SA) of the plain translation."""
    changed = m["S"] == "C"
    subs = tuple(m[x] if changed else "N" for x in IMPACTS)
    return ("N", "P" if m["UI"] == "R" else "N", *subs)


@lru_cache(maxsize=512)
def _nearest_first(ac: str, ui: str, s: str, c: str, i: str, a: str) -> tuple[tuple[str, ...], ...]:
    """The open choices (:func:`_choices`) nearest the plain translation first; they depend on
    these six metrics only, shared by many judgements (sorted once each)."""
    m = {"AC": ac, "UI": ui, "S": s, "C": c, "I": i, "A": a}
    direct = _direct(m)
    return tuple(sorted(_choices(m), key=lambda choice: _distance(choice, direct)))


def _choices(m: Mapping[str, str]) -> Iterator[tuple[str, ...]]:
    """Every (AT, UI, SC, SI, SA) the 3.1 judgement leaves open."""
    ats = ("N", "P") if m["AC"] == "H" else ("N",)
    uis = ("P", "A") if m["UI"] == "R" else ("N",)
    # a changed scope reaches another component, whose impact the target's does not bound
    subs = [
        _LEVEL_RANK if m["S"] == "C" else _LEVEL_RANK[: _LEVEL_RANK.index(m[x]) + 1]
        for x in IMPACTS
    ]
    for at, ui, *sub in product(ats, uis, *subs):
        if m["S"] == "C" and sub == ["N", "N", "N"]:
            continue  # a changed scope reaches some other system
        yield (at, ui, *sub)


def _distance(choice: tuple[str, ...], direct: tuple[str, ...]) -> tuple[int, int, tuple[str, ...]]:
    """Fewest metrics changed, then fewest impact steps, then a fixed order."""
    steps = sum(
        abs(_LEVEL_RANK.index(a) - _LEVEL_RANK.index(b))
        for a, b in zip(choice[2:], direct[2:], strict=True)
    )
    return sum(a != b for a, b in zip(choice, direct, strict=True)), steps, choice


def _v4(m: Mapping[str, str], choice: tuple[str, ...]) -> str:
    """A CVSS 4.0 base vector from the 3.1 metrics and the open choices."""
    at, ui, sc, si, sa = choice
    return (
        f"CVSS:4.0/AV:{m['AV']}/AC:{m['AC']}/AT:{at}/PR:{m['PR']}/UI:{ui}"
        f"/VC:{m['C']}/VI:{m['I']}/VA:{m['A']}/SC:{sc}/SI:{si}/SA:{sa}"
    )


_WHY = {
    "AT": "3.1 AC:H also covers the conditions 4.0 calls attack requirements",
    "UI": "the user must take part actively",
    "SC": "confidentiality of the systems the target feeds",
    "SI": "integrity of the systems the target feeds",
    "SA": "availability of the systems the target feeds",
}


def _notes(choice: tuple[str, ...], direct: tuple[str, ...]) -> tuple[MetricBasis, ...]:
    """The CVSS 4.0-only metrics chosen away from the plain translation, with why."""
    names = ("AT", "UI", "SC", "SI", "SA")
    return tuple(
        MetricBasis(f"4.0 {n}", c, f"{_WHY[n]}; {_AGREE}")
        for n, c, d in zip(names, choice, direct, strict=True)
        if c != d
    )
