"""TXCF and TXIG: how the device protects what it transmits.

Derived from each flow's ``encryption`` (or its protocol: https is encrypted, hl7-mllp is not),
``authentication`` and transport, and from implemented ``integrity`` controls that apply to a
flow. A flow carrying personal data with ``encryption: none`` makes TXCF-2 "No", with the
flow as the source.
"""

from __future__ import annotations

from medsec.domain.model import Flow
from medsec.domain.vocabulary import ControlCategory, ControlStatus, Protocol, Transport
from medsec.engines.judgements import authenticated, exposed_link, flow_encrypted
from medsec.engines.mds2.derive_data import is_ui, link_flows
from medsec.engines.mds2.facts import (
    NA,
    NO,
    SEE,
    YES,
    Answers,
    View,
    answer,
    fl,
    ids,
    model_fact,
    transport,
)
from medsec.engines.mds2.questions import QUESTIONS

_STANDARDS = (Protocol.HL7_MLLP, Protocol.DICOM, Protocol.FHIR)


def derive_txcf(v: View) -> Answers:
    """TXCF-1, 2, 4, 5 from the flows that carry personal data."""
    if v.project.data and not v.pii:
        facts = [model_fact("data", "no item of a personal category")]
        note = "The device transmits no personal data."
        return {q.id: answer(NA, note, facts) for q in QUESTIONS if q.section == "TXCF"}
    links = link_flows(v)
    if not links:
        return {}
    out = _cable_only(links)
    out |= _encrypted(links)
    out |= _authenticated(links)
    out |= _standards(links)
    return out


def _cable_only(links: list[Flow]) -> Answers:
    """TXCF-1: only dedicated cables."""
    kinds = [transport(f) for f in links]
    facts = [fl(f, "protocol") for f in links[:8]]
    if all(k is Transport.WIRED for k in kinds):
        return {"TXCF-1": answer(YES, "Personal data travels on dedicated cables only.", facts)}
    other = [
        f for f, k in zip(links, kinds, strict=True) if k in (Transport.NETWORK, Transport.WIRELESS)
    ]
    if other:
        return {"TXCF-1": answer(NO, f"Also over networks or radio: {ids(other)}.", facts)}
    return {}


def _encrypted(links: list[Flow]) -> Answers:
    """TXCF-2: every link carrying personal data encrypted (stated, or by its protocol)."""
    state = {f.id: flow_encrypted(f) for f in links}
    clear = [f for f in links if state[f.id] is False]
    if clear:
        facts = [fl(f, "encryption") for f in clear]
        note = f"Personal data travels unencrypted on: {ids(clear)}."
        return {"TXCF-2": answer(NO, note, facts)}
    if None in state.values():
        return {}
    facts = [fl(f, "encryption") for f in links]
    out = {"TXCF-2": answer(YES, "Every flow carrying personal data is encrypted.", facts)}
    out["TXCF-2.1"] = answer(NA, "Personal data is encrypted by default (TXCF-2).", facts)
    return out


def _authenticated(links: list[Flow]) -> Answers:
    """TXCF-4: every link carrying personal data authenticates its peer."""
    state = {f.id: authenticated(f.authentication) for f in links}
    open_ = [f for f in links if state[f.id] is False]
    if open_:
        facts = [fl(f, "authentication") for f in open_]
        return {"TXCF-4": answer(NO, f"Unauthenticated: {ids(open_)}.", facts)}
    if None in state.values():
        return {}
    facts = [fl(f, "authentication") for f in links]
    return {"TXCF-4": answer(YES, "Every flow carrying personal data is authenticated.", facts)}


def _standards(links: list[Flow]) -> Answers:
    """TXCF-5: the health-data standards in use (whether they are encrypted is TXCF-2)."""
    used = [f for f in links if f.protocol in _STANDARDS]
    if used:
        parts = [f"{f.id} ({f.protocol}, encryption {f.encryption or 'not stated'})" for f in used]
        note = "Health-data standards in use: " + "; ".join(parts) + "."
        return {"TXCF-5": answer(SEE, note, [fl(f, "protocol") for f in used])}
    if any(f.protocol in (None, Protocol.UNKNOWN, Protocol.OTHER) for f in links):
        return {}
    facts = [fl(f, "protocol") for f in links[:8]]
    return {"TXCF-5": answer(NO, "No DICOM, HL7 or IEEE 11073 transmission.", facts)}


def _protected(v: View, f: Flow) -> bool | None:
    """A flow's data cannot be changed unnoticed: encrypted link, or an integrity control."""
    state = flow_encrypted(f)
    if state:
        return True
    for c in v.project.controls:
        if (
            c.category is ControlCategory.INTEGRITY
            and c.status is ControlStatus.IMPLEMENTED
            and f.id in c.applies_to
        ):
            return True
    return state


def derive_txig(v: View) -> Answers:
    """TXIG-1 from the exposed flows of the device; TXIG-2 from cables between its parts."""
    p = v.project
    ours = {e.id for e in v.ours}
    exposed = [
        f
        for f in p.flows
        if (f.source in ours or f.target in ours) and not is_ui(f) and exposed_link(p, f)
    ]
    out: Answers = {}
    if exposed:
        state = {f.id: _protected(v, f) for f in exposed}
        bare = [f for f in exposed if state[f.id] is False]
        facts = [fl(f, "encryption") for f in (bare or exposed)[:10]]
        if not bare and None not in state.values():
            out["TXIG-1"] = answer(
                YES, "Every exposed flow is encrypted or integrity-protected.", facts
            )
        elif len(bare) == len(exposed):
            out["TXIG-1"] = answer(NO, "No exposed flow is integrity-protected.", facts)
        elif bare:
            note = f"Encrypted links protect the others; not protected: {ids(bare)}."
            out["TXIG-1"] = answer(SEE, note, facts)
    return out | _cables(v, ours)


def _cables(v: View, ours: set[str]) -> Answers:
    """TXIG-2: cables between parts of the device in different enclosures."""
    p = v.project
    out: Answers = {}
    between = [f for f in p.flows if f.source in ours and f.target in ours]
    cables = [
        f
        for f in between
        if transport(f) is Transport.WIRED
        and p.element(f.source).boundary != p.element(f.target).boundary
    ]
    if cables:
        out["TXIG-2"] = answer(
            YES,
            f"External cables between parts: {ids(cables)}.",
            [fl(f, "protocol") for f in cables],
        )
    elif between and all(transport(f) is not None for f in between):
        facts = [fl(f, "protocol") for f in between[:8]]
        out["TXIG-2"] = answer(NO, "No cable links parts of the device across an enclosure.", facts)
    return out
