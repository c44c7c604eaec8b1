"""Diagrams as SVG, laid out by the engine installed with medsec (``drawing/engine.py``)."""

from __future__ import annotations

from medsec.domain.errors import UsageError
from medsec.domain.model import Project
from medsec.outputs import diagram, view_graph
from medsec.outputs.drawing import engine
from medsec.outputs.renderer import Format
from medsec.outputs.view_graph import Graph

MEDIA_TYPE = "image/svg+xml"
HELP = "an image, laid out by graphviz-pure (installed with medsec) or Graphviz"


def draw(dot: str) -> str:
    """The SVG drawn from ``dot``; a usage error naming the way out when no engine runs."""
    svg = engine.to_svg(dot)
    if svg is None:
        raise UsageError(
            "SVG needs a layout engine: 'pip install graphviz-pure' (a dependency of medsec) "
            "or Graphviz's 'dot'; use --format dot or mermaid meanwhile"
        )
    return svg


def render_diagram(project: Project) -> str:
    """The data-flow diagram as SVG (the whole model in one drawing, however large)."""
    return draw(diagram.to_dot(project))


def render_view(graph: Graph) -> str:
    """One FDA architecture view as SVG."""
    return draw(view_graph.to_dot(graph))


DIAGRAM: Format[Project] = Format("svg", MEDIA_TYPE, ".svg", HELP, render_diagram)
VIEW: Format[Graph] = Format("svg", MEDIA_TYPE, ".svg", HELP, render_view)
