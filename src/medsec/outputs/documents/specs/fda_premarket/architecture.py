"""Artefacts 9 and 10 of ``fda-premarket``: the architecture views and the security requirements.

Artefact 9 turns each of the four FDA views (``medsec.outputs.views``: global system, multi-patient
harm, updatability and patchability, security use cases) into a part with its drawing(s) and
table, and lists every communication path with the details Appendix 2 asks for. Artefact 10
sorts the project's controls into the eight categories of Appendix 1: a category without an
implemented control is not met, one whose implemented controls name no verification is partly
met.
"""

from __future__ import annotations

from medsec.domain.document import EvidenceRef, Section, Statement, Status, Table, TableRow
from medsec.domain.model import Control, Flow, Project
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.vocabulary import ControlCategory, ControlStatus
from medsec.domain.wording import are, counted
from medsec.engines.frameworks.fda import CONTROL_CATEGORIES
from medsec.engines.judgements import crosses_trust_boundary, switched_off
from medsec.engines.placeholders import real
from medsec.outputs.documents.common import project_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.fda_premarket.basis import (
    basis,
    chapter,
    figures_of,
    part,
    worst,
)
from medsec.outputs.report.figure import SvgDrawer, graph_figures
from medsec.outputs.views import ArchitectureView, all_views

NOT_STATED = "not stated"


def _view(view: ArchitectureView, draw: SvgDrawer) -> Section:
    """One FDA view as a part of artefact 9: its intent, drawing(s) and table."""
    ref = project_ref("elements, flows, interfaces, use_cases")
    table = Table(
        view.title,
        view.columns,
        tuple(TableRow(r, (ref,)) for r in view.rows),
        empty=view.empty,
    )
    figures = figures_of(graph_figures(view.graph, draw), f"view-{view.name}", view.title)
    return part(
        9, view.name, view.title, Status.INFO, (Statement(view.intro, (ref,)),), (table,), figures
    )


def _yes(value: bool | None) -> str:
    """A tri-state cell: yes, no, or not stated."""
    return NOT_STATED if value is None else ("yes" if value else "no")


def _path_row(p: Project, f: Flow) -> TableRow:
    """One communication path with the details Appendix 2 asks for."""
    return TableRow(
        (
            f.id,
            f"{f.source} {'↔' if f.bidirectional else '→'} {f.target}",
            f.carries.value if f.carries else NOT_STATED,
            ", ".join(f.data) or "-",
            f.protocol.value if f.protocol else NOT_STATED,
            f.authentication.value if f.authentication else NOT_STATED,
            f.encryption.value if f.encryption else NOT_STATED,
            _yes(f.replay_protection),
            _yes(f.certificate_validation),
            _yes(crosses_trust_boundary(p, f)),
        ),
        (EvidenceRef(PROJECT_FILE, f.line, f"flows.{f.id}"),),
    )


def _paths(p: Project) -> Table:
    """Every communication path of the system (Appendix 2)."""
    return Table(
        "Communication paths",
        (
            "Flow",
            "Endpoints",
            "Carries",
            "Data",
            "Protocol",
            "Authentication",
            "Encryption",
            "Replay protection",
            "Certificate validation",
            "Crosses a trust boundary",
        ),
        tuple(_path_row(p, f) for f in p.flows),
        empty="The model declares no data flows.",
    )


def views(inputs: DocumentInputs) -> tuple[Section, ...]:
    """Artefact 9: the communication paths, then one part per architecture view."""
    b = basis(inputs, 9)
    p = inputs.ctx.project
    off = [i for i in p.interfaces if switched_off(i)]
    unused = Statement(
        f"{len(off)} of {counted(len(p.interfaces), 'interface')} {are(len(off))} disabled or "
        "removed in "
        "production" + (f": {', '.join(i.id for i in off)}." if off else "."),
        tuple(EvidenceRef(PROJECT_FILE, i.line, f"interfaces.{i.id}") for i in off)
        or (project_ref("interfaces"),),
    )
    parts = tuple(_view(v, inputs.draw) for v in all_views(p))
    return (chapter(9, b.status, (*b.statements, unused), (_paths(p),)), *parts)


def _category_row(
    category: ControlCategory, found: list[Control], words: tuple[str, ...]
) -> Statement:
    """One Appendix 1 category: met with an implemented, verified control; not met without one."""
    name = CONTROL_CATEGORIES[category]
    done = [c for c in found if c.status is ControlStatus.IMPLEMENTED]
    verified = [c for c in done if real(c.verified_by, words)]
    refs = tuple(EvidenceRef(PROJECT_FILE, c.line, f"controls.{c.id}") for c in found)
    counts = f"{counted(len(found), 'control')}, {len(done)} implemented, {len(verified)} verified"
    if not done:
        return Statement(
            f"{name}: {counts}; no implemented control covers this category.",
            refs or (project_ref("controls"),),
            Status.NOT_MET,
            name,
            "no implemented control",
            f"{PROJECT_FILE}: controls[]: a control with category: {category.value}, status: "
            "implemented, its requirement and verified_by",
        )
    if not verified:
        return Statement(
            f"{name}: {counts} ({', '.join(c.id for c in done)}); none names a verification.",
            refs,
            Status.PARTLY,
            name,
            "implemented controls without verification",
            f"{PROJECT_FILE}: controls[{done[0].id}].verified_by: [TEST-ID]",
        )
    tests = ", ".join(f"{c.id} ({', '.join(c.verified_by)})" for c in verified)
    return Statement(f"{name}: {counts}: {tests}.", refs, Status.MET, name)


def _control_table(p: Project) -> Table:
    """Every control with its category, status, requirement, verification and scope."""
    rows = tuple(
        TableRow(
            (
                c.id,
                c.name,
                CONTROL_CATEGORIES[c.category],
                c.status.value,
                c.requirement or "none",
                ", ".join(c.verified_by) or "none",
                ", ".join(c.applies_to) or "-",
            ),
            (EvidenceRef(PROJECT_FILE, c.line, f"controls.{c.id}"),),
        )
        for c in p.controls
    )
    return Table(
        "Security controls",
        ("Control", "Name", "Category", "Status", "Requirement", "Verified by", "Applies to"),
        rows,
        empty="The project declares no controls.",
    )


def requirements(inputs: DocumentInputs) -> Section:
    """Artefact 10: the eight control categories of Appendix 1, one requirement row each."""
    b = basis(inputs, 10)
    p = inputs.ctx.project
    by_category: dict[ControlCategory, list[Control]] = {c: [] for c in CONTROL_CATEGORIES}
    for c in p.controls:
        by_category.setdefault(c.category, []).append(c)
    words = p.policy.placeholders
    rows = tuple(_category_row(cat, by_category[cat], words) for cat in CONTROL_CATEGORIES)
    status = worst((b.status, *(r.status or Status.INFO for r in rows)))
    return chapter(10, status, (*b.statements, *rows), (_control_table(p),), matrix=True)
