"""``--format svg`` of ``medsec diagram`` and ``medsec views``: the engine's drawing, or a usage error."""

from __future__ import annotations

import pytest

from medsec.domain.errors import UsageError
from medsec.domain.model import Project
from medsec.outputs.drawing import DIAGRAM_RENDERERS, VIEW_RENDERERS, engine, svg
from medsec.outputs.views import global_view

needs_engine = pytest.mark.skipif(
    engine.find() is None,
    reason="no layout engine (graphviz-pure is a dependency of medsec; or Graphviz's dot)",
)


def test_without_an_engine_svg_is_a_usage_error_naming_the_way_out(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "find", lambda: None)
    with pytest.raises(UsageError, match="use --format dot or mermaid"):
        DIAGRAM_RENDERERS["svg"].render(project)
    with pytest.raises(UsageError, match="pip install graphviz-pure"):
        VIEW_RENDERERS["svg"].render(global_view(project).graph)


@needs_engine
def test_svg_is_the_engine_drawing_of_the_dot_source(project: Project) -> None:
    drawn = DIAGRAM_RENDERERS["svg"].render(project)
    assert drawn == engine.to_svg(DIAGRAM_RENDERERS["dot"].render(project))  # type: ignore[arg-type]
    assert isinstance(drawn, str) and drawn.startswith("<svg")
    assert svg.render_view(global_view(project).graph).startswith("<svg")
