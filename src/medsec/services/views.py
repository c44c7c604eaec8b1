"""Use case: the FDA security architecture views, as diagrams and as report sections."""

from __future__ import annotations

from pathlib import Path

from medsec.domain.errors import UsageError
from medsec.domain.model import Project
from medsec.outputs import diagram, view_graph
from medsec.outputs.report.view import Section
from medsec.outputs.views import BUILDERS, VIEW_NAMES, all_views
from medsec.project.loader import load_project

VIEW_FORMATS = ("dot", "mermaid", "svg")
__all__ = ["VIEW_FORMATS", "VIEW_NAMES", "render_view", "view_sections"]


def render_view(root: Path, name: str, fmt: str) -> str:
    view = BUILDERS[name](load_project(root))
    if fmt == "mermaid":
        return view_graph.to_mermaid(view.graph)
    dot = view_graph.to_dot(view.graph)
    if fmt == "dot":
        return dot
    svg = diagram.to_svg(dot)
    if svg is None:
        raise UsageError(
            "SVG needs Graphviz's 'dot' (apt-get install graphviz); use --format dot or mermaid"
        )
    return svg


def view_sections(project: Project) -> tuple[Section, ...]:
    """One report section per view: the diagram (SVG, or Mermaid source) and its table."""
    out = []
    for v in all_views(project):
        out.append(
            Section(
                title=f"FDA view: {v.title}",
                intro=v.intro,
                columns=v.columns,
                rows=v.rows,
                empty=v.empty,
                anchor=f"view-{v.name}",
                diagram_svg=diagram.to_svg(view_graph.to_dot(v.graph)),
                diagram_mermaid=view_graph.to_mermaid(v.graph),
            )
        )
    return tuple(out)
