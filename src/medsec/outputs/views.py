"""The FDA security architecture views (premarket guidance V.B.2) as graphs and tables.

* global system: every element in its trust boundary and who talks to whom;
* multi-patient harm: what serves more than one patient and every link into or out of it;
* updatability and patchability: how each piece of software is updated and by whom;
* security use cases: per use case the interfaces, elements and data it needs.

Each view is a :class:`~medsec.outputs.view_graph.Graph` (DOT/Mermaid/SVG) and a table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from medsec.domain.model import Element, Flow, Project
from medsec.domain.vocabulary import Carries, ElementType
from medsec.engines.judgements import switched_off
from medsec.outputs.diagram import flow_label, is_weak, protection
from medsec.outputs.report.figure import SvgDrawer, graph_figure
from medsec.outputs.report.view import Section
from medsec.outputs.view_graph import Edge, Graph, Node

NOT_STATED = "not stated"
VIEW_NAMES = ("global", "multi-patient", "updatability", "use-cases")


@dataclass(frozen=True)
class ArchitectureView:
    name: str
    title: str
    intro: str
    graph: Graph
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = "Nothing to show."


def _yes(value: bool | None) -> str:
    return NOT_STATED if value is None else ("yes" if value else "no")


def _node(e: Element, cluster: str | None = None, highlight: bool = False) -> Node:
    return Node(f"element:{e.id}", e.name, e.type.value, cluster, highlight)


def _controls(project: Project, *targets: str) -> str:
    ids = [c.id for c in project.controls if set(c.applies_to) & set(targets)]
    return ", ".join(ids) or "none"


def _clusters(project: Project, elements: list[Element]) -> tuple[tuple[str, str], ...]:
    used = {e.boundary for e in elements if e.boundary}
    return tuple((b.id, f"{b.name} · {b.kind.value}") for b in project.boundaries if b.id in used)


def global_view(project: Project) -> ArchitectureView:
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
    rows = []
    for e in elements:
        ifaces = ", ".join(
            f"{i.id} ({i.exposure.value if i.exposure else '?'}"
            f"{', off' if switched_off(i) else ''})"
            for i in project.interfaces_of(e.id)
        )
        peers = sorted(
            {f.target for f in project.flows if f.source == e.id}
            | {f.source for f in project.flows if f.target == e.id}
        )
        rows.append(
            (
                e.boundary or "none",
                f"{e.name} ({e.id})",
                e.type.value,
                e.function.value if e.function else NOT_STATED,
                str(e.patients) if e.patients is not None else NOT_STATED,
                ifaces or "none",
                ", ".join(peers) or "none",
            )
        )
    return ArchitectureView(
        "global",
        "Global system view",
        "Every element in its trust boundary, its interfaces and the elements it exchanges data "
        "with (dashed red: a link with weak or unknown protection).",
        graph,
        ("Boundary", "Element", "Type", "Function", "Patients", "Interfaces", "Connected to"),
        tuple(rows),
    )


def multi_patient_view(project: Project) -> ArchitectureView:
    many = [e for e in project.elements if (e.patients or 0) > 1]
    ids = {e.id for e in many}
    links = [f for f in project.flows if f.source in ids or f.target in ids]
    shown = ids | {f.source for f in links} | {f.target for f in links}
    elements = [e for e in project.elements if e.id in shown]
    graph = Graph(
        "multi-patient-harm",
        f"{project.device.name}: multi-patient harm view",
        tuple(_node(e, e.boundary, e.id in ids) for e in elements),
        tuple(
            Edge(f"element:{f.source}", f"element:{f.target}", flow_label(f), is_weak(f))
            for f in links
        ),
        _clusters(project, elements),
    )
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
    return ArchitectureView(
        "multi-patient",
        "Multi-patient harm view",
        "Elements that serve more than one patient (highlighted) and every link into or out of "
        "them: one compromise here can harm many patients at once.",
        graph,
        ("Element", "Patients", "Safety-critical", "Link", "Carries", "Protection", "Controls"),
        tuple(rows),
        "No element serves more than one patient (elements[].patients).",
    )


def updatability_view(project: Project) -> ArchitectureView:
    software = [e for e in project.elements if e.is_software and e.type is not ElementType.ACTOR]
    code = [f for f in project.flows if f.carries is Carries.CODE]
    ids = {e.id for e in software} | {f.source for f in code}
    elements = [e for e in project.elements if e.id in ids]
    graph = Graph(
        "updatability",
        f"{project.device.name}: updatability and patchability view",
        tuple(
            _node(
                e, e.boundary, e.is_software and (e.update is None or e.update.signed is not True)
            )
            for e in elements
        ),
        tuple(
            Edge(f"element:{f.source}", f"element:{f.target}", flow_label(f), is_weak(f))
            for f in code
        ),
        _clusters(project, elements),
    )
    rows = []
    for e in software:
        u = e.update
        channel = (
            "none (not updatable)"
            if e.updatable is False
            else (u.channel.value if u and u.channel else NOT_STATED)
        )
        delivered = ", ".join(f"{f.source} ({flow_label(f)})" for f in code if f.target == e.id)
        rows.append(
            (
                f"{e.name} ({e.id})",
                channel,
                _yes(u.signed if u else None),
                _yes(u.rollback_protection if u else None),
                _yes(e.secure_boot),
                delivered or "no code flow modelled",
                ", ".join(e.sbom) or "none",
            )
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
        tuple(rows),
        "No software elements are declared.",
    )


def use_case_view(project: Project) -> ArchitectureView:
    nodes: list[Node] = []
    edges: list[Edge] = []
    clusters = []
    rows = []
    for u in project.use_cases:
        clusters.append((f"uc-{u.id}", f"use case: {u.name}"))
        uc = f"use-case:{u.id}"
        nodes.append(Node(uc, u.name, "use-case", f"uc-{u.id}"))
        itfs = [i for i in project.interfaces if i.id in u.needs_interfaces or u.id in i.needed_for]
        for i in itfs:
            node = f"{uc}/interface:{i.id}"
            off = switched_off(i)
            nodes.append(
                Node(
                    node,
                    f"{i.name or i.id}\n{i.exposure.value if i.exposure else '?'}",
                    "interface",
                    f"uc-{u.id}",
                    off,
                )
            )
            edges.append(Edge(uc, node, "needs"))
            element = project.find_element(i.element)
            target = f"{uc}/element:{i.element}"
            if not any(n.id == target for n in nodes):
                nodes.append(
                    Node(
                        target,
                        element.name if element else i.element,
                        element.type.value if element else "process",
                        f"uc-{u.id}",
                    )
                )
            edges.append(Edge(node, target))
        for d in u.needs_data:
            nodes.append(Node(f"{uc}/data:{d}", d, "data", f"uc-{u.id}"))
            edges.append(Edge(uc, f"{uc}/data:{d}", "uses"))
        rows.append(
            (
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
        )
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
    return tuple(BUILDERS[name](project) for name in VIEW_NAMES)


def report_section(view: ArchitectureView, draw: SvgDrawer) -> Section:
    """The view as a report section: its diagram (SVG, or Mermaid source) and its table."""
    figure = graph_figure(view.graph, draw)
    return Section(
        title=f"FDA view: {view.title}",
        intro=view.intro,
        columns=view.columns,
        rows=view.rows,
        empty=view.empty,
        anchor=f"view-{view.name}",
        diagram_svg=figure.svg,
        diagram_mermaid=figure.mermaid,
    )
