"""A small labelled graph (nodes in optional clusters, edges) and its DOT and Mermaid text.

The FDA security architecture views are drawn through this; user text is quoted and escaped
for each language with the DFD's own helpers, and output follows input order. DOT text is
sized like the DFD's (11 pt, short wrapped labels) so a view prints legibly on A4; a view too
large for one page is drawn one cluster at a time (``part``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from medsec.outputs.diagram import dot_quote, mermaid_text, wrap

WEAK = "#c62828"
GREY = "#9e9e9e"
_WRAP = 18
_GRAPH_STYLE = (
    'rankdir="LR", fontname="Arial", fontsize="11", nodesep="0.15", ranksep="0.25", '
    'newrank="true", pad="0.05"'
)
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
    muted: bool = False  # a neighbour outside the part drawn: grey


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


def _wrapped(text: str) -> str:
    """A label broken into short lines, each given line kept as a line."""
    return "\n".join(piece for line in text.split("\n") for piece in wrap(line, _WRAP))


def _dot_node(n: Node, pad: str) -> str:
    """One node as a DOT statement, styled by shape, highlight and muting."""
    style = {"label": _wrapped(n.label), "shape": _DOT_SHAPES.get(n.shape, "box")}
    if n.muted:
        style |= {"color": GREY, "fontcolor": GREY}
    elif n.highlight:
        style |= {"style": "filled", "fillcolor": "#ffcdd2", "color": WEAK, "penwidth": "2"}
    elif n.shape == "interface":
        style |= {"style": "rounded,filled", "fillcolor": "#eceff1"}
    return f"{pad}{dot_quote(n.id)} {_attrs(**style)};"


def to_dot(g: Graph) -> str:
    """Graphviz DOT source of the graph: clusters first, then loose nodes, then edges."""
    lines = [
        f"digraph {dot_quote(g.name)} {{",
        f"  graph [{_GRAPH_STYLE}{f', label={dot_quote(g.title)}' if g.title else ''}];",
        '  node [fontname="Arial", fontsize="11", margin="0.06,0.03"];',
        '  edge [fontname="Arial", fontsize="11"];',
    ]
    for cid, title in g.clusters:
        frame = _attrs(
            label="\n".join(wrap(title, 24)), style="rounded,dashed", color="#546e7a", labeljust="l"
        )
        lines.append(f"  subgraph {dot_quote('cluster_' + cid)} {{")
        lines.append(f"    graph {frame};")
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


def part(g: Graph, cluster: str | None) -> Graph:
    """The nodes of one cluster, the edges touching them and, muted, the nodes at their far end.

    The part is untitled: the report captions it with the cluster's title.

    ``None`` takes the nodes outside every cluster.
    """
    known = {cid for cid, _ in g.clusters}
    inner = {n.id for n in g.nodes if (n.cluster if n.cluster in known else None) == cluster}
    edges = tuple(e for e in g.edges if e.source in inner or e.target in inner)
    ends = {x for e in edges for x in (e.source, e.target)}
    nodes = tuple(
        n if n.id in inner else replace(n, muted=True, highlight=False)
        for n in g.nodes
        if n.id in inner | ends
    )
    used = {n.cluster for n in nodes}
    return Graph(
        f"{g.name}-{cluster or 'loose'}",
        "",  # untitled: the report captions each part
        nodes,
        edges,
        tuple(c for c in g.clusters if c[0] in used),
    )
