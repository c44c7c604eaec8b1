"""A data-flow diagram too large for one A4 page, in parts: an overview and one part per boundary.

The overview collapses each outermost trust boundary into one node and counts the flows
between them; ``around`` cuts out one boundary with the elements it talks to, which
``diagram.to_dot(..., muted=...)`` draws grey. ``outputs/report/figure.py`` decides when a
model needs this (when its whole drawing would print below 8 pt).
"""

from __future__ import annotations

from dataclasses import replace

from medsec.domain.model import Flow, Project
from medsec.domain.wording import counted
from medsec.outputs.diagram import (
    EDGE_STYLE,
    GRAPH_STYLE,
    NODE_STYLE,
    WEAK_COLOUR,
    WRAP_CLUSTER,
    boundary_title,
    dot_quote,
    is_weak,
    wrap,
)


def _attrs(**attrs: str) -> str:
    """A DOT attribute list with every value quoted."""
    return "[" + ", ".join(f"{k}={dot_quote(v)}" for k, v in attrs.items()) + "]"


def _top_boundary(project: Project) -> dict[str, str]:
    """Boundary id -> the id of the outermost boundary holding it (a cycle stops the walk)."""
    parents = {b.id: b.parent for b in project.boundaries}
    top: dict[str, str] = {}
    for b in project.boundaries:
        current, seen = b.id, {b.id}
        while (up := parents.get(current)) in parents and up not in seen:
            assert up is not None
            seen.add(up)
            current = up
        top[b.id] = current
    return top


def groups(project: Project) -> dict[str, str]:
    """Element id -> the outermost trust boundary it sits in ("" for none): the overview's nodes."""
    top = _top_boundary(project)
    return {e.id: top.get(e.boundary or "", "") for e in project.elements}


def _with_ancestors(project: Project, boundaries: set[str]) -> set[str]:
    """``boundaries`` and every boundary enclosing one of them (a cycle stops the walk)."""
    parents = {b.id: b.parent for b in project.boundaries}
    wanted = set(boundaries)
    for b in boundaries:
        up = parents.get(b)
        while up and up not in wanted:
            wanted.add(up)
            up = parents.get(up)
    return wanted


def around(project: Project, boundary: str) -> tuple[Project, frozenset[str]]:
    """The part of the model inside outermost ``boundary`` ("" for no boundary) and its neighbours.

    Returns the smaller project (its elements, the flows touching them, the elements at the
    other end and the boundaries holding any of them) and the ids of those neighbours, which
    ``to_dot(..., muted=...)`` draws grey.
    """
    group = groups(project)
    inner = {e for e, g in group.items() if g == boundary}
    flows = tuple(f for f in project.flows if f.source in inner or f.target in inner)
    outer = {x for f in flows for x in (f.source, f.target) if x not in inner and x in group}
    kept = [e for e in project.elements if e.id in inner | outer]
    wanted = _with_ancestors(project, {e.boundary for e in kept if e.boundary})
    part = replace(
        project,
        elements=tuple(kept),
        flows=flows,
        interfaces=tuple(i for i in project.interfaces if i.element in inner),
        boundaries=tuple(b for b in project.boundaries if b.id in wanted),
    )
    return part, frozenset(outer)


def _overview_edges(project: Project, group: dict[str, str]) -> list[str]:
    """One edge per ordered pair of groups that exchange flows: how many, which protocols."""
    pairs: dict[tuple[str, str], list[Flow]] = {}
    for f in project.flows:
        ends = (group.get(f.source), group.get(f.target))
        if ends[0] is not None and ends[1] is not None and ends[0] != ends[1]:
            pairs.setdefault((ends[0], ends[1]), []).append(f)
    lines = []
    for (a, b), flows in pairs.items():
        protocols = sorted({f.protocol.value if f.protocol else "?" for f in flows})
        shown = ", ".join(protocols[:3]) + (", …" if len(protocols) > 3 else "")
        weak = sum(is_weak(f) for f in flows)
        label = f"{len(flows)} flow{'s' if len(flows) != 1 else ''}\n{shown}"
        style = {"label": label + (f"\n{weak} weak" if weak else "")}
        if weak:
            style |= {"color": WEAK_COLOUR, "fontcolor": WEAK_COLOUR, "style": "dashed"}
        lines.append(f"  {dot_quote('group:' + a)} -> {dot_quote('group:' + b)} {_attrs(**style)};")
    return lines


def overview_dot(project: Project) -> str:
    """The diagram with each outermost trust boundary collapsed into one node, flows counted."""
    group = groups(project)
    names = {b.id: boundary_title(b) for b in project.boundaries}
    lines = [
        f"digraph {dot_quote(project.device.id + '-overview')} {{",
        f"  graph [{GRAPH_STYLE}];",
        f"  node {NODE_STYLE};",
        f"  edge {EDGE_STYLE};",
    ]
    for g in dict.fromkeys(group.values()):
        members = [e for e, x in group.items() if x == g]
        inside = sum(1 for f in project.flows if group.get(f.source) == g == group.get(f.target))
        name = "\n".join(wrap(names.get(g, "outside any trust boundary"), WRAP_CLUSTER))
        label = f"{name}\n{counted(len(members), 'element')}, {inside} flows inside"
        style = "rounded,dashed" if g else "dashed"
        lines.append(
            f"  {dot_quote('group:' + g)} {_attrs(label=label, shape='box', style=style)};"
        )
    lines.extend(_overview_edges(project, group))
    lines.append("}")
    return "\n".join(lines) + "\n"
