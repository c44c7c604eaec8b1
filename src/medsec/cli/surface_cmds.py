"""``medsec surface`` (attack-surface figures and score) and ``medsec views`` (FDA views)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medsec.cli.common import OutputOpt, TodayOpt, choose, note, today
from medsec.cli.output import emit

SURFACE_FORMATS = ("text", "json")


def surface(
    project: Annotated[Path, typer.Argument(help="The project folder.")] = Path(),
    fmt: Annotated[str, typer.Option("--format", "-f", help="text | json")] = "text",
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
    from medsec.outputs.surface import render_text
    from medsec.services import surface as service

    choose(fmt, SURFACE_FORMATS)
    result = service.run(service.SurfaceOptions(project, today(date), record, rationale))
    body = (
        result.json
        if fmt == "json"
        else render_text(result.surface, result.comparison, result.rationale)
    )
    emit(body, output)
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
    fmt: Annotated[str, typer.Option("--format", "-f", help="dot | mermaid | svg")] = "dot",
    output: OutputOpt = None,
) -> None:
    """Draw one FDA security architecture view (the report shows all four with tables)."""
    from medsec.services import views as service

    choose(fmt, service.VIEW_FORMATS)
    choose(view, service.VIEW_NAMES, "--view")
    emit(service.render_view(project, view, fmt), output)


def register(app: typer.Typer) -> None:
    app.command()(surface)
    app.command()(views)
