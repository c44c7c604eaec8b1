"""FDA security architecture views: graphs, tables, DOT/Mermaid text and report sections."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

import pytest

from medsec.domain.model import Element, Project
from medsec.domain.vocabulary import ElementType
from medsec.outputs import view_graph
from medsec.outputs.drawing import engine
from medsec.outputs.drawing.engine import to_svg
from medsec.outputs.report.figure import NO_ENGINE, Figure, no_svg
from medsec.outputs.report.html import render_html
from medsec.outputs.report.view import Section, build_view
from medsec.outputs.views import (
    MAX_BODY_FIGURES,
    VIEW_NAMES,
    all_views,
    multi_patient_view,
    report_sections,
    updatability_view,
    use_case_view,
)
from medsec.services.views import view_sections

needs_engine = pytest.mark.skipif(
    engine.find() is None,
    reason="no layout engine (graphviz-pure is a dependency of medsec; or Graphviz's dot)",
)


def test_four_views_with_tables_and_well_formed_diagrams(project: Project) -> None:
    views = all_views(project)
    assert tuple(v.name for v in views) == VIEW_NAMES
    for v in views:
        assert all(len(row) == len(v.columns) for row in v.rows)
        dot = view_graph.to_dot(v.graph)
        assert dot.startswith(f'digraph "{v.graph.name}"') and dot.count("{") == dot.count("}")
        mermaid = view_graph.to_mermaid(v.graph)
        assert mermaid.startswith("flowchart LR") and mermaid.count("subgraph") == mermaid.count(
            "  end"
        )
        assert view_graph.to_dot(v.graph) == dot  # deterministic


def test_multi_patient_view_highlights_shared_elements(project: Project) -> None:
    hub = Element("hub", 'Ward "hub" <server>', ElementType.PROCESS, patients=40)
    shared = replace(project, elements=(*project.elements, hub))
    view = multi_patient_view(shared)
    assert any(n.id == "element:hub" and n.highlight for n in view.graph.nodes)
    assert '\\"hub\\"' in view_graph.to_dot(view.graph)  # quoted for DOT
    assert "#quot;hub#quot;" in view_graph.to_mermaid(view.graph)  # escaped for Mermaid
    empty = multi_patient_view(
        replace(project, elements=tuple(replace(e, patients=1) for e in project.elements))
    )
    assert empty.rows == () and "more than one patient" in empty.empty


def test_updatability_view_rows(project: Project) -> None:
    view = updatability_view(project)
    assert view.columns[:4] == ("Software", "Update channel", "Signed", "Rollback protection")
    assert len(view.rows) == sum(
        1 for e in project.elements if e.is_software and e.type is not ElementType.ACTOR
    )


def test_sections_without_an_engine_say_so(project, threats, missing, checklist) -> None:  # type: ignore[no-untyped-def]
    sections = view_sections(project, no_svg)
    assert all(f.svg is None and f.note == NO_ENGINE for s in sections for f in s.figures)
    html = _render(project, threats, missing, checklist, sections)
    assert html.count(NO_ENGINE) >= len(sections)
    unsafe = replace(sections[0], figures=(Figure("", '<svg onload="alert(1)"></svg>'),))
    html = _render(project, threats, missing, checklist, (unsafe,))
    assert "onload" not in html


def test_a_view_in_many_parts_moves_its_drawings_to_an_appendix(project: Project) -> None:  # type: ignore[no-untyped-def]
    view = use_case_view(project)
    parts = [
        f"<svg width='3000pt' height='10pt'><text font-size='11'>{n}</text></svg>" for n in range(9)
    ]

    def draw(dot: str) -> str:
        whole = all(f"uc-{u.id}" in dot for u in project.use_cases)
        return (
            parts[0] if whole else '<svg width="100pt" height="100pt"><text font-size="11"/></svg>'
        )

    sections = report_sections(view, draw)
    if len(project.use_cases) <= MAX_BODY_FIGURES:
        assert len(sections) == 1
        return
    body, drawings = sections
    assert body.figures == () and not body.appendix and body.rows == view.rows
    assert drawings.appendix and len(drawings.figures) == len(project.use_cases)


@needs_engine
def test_sections_inline_svg(project, threats, missing, checklist) -> None:  # type: ignore[no-untyped-def]
    sections = view_sections(project, to_svg)
    html = _render(project, threats, missing, checklist, sections)
    assert html.count("<svg") >= len(sections)
    HTMLParser().feed(html)


def _render(project, threats, missing, checklist, sections: tuple[Section, ...]) -> str:  # type: ignore[no-untyped-def]
    view = build_view(
        project,
        threats,
        missing,
        checklist,
        architecture_digest="sha256:" + "0" * 64,
        generated_on=__import__("datetime").date(2026, 9, 1),
        diagram=(),
        extra_sections=sections,
    )
    return render_html(view)
