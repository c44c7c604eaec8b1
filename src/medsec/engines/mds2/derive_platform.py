"""CSUP-2 and DOC-11 (software only): the operating systems the device runs on.

Derived from the elements' ``operating_system`` (``name``, ``version``, ``provided_by``,
``patched_by``; ``none`` for bare metal), stated on an element or on its host, and from
``update.channel`` (remote install) and where elements run (a cloud boundary, who operates
it). CSUP-2 asks the device's software outside the cloud (:func:`tally.machines`); DOC-11.x
ask all of it, and only when the device is software only.
"""

from __future__ import annotations

from medsec.domain.model import Element, OperatingSystem, Provider
from medsec.domain.vocabulary import (
    ROUTABLE_PROTOCOLS,
    WIRELESS_PROTOCOLS,
    ElementType,
    PartyKind,
)
from medsec.engines.mds2.facts import NA, NO, YES, Answers, View, answer, ids
from medsec.engines.mds2.model import Fact
from medsec.engines.mds2.tally import Tally, machines, on_platform, sub

_REMOTE = ROUTABLE_PROTOCOLS | WIRELESS_PROTOCOLS
_CSUP2 = ("CSUP-2.1", "CSUP-2.2", "CSUP-2.3", "CSUP-2.4")


def _shown(value: object) -> object:
    """An operating system as a fact shows it: ``Windows Server 2022``, or ``none``."""
    if isinstance(value, OperatingSystem):
        return " ".join(x for x in (value.name, value.version) if x)
    return value


def _oses(v: View, elements: list[Element]) -> tuple[list[tuple[Element, object]], list[Fact]]:
    """(holder, operating system) once per machine, and the facts citing them."""
    found = on_platform(v, elements, "operating_system")
    facts = [sub(h, "operating_system", _shown(x)) for h, x in found if x is not None]
    return found, facts


def derive_csup_os(v: View) -> Answers:
    """CSUP-2 (an operating system) and 2.1-2.3 (who installs its patches, remotely or not)."""
    found, facts = _oses(v, machines(v))
    tally = Tally.of((h, None if x is None else x != "none") for h, x in found)
    names = {h.id: str(_shown(x)) for h, x in found if isinstance(x, OperatingSystem)}
    has = tally.any_of("Operating systems on", "No operating system on", facts, names)
    if has is None:
        return {}
    if not tally.yes:
        return {"CSUP-2": has} | {
            q: answer(NA, "No operating system (CSUP-2).", facts) for q in _CSUP2
        }
    systems = [(h, x) for h, x in found if isinstance(x, OperatingSystem)]
    patching = _patching(systems)
    if tally.unknown:  # an unstated OS might be patched either way: keep only what is found
        patching = {q: d for q, d in patching.items() if d.answer is YES}
    return {"CSUP-2": has} | patching


def _patching(systems: list[tuple[Element, OperatingSystem]]) -> Answers:
    """CSUP-2.1 (the owner installs OS patches), 2.2 (the manufacturer does), 2.3 (remotely)."""
    facts = [
        sub(h, "operating_system.patched_by", x.patched_by) for h, x in systems if x.patched_by
    ]
    out: Answers = {}
    for qid, who, has, lacks in (
        ("CSUP-2.1", Provider.CUSTOMER, "The owner/operator patches", "The manufacturer patches"),
        (
            "CSUP-2.2",
            Provider.MANUFACTURER,
            "The manufacturer or its authorised service patches",
            "The owner/operator patches",
        ),
    ):
        pairs = [(h, None if x.patched_by is None else x.patched_by is who) for h, x in systems]
        found = Tally.of(pairs).any_of(
            f"{has} the operating system of", f"{lacks} the operating system of", facts
        )
        if found is not None:
            out[qid] = found
    return out | _remote(systems)


def _remote(systems: list[tuple[Element, OperatingSystem]]) -> Answers:
    """CSUP-2.3: OS patches the manufacturer delivers over a network or radio."""
    ours = [h for h, x in systems if x.patched_by is Provider.MANUFACTURER]
    facts = [sub(h, "update.channel", h.update.channel if h.update else None) for h in ours]
    remote = [h for h in ours if h.update and h.update.channel in _REMOTE]
    if remote:
        return {
            "CSUP-2.3": answer(
                YES, f"Operating system patches arrive remotely on: {ids(remote)}.", facts
            )
        }
    stated = all(h.update is not None and (h.update.channel or h.updatable is False) for h in ours)
    if ours and stated and len(ours) == len(systems):
        return {
            "CSUP-2.3": answer(
                NO, f"Operating system patches are installed locally: {ids(ours)}.", facts
            )
        }
    return {}


def _runs_where(v: View, e: Element, os_: object) -> str | None:
    """``cloud`` (hosted in a cloud boundary), ``customer`` (on the owner's OS), else None."""
    if v.in_cloud(e.id):
        return "cloud"
    if isinstance(os_, OperatingSystem) and os_.provided_by is Provider.CUSTOMER:
        return "customer"
    return None


def derive_samd(v: View) -> Answers:
    """DOC-11 "Yes" and 11.1-11.4, when every part runs in a cloud or on the owner's OS."""
    software = [e for e in v.ours if e.is_software and e.type is ElementType.PROCESS]
    if not software or any(v.on_hardware(e.id) or e.hardware_only for e in v.ours):
        return {}
    oses = {e.id: on_platform(v, [e], "operating_system")[0][1] for e in software}
    where = {e.id: _runs_where(v, e, oses[e.id]) for e in software}
    if None in where.values():
        return {}  # where some part runs is not stated: it might be on the device's hardware
    hosted = [e for e in software if where[e.id] == "cloud"]
    on_owner = [e for e in software if where[e.id] == "customer"]
    facts = [sub(e, "boundary", e.boundary) for e in hosted]
    facts += [sub(e, "operating_system.provided_by", Provider.CUSTOMER) for e in on_owner]
    return _software_only(v, hosted, on_owner, facts) | _contains_os(software, oses)


def _software_only(
    v: View, hosted: list[Element], on_owner: list[Element], facts: list[Fact]
) -> Answers:
    """DOC-11, 11.2, 11.3, 11.4 from where each part runs and who operates it."""
    by_us = [e for e in hosted if not _customer(v, e)]
    by_them = on_owner + [e for e in hosted if _customer(v, e)]
    places = [f"hosted in a cloud: {ids(hosted)}" if hosted else ""]
    places.append(f"on the owner/operator's operating system: {ids(on_owner)}" if on_owner else "")
    rows = (
        ("DOC-11", True, "Software only, " + "; ".join(x for x in places if x) + "."),
        ("DOC-11.2", bool(on_owner), f"On the owner/operator's OS: {ids(on_owner) or 'none'}."),
        ("DOC-11.3", bool(by_us), f"Hosted by the manufacturer: {ids(by_us) or 'none'}."),
        ("DOC-11.4", bool(by_them), f"Hosted by the owner/operator: {ids(by_them) or 'none'}."),
    )
    return {qid: answer(YES if held else NO, note, facts) for qid, held, note in rows}


def _customer(v: View, e: Element) -> bool:
    """The element is operated by a hospital party (else by the manufacturer or its supplier)."""
    party = v.project.operator(e.id)
    found = v.project.party(party) if party else None
    return found is not None and found.kind is PartyKind.HOSPITAL


def _contains_os(software: list[Element], oses: dict[str, object]) -> Answers:
    """DOC-11.1: the software ships an operating system of its own (an appliance image)."""
    pairs = [(e, _ships(oses[e.id])) for e in software]
    facts = [sub(e, "operating_system", _shown(oses[e.id])) for e, x in pairs if x is not None]
    found = Tally.of(pairs).any_of("Ships its operating system", "Ships no operating system", facts)
    return {} if found is None else {"DOC-11.1": found}


def _ships(os_: object) -> bool | None:
    """Whether an element's OS comes with it: ``none`` no, the manufacturer's yes, else None."""
    if os_ == "none":
        return False
    if isinstance(os_, OperatingSystem) and os_.provided_by is not None:
        return os_.provided_by is Provider.MANUFACTURER
    return None
