"""``--format dot`` and ``mermaid``: the DFD and view sources (their content: test_diagram.py)."""

from __future__ import annotations

from medsec.domain.model import Project
from medsec.outputs.drawing import DIAGRAM_RENDERERS, VIEW_RENDERERS
from medsec.outputs.views import all_views


def test_dfd_sources(project: Project) -> None:
    dot = DIAGRAM_RENDERERS["dot"].render(project)
    mermaid = DIAGRAM_RENDERERS["mermaid"].render(project)
    assert isinstance(dot, str) and dot.startswith(f'digraph "{project.device.id}" {{')
    assert isinstance(mermaid, str) and mermaid.startswith("flowchart LR\n")
    assert DIAGRAM_RENDERERS.default == "dot"


def test_view_sources(project: Project) -> None:
    for view in all_views(project):
        dot = VIEW_RENDERERS["dot"].render(view.graph)
        assert isinstance(dot, str) and dot.startswith(f'digraph "{view.graph.name}" {{')
        assert str(VIEW_RENDERERS["mermaid"].render(view.graph)).startswith("flowchart LR\n")
