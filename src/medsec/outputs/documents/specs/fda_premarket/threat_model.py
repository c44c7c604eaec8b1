"""Artefact 2 of ``fda-premarket``: the threat model (premarket guidance V.A.1).

The method and why it fits, the environment the model assumes (manual answer plus what the
model itself states: trust boundaries, parties), the system elements with their flows,
interfaces and boundaries, the data-flow diagram, and the threats per element with a note on
which life-cycle phases they cover (supply chain, manufacturing and service, deployment,
update, decommissioning).
"""

from __future__ import annotations

from collections import Counter

from medsec.domain.document import EvidenceRef, Section, Statement, Status, Table, TableRow
from medsec.domain.model import Project
from medsec.domain.paths import PROJECT_FILE, REGISTER_FILE
from medsec.domain.threat import AssessedThreat, Stride, TargetKind
from medsec.domain.vocabulary import Activity, Carries, ElementType
from medsec.domain.wording import agree, counted
from medsec.engines.judgements import crosses_trust_boundary, is_debug_interface
from medsec.outputs.documents.common import answered, project_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.fda_premarket.basis import (
    activity_ref,
    basis,
    capped,
    chapter,
    figures_of,
    part,
    see,
)
from medsec.outputs.documents.specs.fda_premarket.questions import ENVIRONMENT
from medsec.outputs.report.figure import dfd_figures

NOT_STATED = "not stated"


def _method(inputs: DocumentInputs) -> tuple[Statement, ...]:
    """The method, its rationale, and the recorded threat-model activity."""
    p = inputs.ctx.project
    method = Statement(
        "Method: STRIDE per element and per data flow, extended by medical-device rules that "
        "read the system model (therapy commands, debug and service ports, update integrity, "
        "multi-patient harm, cleartext secrets, ...). Each generated threat keeps a stable id "
        "(RULE@target), so the decisions in the register survive every re-run of the model.",
        (EvidenceRef(REGISTER_FILE), project_ref()),
    )
    rationale = Statement(
        "Rationale: STRIDE per element analyses every element, flow, interface and trust "
        "boundary of the system model, so no part of the system is left out; the device rules "
        "add the threats a generic method misses in a medical device, and every rule names the "
        "model attributes that fired it, so a reviewer can check each threat against the "
        "architecture. The model is re-analysed whenever it changes.",
        (project_ref("elements, flows, interfaces, boundaries"),),
    )
    records = [
        Statement(
            f"Threat modelling activity recorded on {a.date.isoformat() if a.date else 'no date'} "
            f"by {a.by or 'no one named'}" + (f": {a.evidence}" if a.evidence else "") + ".",
            (activity_ref(a),),
        )
        for a in p.activities
        if a.activity is Activity.THREAT_MODEL
    ]
    return method, rationale, *records


def _environment(inputs: DocumentInputs) -> Section:
    """The environment assumptions: the answer, and what the model states about boundaries."""
    p = inputs.ctx.project
    crossing = sum(1 for f in p.flows if crosses_trust_boundary(p, f))
    model = Statement(
        "The model treats every trust-boundary crossing as a point where an attacker gets in: "
        f"{crossing} of {len(p.flows)} data flows cross one of {len(p.boundaries)} trust "
        "boundaries; a network outside the device boundary is assumed hostile.",
        (project_ref("boundaries"),),
    )
    operated = [
        Statement(
            f"{b.name} ({b.id}) is operated by {b.operated_by}: its security rests partly on "
            "that party's controls.",
            (EvidenceRef(PROJECT_FILE, b.line, f"boundaries.{b.id}"),),
        )
        for b in p.boundaries
        if b.operated_by
    ]
    answer, question = answered(
        inputs.answers, ENVIRONMENT, "Environment assumptions stated by the manufacturer: {value}"
    )
    return part(
        2,
        "environment",
        "Environment of use: assumptions",
        Status.INFO if answer else Status.PARTLY,
        (model, *operated, answer),
        questions=(question,),
    )


def _row(path_line: int | None, record: str, *cells: str) -> TableRow:
    """A model table row, with its place in medsec.yaml as evidence."""
    return TableRow(cells, (EvidenceRef(PROJECT_FILE, path_line, record),))


def _state(value: object) -> str:
    """A cell for an optional model value: its text value, or not stated."""
    if value is None:
        return NOT_STATED
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(getattr(value, "value", value))


def _elements(p: Project) -> Table:
    """The elements of the system model."""
    rows = tuple(
        _row(
            e.line,
            e.id,
            e.id,
            e.name,
            e.type.value,
            e.boundary or "none",
            _state(e.function),
            "yes" if e.is_software else "no",
            str(len(p.interfaces_of(e.id))),
        )
        for e in p.elements
    )
    columns = ("Id", "Name", "Type", "Boundary", "Function", "Software", "Interfaces")
    return Table("Elements", columns, rows)


def _flows(p: Project) -> Table:
    """The data flows of the system model."""
    rows = tuple(
        _row(
            f.line,
            f.id,
            f.id,
            f"{f.source} → {f.target}" + (" (both ways)" if f.bidirectional else ""),
            _state(f.carries),
            _state(f.protocol),
            _state(f.authentication),
            _state(f.encryption),
        )
        for f in p.flows
    )
    columns = ("Id", "From → to", "Carries", "Protocol", "Authentication", "Encryption")
    return Table("Data flows", columns, rows)


def _interfaces(p: Project) -> Table:
    """The interfaces of the system model."""
    rows = tuple(
        _row(
            i.line,
            i.id,
            i.id,
            i.element,
            _state(i.kind),
            _state(i.protocol),
            _state(i.port),
            _state(i.exposure),
            _state(i.production),
        )
        for i in p.interfaces
    )
    columns = ("Id", "Element", "Kind", "Protocol", "Port", "Exposure", "Production")
    return Table("Interfaces", columns, rows)


def _boundaries(p: Project) -> Table:
    """The trust boundaries of the system model."""
    rows = tuple(
        _row(b.line, b.id, b.id, b.name, b.kind.value, b.parent or "-", b.operated_by or "us")
        for b in p.boundaries
    )
    return Table("Trust boundaries", ("Id", "Name", "Kind", "Inside", "Operated by"), rows)


def _per_target(threats: tuple[AssessedThreat, ...]) -> Table:
    """Threats per element, flow, interface and boundary: count, STRIDE letters, open ones."""
    groups: dict[tuple[str, str], list[AssessedThreat]] = {}
    for t in threats:
        groups.setdefault((t.threat.target.kind.value, t.threat.target.id), []).append(t)
    rows = []
    for (kind, target), found in groups.items():
        letters = {s for t in found for s in t.threat.stride}
        stride = "".join(s.value for s in Stride if s in letters)
        rules = sorted({t.threat.rule for t in found if not t.threat.baseline})
        still = sum(1 for t in found if t.status.value == "open")
        cells = (f"{kind}: {target}", str(len(found)), stride or "-", ", ".join(rules) or "-")
        rows.append(
            TableRow((*cells, str(still)), (EvidenceRef(REGISTER_FILE, record=f"{kind}:{target}"),))
        )
    return Table(
        "Threats per element",
        ("Target", "Threats", "STRIDE", "Device rules", "Open"),
        tuple(rows),
        empty="The register holds no threats.",
    )


def _phase(name: str, found: list[AssessedThreat], what: str, none: str) -> Statement:
    """One life-cycle phase: how many threats cover it, or that none does."""
    if not found:
        return Statement(f"{name}: {none}", (EvidenceRef(REGISTER_FILE),))
    ids = ", ".join(t.id for t in found[:5]) + (", …" if len(found) > 5 else "")
    return Statement(
        f"{name}: {counted(len(found), 'threat')} on {what} ({ids}).", (EvidenceRef(REGISTER_FILE),)
    )


def _on(
    threats: tuple[AssessedThreat, ...], kind: TargetKind, ids: set[str], stride: Stride | None
) -> list[AssessedThreat]:
    """Threats on targets of ``kind`` among ``ids``, of STRIDE category ``stride`` if given."""
    return [
        t
        for t in threats
        if t.threat.target.kind is kind
        and t.threat.target.id in ids
        and (stride is None or stride in t.threat.stride)
    ]


def _supply_chain(inputs: DocumentInputs) -> Statement:
    """The supply-chain phase: the SBOMs that feed the known-vulnerability analysis."""
    files = {s.path: s.components or 0 for s in inputs.ctx.sboms if s.exists}
    refs = tuple(EvidenceRef(path) for path in files)
    return Statement(
        f"Supply chain: {counted(len(files), 'SBOM file')} with "
        f"{counted(sum(files.values()), 'component')} {agree(len(files), 'feeds', 'feed')} "
        f"the known-vulnerability analysis (see {see(4)} and {see(5)}).",
        refs or (project_ref("elements[].sbom"),),
    )


def _lifecycle(inputs: DocumentInputs) -> tuple[Statement, ...]:
    """Which life-cycle phases the threats cover, each with the threats that show it."""
    p = inputs.ctx.project
    threats = inputs.ctx.threats
    debug = {i.id for i in p.interfaces if is_debug_interface(i)}
    code = {f.id for f in p.flows if f.carries is Carries.CODE}
    stores = {e.id for e in p.elements if e.type is ElementType.DATA_STORE}
    disclosure = Stride.INFORMATION_DISCLOSURE
    return (
        _supply_chain(inputs),
        _phase(
            "Manufacturing and service",
            _on(threats, TargetKind.INTERFACE, debug, None),
            "debug and service interfaces",
            "the model declares no debug interface.",
        ),
        _phase(
            "Deployment and interoperation",
            [t for t in threats if t.threat.crossing],
            "flows and interfaces that cross a trust boundary",
            "no threat crosses a trust boundary.",
        ),
        _phase(
            "Update and maintenance",
            _on(threats, TargetKind.FLOW, code, None),
            "flows that carry code (the update path)",
            "the model declares no flow that carries code.",
        ),
        _phase(
            "Decommissioning",
            _on(threats, TargetKind.ELEMENT, stores, disclosure),
            "data left in data stores (information disclosure)",
            "the model declares no data store.",
        ),
    )


def threat_model(inputs: DocumentInputs) -> tuple[Section, ...]:
    """Artefact 2: method and rationale, environment, elements, threats per element, the DFD."""
    b = basis(inputs, 2)
    p = inputs.ctx.project
    figures = figures_of(dfd_figures(p, inputs.draw), "dfd", "Data-flow diagram")
    kinds = Counter(e.type.value for e in p.elements)
    counts = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "no elements"
    overview = Statement(
        f"The system model has {counted(len(p.elements), 'element')} ({counts}), {len(p.flows)} "
        f"data flows, {counted(len(p.interfaces), 'interface')} and {len(p.boundaries)} trust "
        f"boundaries (architecture digest {inputs.ctx.architecture_digest}).",
        (project_ref("elements, flows, interfaces, boundaries"),),
    )
    method = part(2, "method", "Method and rationale", Status.INFO, _method(inputs))
    environment = _environment(inputs)
    tables = (_elements(p), _flows(p), _interfaces(p), _boundaries(p))
    heading = "System elements, data flows, interfaces and trust boundaries"
    elements = part(2, "elements", heading, Status.INFO, (overview,), tables)
    per_target = (_per_target(inputs.ctx.threats),)
    heading = "Threats per element and life-cycle coverage"
    threats = part(2, "threats", heading, b.status, _lifecycle(inputs), per_target)
    status = capped(b.status, environment.status is Status.INFO)
    return chapter(2, status, b.statements, figures=figures), method, environment, elements, threats
