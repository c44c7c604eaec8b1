"""threats (and threats score), check, diagram, report.

Services are imported inside each command: starting medsec loads only what the command needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medsec.cli.common import OutputOpt, TodayOpt, choose, note, today
from medsec.cli.exit_codes import ExitCode
from medsec.cli.output import emit
from medsec.domain.errors import UsageError

THREAT_FORMATS = ("text", "json", "markdown")
CHECK_FORMATS = ("text", "json", "junit", "sarif", "markdown")


def threats(
    args: Annotated[
        list[str] | None,
        typer.Argument(help="[PROJECT] to update the register, or: score THREAT-ID [PROJECT]."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text | json | markdown")] = "text",
    output: OutputOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do not write threats.yaml.")] = False,
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer", help="With score: a rubric answer QUESTION=yes|no|unknown (repeat)."
        ),
    ] = None,
    date: TodayOpt = None,
) -> None:
    """Generate the threats, update threats.yaml (human fields are kept) and list them.

    'medsec threats score ID' scores one threat with the MITRE medical-device CVSS rubric.
    """
    from medsec.cli.scoring import interactive_score
    from medsec.outputs import json as json_out
    from medsec.outputs import text
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
    choose(fmt, THREAT_FORMATS)
    root = Path(words[0]) if words else Path()
    result = threat_service.run(threat_service.ThreatOptions(root, today(date), write=not dry_run))
    if fmt == "json":
        body = json_out.render_threats(result.threats, result.missing, result.project.device.id)
    elif fmt == "markdown":
        body = text.render_threats_markdown(result.threats)
    else:
        body = text.render_threats(result.threats, result.missing)
    emit(body, output)
    where = f"; wrote {result.register_written}" if result.register_written else " (dry run)"
    note(f"threats: {result.summary.text()}{where}")


def check(
    project: Annotated[Path, typer.Argument(help="The project folder.")] = Path(),
    fmt: Annotated[str, typer.Option("--format", "-f", help=" | ".join(CHECK_FORMATS))] = "text",
    output: OutputOpt = None,
    date: TodayOpt = None,
) -> int:
    """Evaluate the nine checklist items from the evidence in the project.

    Exit 0 when every mandatory item passes, 1 otherwise.
    """
    from medsec.outputs import json as json_out
    from medsec.outputs import junit, sarif, text
    from medsec.services import check as check_service

    choose(fmt, CHECK_FORMATS)
    result = check_service.run(check_service.CheckOptions(project, today(date)))
    cl = result.checklist
    device = result.context.project.device
    if fmt == "json":
        body = json_out.render_checklist(
            cl, device=device.id, version=device.version, today=result.context.today
        )
    elif fmt == "junit":
        body = junit.render_checklist(cl, device=device.id)
    elif fmt == "sarif":
        body = sarif.render_checklist(cl)
    elif fmt == "markdown":
        body = text.render_checklist_markdown(cl, device=device.name)
    else:
        body = text.render_checklist(cl, device=f"{device.name} {device.version}")
    emit(body, output)
    return int(ExitCode.OK if cl.mandatory_pass else ExitCode.CHECK_FAILED)


def diagram(
    project: Annotated[Path, typer.Argument(help="The project folder.")] = Path(),
    fmt: Annotated[str, typer.Option("--format", "-f", help="dot | mermaid | svg")] = "dot",
    output: OutputOpt = None,
) -> None:
    """Draw the data-flow diagram: trust boundaries as clusters, flows with protocol and protection."""
    from medsec.services import report as report_service

    choose(fmt, report_service.DIAGRAM_FORMATS)
    emit(report_service.render_diagram(project, fmt), output)


def report(
    project: Annotated[Path, typer.Argument(help="The project folder.")] = Path(),
    output: OutputOpt = None,
    date: TodayOpt = None,
) -> None:
    """Write the self-contained HTML report: checklist, DFD, threat register, risk matrix, trace."""
    from medsec.services import report as report_service

    if output is None:
        raise UsageError("--output FILE is required (the report is a self-contained HTML file)")
    html = report_service.render_report(report_service.ReportOptions(project, today(date)))
    emit(html, output)


def register(app: typer.Typer) -> None:
    app.command()(threats)
    app.command()(check)
    app.command()(diagram)
    app.command()(report)


__all__ = ["note", "register"]
