"""How the report embeds diagrams: legible at A4 or split, and a note when nothing is drawn."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from medsec.domain.model import Boundary, Device, Element, Flow, Project
from medsec.domain.vocabulary import BoundaryKind, ElementType, Protocol
from medsec.outputs.diagram import to_dot
from medsec.outputs.drawing import engine
from medsec.outputs.report import figure
from medsec.outputs.report.figure import (
    MIN_PRINTED_PT,
    NO_ENGINE,
    dfd_figures,
    graph_figures,
    legible,
    no_svg,
    printed_scale,
    smallest_printed_font,
)
from medsec.outputs.view_graph import Edge, Graph, Node
from medsec.outputs.views import global_view
from medsec.project.loader import load_project

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "infusion-pump"

needs_engine = pytest.mark.skipif(
    engine.find() is None,
    reason="no layout engine (graphviz-pure is a dependency of medsec; or Graphviz's dot)",
)


def _svg(width: float, height: float, *sizes: float) -> str:
    texts = "".join(f'<text font-size="{s:.2f}">x</text>' for s in sizes)
    return f'<svg width="{width:g}pt" height="{height:g}pt" viewBox="0 0 1 1">{texts}</svg>'


def test_printed_size_is_font_size_times_the_shrink_to_the_page() -> None:
    assert printed_scale(_svg(400, 300, 11)) == 1.0  # smaller than the page: printed as is
    assert printed_scale(_svg(2 * figure.PRINT_WIDTH_PT, 100, 11)) == pytest.approx(0.5)
    assert printed_scale(_svg(100, 2 * figure.PRINT_HEIGHT_PT, 11)) == pytest.approx(0.5)
    assert smallest_printed_font(_svg(2 * figure.PRINT_WIDTH_PT, 100, 11, 14)) == pytest.approx(5.5)
    assert legible(_svg(figure.PRINT_WIDTH_PT, 100, MIN_PRINTED_PT))
    assert not legible(_svg(figure.PRINT_WIDTH_PT * 1.01, 100, MIN_PRINTED_PT))


def test_without_an_engine_the_figure_says_so(project: Project) -> None:
    (only,) = dfd_figures(project, no_svg)
    assert only.svg is None and only.note == NO_ENGINE
    (view,) = graph_figures(global_view(project).graph, no_svg)
    assert view.svg is None and view.note == NO_ENGINE


def test_a_legible_drawing_is_kept_whole_with_unique_ids(project: Project) -> None:
    seen: list[str] = []

    def draw(dot: str) -> str:
        seen.append(dot)
        return _svg(300, 200, 11).replace("<text", '<g id="node1"><text', 1) + "</g>"

    (whole,) = dfd_figures(project, draw)
    assert whole.title == "" and whole.svg is not None and 'id="dfd-node1"' in whole.svg
    assert seen == [to_dot(project, titled=False)]


def test_an_unsafe_drawing_is_not_inlined(project: Project) -> None:
    figures = dfd_figures(project, lambda dot: '<svg width="1pt" height="1pt" onload="x()"/>')
    assert figures and all(f.svg is None for f in figures)


def _star(n: int) -> Project:
    """A hub in one boundary talking to ``n`` elements in another: too wide for one page."""
    hub = Element("hub", "Hub", ElementType.PROCESS, boundary="core")
    leaves = [Element(f"e{i}", f"Leaf {i}", ElementType.PROCESS, boundary="edge") for i in range(n)]
    flows = [Flow(f"f{i}", f"e{i}", "hub", protocol=Protocol.HTTPS) for i in range(n)]
    return Project(
        root=".",
        device=_device(),
        boundaries=(
            Boundary("core", "Core", BoundaryKind.DEVICE),
            Boundary("edge", "Edge", BoundaryKind.NETWORK),
        ),
        elements=(hub, *leaves),
        flows=tuple(flows),
    )


def _device() -> Device:
    return Device(id="d", name="Device", version="1", manufacturer="M")


@pytest.fixture(scope="module")
def example_project() -> Project:
    return load_project(EXAMPLE)


def test_an_illegible_diagram_is_split_into_an_overview_and_one_part_per_boundary() -> None:
    project = _star(6)
    drawn: list[str] = []

    def draw(dot: str) -> str:
        drawn.append(dot)
        return _svg(3000 if len(drawn) == 1 else 300, 200, 11)  # only the whole is too wide

    figures = dfd_figures(project, draw)
    assert [f.title for f in figures] == [
        "Overview: trust boundaries and the flows between them",
        "Core · device",
        "Edge · network",
    ]
    assert all(f.svg is not None for f in figures)
    assert '"group:core"' in drawn[1] and '"group:edge"' in drawn[1]


def test_a_part_too_large_to_try_is_named_with_its_size() -> None:
    project = _star(figure.MAX_DRAWN_ELEMENTS + 5)
    figures = dfd_figures(project, lambda dot: _svg(300, 200, 11))
    edge = next(f for f in figures if f.title == "Edge · network")
    assert edge.svg is None
    assert edge.note.startswith(f"{figure.MAX_DRAWN_ELEMENTS + 5} elements and ")
    core = next(f for f in figures if f.title == "Core · device")
    assert core.svg is not None  # one element and its neighbours (muted): still tried


def test_an_illegible_view_is_drawn_one_cluster_at_a_time() -> None:
    graph = Graph(
        "v",
        "View",
        (Node("a", "A", cluster="c1"), Node("b", "B", cluster="c2"), Node("x", "X")),
        (Edge("a", "b", "link"),),
        (("c1", "One"), ("c2", "Two")),
    )

    def draw(dot: str) -> str:
        whole = '"a"' in dot and '"x"' in dot
        return _svg(3000 if whole else 300, 200, 11)

    figures = graph_figures(graph, draw)
    assert [f.title for f in figures] == ["One", "Two", "Outside any cluster"]
    assert [f.svg is not None for f in figures] == [True, True, True]


@needs_engine
def test_the_example_dfd_prints_legibly_in_one_drawing(example_project: Project) -> None:
    (whole,) = dfd_figures(example_project, engine.to_svg)
    assert whole.svg is not None, whole.note
    assert smallest_printed_font(whole.svg) >= MIN_PRINTED_PT


@needs_engine
def test_muted_neighbours_are_grey(example_project: Project) -> None:
    part = replace(example_project, interfaces=())
    dot = to_dot(part, muted=frozenset({"ehr"}))
    line = next(x for x in dot.splitlines() if x.strip().startswith('"element:ehr"'))
    assert 'color="#9e9e9e"' in line
