"""check, diagram, report (threats has its own module: ``threats_cmds``).

Services are imported inside each command: starting medsec loads only what the command needs.
The format registries are imported here: their names and help make each ``--format`` option.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medsec.cli.common import (
    OutputOpt,
    TodayOpt,
    allowing_outside,
    format_option,
    note,
    today,
)
from medsec.cli.exit_codes import ExitCode
from medsec.cli.output import emit
from medsec.domain.checklist import ItemStatus
from medsec.domain.errors import UsageError
from medsec.domain.vocabulary import Gate
from medsec.outputs.checklist import RENDERERS as CHECK_RENDERERS
from medsec.outputs.checklist import ChecklistView
from medsec.outputs.drawing import DIAGRAM_RENDERERS
from medsec.outputs.report import RENDERERS as REPORT_RENDERERS


def check(
    project: Annotated[Path, typer.Argument(help="The project folder.")] = Path(),
    fmt: Annotated[str, format_option(CHECK_RENDERERS)] = CHECK_RENDERERS.default,
    output: OutputOpt = None,
    date: TodayOpt = None,
    gate: Annotated[
        Gate | None,
        typer.Option(
            "--gate",
            help="Which items decide the exit code: mandatory (the baseline) or all "
            "(default: policy.gate, else mandatory).",
            case_sensitive=False,
        ),
    ] = None,
) -> int:
    """Evaluate the nine checklist items from the evidence in the project.

    Exit 0 when every item of the gate passes (mandatory items by default), 1 otherwise.
    """
    from medsec.engines.compliance.checklist import passes
    from medsec.services import check as check_service

    renderer = CHECK_RENDERERS.choose(fmt)
    result = check_service.run(check_service.CheckOptions(project, today(date)))
    checklist = result.checklist
    view = ChecklistView(checklist, result.context.project.device, result.context.today)
    emit(renderer.render(view), output)
    chosen = gate or result.context.project.policy.gate
    if chosen is Gate.ALL and checklist.mandatory_pass and not passes(checklist, chosen):
        failing = [i.id.value for i in checklist.items if i.status is not ItemStatus.PASS]
        note(f"check: gate 'all': not passing: {', '.join(failing)}")
    return int(ExitCode.OK if passes(checklist, chosen) else ExitCode.CHECK_FAILED)


def diagram(
    project: Annotated[Path, typer.Argument(help="The project folder.")] = Path(),
    fmt: Annotated[str, format_option(DIAGRAM_RENDERERS)] = DIAGRAM_RENDERERS.default,
    output: OutputOpt = None,
) -> None:
    """Draw the data-flow diagram: trust boundaries as clusters, flows with protocol and protection."""
    from medsec.services import report as report_service

    renderer = DIAGRAM_RENDERERS.choose(fmt)
    emit(renderer.render(report_service.diagram_model(project)), output)


def report(
    project: Annotated[Path, typer.Argument(help="The project folder.")] = Path(),
    fmt: Annotated[str, format_option(REPORT_RENDERERS)] = REPORT_RENDERERS.default,
    output: OutputOpt = None,
    date: TodayOpt = None,
) -> None:
    """Write the report for QA and auditors: summary page, sections, appendices (HTML or PDF)."""
    from medsec.outputs.drawing.engine import to_svg
    from medsec.services import report as report_service

    renderer = REPORT_RENDERERS.choose(fmt)
    if output is None:
        raise UsageError(f"--output FILE is required (the report is one {fmt.upper()} file)")
    # graphviz-pure (installed with medsec) lays out the diagrams; Graphviz's dot if it is not
    options = report_service.ReportOptions(project, today(date), draw_svg=to_svg)
    emit(renderer.render(report_service.build_report(options)), output)


def register(app: typer.Typer) -> None:
    """Add check, diagram and report to the app."""
    app.command()(allowing_outside(check))
    app.command()(allowing_outside(diagram))
    app.command()(allowing_outside(report))


__all__ = ["note", "register"]
