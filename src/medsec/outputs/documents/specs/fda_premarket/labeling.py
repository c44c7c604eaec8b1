"""Artefact 12 of ``fda-premarket``: the cybersecurity content of the labeling (guidance VI.A).

What the model states (the ports and interfaces with their direction, endpoints and purpose;
how each piece of software is updated; which elements log security events; the credentials
shipped; the data left in data stores; components past their end of support) beside the
manual answers that say where the labeling tells users about it.
"""

from __future__ import annotations

from collections.abc import Iterable

from medsec.domain.document import (
    EvidenceRef,
    Question,
    Section,
    Statement,
    Status,
    Table,
    TableRow,
)
from medsec.domain.model import Interface, Project
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.vocabulary import Credentials, ElementType
from medsec.domain.wording import are, counted
from medsec.engines.firewall import interface_direction
from medsec.outputs.documents.common import answered, project_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.fda_premarket import questions as q
from medsec.outputs.documents.specs.fda_premarket.basis import (
    basis,
    capped,
    chapter,
    part,
    see,
    worst,
)

NOT_STATED = "not stated"


def _yes(value: bool | None) -> str:
    """A tri-state answer: yes, no, or not stated."""
    return NOT_STATED if value is None else ("yes" if value else "no")


def _interface_row(p: Project, i: Interface) -> TableRow:
    """One port or interface as the labeling lists it."""
    direction, peers = interface_direction(p, i)  # one judgement, shared with the guide
    endpoints = ", ".join(peers) or "-"
    purpose = ", ".join(x for x in (i.name, *i.needed_for) if x) or NOT_STATED
    return TableRow(
        (
            i.id,
            i.element,
            i.kind.value if i.kind else NOT_STATED,
            (i.protocol.value if i.protocol else NOT_STATED)
            + (f" / port {i.port}" if i.port is not None else ""),
            direction,
            endpoints,
            purpose,
            i.exposure.value if i.exposure else NOT_STATED,
            i.production.value if i.production else NOT_STATED,
        ),
        (EvidenceRef(PROJECT_FILE, i.line, f"interfaces.{i.id}"),),
    )


def _ports(inputs: DocumentInputs) -> Section:
    """The list of ports and interfaces: direction, endpoints, purpose, exposure."""
    p = inputs.ctx.project
    table = Table(
        "Ports and interfaces",
        (
            "Interface",
            "Element",
            "Kind",
            "Protocol / port",
            "Direction",
            "Endpoints",
            "Purpose",
            "Exposure",
            "In production",
        ),
        tuple(_interface_row(p, i) for i in p.interfaces),
        empty="The model declares no interfaces.",
    )
    lead = Statement(
        f"The model declares {counted(len(p.interfaces), 'interface')}; their direction and "
        "endpoints "
        "come from the data flows of each interface's element on the interface's protocol "
        "(not stated where the model has no such flow, or the interface no protocol).",
        (project_ref("interfaces"),),
    )
    return part(12, "interfaces", "Ports and interfaces", Status.INFO, (lead,), (table,))


def _answered_part(
    inputs: DocumentInputs,
    key: str,
    heading: str,
    question: Question,
    evidence: Iterable[Statement],
    ceiling: Status,
) -> Section:
    """A labeling item: what the model states, and where the labeling says it (the answer)."""
    answer, open_ = answered(inputs.answers, question, "The labeling covers it: {value}")
    return part(
        12, key, heading, capped(ceiling, answer is not None), (*evidence, answer), (), (), (open_,)
    )


def updates_statement(p: Project) -> Statement:
    """How the software is updated, as the model states it."""
    software = [e for e in p.elements if e.is_software and e.type is not ElementType.ACTOR]
    signed = [e.id for e in software if e.update and e.update.signed]
    channels = sorted({e.update.channel.value for e in software if e.update and e.update.channel})
    return Statement(
        f"{len(software)} software elements: {len(signed)} receive signed updates; update "
        f"channels: {', '.join(channels) or NOT_STATED}.",
        (project_ref("elements[].update"),),
    )


def _logging(p: Project) -> Statement:
    """Which elements log security events, as the model states it."""
    software = [e for e in p.elements if e.is_software and e.type is ElementType.PROCESS]
    on = [e.id for e in software if e.security_logging]
    off = [e.id for e in software if e.security_logging is False]
    unknown = len(software) - len(on) - len(off)
    said = [
        f"{label} {', '.join(ids)}" for label, ids in (("on in", on), ("off in", off)) if ids
    ] + ([f"not stated for {unknown} software processes"] if unknown else [])
    return Statement(
        f"Security event logging: {'; '.join(said) or 'no software process is declared'}.",
        (project_ref("elements[].security_logging"),),
    )


def _credentials(p: Project) -> Statement:
    """The credentials the elements ship with, as the model states them."""
    weak = [
        f"{e.id} ({e.credentials.value})"
        for e in p.elements
        if e.credentials in (Credentials.SHARED_DEFAULT, Credentials.HARDCODED)
    ]
    text = (
        f"shared or hardcoded in {', '.join(weak)}."
        if weak
        else "no element declares shared-default or hardcoded credentials."
    )
    return Statement(f"Shipped credentials: {text}", (project_ref("elements[].credentials"),))


def _stores(p: Project) -> Statement:
    """The data left on data stores at decommissioning, and whether it is encrypted at rest."""
    stores = [e for e in p.elements if e.type is ElementType.DATA_STORE and e.stores]
    listed = "; ".join(
        f"{e.id}: {', '.join(e.stores)} (encrypted at rest: {_yes(e.encryption_at_rest)})"
        for e in stores
    )
    return Statement(
        f"Data to sanitise at decommissioning: {listed or 'no data store declares stored data'}.",
        (project_ref("elements[].stores"),),
    )


def _support(inputs: DocumentInputs) -> Statement:
    """Components already past their end of support (the labeling states the device's EoS)."""
    past = sorted({c for s in inputs.ctx.sboms for c in s.past_end_of_support})
    refs = tuple(EvidenceRef(s.path, record=s.element) for s in inputs.ctx.sboms)
    return Statement(
        "Components past their end of support without a risk acceptance: "
        f"{', '.join(past) if past else 'none'}.",
        refs or (project_ref("elements[].sbom"),),
    )


_ITEMS: tuple[tuple[str, str, Question], ...] = (
    ("environment", "Environment controls and infrastructure requirements", q.IT_REQUIREMENTS),
    ("updates", "Obtaining and installing updates", q.UPDATE_PROCEDURE),
    ("sbom", "SBOM availability", q.SBOM_AVAILABILITY),
    ("logging", "Security events, logging and forensics", q.FORENSIC_LOGGING),
    ("configuration", "Secure configuration, backup and restore", q.SECURE_CONFIGURATION),
    ("end-of-support", "End of support and end of life", q.SUPPORT_PERIOD),
    ("decommissioning", "Secure decommissioning", q.DECOMMISSIONING),
)


def _sbom_files(inputs: DocumentInputs) -> Statement:
    """The machine-readable SBOM files the project keeps."""
    sboms = inputs.ctx.sboms
    kept = len({s.path for s in sboms if s.exists})
    return Statement(
        f"{counted(kept, 'machine-readable SBOM file')} {are(kept)} kept "
        f"with the project (see {see(4)}).",
        tuple(EvidenceRef(path) for path in dict.fromkeys(s.path for s in sboms))
        or (project_ref("elements[].sbom"),),
    )


def _facts(inputs: DocumentInputs) -> dict[str, tuple[Statement, ...]]:
    """What the model states for each labeling item (nothing for the environment: answers only)."""
    p = inputs.ctx.project
    return {
        "environment": (),
        "updates": (updates_statement(p),),
        "sbom": (_sbom_files(inputs),),
        "logging": (_logging(p),),
        "configuration": (_credentials(p),),
        "end-of-support": (_support(inputs),),
        "decommissioning": (_stores(p),),
    }


def labeling(inputs: DocumentInputs) -> tuple[Section, ...]:
    """Artefact 12: the labeling items of VI.A, each with the model's facts and its answer."""
    b = basis(inputs, 12)
    facts = _facts(inputs)
    parts = (
        _ports(inputs),
        *(
            _answered_part(inputs, key, heading, question, facts[key], b.status)
            for key, heading, question in _ITEMS
        ),
    )
    docs, question = answered(inputs.answers, q.LABELING, "The labeling documents: {value}")
    status = worst((capped(b.status, docs is not None), *(s.status for s in parts)))
    head = chapter(12, status, (*b.statements, *((docs,) if docs else ())), questions=(question,))
    return (head, *parts)
