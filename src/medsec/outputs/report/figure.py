"""How the HTML report embeds a diagram: Graphviz's SVG when one was drawn, Mermaid source always.

The caller gives the drawer that turns DOT source into SVG (the CLI passes Graphviz's
``diagram.to_svg``; tests and builds that must not depend on Graphviz pass :func:`no_svg`), so
no layer below the CLI decides whether Graphviz runs. Without an SVG the report shows the
Mermaid source and the tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from medsec.domain.model import Project
from medsec.outputs import diagram, view_graph
from medsec.outputs.view_graph import Graph

SvgDrawer = Callable[[str], str | None]  # DOT source -> an <svg> element, or None


def no_svg(dot: str) -> None:
    """A drawer that draws nothing: the report shows Mermaid source (deterministic everywhere)."""
    del dot


@dataclass(frozen=True)
class Figure:
    """One diagram as the report embeds it."""

    svg: str | None  # checked again by ``inline_svg`` before it is embedded
    mermaid: str


def dfd_figure(project: Project, draw: SvgDrawer) -> Figure:
    """The data-flow diagram of ``project``."""
    return Figure(draw(diagram.to_dot(project)), diagram.to_mermaid(project))


def graph_figure(graph: Graph, draw: SvgDrawer) -> Figure:
    """One FDA architecture view's graph."""
    return Figure(draw(view_graph.to_dot(graph)), view_graph.to_mermaid(graph))
