"""threats (and threats score): generate the threats, update threats.yaml, list them.

A module of its own so that ``medsec threats`` loads the threat renderers only; check,
diagram and report (``analysis_cmds``) bring the checklist, report and drawing renderers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medsec.cli.common import OutputOpt, TodayOpt, allowing_outside, format_option, note, today
from medsec.cli.main import collector_paused
from medsec.cli.output import emit
from medsec.domain.errors import UsageError
from medsec.domain.threat import Framework
from medsec.outputs.threats import RENDERERS as THREAT_RENDERERS


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
    framework: Annotated[
        str,
        typer.Option(
            "--framework",
            help="Which threats: stride (security), linddun (privacy) or both. One framework "
            "leaves the register's entries of the other as they are.",
        ),
    ] = "both",
) -> None:
    """Generate the threats, update threats.yaml (human fields are kept) and list them.

    'medsec threats score ID' scores one threat with the MITRE medical-device CVSS rubric.
    """
    words = list(args or [])
    if words and words[0] == "score":
        from medsec.cli.scoring import interactive_score

        if len(words) < 2:
            raise UsageError("usage: medsec threats score THREAT-ID [PROJECT]")
        root = Path(words[2]) if len(words) > 2 else Path()
        interactive_score(root, words[1], answer or [], today(date))
        return
    if len(words) > 1:
        raise UsageError(f"unexpected argument '{words[1]}'")
    renderer = THREAT_RENDERERS.choose(fmt)
    root = Path(words[0]) if words else Path()
    with collector_paused():  # imports, a model, 10,000 threats, their text: no cycles to find
        from medsec.outputs.threats import ThreatsView
        from medsec.services import threats as threat_service

        chosen = _frameworks(framework)
        options = threat_service.ThreatOptions(root, today(date), not dry_run, chosen)
        result = threat_service.run(options)
        view = ThreatsView(result.threats, result.missing, result.project.device.id)
        emit(renderer.render(view), output)
        written, summary = result.register_written, result.summary.text()
        # Freed here, by reference counting, before the collector is back: else its first
        # pass walks the run's million objects, every one still alive (92 ms of a 1 s run).
        del result, view
    where = f"; wrote {written}" if written else " (dry run)"
    note(f"threats: {summary}{where}")


def _frameworks(choice: str) -> tuple[Framework, ...]:
    """The frameworks ``--framework`` names; an unknown name is a usage error."""
    from medsec.engines.threats.frameworks import CHOICES

    found = CHOICES.get(choice.lower())
    if found is None:
        raise UsageError(f"--framework '{choice}' is not one of {', '.join(sorted(CHOICES))}")
    return found


def register(app: typer.Typer) -> None:
    """Add threats to the app (its help lists the rubric's questions)."""
    from medsec.cli.scoring import questions_help

    app.command(epilog=questions_help())(allowing_outside(threats))
