"""validate, schema, init, review."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medsec.cli.common import OutputOpt, ProjectArg, TodayOpt, allowing_outside, note, today
from medsec.cli.output import emit
from medsec.domain.wording import counted
from medsec.services import project as service


def validate(project: ProjectArg = Path(), date: TodayOpt = None) -> None:
    """Check medsec.yaml (keys, values, references) and every file it refers to.

    The SBOMs must exist and read; threats.yaml, vulnerabilities.yaml, support.yaml and the
    pentest findings files must validate. Every problem is listed with file:line (exit 3).
    """
    result = service.validate(project, today(date))
    for line in result.notes:
        note(f"note: {line}")
    p = result.project
    note(
        f"ok: {p.device.name} {p.device.version}: {counted(len(p.elements), 'element')}, "
        f"{counted(len(p.flows), 'flow')}, {counted(len(p.interfaces), 'interface')}, "
        f"{counted(len(p.data), 'data item')}, {counted(len(p.controls), 'control')}; "
        f"{counted(len(result.checked), 'more file')} read"
    )


def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of medsec.yaml (for editors and CI)."""
    emit(service.json_schema(), output)


def init(
    folder: Annotated[Path, typer.Argument(help="Folder to create the project in.")] = Path(),
    name: Annotated[str, typer.Option(help="Device name.")] = "My Device",
    force: Annotated[bool, typer.Option(help="Overwrite an existing medsec.yaml.")] = False,
) -> None:
    """Create a commented medsec.yaml to start from."""
    path = service.init(folder, name=name, force=force)
    note(f"created {path}; next: edit it, then 'medsec validate {folder}'")


def review(
    project: ProjectArg = Path(),
    item: Annotated[
        str,
        typer.Option(
            help="Checklist item reviewed, e.g. threat-risk-analysis; release-review signs off "
            "the release."
        ),
    ] = ("threat-risk-analysis"),
    by: Annotated[str, typer.Option(help="Who reviewed and signs off.")] = "",
    date: TodayOpt = None,
) -> None:
    """Record a signed-off review with digests of what it covers (model, threats, SBOMs).

    A later change of what a review covers makes it stale in 'medsec check'.
    """
    if not by:
        raise typer.BadParameter("--by is required: who signs off the review")
    digest = service.record_review(service.ReviewOptions(project, item, by, today(date)))
    note(f"recorded review of {item} by {by} ({digest[:19]}…)")


def register(app: typer.Typer) -> None:
    """Add validate, schema, init and review to the app."""
    app.command()(allowing_outside(validate))
    app.command()(schema)
    app.command()(init)
    app.command()(allowing_outside(review))
