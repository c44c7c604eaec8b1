"""Diagrams as Mermaid ``flowchart`` source, for Markdown viewers that draw Mermaid."""

from __future__ import annotations

from medsec.domain.model import Project
from medsec.outputs import diagram, view_graph
from medsec.outputs.renderer import Format
from medsec.outputs.view_graph import Graph

MEDIA_TYPE = "text/vnd.mermaid"

DIAGRAM: Format[Project] = Format(
    "mermaid", MEDIA_TYPE, ".mmd", "Mermaid source for Markdown viewers", diagram.to_mermaid
)
VIEW: Format[Graph] = Format(
    "mermaid", MEDIA_TYPE, ".mmd", "Mermaid source for Markdown viewers", view_graph.to_mermaid
)
