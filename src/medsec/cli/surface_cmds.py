"""``medsec surface`` (attack-surface figures and score) and ``medsec views`` (FDA views)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medsec.cli.common import (
    OutputOpt,
    TodayOpt,
    allowing_outside,
    choose,
    format_option,
    note,
    today,
)
from medsec.cli.output import emit
from medsec.outputs.drawing import VIEW_RENDERERS
from medsec.outputs.surface import RENDERERS as SURFACE_RENDERERS
from medsec.outputs.surface import SurfaceView


def surface(
    project: Annotated[Path, typer.Argument(help="The project folder.")] = Path(),
    fmt: Annotated[str, format_option(SURFACE_RENDERERS)] = SURFACE_RENDERERS.default,
    record: Annotated[
        bool,
        typer.Option(
            "--record", help="Also write records/surface/VERSION.json (security-concept evidence)."
        ),
    ] = False,
    rationale: Annotated[
        str | None,
        typer.Option(help="Why the surface grew since the previous release (kept in the record)."),
    ] = None,
    output: OutputOpt = None,
    date: TodayOpt = None,
) -> None:
    """Attack surface of this release: interfaces by kind, exposure, authentication and
    encryption; unneeded and debug interfaces; services a port scan saw; one score (lower is
    smaller) compared with the previous release; what to disable or protect."""
    from medsec.services import surface as service

    renderer = SURFACE_RENDERERS.choose(fmt)
    day = today(date)
    result = service.run(service.SurfaceOptions(project, day, record, rationale))
    view = SurfaceView(result.surface, result.comparison, day, result.rationale)
    emit(renderer.render(view), output)
    where = f"; recorded {result.recorded}" if result.recorded else ""
    note(f"surface: score {result.surface.score}, {len(result.surface.findings)} to act on{where}")


def views(
    project: Annotated[Path, typer.Argument(help="The project folder.")] = Path(),
    view: Annotated[
        str,
        typer.Option(
            "--view", help="global | multi-patient | updatability | use-cases (FDA security views)"
        ),
    ] = "global",
    fmt: Annotated[str, format_option(VIEW_RENDERERS)] = VIEW_RENDERERS.default,
    output: OutputOpt = None,
) -> None:
    """Draw one FDA security architecture view (the report shows all four with tables)."""
    from medsec.services import views as service

    renderer = VIEW_RENDERERS.choose(fmt)
    choose(view, service.VIEW_NAMES, "--view")
    emit(renderer.render(service.architecture_view(project, view).graph), output)


def register(app: typer.Typer) -> None:
    """Add surface and views to the app."""
    app.command()(allowing_outside(surface))
    app.command()(allowing_outside(views))
