"""Artefacts 15 and 16 of ``fda-premarket``: the cyber device determination and the IDE subset.

Section 524B(c) of the FD&C Act: a cyber device includes sponsor software, can connect to the
internet by any means (the FDA reads it broadly: a USB or serial service port, Bluetooth to an
app that is online) and has characteristics vulnerable to threats. The model answers each
criterion; the device's stated ``cyber_device`` is restated beside it, and a statement of
``false`` that the model contradicts is reported, never passed over. Artefact 16 names what an
investigational device exemption needs of this set (guidance Appendix 3).
"""

from __future__ import annotations

from medsec.domain.document import EvidenceRef, Section, Statement, Status
from medsec.domain.model import Project
from medsec.domain.paths import PROJECT_FILE, REGISTER_FILE
from medsec.domain.vocabulary import InterfaceKind, Protocol, Transport
from medsec.domain.wording import are, counted
from medsec.engines.judgements import flow_transport, switched_off
from medsec.outputs.documents.common import project_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.fda_premarket.basis import CHAPTER_IDS, chapter, see

LINKS = frozenset({Transport.WIRED, Transport.WIRELESS, Transport.NETWORK})
FIX = f"{PROJECT_FILE}: device.cyber_device: true"


def _few(ids: list[str]) -> str:
    """At most eight ids, then how many more."""
    return ", ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")


def connections(p: Project) -> tuple[list[str], list[str]]:
    """(interfaces, flows) through which the system connects: not switched off, not a screen."""
    interfaces = [
        i.id
        for i in p.interfaces
        if not switched_off(i)
        and i.kind is not InterfaceKind.USER_INTERFACE
        and i.protocol is not Protocol.USER_INTERFACE
    ]
    flows = [f.id for f in p.flows if flow_transport(f) in LINKS]
    return interfaces, flows


def _criteria(inputs: DocumentInputs) -> tuple[tuple[Statement, ...], bool]:
    """The three 524B(c) criteria as the model answers them, and whether all three hold."""
    p = inputs.ctx.project
    software = [e.id for e in p.elements if e.is_software]
    interfaces, flows = connections(p)
    threats = len(inputs.ctx.threats)
    statements = (
        Statement(
            f"Software: {counted(len(software), 'element')} "
            f"{'is or contains' if len(software) == 1 else 'are or contain'} software (firmware "
            "included)" + (f": {_few(software)}." if software else "."),
            (project_ref("elements[].software"),),
        ),
        Statement(
            f"Ability to connect by any means: {counted(len(interfaces), 'interface')} "
            f"{are(len(interfaces))} not switched off"
            + (f" ({_few(interfaces)})" if interfaces else "")
            + f" and {len(flows)} data flows travel over a cable, radio or network"
            + (f" ({_few(flows)})" if flows else "")
            + ".",
            (project_ref("interfaces, flows"),),
        ),
        Statement(
            f"Characteristics vulnerable to cybersecurity threats: the threat register holds "
            f"{threats} threats.",
            (EvidenceRef(REGISTER_FILE),),
        ),
    )
    return statements, bool(software) and bool(interfaces or flows) and threats > 0


def _stated(p: Project, meets: bool) -> tuple[Statement, Status]:
    """The stated determination beside the model's, with the status their agreement gives."""
    stated = p.device.cyber_device
    ref = (project_ref("device.cyber_device"),)
    model = "meets" if meets else "does not meet"
    if stated is None:
        text = (
            "The project does not state whether the device is a cyber device; by the model it "
            f"{model} the criteria of section 524B(c)."
        )
        fix = FIX if meets else f"{PROJECT_FILE}: device.cyber_device: false"
        gap = "device.cyber_device not stated"
        return Statement(text, ref, Status.PARTLY, "524B(c)", gap, fix), Status.PARTLY
    if stated is False and meets:
        text = (
            "WARNING: the project states the device is not a cyber device (device.cyber_device: "
            "false), but the model shows software, a way to connect and threats: the FDA reads "
            "'able to connect to the internet' broadly (any means, through an intermediary "
            "included). Review the determination."
        )
        gap = "cyber_device: false contradicts the model"
        return Statement(text, ref, Status.NOT_MET, "524B(c)", gap, FIX), Status.NOT_MET
    return Statement(_determination(stated, meets), ref), Status.INFO


def _determination(stated: bool, meets: bool) -> str:
    """The stated determination in words, and whether the model agrees."""
    agree = (
        "in agreement with the model"
        if stated == meets
        else "although the model shows no way to connect: a conservative determination"
    )
    if stated:
        return (
            f"Determination: the manufacturer states the device is a cyber device (section "
            f"524B), {agree}; the 524B(b) plan, processes and SBOM apply (see {see(13)}, "
            f"{see(14)} and {see(4)})."
        )
    return (
        f"Determination: the manufacturer states the device is not a cyber device, {agree}; "
        "section 524B does not apply."
    )


def cyber_device(inputs: DocumentInputs) -> Section:
    """Artefact 15: the three criteria from the model, the stated determination, contradictions."""
    criteria, meets = _criteria(inputs)
    statement, status = _stated(inputs.ctx.project, meets)
    return chapter(15, status, (*criteria, statement))


_IDE = (
    ("sbom", f"The SBOM ({see(4)})"),
    (
        "architecture-views",
        "The global, multi-patient harm and updatability views, and the security use-case "
        f"views for functions with safety risks ({see(9)})",
    ),
    (
        "labeling",
        "General cybersecurity labeling: connectivity, its general risks, and how the device "
        f"is updated ({see(12)})",
    ),
)


def ide_subset(built: tuple[Section, ...]) -> Section:
    """Artefact 16: what an IDE application needs of this set, with those chapters' statuses."""
    by_id = {s.id: s for s in built}
    rows = []
    for chapter_id, text in _IDE:
        found = by_id[chapter_id]
        basis_rows = (s for s in found.statements if s.label and s.label.startswith("FDA "))
        refs = tuple(dict.fromkeys(r for s in basis_rows for r in s.evidence))
        rows.append(
            Statement(
                f"{text}: recommended for an IDE; here {found.status.label}.",
                refs or (project_ref(),),
            )
        )
    consent = Statement(
        "The informed consent form should state the cybersecurity risks to the participants: "
        "it is written for the clinical investigation, outside this document; the risks to "
        f"state are those of {see(3)}.",
        (EvidenceRef(REGISTER_FILE),),
    )
    others = Statement(
        "The other chapters could help an IDE review but are not specifically recommended "
        "(guidance Appendix 4, Table 1).",
        (EvidenceRef("medsec docs", record=CHAPTER_IDS[16]),),
    )
    return chapter(16, Status.INFO, (consent, *rows, others))
