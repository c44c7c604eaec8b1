"""``medsec scan``: the SBOMs of a device (or one SBOM file) against the vulnerability database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medsec.cli.common import OutputOpt, TodayOpt, format_option, note, today
from medsec.cli.exit_codes import ExitCode
from medsec.cli.output import emit
from medsec.outputs.scan import RENDERERS, ScanReport


def scan(
    project: Annotated[Path | None, typer.Argument(help="The project folder.")] = None,
    sbom: Annotated[Path | None, typer.Option("--sbom", help="Scan one SBOM file instead.")] = None,
    fmt: Annotated[str, format_option(RENDERERS)] = RENDERERS.default,
    fail_on: Annotated[
        str | None,
        typer.Option("--fail-on", help="Exit 1 when an open finding has this severity or worse."),
    ] = None,
    db: Annotated[
        str | None, typer.Option("--db", help="Database path or URL (else MEDSEC_DB).")
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Never touch the network (scans never download).")
    ] = True,
    no_record: Annotated[
        bool, typer.Option("--no-record", help="Do not write records/scans/.")
    ] = False,
    output: OutputOpt = None,
    date: TodayOpt = None,
) -> int:
    """Match the SBOMs against the vulnerability database and list the findings.

    A project scan writes records/scans/DATE.json, the evidence of the yearly CVE analysis.
    """
    from medsec.services import scan as service

    renderer = RENDERERS.choose(fmt)
    del offline  # scanning only reads the local database; downloads are 'medsec db update'
    if project is None and sbom is None:
        project = Path()
    result = service.run(
        service.ScanOptions(project, sbom, today(date), db=db, write_record=not no_record)
    )
    emit(renderer.render(ScanReport(result, str(result.device or sbom))), output)
    for line in result.notes:
        note(f"warning: {line}")
    if result.warnings:
        note(
            f"{len(result.warnings)} warning(s) while reading SBOMs and matching (see --format json)"
        )
    if result.record:
        note(f"recorded {result.record}")
    if fail_on is not None and service.failing(result, fail_on):
        return int(ExitCode.CHECK_FAILED)
    return int(ExitCode.OK)


def register(app: typer.Typer) -> None:
    """Add scan to the app."""
    app.command()(scan)
