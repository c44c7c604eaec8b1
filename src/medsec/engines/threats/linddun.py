"""LINDDUN per element: the baseline privacy threats of every element and flow with personal data.

actor: L, I, U · process, data store and flow: L, I, NR, D, DD, NC (the LINDDUN mapping of
categories to DFD elements). Only where personal data is: an element that stores personal data
or exchanges it on a flow, a flow that carries it (``data`` items of a personal category,
credentials aside: those are STRIDE's); a model without personal data gets none. A flow that
crosses no trust boundary gets nothing: the data stays with the party that processes it at
both ends, and what that party can do with it (link, identify, keep too much) are the threats
of those ends; nobody outside the boundary observes the link. (LINDDUN's own "assumptions"
step prunes the same way; an in-host flow, which STRIDE leaves out, is one of them.)

Ids ``LINDDUN-L@target`` … ``LINDDUN-NC@target``. Default vectors: one CVSS-style judgement per
target (:func:`vectors`): AV and PR as an information-disclosure threat on the target, UI:N (the
processing happens without anyone's action); C from the data for data disclosure (as STRIDE I),
C:L for the others (something about the person is learnt or linked, not the records themselves);
I and A none. docs/format.md "LINDDUN per element".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from medsec.domain.model import DataItem, Element, Flow, Project
from medsec.domain.threat import Linddun, Target, TargetKind, Threat, Trigger
from medsec.domain.vocabulary import ElementType
from medsec.engines.judgements import crosses_trust_boundary
from medsec.engines.threats import titles
from medsec.engines.threats.ranking import crossing
from medsec.engines.threats.rules._stored_data import personal
from medsec.engines.threats.vectors import Context, Derived, Setting, derive, strongly_encrypted

_L, _I, _NR, _D, _DD, _U, _NC = tuple(Linddun)
PER_TYPE: dict[ElementType, tuple[Linddun, ...]] = {
    ElementType.ACTOR: (_L, _I, _U),
    ElementType.PROCESS: (_L, _I, _NR, _D, _DD, _NC),
    ElementType.DATA_STORE: (_L, _I, _NR, _D, _DD, _NC),
}
FLOW_LINDDUN = (_L, _I, _NR, _D, _DD, _NC)

_DESCRIPTIONS = {
    _L: "Data about the same person held or carried by {name} can be linked (shared "
    "identifiers, quasi-identifiers such as dates and places), building a profile beyond the "
    "purpose it was collected for.",
    _I: "The person behind the data held or carried by {name} can be identified, directly from "
    "identifiers or by combining attributes.",
    _NR: "A person cannot deny an action or a record that {name} attributes to them, where "
    "deniability would protect them.",
    _D: "An observer learns that a person is involved with {name} (and so, for a medical "
    "device, something about their health) from its existence, traffic or behaviour, "
    "without reading the data.",
    _DD: "{name} collects, keeps or shares more personal data than its purposes need, for "
    "longer or with more recipients than needed.",
    _U: "The people whose data {name} provides or receives do not know what is processed about "
    "them, or cannot see, correct or object to it.",
    _NC: "The processing by {name} may not comply with data protection law: legal basis, purpose "
    "limitation, retention, records of processing, DPIA, processor contracts.",
}
_MITIGATIONS = {
    _L: "Pseudonymise with per-purpose pseudonyms; drop or coarsen quasi-identifiers (dates, "
    "locations); keep data sets of different purposes apart.",
    _I: "Minimise identifiers; pseudonymise before data leaves the care setting and keep the "
    "re-identification key apart; aggregate or anonymise exports.",
    _NR: "Attribute actions only where a purpose requires it (clinical accountability, audit); "
    "restrict access to attributable records and bound their retention.",
    _D: "Hide what reveals use: no identifying radio advertising, randomised addresses, "
    "batched or padded traffic, uniform responses.",
    _DD: "Collect and share only what a use case needs; bounded retention; need-to-know access; "
    "aggregate where the purpose allows.",
    _U: "Inform the people concerned (privacy notice, instructions for use); let them access, "
    "correct and object through the controller, stated as use cases with rights.",
    _NC: "Record the legal basis, purpose and retention of every item; keep the records of "
    "processing and the DPIA current; processor contracts for every recipient.",
}


@dataclass(frozen=True)
class Holding:
    """The personal data a target holds or carries, and the model attributes that say so."""

    items: tuple[DataItem, ...]
    triggers: tuple[Trigger, ...]

    @property
    def special(self) -> bool:
        """Whether a special category (health, genetic, biometric) is among the items."""
        return any(d.category.special for d in self.items)

    def phrase(self) -> str:
        """``patient data`` or ``personal data``, for titles."""
        return "patient data" if self.special else "personal data"

    def subjects(self) -> str:
        """Whose data it is, from the items' ``subjects`` (``patients and hospital staff``)."""
        found = list(dict.fromkeys(d.subjects for d in self.items if d.subjects))
        if not found:
            return "the people concerned"
        return found[0] if len(found) == 1 else f"{', '.join(found[:-1])} and {found[-1]}"


def _shown(items: Sequence[DataItem]) -> str:
    """``patient-id (health), clinician-id (personal)``: what a trigger shows."""
    return ", ".join(f"{d.id} ({d.category.value})" for d in items)


class Personal:
    """The project's personal data items by id, and what each element and flow holds of them."""

    def __init__(self, project: Project) -> None:
        """Index the personal data items (credentials aside)."""
        self.project = project
        self.by_id = {d.id: d for d in project.data if personal(d)}

    def carried(self, flow: Flow) -> tuple[DataItem, ...]:
        """The personal data items a flow carries, in the flow's order."""
        by_id = self.by_id
        return tuple(by_id[d] for d in dict.fromkeys(flow.data) if d in by_id)

    def flow(self, flow: Flow) -> Holding:
        """What a flow carries, with its trigger."""
        items = self.carried(flow)
        return Holding(items, (Trigger(f"flows[{flow.id}].data", _shown(items)),) if items else ())

    def element(self, element: Element) -> Holding:
        """What an element stores and exchanges on its flows (in-host ones too), with triggers."""
        by_id = self.by_id
        stored = tuple(by_id[d] for d in dict.fromkeys(element.stores) if d in by_id)
        triggers = [Trigger(f"elements[{element.id}].stores", _shown(stored))] if stored else []
        found: dict[str, DataItem] = {d.id: d for d in stored}
        for f in self.project.flows_touching(element.id):
            items = self.carried(f)
            if items:
                triggers.append(Trigger(f"flows[{f.id}].data", _shown(items)))
                found.update((d.id, d) for d in items)
        return Holding(tuple(found.values()), tuple(sorted(triggers, key=str)))


def baseline(project: Project, ctx: Context | None = None) -> Iterator[Threat]:
    """One threat per LINDDUN category for every element with personal data and every flow
    that carries it across a trust boundary."""
    facts = Personal(project)
    if not facts.by_id:
        return
    ctx = ctx or Context(project)
    for e in project.elements:
        held = facts.element(e)
        if held.items:
            yield from _element_threats(ctx, e, held)
    for f in project.flows:
        held = facts.flow(f)
        if held.items and crosses_trust_boundary(project, f) is not False:
            yield from _flow_threats(ctx, f, held)


def _element_threats(ctx: Context, e: Element, held: Holding) -> Iterator[Threat]:
    """The LINDDUN threats of one element with personal data."""
    target = Target(TargetKind.ELEMENT, e.id)
    judged = _Judged(ctx, target, held)
    data, who = element_phrases(e, held)
    for letter in PER_TYPE[e.type]:
        title = _capital(_TITLES[letter].format(data=data, who=who))
        yield _threat(letter, target, e.name, title, held, judged.of(letter))


def _flow_threats(ctx: Context, f: Flow, held: Holding) -> Iterator[Threat]:
    """The LINDDUN threats of one flow carrying personal data across a trust boundary."""
    target = Target(TargetKind.FLOW, f.id)
    judged = _Judged(ctx, target, held)
    data = f"{held.phrase()}{titles.via(f)} to {titles.the(ctx.project.find_element(f.target))}"
    who = held.subjects()
    crosses = crossing(ctx, target)  # set here: the engine need not copy every threat to add it
    for letter in FLOW_LINDDUN:
        title = _capital(_TITLES[letter].format(data=data, who=who))
        yield _threat(letter, target, f.label, title, held, judged.of(letter), crosses)


def _threat(
    letter: Linddun,
    target: Target,
    name: str,
    title: str,
    held: Holding,
    vectors: Derived,
    crosses: str = "",
) -> Threat:
    """The baseline threat ``LINDDUN-X@target`` with its title, triggers and default vectors."""
    rule = f"LINDDUN-{letter.letter}"
    return Threat(
        id=f"{rule}@{target.id}",
        rule=rule,
        title=title,
        stride=(),
        target=target,
        baseline=True,
        description=_DESCRIPTIONS[letter].format(name=name),
        mitigation=_MITIGATIONS[letter],
        triggers=held.triggers,
        default_v3_1=vectors.v3_1,
        default_v4_0=vectors.v4_0,
        cvss_basis=vectors.basis,
        crossing=crosses,
        linddun=(letter,),
    )


# --- titles ----------------------------------------------------------------------------------


_WHERE = {ElementType.ACTOR: "exchanged with", ElementType.DATA_STORE: "kept in"}


def element_phrases(e: Element, held: Holding) -> tuple[str, str]:
    """What is at stake on an element (``patient data kept in the pump log``) and whose it is:
    the two parts of its LINDDUN titles (:data:`_TITLES`)."""
    return f"{held.phrase()} {_WHERE.get(e.type, 'in')} {titles.the(e)}", held.subjects()


_TITLES = {
    _L: "{data} linkable into a profile of {who}",
    _I: "{who} identifiable from {data}",
    _NR: "{data} provably attributed to {who}",
    _D: "{who} detectable by observers of {data}",
    _DD: "more {data} than needed",
    _U: "{who} unaware of, or unable to correct, {data}",
    _NC: "{data} not compliant with data protection law",
}


def _capital(text: str) -> str:
    """The sentence with its first letter in upper case."""
    return text[:1].upper() + text[1:]


# --- vectors ---------------------------------------------------------------------------------

_AC = Setting("L", "a baseline threat: no condition beyond the attacker's control")
_S = Setting("U", "a baseline threat stays within its target")
_NOT_IN_MODEL = Setting("N", "the target is not in the model: the worst case")
_LINK_OPEN = Setting("N", "observing or receiving what a link carries needs no account")
_PR_WORST = Setting("N", "not stated: the worst case")
_NOBODY = Setting("N", "a privacy harm needs nobody's action: the processing happens anyway")
_LEARNT = Setting("L", "LINDDUN: something about the person is learnt or linked, not the records")
_WORST_C = Setting("H", "not stated: the worst case")
_NO_I = Setting("N", "a privacy threat changes no data")
_NO_A = Setting("N", "a privacy threat stops no function")


class _Judged:
    """The default vectors of one target's LINDDUN threats: two judgements, made once each."""

    def __init__(self, ctx: Context, target: Target, held: Holding) -> None:
        """The settings every category shares: AV, AC, PR, UI, S, I, A."""
        self.ctx, self.target, self.held = ctx, target, held
        flow = target.kind is TargetKind.FLOW
        self.shared = {
            "AV": ctx.av(target) or _NOT_IN_MODEL,
            "AC": _AC,
            "PR": _LINK_OPEN if flow else (ctx.pr(target) or _PR_WORST),
            "UI": _NOBODY,
            "S": _S,
            "I": _NO_I,
            "A": _NO_A,
        }
        self._learnt: Derived | None = None
        self._disclosed: Derived | None = None

    def of(self, letter: Linddun) -> Derived:
        """Data disclosure takes C from the data (as STRIDE I); every other category C:L."""
        if letter is _DD:
            if self._disclosed is None:
                self._disclosed = derive({**self.shared, "C": self._disclosure_c()})
            return self._disclosed
        if self._learnt is None:
            self._learnt = derive({**self.shared, "C": _LEARNT})
        return self._learnt

    def _disclosure_c(self) -> Setting:
        """C of a data disclosure: the target's C; strong link encryption leaves metadata (L)."""
        levels = self.ctx.levels(self.target) or {}
        level = levels.get("C") or _WORST_C
        flow = self.ctx.flow(self.target.id) if self.target.kind is TargetKind.FLOW else None
        if level.value != "H" or flow is None or not strongly_encrypted(flow):
            return level
        shown = flow.encryption or flow.protocol
        return Setting("L", f"flows[{flow.id}] is encrypted ({shown}): only metadata is read")


def vectors(ctx: Context, target: Target, letter: Linddun, held: Holding) -> Derived:
    """The default vectors of ``LINDDUN-letter@target`` (one judgement of the model)."""
    return _Judged(ctx, target, held).of(letter)
