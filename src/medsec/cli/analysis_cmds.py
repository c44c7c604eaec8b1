"""threats (and threats score), check, diagram, report.

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
from medsec.outputs.threats import RENDERERS as THREAT_RENDERERS
from medsec.outputs.threats import ThreatsView


def threats(
    args: Annotated[
        list[str] | None,
        typer.Argument(help="[PROJECT] to update the register, or: score THREAT-ID [PROJECT]."),
    ] = None,
    fmt: Annotated[str, format_option(THREAT_RENDERERS)] = THREAT_RENDERERS.default,
    output: OutputOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do not write threats.yaml.")] = False,
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            help="With score: a rubric answer QUESTION=yes|no|unknown (repeat; ids below).",
        ),
    ] = None,
    date: TodayOpt = None,
) -> None:
    """Generate the threats, update threats.yaml (human fields are kept) and list them.

    'medsec threats score ID' scores one threat with the MITRE medical-device CVSS rubric.
    """
    from medsec.cli.scoring import interactive_score
    from medsec.services import threats as threat_service

    words = list(args or [])
    if words and words[0] == "score":
        if len(words) < 2:
            raise UsageError("usage: medsec threats score THREAT-ID [PROJECT]")
        root = Path(words[2]) if len(words) > 2 else Path()
        interactive_score(root, words[1], answer or [], today(date))
        return
    if len(words) > 1:
        raise UsageError(f"unexpected argument '{words[1]}'")
    renderer = THREAT_RENDERERS.choose(fmt)
    root = Path(words[0]) if words else Path()
    result = threat_service.run(threat_service.ThreatOptions(root, today(date), write=not dry_run))
    view = ThreatsView(result.threats, result.missing, result.project.device.id)
    emit(renderer.render(view), output)
    where = f"; wrote {result.register_written}" if result.register_written else " (dry run)"
    note(f"threats: {result.summary.text()}{where}")


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
    """Add threats, check, diagram and report to the app."""
    from medsec.cli.scoring import questions_help

    app.command(epilog=questions_help())(allowing_outside(threats))
    app.command()(allowing_outside(check))
    app.command()(allowing_outside(diagram))
    app.command()(allowing_outside(report))


__all__ = ["note", "register"]
