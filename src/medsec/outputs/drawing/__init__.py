"""Renderers of ``medsec diagram`` (the data-flow diagram) and ``medsec views`` (FDA views).

The report does not choose among these: it lays out the DOT source with ``engine.to_svg`` and
checks that the drawing prints legibly on A4 (``outputs/report/figure.py``).
"""

from __future__ import annotations

from medsec.domain.model import Project
from medsec.outputs.drawing import dot, mermaid, svg
from medsec.outputs.renderer import Registry
from medsec.outputs.view_graph import Graph

DIAGRAM_RENDERERS: Registry[Project] = Registry(
    "diagram", dot.DIAGRAM, mermaid.DIAGRAM, svg.DIAGRAM
)
VIEW_RENDERERS: Registry[Graph] = Registry("views", dot.VIEW, mermaid.VIEW, svg.VIEW)

__all__ = ["DIAGRAM_RENDERERS", "VIEW_RENDERERS"]
