"""``--format svg`` of ``medsec diagram`` and ``medsec views``: Graphviz's drawing, or a usage error."""

from __future__ import annotations

import shutil

import pytest

from medsec.domain.errors import UsageError
from medsec.domain.model import Project
from medsec.outputs import diagram
from medsec.outputs.drawing import DIAGRAM_RENDERERS, VIEW_RENDERERS, svg
from medsec.outputs.views import global_view

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' not installed")


def test_without_graphviz_svg_is_a_usage_error_naming_the_other_formats(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diagram.shutil, "which", lambda name: None)
    with pytest.raises(UsageError, match="use --format dot or mermaid"):
        DIAGRAM_RENDERERS["svg"].render(project)
    with pytest.raises(UsageError, match="apt-get install graphviz"):
        VIEW_RENDERERS["svg"].render(global_view(project).graph)


@needs_dot
def test_svg_is_graphviz_drawing_of_the_dot_source(project: Project) -> None:
    drawn = DIAGRAM_RENDERERS["svg"].render(project)
    assert drawn == diagram.to_svg(DIAGRAM_RENDERERS["dot"].render(project))  # type: ignore[arg-type]
    assert isinstance(drawn, str) and drawn.startswith("<svg")
    assert svg.render_view(global_view(project).graph).startswith("<svg")
