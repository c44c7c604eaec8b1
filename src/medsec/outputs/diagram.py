"""The data-flow diagram of a project: Graphviz DOT (drawn to SVG by ``drawing/engine``), Mermaid.

Trust boundaries become nested clusters (subgraphs), elements are shaped by type, flows are
edges (weak or unknown protection drawn red and dashed) and interfaces are listed in their
element (a debug port left enabled in production is highlighted); DOT labels are short enough
to print at 8 pt, Mermaid's carry the protection too. A large model is drawn in parts: an
overview of the trust boundaries and each boundary with its neighbours (``around``). Everything is emitted in model order, so the same project
always gives the same text. All user text is quoted and escaped for the target language.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

from medsec.domain.model import Boundary, Element, Flow, Interface, Project
from medsec.domain.vocabulary import (
    Authentication,
    ElementType,
    Encryption,
)
from medsec.engines.judgements import is_debug_interface, switched_off, weakly_protected
from medsec.outputs.xmlchars import xml_text

WEAK_COLOUR = "#c62828"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_MERMAID_SHAPES = {
    ElementType.PROCESS: ("(", ")"),
    ElementType.DATA_STORE: ("[(", ")]"),
    ElementType.ACTOR: ("[", "]"),
}


# --- labels shared by every renderer (and the report's flow table) ---------------------------


def authentication_text(value: Authentication | None) -> str:
    """How a flow authenticates, worded for a label ("no auth", "auth ?" when unstated)."""
    if value is None:
        return "auth ?"
    return "no auth" if value is Authentication.NONE else value.value


def encryption_text(value: Encryption | None) -> str:
    """How a flow is encrypted, worded for a label ("cleartext", "encryption ?" when unstated)."""
    if value is None:
        return "encryption ?"
    return "cleartext" if value is Encryption.NONE else value.value


def protection(flow: Flow) -> str:
    """``ble-numeric-comparison / ble-lesc``, ``no auth / cleartext``, ``auth ? / tls1.3``."""
    return f"{authentication_text(flow.authentication)} / {encryption_text(flow.encryption)}"


def flow_label(flow: Flow) -> str:
    """A flow's edge label: protocol, then authentication and encryption."""
    protocol = flow.protocol.value if flow.protocol is not None else "protocol ?"
    return f"{protocol} · {protection(flow)}"


def is_weak(flow: Flow) -> bool:
    """Drawn dashed and red: the shared judgement of weak or unstated protection."""
    return weakly_protected(flow.authentication, flow.encryption)


def exposed_debug(interface: Interface) -> bool:
    """A debug port that is (or may be, production not stated) enabled in production."""
    return is_debug_interface(interface) and not switched_off(interface)


def interface_lines(interface: Interface) -> tuple[str, str]:
    """``("jtag", "debug · jtag · disabled")``."""
    parts = [interface.kind.value if interface.kind else "kind ?"]
    if interface.protocol is not None:
        port = f":{interface.port}" if interface.port is not None else ""
        parts.append(f"{interface.protocol.value}{port}")
    if interface.production is None:
        parts.append("production ?")
    elif exposed_debug(interface):
        parts.append("ENABLED in production")
    else:
        parts.append(interface.production.value)
    return interface.name or interface.id, " · ".join(parts)


def boundary_title(boundary: Boundary) -> str:
    """A trust boundary's cluster title: its name and kind."""
    return f"{boundary.name} · {boundary.kind.value}"


# --- boundary tree ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Open:
    """Walk event: a trust boundary's cluster starts."""

    boundary: Boundary


@dataclass(frozen=True)
class _Close:
    """Walk event: a trust boundary's cluster ends."""

    boundary: Boundary


@dataclass(frozen=True)
class _Node:
    """Walk event: an element inside the current cluster."""

    element: Element


@dataclass(frozen=True)
class _Port:
    """Walk event: an interface, attached to its element."""

    interface: Interface


_Event = _Open | _Close | _Node | _Port


def _walk(project: Project) -> Iterator[_Event]:
    """Boundaries nested via ``parent`` with their elements and interfaces, in model order.

    A parent that names no boundary (or a cycle) is treated as a root, so nothing is lost.
    """
    ids = {b.id for b in project.boundaries}
    element_ids = {e.id for e in project.elements}
    children: dict[str | None, list[Boundary]] = {}
    for b in project.boundaries:
        parent = b.parent if b.parent in ids and b.parent != b.id else None
        children.setdefault(parent, []).append(b)
    members: dict[str | None, list[Element]] = {}
    for e in project.elements:
        members.setdefault(e.boundary if e.boundary in ids else None, []).append(e)
    ports: dict[str, list[Interface]] = {}
    for i in project.interfaces:
        ports.setdefault(i.element, []).append(i)
    seen: set[str] = set()

    def inside(key: str | None) -> Iterator[_Event]:
        """The elements (with their ports) and child clusters of one boundary (None: the root)."""
        for e in members.get(key, ()):
            yield _Node(e)
            yield from (_Port(i) for i in ports.get(e.id, ()))
        for child in children.get(key, ()):
            yield from cluster(child)

    def cluster(b: Boundary) -> Iterator[_Event]:
        """One boundary as Open, content, Close; each boundary once, even in a cycle."""
        if b.id in seen:
            return
        seen.add(b.id)
        yield _Open(b)
        yield from inside(b.id)
        yield _Close(b)

    yield from inside(None)
    for b in project.boundaries:  # boundaries only reachable through a cycle
        yield from cluster(b)
    for i in project.interfaces:  # interfaces of an element the model does not have
        if i.element not in element_ids:
            yield _Port(i)


# --- Graphviz DOT ------------------------------------------------------------------------------
#
# Sized for print: every text is FONT_SIZE points in the drawing, names wrap short, edges carry
# only the flow id and protocol (the flow table beside the diagram gives the protection) and the
# interfaces are rows inside their element, so the example's diagram prints at >= 8 pt on an
# A4 landscape page (see outputs/report/figure.py, which checks it and splits larger models).

FONT_SIZE = 11
_GREY = "#9e9e9e"
_WRAP_NAME = 16
WRAP_CLUSTER = 24
GRAPH_STYLE = (
    'rankdir="LR", fontname="Arial", fontsize="11", nodesep="0.15", ranksep="0.25", '
    'newrank="true", pad="0.05"'
)
NODE_STYLE = '[fontname="Arial", fontsize="11", margin="0.06,0.03"]'
EDGE_STYLE = '[fontname="Arial", fontsize="11"]'
_DOT_SHAPES = {
    ElementType.PROCESS: ("box", "rounded"),
    ElementType.DATA_STORE: ("cylinder", "solid"),
    ElementType.ACTOR: ("box", "solid"),
}


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` characters (a longer word stays whole)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


def dot_quote(text: str) -> str:
    """A DOT double-quoted string; backslashes doubled so label escapes (``\\N``) stay literal;
    characters the SVG (XML) cannot carry shown as their escapes (``\\x07``)."""
    t = xml_text(text).replace("\\", "\\\\").replace('"', '\\"')
    t = t.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{t}"'


def html_text(text: str) -> str:
    """Text safe inside a Graphviz HTML-like label: markup characters as entities, control
    characters as spaces, the rest XML cannot carry as escapes."""
    escaped = xml_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _CONTROL.sub(" ", escaped.replace('"', "&quot;"))


def _attrs(**attrs: str) -> str:
    """A DOT attribute list with every value quoted."""
    return "[" + ", ".join(f"{k}={dot_quote(v)}" for k, v in attrs.items()) + "]"


def _dot_node(element_id: str) -> str:
    """The quoted DOT node id of an element."""
    return dot_quote(f"element:{element_id}")


def _interface_row(i: Interface) -> str:
    """One interface as a row of its element's label, by id; an exposed debug port in red."""
    name = html_text(i.id)
    if exposed_debug(i):
        return (
            '<tr><td align="left" bgcolor="#ffcdd2"><font color="#b71c1c"><b>'
            f"{name}: ENABLED<br/>in production</b></font></td></tr>"
        )
    if i.production is None:
        return f'<tr><td align="left"><font color="#455a64">{name} (production ?)</font></td></tr>'
    if switched_off(i):
        state = html_text(i.production.value)
        return f'<tr><td align="left"><font color="{_GREY}">{name} ({state})</font></td></tr>'
    return f'<tr><td align="left"><font color="#455a64">{name}</font></td></tr>'


def _element_label(e: Element, ports: list[Interface], muted: bool) -> str:
    """An HTML-like label: the wrapped name, then one row per interface (none when muted)."""
    name = "<br/>".join(html_text(line) for line in wrap(e.name, _WRAP_NAME))
    rows = [f"<tr><td>{name}</td></tr>"]
    if not muted:
        rows.extend(_interface_row(i) for i in ports)
    table = '<table border="0" cellborder="0" cellspacing="0" cellpadding="1">'
    return f"<{table}{''.join(rows)}</table>>"


def _dot_element(e: Element, ports: list[Interface], muted: bool) -> str:
    """One element as a DOT node; a muted one (outside the part drawn) in grey."""
    shape, style = _DOT_SHAPES[e.type]
    extra = f', color="{_GREY}", fontcolor="{_GREY}"' if muted else ""
    label = _element_label(e, ports, muted)
    return f'{_dot_node(e.id)} [shape="{shape}", style="{style}"{extra}, label={label}];'


def _dot_orphan(i: Interface) -> str:
    """An interface of an element the model does not have: a box of its own, so it shows."""
    title, detail = interface_lines(i)
    return (
        f"{dot_quote('interface:' + i.id)} {_attrs(label=title + chr(10) + detail, shape='box')};"
    )


def edge_label(f: Flow) -> str:
    """A flow's label in a drawing: its id and protocol, short enough to print at 8 pt."""
    protocol = f.protocol.value if f.protocol is not None else "protocol ?"
    return f"{f.id}\n{protocol}"


def _dot_flow(f: Flow) -> str:
    """A flow as an edge labelled with its id and protocol; weak protection red and dashed."""
    style = {"label": edge_label(f)}
    if is_weak(f):
        style |= {"color": WEAK_COLOUR, "fontcolor": WEAK_COLOUR, "style": "dashed"}
    return f"  {_dot_node(f.source)} -> {_dot_node(f.target)} {_attrs(**style)};"


def _cluster_open(b: Boundary, pad: str) -> list[str]:
    """The first lines of a trust boundary's cluster, its title wrapped."""
    title = "\n".join(wrap(boundary_title(b), WRAP_CLUSTER))
    frame = _attrs(label=title, style="rounded,dashed", color="#546e7a", labeljust="l")
    return [f"{pad}subgraph {dot_quote('cluster_' + b.id)} {{", f"{pad}  graph {frame};"]


def to_dot(project: Project, *, muted: frozenset[str] = frozenset(), titled: bool = True) -> str:
    """Graphviz DOT source of the project's data-flow diagram.

    Elements named in ``muted`` are drawn grey without their interfaces: the neighbours of
    the part of a larger model that one figure shows. ``titled=False`` leaves out the
    device name under the drawing (the report captions its figures itself).
    """
    ports: dict[str, list[Interface]] = {}
    for i in project.interfaces:
        ports.setdefault(i.element, []).append(i)
    title = f", label={dot_quote(f'{project.device.name} {project.device.version}')}"
    lines = [
        f"digraph {dot_quote(project.device.id)} {{",
        f"  graph [{GRAPH_STYLE}{title if titled else ''}];",
        f"  node {NODE_STYLE};",
        f"  edge {EDGE_STYLE};",
    ]
    elements = {e.id for e in project.elements}
    depth = 1
    for event in _walk(project):
        pad = "  " * depth
        if isinstance(event, _Open):
            lines.extend(_cluster_open(event.boundary, pad))
            depth += 1
        elif isinstance(event, _Close):
            depth -= 1
            lines.append("  " * depth + "}")
        elif isinstance(event, _Node):
            e = event.element
            lines.append(pad + _dot_element(e, ports.get(e.id, []), e.id in muted))
        elif event.interface.element not in elements:
            lines.append(pad + _dot_orphan(event.interface))
    lines.extend(_dot_flow(f) for f in project.flows)
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- Mermaid -----------------------------------------------------------------------------------

_MERMAID_ESCAPES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    "|": "#124;",
}


def mermaid_text(text: str) -> str:
    """Text safe inside a Mermaid ``"..."`` string: entity codes, no line breaks."""
    escaped = "".join(_MERMAID_ESCAPES.get(ch, ch) for ch in text)
    return _CONTROL.sub(" ", escaped)


def _mermaid_label(*lines: str) -> str:
    """Escaped lines joined into one quoted Mermaid label."""
    return '"' + "<br/>".join(mermaid_text(line) for line in lines) + '"'


class _MermaidIds:
    """Mermaid ids from model ids: prefixed, reduced to ``[A-Za-z0-9_]``, made unique."""

    def __init__(self) -> None:
        """Start with no id handed out."""
        self._ids: dict[tuple[str, str], str] = {}
        self._used: set[str] = set()

    def __call__(self, prefix: str, model_id: str) -> str:
        """The Mermaid id of ``model_id``: the same on every call, unlike any other handed out."""
        key = (prefix, model_id)
        if key not in self._ids:
            base = prefix + "_" + re.sub(r"[^A-Za-z0-9_]", "_", model_id)
            name, n = base, 1
            while name in self._used:
                n += 1
                name = f"{base}_{n}"
            self._used.add(name)
            self._ids[key] = name
        return self._ids[key]


def to_mermaid(project: Project) -> str:
    """Mermaid ``flowchart LR`` source of the project's data-flow diagram."""
    ids = _MermaidIds()
    lines = ["flowchart LR"]
    highlighted: list[str] = []
    links: list[str] = []  # one entry per link, in order: linkStyle addresses links by index
    depth = 1
    for event in _walk(project):
        pad = "  " * depth
        if isinstance(event, _Open):
            b = event.boundary
            lines.append(f"{pad}subgraph {ids('b', b.id)} [{_mermaid_label(boundary_title(b))}]")
            depth += 1
        elif isinstance(event, _Close):
            depth -= 1
            lines.append("  " * depth + "end")
        elif isinstance(event, _Node):
            e = event.element
            start, end = _MERMAID_SHAPES[e.type]
            lines.append(f"{pad}{ids('e', e.id)}{start}{_mermaid_label(e.name)}{end}")
        else:
            i = event.interface
            node = ids("i", i.id)
            lines.append(f"{pad}{node}[/{_mermaid_label(*interface_lines(i))}/]")
            links.append(f"  {node} --- {ids('e', i.element)}")
            if exposed_debug(i):
                highlighted.append(node)
    weak: list[int] = []
    for f in project.flows:
        arrow = "-.->" if is_weak(f) else "-->"
        label = _mermaid_label(f.name, flow_label(f)) if f.name else _mermaid_label(flow_label(f))
        if is_weak(f):
            weak.append(len(links))
        links.append(f"  {ids('e', f.source)} {arrow}|{label}| {ids('e', f.target)}")
    lines.extend(links)
    lines.append(f"  classDef exposed fill:#ffcdd2,stroke:{WEAK_COLOUR},stroke-width:2px")
    if highlighted:
        lines.append(f"  class {','.join(highlighted)} exposed")
    if weak:
        indices = ",".join(str(n) for n in weak)
        lines.append(f"  linkStyle {indices} stroke:{WEAK_COLOUR},stroke-dasharray:5 5")
    return "\n".join(lines) + "\n"
