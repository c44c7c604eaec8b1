"""``medsec scan``: the SBOMs of a device (or one SBOM file) against the vulnerability database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from medsec.cli.common import (
    OutputOpt,
    TodayOpt,
    allowing_outside,
    choose,
    database,
    format_option,
    note,
    today,
)
from medsec.cli.exit_codes import ExitCode
from medsec.cli.output import emit
from medsec.domain.wording import counted
from medsec.outputs.scan import RENDERERS, ScanReport
from medsec.storage.allocation import gc_paused

if TYPE_CHECKING:
    from medsec.services.scan import ScanResult


def scan(
    project: Annotated[Path | None, typer.Argument(help="The project folder.")] = None,
    sbom: Annotated[Path | None, typer.Option("--sbom", help="Scan one SBOM file instead.")] = None,
    fmt: Annotated[str, format_option(RENDERERS)] = RENDERERS.default,
    fail_on: Annotated[
        str | None,
        typer.Option("--fail-on", help="Exit 1 when an open finding has this severity or worse."),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database path or URL (else MEDSEC_DB, else .medsec.toml)."),
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Never touch the network (scans never download).")
    ] = True,
    no_record: Annotated[
        bool, typer.Option("--no-record", help="Do not write records/scans/.")
    ] = False,
    no_stubs: Annotated[
        bool,
        typer.Option(
            "--no-stubs", help="Do not add in_triage assessment stubs to vulnerabilities.yaml."
        ),
    ] = False,
    output: OutputOpt = None,
    date: TodayOpt = None,
) -> int:
    """Match the SBOMs against the vulnerability database and list the findings.

    A project scan writes records/scans/DATE.json, the evidence of the yearly CVE analysis,
    and adds a stub (state in_triage, the keys to fill in) to vulnerabilities.yaml for every
    finding that has no assessment yet; existing entries and comments are kept as they are.
    """
    from medsec.services import scan as service

    renderer = RENDERERS.choose(fmt)
    if fail_on is not None:  # checked before the scan writes its record
        choose(fail_on, service.SEVERITIES, "--fail-on")
    del offline  # scanning only reads the local database; downloads are 'medsec db update'
    if project is None and sbom is None:
        project = Path()
    db = database(db, project or Path())
    result = service.run(
        service.ScanOptions(
            project,
            sbom,
            today(date),
            db=db,
            write_record=not no_record,
            write_stubs=not no_stubs,
        )
    )
    with gc_paused():  # thousands of findings rendered: collections would walk them all
        emit(renderer.render(ScanReport(result, str(result.device or sbom))), output)
    _summary(result)
    if fail_on is not None and service.failing(result, fail_on):
        return int(ExitCode.CHECK_FAILED)
    return int(ExitCode.OK)


def _summary(result: ScanResult) -> None:
    """Warnings, the record written and the stubs added, for people on stderr."""
    for line in result.notes:
        note(f"warning: {line}")
    if result.warnings:
        note(
            f"{counted(len(result.warnings), 'warning')} while reading SBOMs and matching "
            "(see --format json)"
        )
    if result.record:
        note(f"recorded {result.record}")
    if result.stubs_file:
        note(
            f"added {counted(len(result.stubs), 'assessment stub')} (state in_triage) to "
            f"{result.stubs_file}: assess each, then set its state"
        )


def register(app: typer.Typer) -> None:
    """Add scan to the app."""
    app.command()(allowing_outside(scan))
