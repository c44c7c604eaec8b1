"""Diagrams as SVG, drawn by Graphviz from the DOT source; without Graphviz, a usage error."""

from __future__ import annotations

from medsec.domain.errors import UsageError
from medsec.domain.model import Project
from medsec.outputs import diagram, view_graph
from medsec.outputs.renderer import Format
from medsec.outputs.view_graph import Graph

MEDIA_TYPE = "image/svg+xml"
HELP = "an image drawn by Graphviz (needs its dot program)"


def draw(dot: str) -> str:
    """The SVG Graphviz draws from ``dot``; a usage error naming the way out when it cannot."""
    svg = diagram.to_svg(dot)
    if svg is None:
        raise UsageError(
            "SVG needs Graphviz's 'dot' (apt-get install graphviz); use --format dot or mermaid"
        )
    return svg


def render_diagram(project: Project) -> str:
    """The data-flow diagram as SVG."""
    return draw(diagram.to_dot(project))


def render_view(graph: Graph) -> str:
    """One FDA architecture view as SVG."""
    return draw(view_graph.to_dot(graph))


DIAGRAM: Format[Project] = Format("svg", MEDIA_TYPE, ".svg", HELP, render_diagram)
VIEW: Format[Graph] = Format("svg", MEDIA_TYPE, ".svg", HELP, render_view)
