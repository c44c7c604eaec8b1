"""DOC and PLOK: the header of the form, from the device block and the model's shape.

DOC-1 … DOC-8 come from ``device`` (manufacturer, name, version, id, intended use, security
contact, disclosure policy) and the build date; DOC-10 from the data-flow model medsec draws;
DOC-11 and PLOK-1 from whether device elements sit in a ``device`` boundary (hardware).
"""

from __future__ import annotations

from medsec.domain.vocabulary import InterfaceKind
from medsec.domain.wording import counted
from medsec.engines.judgements import switched_off
from medsec.engines.mds2.facts import NA, NO, SEE, YES, Answers, View, answer, el, ids, model_fact
from medsec.engines.mds2.model import Fact

BUILD = "medsec mds2 build"  # the date a form is built is a fact of the build, not the model


def derive_doc(v: View) -> Answers:
    """DOC-1 … DOC-11.4."""
    d = v.project.device
    name, maker, version = (
        model_fact("device.name", d.name),
        model_fact("device.manufacturer", d.manufacturer),
        model_fact("device.version", d.version),
    )
    out: Answers = {
        "DOC-1": answer(SEE, d.manufacturer, [maker]),
        "DOC-2": answer(SEE, d.name, [name]),
        "DOC-3": answer(SEE, f"{d.name} {d.version}", [name, version]),
        "DOC-4": answer(SEE, f"MDS2-{d.id}-{d.version}", [model_fact("device.id", d.id), version]),
        "DOC-7": answer(
            SEE, v.ctx.today.isoformat(), [Fact(BUILD, "date", v.ctx.today.isoformat())]
        ),
    }
    if d.security_contact:
        out["DOC-5"] = answer(
            SEE,
            f"{d.manufacturer}, security contact: {d.security_contact}",
            [maker, model_fact("device.security_contact", d.security_contact)],
        )
    if d.intended_use:
        out["DOC-6"] = answer(
            SEE,
            _network_use(v),
            [
                model_fact("device.intended_use", d.intended_use),
                model_fact("interfaces", f"{counted(len(v.interfaces), 'interface')}"),
            ],
        )
    if d.disclosure_policy:
        facts = [model_fact("device.disclosure_policy", d.disclosure_policy)]
        if d.security_contact:
            facts.append(model_fact("device.security_contact", d.security_contact))
        out["DOC-8"] = answer(
            YES, f"Coordinated vulnerability disclosure policy: {d.disclosure_policy}", facts
        )
    if v.project.flows:
        fact = model_fact(
            "flows",
            f"{counted(len(v.project.elements), 'element')}, "
            f"{counted(len(v.project.flows), 'flow')}",
        )
        out["DOC-10"] = answer(
            YES, "The data-flow diagram is drawn from the model ('medsec diagram').", [fact]
        )
    return out | _samd(v)


def _network_use(v: View) -> str:
    """The intended use, and the network interfaces the device uses for it."""
    d = v.project.device
    net = [
        i
        for i in v.interfaces
        if not switched_off(i)
        and i.kind in (InterfaceKind.NETWORK, InterfaceKind.WIRELESS, InterfaceKind.API)
    ]
    links = ", ".join(f"{i.id} ({i.protocol}{f'/{i.port}' if i.port else ''})" for i in net)
    use = (d.intended_use or "").strip().rstrip(".")
    return f"{use}. Network connections: {links or 'none'}."


def _samd(v: View) -> Answers:
    """DOC-11 (software only?) and its follow-ups, PLOK-1 and PLOK-4."""
    hardware = [e for e in v.ours if v.on_hardware(e.id) or e.hardware_only]
    if not hardware:
        return {}
    facts = [el(e, "boundary") for e in hardware[:6]]
    note = f"Runs on the device's own hardware: {ids(hardware)}."
    out = {"DOC-11": answer(NO, note, facts), "PLOK-1": answer(NO, note, facts)}
    for qid in ("DOC-11.1", "DOC-11.2", "DOC-11.3", "DOC-11.4"):
        out[qid] = answer(NA, "Not software as a medical device (DOC-11).", facts)
    media = [
        i for i in v.interfaces if i.kind is InterfaceKind.REMOVABLE_MEDIA and not switched_off(i)
    ]
    if v.interfaces and not media:
        fact = model_fact("interfaces", "no removable-media interface in production")
        out["PLOK-4"] = answer(NA, "The device takes no removable media.", [fact])
    return out
