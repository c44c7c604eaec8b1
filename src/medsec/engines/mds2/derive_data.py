"""MPII, STCF and DIDT: where the device holds personal data, and how it stores it.

Derived from the data inventory (``data``: which items are personal), the data stores'
``stores`` and ``encryption_at_rest``, the flows' ``data`` and transports, and the device's
interfaces. A store that does not say what it holds leaves the storage questions open.
"""

from __future__ import annotations

from medsec.domain.model import Element, Flow, Interface
from medsec.domain.vocabulary import ElementType, InterfaceKind, Protocol, Transport
from medsec.engines.mds2.facts import (
    NA,
    NO,
    YES,
    Answers,
    View,
    answer,
    el,
    fl,
    ids,
    itf,
    model_fact,
    transport,
)
from medsec.engines.mds2.questions import QUESTIONS

_UI = Protocol.USER_INTERFACE


def is_ui(f: Flow) -> bool:
    """A person at a screen or keypad: entry and display, not a transmission."""
    return f.protocol is _UI and f.transport is None


def link_flows(v: View) -> list[Flow]:
    """PII flows that travel on a link (not a screen)."""
    return [f for f in v.pii_flows if not is_ui(f)]


def derive_mpii(v: View) -> Answers:
    """MPII: the data inventory, stores and flows say whether and how the device holds PII."""
    if not v.project.data:
        return {}  # no data inventory: nothing to say
    if not v.pii:
        facts = [model_fact("data", "no item of a personal category")]
        note = "The data inventory holds no personal data."
        out = {q.id: answer(NA, note, facts) for q in QUESTIONS if q.section == "MPII"}
        out["MPII-1"] = answer(NO, note, facts)
        out["MPII-2"] = answer(NO, note, facts)
        out["MPII-3"] = answer(NO, note, facts)
        return out
    items = list(v.pii.values())
    facts = [model_fact(f"data.{d.id}.category", d.category, d.line) for d in items[:6]]
    out = {"MPII-1": answer(YES, f"Personal data in the data inventory: {ids(items)}.", facts)}
    out |= _maintained(v)
    out |= _stored(v)
    out |= _moved(v)
    out |= _links(v)
    return out


def _receivers(v: View) -> list[Element]:
    """Device processes that send or receive PII over a link or a screen."""
    ends = {e for f in v.pii_flows for e in (f.source, f.target)}
    return [e for e in v.ours if e.id in ends and e.type is ElementType.PROCESS]


def _maintained(v: View) -> Answers:
    """MPII-2 and MPII-2.1: PII held in memory by the processes that handle it, or stored."""
    procs = _receivers(v)
    stores = v.stores_with_pii()
    facts = [fl(f, "data") for f in v.pii_flows[:6]] + [el(s, "stores") for s in stores]
    out: Answers = {}
    if procs:
        note = f"Device processes handle personal data in memory: {ids(procs)}."
        out["MPII-2.1"] = answer(YES, note, facts)
    if procs or stores:
        held = ", ".join(x for x in (ids(procs), ids(stores)) if x)
        out["MPII-2"] = answer(YES, f"Personal data is held by {held}.", facts)
    return out


def _stored(v: View) -> Answers:
    """MPII-2.2, 2.3 and 2.7: persistent storage on the device, and how long it is kept."""
    if v.unstated_stores():
        return {}
    local = [s for s in v.stores_with_pii() if not v.in_cloud(s.id)]
    if not local:
        facts = [el(s, "stores") for s in v.stores_with_pii()] or [
            model_fact("elements", "no device data store holds personal data")
        ]
        note = "No data store of the device (outside the cloud) holds personal data."
        return {"MPII-2.2": answer(NO, note, facts), "MPII-2.7": answer(NO, note, facts)}
    facts = [el(s, "stores") for s in local]
    note = f"Stored persistently in {ids(local)}."
    out = {"MPII-2.2": answer(YES, note, facts), "MPII-2.7": answer(YES, note, facts)}
    kept = [v.pii[d] for s in local for d in s.stores if d in v.pii]
    kept = list({d.id: d for d in kept}.values())
    retention = [model_fact(f"data.{d.id}.retention", d.retention, d.line) for d in kept]
    if any(d.retention is None for d in kept):
        return out
    forever = [d for d in kept if d.retention == "indefinite"]
    if forever:
        out["MPII-2.3"] = answer(YES, f"Kept without time limit: {ids(forever)}.", retention)
    else:
        out["MPII-2.3"] = answer(
            NO, "Every stored personal data item has a bounded retention period.", retention
        )
    return out


def _moved(v: View) -> Answers:
    """MPII-2.6 and 3: exchange of personal data with other systems."""
    links = link_flows(v)
    outside = [f for f in links if not (v.ours_id(f.source) and v.ours_id(f.target))]
    out: Answers = {}
    if links:
        note = f"Personal data travels on: {ids(links)}."
        out["MPII-3"] = answer(YES, note, [fl(f, "data") for f in links[:8]])
    if outside:
        note = f"Exchanged with systems outside the device: {ids(outside)}."
        out["MPII-2.6"] = answer(YES, note, [fl(f, "data") for f in outside[:8]])
    if not links and v.project.flows:
        facts = [model_fact("flows", "no flow carries personal data over a link")]
        out["MPII-3"] = answer(NO, "Personal data only crosses the user interface.", facts)
        out["MPII-2.6"] = answer(NO, "No flow exchanges personal data with other systems.", facts)
    return out | _display(v) | _media(v)


def _display(v: View) -> Answers:
    """MPII-3.1: personal data on the user interface (or no user interface at all)."""
    ui = [f for f in v.pii_flows if is_ui(f)]
    if ui:
        note = f"Personal data is entered and shown on the user interface: {ids(ui)}."
        return {"MPII-3.1": answer(YES, note, [fl(f, "data") for f in ui])}
    screens = [i for i in v.interfaces if i.kind is InterfaceKind.USER_INTERFACE]
    if any(v.present(i) for i in screens):
        return {}
    facts = [model_fact("interfaces", "no user-interface interface on the device")]
    return {"MPII-3.1": answer(NO, "The device has no user interface.", facts)}


def _media(v: View) -> Answers:
    """MPII-3.3: removable media (only "No" is derived: without such an interface)."""
    media = [i for i in v.interfaces if i.kind is InterfaceKind.REMOVABLE_MEDIA]
    if any(v.present(i) for i in media):
        return {}
    facts = [model_fact("interfaces", "no removable-media interface in production")]
    return {"MPII-3.3": answer(NO, "The device has no removable-media interface.", facts)}


def _links(v: View) -> Answers:
    """MPII-3.4 … 3.9: the kind of link each PII flow travels on."""
    links = link_flows(v)
    if not links:
        return {}
    out = _cables_and_radio(v, links)
    out |= _internet(v, links)
    odd = [f for f in links if f.protocol in (Protocol.PROPRIETARY_RF, Protocol.OTHER)]
    unknown = [f for f in links if f.protocol in (None, Protocol.UNKNOWN)]
    if odd:
        out["MPII-3.9"] = answer(
            YES, f"Proprietary or other protocols: {ids(odd)}.", [fl(f, "protocol") for f in odd]
        )
    elif not unknown:
        names = ", ".join(sorted({str(f.protocol) for f in links}))
        facts = [fl(f, "protocol") for f in links[:8]]
        out["MPII-3.9"] = answer(NO, f"Standard protocols only: {names}.", facts)
    return out


def _cables_and_radio(v: View, links: list[Flow]) -> Answers:
    """MPII-3.4 (cable), 3.5 (wired network), 3.6 (wireless) from transports and interfaces."""
    kinds = {f.id: transport(f) for f in links}
    cables = [f for f in links if kinds[f.id] is Transport.WIRED]
    out: Answers = {}
    if cables:
        facts = [fl(f, "protocol") for f in cables]
        out["MPII-3.4"] = answer(YES, f"Over cables: {ids(cables)}.", facts)
    elif None not in kinds.values():
        facts = [fl(f, "protocol") for f in links[:8]]
        out["MPII-3.4"] = answer(NO, "No personal data travels on a dedicated cable.", facts)
    return out | _networks(v, links, kinds)


def _networks(v: View, links: list[Flow], kinds: dict[str, Transport | None]) -> Answers:
    """MPII-3.5 and 3.6: radio flows, and the physical links of network flows' device ends."""
    radio = [f for f in links if kinds[f.id] is Transport.WIRELESS]
    network = [f for f in links if kinds[f.id] is Transport.NETWORK]
    wired, wifi, unknown = _network_links(v, network)
    facts = [fl(f, "protocol") for f in radio] + [itf(i, "protocol") for i in wired + wifi]
    facts = facts or [model_fact("flows", "no wireless or network flow")]
    out: Answers = {}
    if radio or wifi:
        out["MPII-3.6"] = answer(YES, f"Over radio: {ids(radio) or ids(wifi)}.", facts)
    elif not unknown:
        out["MPII-3.6"] = answer(NO, "No personal data travels over radio.", facts)
    if wired:
        out["MPII-3.5"] = answer(YES, f"Over Ethernet: {ids(wired)}.", facts)
    elif not unknown:
        note = "The device's network links are wireless or in the cloud: no wired network."
        out["MPII-3.5"] = answer(NO, note, facts)
    return out


def _network_links(v: View, network: list[Flow]) -> tuple[list[Interface], list[Interface], bool]:
    """Ethernet and Wi-Fi/cellular interfaces at the device ends of network PII flows.

    The flag says whether a device end outside the cloud has no known physical link.
    """
    wired: list[Interface] = []
    radio: list[Interface] = []
    unknown = False
    for f in network:
        for end in (f.source, f.target):
            if not v.ours_id(end) or v.in_cloud(end):
                continue
            mine = [i for i in v.interfaces if i.element == end and v.present(i)]
            eth = [i for i in mine if i.protocol is Protocol.ETHERNET]
            air = [i for i in mine if i.protocol in (Protocol.WIFI, Protocol.CELLULAR)]
            wired += [i for i in eth if i not in wired]
            radio += [i for i in air if i not in radio]
            unknown = unknown or not (eth or air)
    return wired, radio, unknown


def _internet(v: View, links: list[Flow]) -> Answers:
    """MPII-3.7: a PII flow with an end in the cloud, or an internet-facing end."""
    far = [f for f in links if any(_on_internet(v, e) for e in (f.source, f.target))]
    if far:
        facts = [fl(f, "data") for f in far]
        return {"MPII-3.7": answer(YES, f"Over the internet: {ids(far)}.", facts)}
    facts = [fl(f, "target") for f in links[:8]]
    return {"MPII-3.7": answer(NO, "Every personal-data flow stays off the internet.", facts)}


def _on_internet(v: View, element_id: str) -> bool:
    """The element sits in the cloud, is internet-facing, or has an internet-exposed interface."""
    e = v.project.find_element(element_id)
    exposed = any(
        i.exposure and i.exposure.value == "internet" for i in v.project.interfaces_of(element_id)
    )
    return v.in_cloud(element_id) or bool(e and e.internet_facing) or exposed


def derive_stcf(v: View) -> Answers:
    """STCF: encryption at rest of the data stores that hold PII."""
    if v.project.data and not v.pii:
        facts = [model_fact("data", "no item of a personal category")]
        note = "The device holds no personal data."
        return {q.id: answer(NA, note, facts) for q in QUESTIONS if q.section == "STCF"}
    stores = v.stores_with_pii()
    if not stores:
        return {}
    facts = [el(s, "encryption_at_rest") for s in stores]
    on = [s for s in stores if s.encryption_at_rest is True]
    off = [s for s in stores if s.encryption_at_rest is False]
    unknown = [s for s in stores if s.encryption_at_rest is None]
    if not on and not unknown:
        note = f"Personal data is stored unencrypted: {ids(off)}."
        out = {
            k: answer(NA, "The device does not encrypt data at rest (STCF-1).", facts)
            for k in ("STCF-1.1", "STCF-1.2", "STCF-1.3", "STCF-2")
        }
        return out | {"STCF-1": answer(NO, note, facts)}
    out = {} if not on else {"STCF-1": answer(YES, f"Encrypted at rest: {ids(on)}.", facts)}
    if off:
        out["STCF-1.1"] = answer(NO, f"Stored unencrypted: {ids(off)}.", facts)
    elif not unknown:
        out["STCF-1.1"] = answer(YES, "Every data store holding personal data is encrypted.", facts)
        out["STCF-1.2"] = answer(
            YES, "Encryption at rest is stated for the product as shipped.", facts
        )
    return out


def derive_didt(v: View) -> Answers:
    """DIDT-1.1: DICOM de-identification profiles do not apply to a device that speaks no DICOM."""
    flows = [f for f in v.project.flows if f.protocol is Protocol.DICOM]
    interfaces = [i for i in v.interfaces if i.protocol is Protocol.DICOM]
    if flows or interfaces or not v.project.flows:
        return {}
    facts = [model_fact("flows", "no flow or interface speaks dicom")]
    return {"DIDT-1.1": answer(NA, "The device does not exchange DICOM objects.", facts)}
