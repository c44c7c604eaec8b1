"""A small labelled graph (nodes in optional clusters, edges) and its DOT and Mermaid text.

The FDA security architecture views are drawn through this; user text is quoted and escaped
for each language with the DFD's own helpers, and output follows input order.
"""

from __future__ import annotations

from dataclasses import dataclass

from medsec.outputs.diagram import dot_quote, mermaid_text

WEAK = "#c62828"
_DOT_SHAPES = {
    "process": "ellipse",
    "data_store": "cylinder",
    "actor": "box",
    "interface": "box",
    "use-case": "hexagon",
    "data": "note",
}
_MERMAID_SHAPES = {
    "process": ("(", ")"),
    "data_store": ("[(", ")]"),
    "actor": ("[", "]"),
    "interface": ("[/", "/]"),
    "use-case": ("{{", "}}"),
    "data": (">", "]"),
}


@dataclass(frozen=True)
class Node:
    """A box in a view: ``shape`` picks the drawing, ``highlight`` marks a risk in red."""

    id: str
    label: str
    shape: str = "process"  # process | data_store | actor | interface | use-case | data
    cluster: str | None = None
    highlight: bool = False


@dataclass(frozen=True)
class Edge:
    """A link between two nodes; ``weak`` draws it dashed red (weak or unknown protection)."""

    source: str
    target: str
    label: str = ""
    weak: bool = False


@dataclass(frozen=True)
class Graph:
    """A whole view: titled nodes and edges, with the clusters they may sit in."""

    name: str
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    clusters: tuple[tuple[str, str], ...] = ()  # (id, title), in drawing order


def _attrs(**attrs: str) -> str:
    """A DOT attribute list with every value quoted."""
    return "[" + ", ".join(f"{k}={dot_quote(v)}" for k, v in attrs.items()) + "]"


def _dot_node(n: Node, pad: str) -> str:
    """One node as a DOT statement, styled by shape and highlight."""
    style = {"label": n.label, "shape": _DOT_SHAPES.get(n.shape, "box")}
    if n.highlight:
        style |= {"style": "filled", "fillcolor": "#ffcdd2", "color": WEAK, "penwidth": "2"}
    elif n.shape == "interface":
        style |= {"style": "rounded,filled", "fillcolor": "#eceff1", "fontsize": "9"}
    return f"{pad}{dot_quote(n.id)} {_attrs(**style)};"


def to_dot(g: Graph) -> str:
    """Graphviz DOT source of the graph: clusters first, then loose nodes, then edges."""
    lines = [
        f"digraph {dot_quote(g.name)} {{",
        f'  graph [rankdir="LR", fontname="Helvetica", fontsize="11", label={dot_quote(g.title)}];',
        '  node [fontname="Helvetica", fontsize="10"];',
        '  edge [fontname="Helvetica", fontsize="9"];',
    ]
    for cid, title in g.clusters:
        lines.append(f"  subgraph {dot_quote('cluster_' + cid)} {{")
        lines.append(f"    graph {_attrs(label=title, style='rounded,dashed', color='#546e7a')};")
        lines.extend(_dot_node(n, "    ") for n in g.nodes if n.cluster == cid)
        lines.append("  }")
    known = {cid for cid, _ in g.clusters}
    lines.extend(_dot_node(n, "  ") for n in g.nodes if n.cluster not in known)
    for e in g.edges:
        style = {"label": e.label} if e.label else {}
        if e.weak:
            style |= {"color": WEAK, "fontcolor": WEAK, "style": "dashed"}
        lines.append(f"  {dot_quote(e.source)} -> {dot_quote(e.target)} {_attrs(**style)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(g: Graph) -> str:
    """Mermaid ``flowchart LR`` source of the graph, weak links and highlights styled."""
    ids: dict[str, str] = {}

    def mid(raw: str) -> str:
        """A short Mermaid-safe id (``n0``, ``n1``, ...) for a node or cluster id."""
        if raw not in ids:
            ids[raw] = f"n{len(ids)}"
        return ids[raw]

    def node(n: Node, pad: str) -> str:
        """One node as a Mermaid statement in its shape, label escaped."""
        start, end = _MERMAID_SHAPES.get(n.shape, ("[", "]"))
        return f'{pad}{mid(n.id)}{start}"{mermaid_text(n.label)}"{end}'

    lines = ["flowchart LR"]
    for cid, title in g.clusters:
        lines.append(f'  subgraph {mid("cluster:" + cid)} ["{mermaid_text(title)}"]')
        lines.extend(node(n, "    ") for n in g.nodes if n.cluster == cid)
        lines.append("  end")
    known = {cid for cid, _ in g.clusters}
    lines.extend(node(n, "  ") for n in g.nodes if n.cluster not in known)
    weak = []
    for i, e in enumerate(g.edges):
        arrow = "-.->" if e.weak else "-->"
        label = f'|"{mermaid_text(e.label)}"|' if e.label else ""
        lines.append(f"  {mid(e.source)} {arrow}{label} {mid(e.target)}")
        if e.weak:
            weak.append(str(i))
    highlighted = [mid(n.id) for n in g.nodes if n.highlight]
    if highlighted:
        lines.append(f"  classDef risk fill:#ffcdd2,stroke:{WEAK},stroke-width:2px")
        lines.append(f"  class {','.join(highlighted)} risk")
    if weak:
        lines.append(f"  linkStyle {','.join(weak)} stroke:{WEAK},stroke-dasharray:5 5")
    return "\n".join(lines) + "\n"
