"""How the report embeds diagrams: whatever SVG the given drawer makes, and the Mermaid source."""

from __future__ import annotations

from medsec.domain.model import Project
from medsec.outputs.diagram import to_dot, to_mermaid
from medsec.outputs.report.figure import dfd_figure, graph_figure, no_svg
from medsec.outputs.view_graph import to_dot as graph_dot
from medsec.outputs.views import global_view


def test_without_a_drawing_the_figure_is_mermaid_only(project: Project) -> None:
    figure = dfd_figure(project, no_svg)
    assert figure.svg is None and figure.mermaid == to_mermaid(project)


def test_the_drawer_receives_the_dot_source(project: Project) -> None:
    seen: list[str] = []

    def draw(dot: str) -> str:
        seen.append(dot)
        return "<svg/>"

    assert dfd_figure(project, draw).svg == "<svg/>"
    graph = global_view(project).graph
    assert graph_figure(graph, draw).svg == "<svg/>"
    assert seen == [to_dot(project), graph_dot(graph)]
