"""The FDA security architecture views (premarket guidance V.B.2) as graphs and tables.

* global system: every element in its trust boundary and who talks to whom;
* multi-patient harm: what serves more than one patient and every link into or out of it;
* updatability and patchability: how each piece of software is updated and by whom;
* security use cases: per use case the interfaces, elements and data it needs.

Each view is a :class:`~medsec.outputs.view_graph.Graph` (DOT/Mermaid/SVG) and a table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from medsec.domain.model import Element, Flow, Interface, Project, UseCase
from medsec.domain.vocabulary import Carries, ElementType
from medsec.domain.wording import are, counted
from medsec.engines.judgements import switched_off
from medsec.outputs.diagram import edge_label, flow_label, is_weak, protection
from medsec.outputs.report.figure import SvgDrawer, graph_figures
from medsec.outputs.report.view import Section
from medsec.outputs.view_graph import Edge, Graph, Node

NOT_STATED = "not stated"
MAX_BODY_FIGURES = 3  # a view drawn in more parts shows its drawings in an appendix
VIEW_NAMES = ("global", "multi-patient", "updatability", "use-cases")


@dataclass(frozen=True)
class ArchitectureView:
    """One FDA architecture view: its diagram and its table, ready for the report or the CLI."""

    name: str
    title: str
    intro: str
    graph: Graph
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = "Nothing to show."


def _yes(value: bool | None) -> str:
    """A tri-state answer for a table cell: an unset value says so instead of passing as "no"."""
    return NOT_STATED if value is None else ("yes" if value else "no")


def _node(e: Element, cluster: str | None = None, highlight: bool = False) -> Node:
    """The graph node of an element, drawn inside ``cluster`` (its trust boundary)."""
    return Node(f"element:{e.id}", e.name, e.type.value, cluster, highlight)


def _controls(project: Project, *targets: str) -> str:
    """Ids of the controls that apply to any of ``targets`` (elements, flows, interfaces)."""
    ids = [c.id for c in project.controls if set(c.applies_to) & set(targets)]
    return ", ".join(ids) or "none"


def _clusters(project: Project, elements: list[Element]) -> tuple[tuple[str, str], ...]:
    """The trust boundaries that hold at least one of ``elements``, as (id, label) clusters."""
    used = {e.boundary for e in elements if e.boundary}
    return tuple((b.id, f"{b.name} · {b.kind.value}") for b in project.boundaries if b.id in used)


def _flow_edge(f: Flow) -> Edge:
    """One flow as an edge labelled with its id and protocol, dashed when weak (the table beside
    the drawing gives the protection)."""
    return Edge(f"element:{f.source}", f"element:{f.target}", edge_label(f), is_weak(f))


def _global_row(project: Project, e: Element) -> tuple[str, ...]:
    """The global-view row of one element: boundary, kind, patients, interfaces, peers."""
    ifaces = ", ".join(
        f"{i.id} ({i.exposure.value if i.exposure else '?'}{', off' if switched_off(i) else ''})"
        for i in project.interfaces_of(e.id)
    )
    peers = sorted(
        {f.target for f in project.flows if f.source == e.id}
        | {f.source for f in project.flows if f.target == e.id}
    )
    return (
        e.boundary or "none",
        f"{e.name} ({e.id})",
        e.type.value,
        e.function.value if e.function else NOT_STATED,
        str(e.patients) if e.patients is not None else NOT_STATED,
        ifaces or "none",
        ", ".join(peers) or "none",
    )


def global_view(project: Project) -> ArchitectureView:
    """Every element in its trust boundary, with one edge per pair of elements that talk."""
    elements = list(project.elements)
    pairs: dict[tuple[str, str], list[Flow]] = {}
    for f in project.flows:
        pairs.setdefault((f.source, f.target), []).append(f)
    edges = tuple(
        Edge(
            f"element:{s}",
            f"element:{t}",
            ", ".join(sorted({f.protocol.value if f.protocol else "?" for f in flows})),
            any(is_weak(f) for f in flows),
        )
        for (s, t), flows in pairs.items()
    )
    graph = Graph(
        "global-system",
        f"{project.device.name} {project.device.version}: global system view",
        tuple(_node(e, e.boundary) for e in elements),
        edges,
        _clusters(project, elements),
    )
    return ArchitectureView(
        "global",
        "Global system view",
        "Every element in its trust boundary, its interfaces and the elements it exchanges data "
        "with (dashed red: a link with weak or unknown protection).",
        graph,
        ("Boundary", "Element", "Type", "Function", "Patients", "Interfaces", "Connected to"),
        tuple(_global_row(project, e) for e in elements),
    )


def _multi_patient_rows(
    project: Project, many: list[Element], links: list[Flow]
) -> tuple[tuple[str, ...], ...]:
    """One row per link of each multi-patient element, the most patients first."""
    rows = []
    for e in sorted(many, key=lambda x: (-(x.patients or 0), x.id)):
        for f in (f for f in links if e.id in (f.source, f.target)):
            peer = f.target if f.source == e.id else f.source
            rows.append(
                (
                    f"{e.name} ({e.id})",
                    str(e.patients),
                    _yes(e.safety_critical),
                    f"{f.id}: {'→' if f.source == e.id else '←'} {peer}",
                    f.carries.value if f.carries else NOT_STATED,
                    protection(f),
                    _controls(project, e.id, f.id),
                )
            )
    return tuple(rows)


def multi_patient_view(project: Project) -> ArchitectureView:
    """Elements serving more than one patient and every link into or out of them."""
    many = [e for e in project.elements if (e.patients or 0) > 1]
    ids = {e.id for e in many}
    links = [f for f in project.flows if f.source in ids or f.target in ids]
    shown = ids | {f.source for f in links} | {f.target for f in links}
    elements = [e for e in project.elements if e.id in shown]
    graph = Graph(
        "multi-patient-harm",
        f"{project.device.name}: multi-patient harm view",
        tuple(_node(e, e.boundary, e.id in ids) for e in elements),
        tuple(_flow_edge(f) for f in links),
        _clusters(project, elements),
    )
    return ArchitectureView(
        "multi-patient",
        "Multi-patient harm view",
        "Elements that serve more than one patient (highlighted) and every link into or out of "
        "them: one compromise here can harm many patients at once.",
        graph,
        ("Element", "Patients", "Safety-critical", "Link", "Carries", "Protection", "Controls"),
        _multi_patient_rows(project, many, links),
        "No element serves more than one patient (elements[].patients).",
    )


def _unsigned_update(e: Element) -> bool:
    """True for software whose updates are not known to be signed (highlighted in the view)."""
    return e.is_software and (e.update is None or e.update.signed is not True)


def _update_channel(e: Element) -> str:
    """How the element is updated; "none" only when it is declared not updatable."""
    if e.updatable is False:
        return "none (not updatable)"
    u = e.update
    return u.channel.value if u and u.channel else NOT_STATED


def _updatability_row(e: Element, code: list[Flow]) -> tuple[str, ...]:
    """The updatability row of one software element, with the code flows that reach it."""
    u = e.update
    delivered = ", ".join(f"{f.source} ({flow_label(f)})" for f in code if f.target == e.id)
    return (
        f"{e.name} ({e.id})",
        _update_channel(e),
        _yes(u.signed if u else None),
        _yes(u.rollback_protection if u else None),
        _yes(e.secure_boot),
        delivered or "no code flow modelled",
        ", ".join(e.sbom) or "none",
    )


def updatability_view(project: Project) -> ArchitectureView:
    """How each piece of software is updated, and the flows that deliver code to it."""
    software = [e for e in project.elements if e.is_software and e.type is not ElementType.ACTOR]
    code = [f for f in project.flows if f.carries is Carries.CODE]
    ids = {e.id for e in software} | {f.source for f in code}
    elements = [e for e in project.elements if e.id in ids]
    graph = Graph(
        "updatability",
        f"{project.device.name}: updatability and patchability view",
        tuple(_node(e, e.boundary, _unsigned_update(e)) for e in elements),
        tuple(_flow_edge(f) for f in code),
        _clusters(project, elements),
    )
    return ArchitectureView(
        "updatability",
        "Updatability and patchability view",
        "How each piece of software is updated, whether updates are signed and protected "
        "against rollback, and which flows deliver code (highlighted: update not known to be "
        "signed).",
        graph,
        (
            "Software",
            "Update channel",
            "Signed",
            "Rollback protection",
            "Secure boot",
            "Delivered by",
            "SBOM",
        ),
        tuple(_updatability_row(e, code) for e in software),
        "No software elements are declared.",
    )


def _use_case_interfaces(project: Project, u: UseCase) -> list[Interface]:
    """The interfaces a use case needs, declared on either side (use case or interface)."""
    return [i for i in project.interfaces if i.id in u.needs_interfaces or u.id in i.needed_for]


def _draw_use_case(
    project: Project, u: UseCase, itfs: list[Interface], nodes: list[Node], edges: list[Edge]
) -> None:
    """Add one use case's cluster content to ``nodes`` and ``edges``: interfaces, elements, data."""
    uc = f"use-case:{u.id}"
    cluster = f"uc-{u.id}"
    nodes.append(Node(uc, u.name, "use-case", cluster))
    for i in itfs:
        node = f"{uc}/interface:{i.id}"
        label = f"{i.name or i.id}\n{i.exposure.value if i.exposure else '?'}"
        nodes.append(Node(node, label, "interface", cluster, switched_off(i)))
        edges.append(Edge(uc, node, "needs"))
        element = project.find_element(i.element)
        target = f"{uc}/element:{i.element}"
        if not any(n.id == target for n in nodes):
            nodes.append(
                Node(
                    target,
                    element.name if element else i.element,
                    element.type.value if element else "process",
                    cluster,
                )
            )
        edges.append(Edge(node, target))
    for d in u.needs_data:
        nodes.append(Node(f"{uc}/data:{d}", d, "data", cluster))
        edges.append(Edge(uc, f"{uc}/data:{d}", "uses"))


def _use_case_row(project: Project, u: UseCase, itfs: list[Interface]) -> tuple[str, ...]:
    """The table row of one use case: its interfaces with their protection, data and controls."""
    return (
        f"{u.name} ({u.id})",
        ", ".join(
            f"{i.id} ({i.exposure.value if i.exposure else '?'}, "
            f"{i.authentication.value if i.authentication else 'auth ?'}, "
            f"{i.encryption.value if i.encryption else 'enc ?'})"
            for i in itfs
        )
        or "none",
        ", ".join(u.needs_data) or "none",
        _controls(project, *(i.id for i in itfs), *(i.element for i in itfs)),
    )


def use_case_view(project: Project) -> ArchitectureView:
    """Per security use case, one cluster with the interfaces, elements and data it needs."""
    nodes: list[Node] = []
    edges: list[Edge] = []
    clusters = []
    rows = []
    for u in project.use_cases:
        clusters.append((f"uc-{u.id}", f"use case: {u.name}"))
        itfs = _use_case_interfaces(project, u)
        _draw_use_case(project, u, itfs, nodes, edges)
        rows.append(_use_case_row(project, u, itfs))
    graph = Graph(
        "security-use-cases",
        f"{project.device.name}: security use-case views",
        tuple(nodes),
        tuple(edges),
        tuple(clusters),
    )
    return ArchitectureView(
        "use-cases",
        "Security use-case views",
        "For each use case, the interfaces it needs (with exposure and protection), the elements "
        "behind them and the data it uses.",
        graph,
        ("Use case", "Interfaces", "Data", "Controls"),
        tuple(rows),
        "No use cases are declared.",
    )


BUILDERS: dict[str, Callable[[Project], ArchitectureView]] = {
    "global": global_view,
    "multi-patient": multi_patient_view,
    "updatability": updatability_view,
    "use-cases": use_case_view,
}


def all_views(project: Project) -> tuple[ArchitectureView, ...]:
    """The four views in the order the report shows them."""
    return tuple(BUILDERS[name](project) for name in VIEW_NAMES)


def report_sections(view: ArchitectureView, draw: SvgDrawer) -> tuple[Section, ...]:
    """The view as report sections: its drawings and its table.

    A view drawn in more than ``MAX_BODY_FIGURES`` parts (one per use case, say) keeps its
    table in the body and moves the drawings to an appendix section of their own.
    """
    figures = graph_figures(view.graph, draw)
    body = Section(
        title=f"FDA view: {view.title}",
        intro=view.intro,
        columns=view.columns,
        rows=view.rows,
        empty=view.empty,
        anchor=f"view-{view.name}",
        figures=figures if len(figures) <= MAX_BODY_FIGURES else (),
    )
    if len(figures) <= MAX_BODY_FIGURES:
        return (body,)
    drawings = Section(
        title=f"FDA view drawings: {view.title}",
        intro=f"{view.intro} One drawing per part; the table is in the body of the report.",
        columns=(),
        rows=(),
        empty="",
        anchor=f"view-{view.name}-drawings",
        figures=figures,
        appendix=True,
    )
    body = replace(
        body,
        intro=f"{view.intro} The {counted(len(figures), 'drawing')} {are(len(figures))} in an "
        "appendix.",
    )
    return body, drawings
