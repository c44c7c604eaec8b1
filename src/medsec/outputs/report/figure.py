"""How the report embeds diagrams: drawn, checked to print legibly on A4, split when too large.

The caller gives the drawer that turns DOT source into SVG (the CLI passes
``drawing.engine.to_svg``; tests that must not lay anything out pass :func:`no_svg`), so no
layer below the CLI runs a program. A drawing is kept whole when, scaled to the printable area
of an A4 landscape page, its smallest text still prints at ``MIN_PRINTED_PT``. Otherwise the
data-flow diagram becomes an overview of the trust boundaries plus one drawing per boundary
with its neighbours, and an FDA view one drawing per cluster; a part still too large is not
drawn but named with its size, and the tables beside the figure list everything in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from medsec.domain.model import Project
from medsec.outputs import diagram, diagram_parts, view_graph
from medsec.outputs.view_graph import Graph

SvgDrawer = Callable[[str], str | None]  # DOT source -> an <svg> element, or None

# A4 landscape with 12 mm side margins: the width a figure prints at, and the height left on a
# page under a section heading. A larger drawing is scaled down to fit both.
PRINT_WIDTH_PT = 773.0
PRINT_HEIGHT_PT = 450.0
MIN_PRINTED_PT = 8.0
# Past this many elements no layout prints legibly on one page: not even tried (a 1,000-element
# model would otherwise be laid out whole for nothing).
MAX_DRAWN_ELEMENTS = 40

NO_ENGINE = (
    "The diagram could not be drawn: no layout engine ran (graphviz-pure is installed with "
    "medsec; reinstall medsec, or install Graphviz). The table below describes it."
)

_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')
_FONT = re.compile(r'font-size="([\d.]+)"')
# tags and attributes Graphviz never writes; their presence means the SVG is not Graphviz's
_UNSAFE_SVG = re.compile(
    r"<\s*(script|foreignobject|iframe|object|embed)\b|<[^>]*\s(on\w+|(xlink:)?href)\s*=",
    re.IGNORECASE,
)


def no_svg(dot: str) -> None:
    """A drawer that draws nothing: the report says so and shows the tables."""
    del dot


@dataclass(frozen=True)
class Figure:
    """One drawing as the report embeds it, or the reason there is none."""

    title: str  # "" for a whole diagram; the part's name when split
    svg: str | None  # a checked, legible <svg>, or None
    note: str = ""  # why there is no drawing


def inline_svg(svg: str | None) -> str | None:
    """The SVG if it is a bare ``<svg>`` element without scripts or links, else None."""
    if svg is None:
        return None
    text = svg.strip()
    if not text.startswith("<svg") or _UNSAFE_SVG.search(text):
        return None
    return text


def printed_scale(svg: str) -> float:
    """How much the drawing shrinks to fit the printable area (1.0: printed at its own size)."""
    m = _SIZE.search(svg)
    if m is None:
        return 1.0
    width, height = float(m.group(1)), float(m.group(2))
    return min(1.0, PRINT_WIDTH_PT / max(width, 1.0), PRINT_HEIGHT_PT / max(height, 1.0))


def smallest_printed_font(svg: str) -> float:
    """The size in points of the drawing's smallest text once printed on A4."""
    sizes = [float(s) for s in _FONT.findall(svg)]
    return (min(sizes) if sizes else 0.0) * printed_scale(svg)


def legible(svg: str) -> bool:
    """Whether every text of the drawing prints at ``MIN_PRINTED_PT`` or larger."""
    return smallest_printed_font(svg) >= MIN_PRINTED_PT


def _prefixed(svg: str, prefix: str) -> str:
    """Element ids made unique in the page (several drawings are inlined in one report)."""
    return svg.replace(' id="', f' id="{prefix}-')


def _too_large(elements: int, flows: int) -> str:
    """The note of a part that cannot be drawn legibly."""
    return (
        f"{elements} elements and {flows} flows: too many to draw legibly on an A4 page; "
        "the table below lists every one."
    )


def _attempt(draw: SvgDrawer, dot: str, size: int, prefix: str) -> str | None:
    """The checked SVG of ``dot`` if it is small enough to try and prints legibly."""
    if size > MAX_DRAWN_ELEMENTS:
        return None
    svg = inline_svg(draw(dot))
    return _prefixed(svg, prefix) if svg is not None and legible(svg) else None


def dfd_figures(project: Project, draw: SvgDrawer) -> tuple[Figure, ...]:
    """The data-flow diagram whole, or an overview and one drawing per outermost boundary."""
    size = len(project.elements)
    whole = draw(diagram.to_dot(project, titled=False)) if size <= MAX_DRAWN_ELEMENTS else ""
    if whole is None:
        return (Figure("", None, NO_ENGINE),)
    checked = inline_svg(whole)
    if checked is not None and legible(checked):
        return (Figure("", _prefixed(checked, "dfd")),)
    figures = [Figure("Overview: trust boundaries and the flows between them", None)]
    overview = inline_svg(draw(diagram_parts.overview_dot(project)))
    if overview is not None:
        figures[0] = Figure(figures[0].title, _prefixed(overview, "dfd-overview"))
    names = {b.id: diagram.boundary_title(b) for b in project.boundaries}
    for n, group in enumerate(dict.fromkeys(diagram_parts.groups(project).values()), 1):
        part, muted = diagram_parts.around(project, group)
        inner = len(part.elements) - len(muted)
        dot = diagram.to_dot(part, muted=muted, titled=False)
        svg = _attempt(draw, dot, inner, f"dfd-{n}")
        title = names.get(group, "Outside any trust boundary")
        note = "" if svg else _too_large(inner, len(part.flows))
        figures.append(Figure(title, svg, note))
    return tuple(figures)


def graph_figures(graph: Graph, draw: SvgDrawer) -> tuple[Figure, ...]:
    """An FDA view whole, or one drawing per cluster (its neighbours grey) when too large."""
    whole = draw(view_graph.to_dot(graph)) if len(graph.nodes) <= MAX_DRAWN_ELEMENTS else ""
    if whole is None:
        return (Figure("", None, NO_ENGINE),)
    checked = inline_svg(whole)
    if checked is not None and legible(checked):
        return (Figure("", _prefixed(checked, graph.name)),)
    known = dict(graph.clusters)
    parts: list[tuple[str | None, str]] = list(graph.clusters)
    if any(x.cluster not in known for x in graph.nodes):
        parts.append((None, "Outside any cluster"))
    figures = []
    for n, (cluster, title) in enumerate(parts, 1):
        part = view_graph.part(graph, cluster)
        inner = sum(not x.muted for x in part.nodes)
        svg = _attempt(draw, view_graph.to_dot(part), inner, f"{graph.name}-{n}")
        figures.append(Figure(title, svg, "" if svg else _too_large(inner, len(part.edges))))
    return tuple(figures)
