"""The data-flow diagram of a project: Graphviz DOT, Mermaid, and SVG through Graphviz.

Trust boundaries become nested clusters (subgraphs), elements are shaped by type, flows are
edges labelled with protocol and protection (weak or unknown protection drawn red and
dashed) and interfaces are small nodes attached to their element (a debug port left enabled
in production is highlighted). Everything is emitted in model order, so the same project
always gives the same text. All user text is quoted and escaped for the target language.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

from medsec.domain.model import Boundary, Element, Flow, Interface, Project
from medsec.domain.vocabulary import (
    Authentication,
    ElementType,
    Encryption,
    Production,
)
from medsec.engines.judgements import is_debug_interface, switched_off, weakly_protected

DOT_TIMEOUT_SECONDS = 30.0

_WEAK_COLOUR = "#c62828"
_DOT_SHAPES = {
    ElementType.PROCESS: "ellipse",
    ElementType.DATA_STORE: "cylinder",
    ElementType.ACTOR: "box",
}
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
    parts = [interface.kind.value]
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


def dot_quote(text: str) -> str:
    """A DOT double-quoted string; backslashes doubled so label escapes (``\\N``) stay literal."""
    t = text.replace("\\", "\\\\").replace('"', '\\"')
    t = t.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{t}"'


def _attrs(**attrs: str) -> str:
    """A DOT attribute list with every value quoted."""
    return "[" + ", ".join(f"{k}={dot_quote(v)}" for k, v in attrs.items()) + "]"


def _dot_node(element_id: str) -> str:
    """The quoted DOT node id of an element."""
    return dot_quote(f"element:{element_id}")


def _dot_port(interface_id: str) -> str:
    """The quoted DOT node id of an interface."""
    return dot_quote(f"interface:{interface_id}")


def _dot_interface(i: Interface, pad: str) -> list[str]:
    """An interface's DOT node, styled by its production state, and its link to the element."""
    title, detail = interface_lines(i)
    style = {"shape": "box", "style": "rounded,filled", "fontsize": "9", "height": "0.2"}
    if exposed_debug(i):
        style |= {"fillcolor": "#ffcdd2", "color": _WEAK_COLOUR, "penwidth": "2"}
    elif i.production is Production.REMOVED:
        style |= {"fillcolor": "#ffffff", "style": "rounded,dotted", "fontcolor": "#757575"}
    else:
        style |= {"fillcolor": "#eceff1", "color": "#78909c"}
    edge = {"arrowhead": "none", "style": "dotted", "color": "#78909c"}
    label = f"{title}\n{detail}"
    return [
        f"{pad}{_dot_port(i.id)} {_attrs(label=label, **style)};",
        f"{pad}{_dot_port(i.id)} -> {_dot_node(i.element)} {_attrs(**edge)};",
    ]


def to_dot(project: Project) -> str:
    """Graphviz DOT source of the project's data-flow diagram."""
    lines = [
        f"digraph {dot_quote(project.device.id)} {{",
        '  graph [rankdir="LR", fontname="Helvetica", fontsize="11", '
        "label=" + dot_quote(f"{project.device.name} {project.device.version}") + "];",
        '  node [fontname="Helvetica", fontsize="10"];',
        '  edge [fontname="Helvetica", fontsize="9"];',
    ]
    depth = 1
    for event in _walk(project):
        pad = "  " * depth
        if isinstance(event, _Open):
            b = event.boundary
            lines.append(f"{pad}subgraph {dot_quote('cluster_' + b.id)} {{")
            frame = _attrs(label=boundary_title(b), style="rounded,dashed", color="#546e7a")
            lines.append(f"{pad}  graph {frame};")
            depth += 1
        elif isinstance(event, _Close):
            depth -= 1
            lines.append("  " * depth + "}")
        elif isinstance(event, _Node):
            e = event.element
            lines.append(
                f"{pad}{_dot_node(e.id)} {_attrs(label=e.name, shape=_DOT_SHAPES[e.type])};"
            )
        else:
            lines.extend(_dot_interface(event.interface, pad))
    for f in project.flows:
        label = f"{f.name}\n{flow_label(f)}" if f.name else flow_label(f)
        style = {"label": label}
        if is_weak(f):
            style |= {"color": _WEAK_COLOUR, "fontcolor": _WEAK_COLOUR, "style": "dashed"}
        lines.append(f"  {_dot_node(f.source)} -> {_dot_node(f.target)} {_attrs(**style)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_svg(dot: str, *, timeout: float = DOT_TIMEOUT_SECONDS) -> str | None:
    """Render DOT with Graphviz (``dot -Tsvg``) to an ``<svg>`` element ready to inline.

    None when Graphviz is not installed, fails or times out: callers then show the Mermaid
    source and the flow table instead. The XML prolog and DOCTYPE are stripped.
    """
    exe = shutil.which("dot")
    if exe is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - fixed argv, no shell; DOT text goes to stdin
            [exe, "-Tsvg"],
            input=dot.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    text = done.stdout.decode("utf-8", errors="replace")
    start = text.find("<svg")
    return text[start:].strip() + "\n" if start >= 0 else None


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
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


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
    lines.append(f"  classDef exposed fill:#ffcdd2,stroke:{_WEAK_COLOUR},stroke-width:2px")
    if highlighted:
        lines.append(f"  class {','.join(highlighted)} exposed")
    if weak:
        indices = ",".join(str(n) for n in weak)
        lines.append(f"  linkStyle {indices} stroke:{_WEAK_COLOUR},stroke-dasharray:5 5")
    return "\n".join(lines) + "\n"
