"""Diagrams as Graphviz DOT source: the data-flow diagram and the FDA architecture views."""

from __future__ import annotations

from medsec.domain.model import Project
from medsec.outputs import diagram, view_graph
from medsec.outputs.renderer import Format
from medsec.outputs.view_graph import Graph

MEDIA_TYPE = "text/vnd.graphviz"
HELP = "Graphviz source (lay it out with graphviz-pure -Tsvg or dot -Tsvg)"

DIAGRAM: Format[Project] = Format("dot", MEDIA_TYPE, ".dot", HELP, diagram.to_dot)
VIEW: Format[Graph] = Format("dot", MEDIA_TYPE, ".dot", HELP, view_graph.to_dot)
