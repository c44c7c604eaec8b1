"""``medsec db import | update | status``: thin wrappers over services/db."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from medsec.cli import progress
from medsec.cli.common import DbOpt, OutputOpt, ProjectOpt, database, format_option, note
from medsec.cli.output import emit
from medsec.domain.advisory import Snapshot
from medsec.domain.wording import counted
from medsec.outputs.db import STATUS_RENDERERS, StatusView

# services.db pulls in SQLAlchemy, Alembic and httpx: imported by the commands that need them,
# so that ``medsec --help`` and the other commands stay quick.
DEFAULT_ECOSYSTEMS = "PyPI, npm, Maven, Go, crates.io, NuGet, RubyGems, Packagist"

app = typer.Typer(
    help=(
        "The vulnerability database (OSV, NVD, CISA KEV, FIRST EPSS): update from the network, "
        "import local copies on air-gapped sites, show what is loaded. The database: --db, "
        "else MEDSEC_DB, else 'database' in the nearest .medsec.toml (the --project folder or "
        "above), else a SQLite file in the user data dir. A path or a postgresql:// URL."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@app.command("import")
def import_(
    path: Annotated[
        Path,
        typer.Argument(
            help="An OSV zip or folder of OSV JSON/YAML records, an OSV record, NVD CVE 2.0 "
            "JSON(.gz), the KEV catalogue (JSON/CSV) or EPSS scores (CSV/.csv.gz)."
        ),
    ],
    db: DbOpt = None,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid", help="Skip invalid OSV records with a warning instead of failing."
        ),
    ] = False,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge", help="Add or replace these records only; keep the rest of the source."
        ),
    ] = False,
    project: ProjectOpt = Path(),
) -> None:
    """Load a local copy of a feed as one snapshot (all or nothing)."""
    from medsec.services import db as service

    options = service.ImportOptions(
        path, database(db, project), skip_invalid=skip_invalid, merge=merge
    )
    with progress.bar() as bar:
        outcome = service.import_path(options, progress=bar)
    for each in (outcome, *outcome.also):
        for warning in each.warnings:
            note(f"warning: {warning}")
        if each.skipped:
            note(f"warning: {counted(each.skipped, 'invalid record')} skipped")
        note(_imported(each.snapshot))


@app.command("update")
def update(
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="osv | nvd | kev | epss (repeatable; default: all)."),
    ] = None,
    ecosystem: Annotated[
        list[str] | None,
        typer.Option(
            "--ecosystem",
            "-e",
            help="OSV ecosystem to download (repeatable), e.g. PyPI, npm, Debian; default: "
            + DEFAULT_ECOSYSTEMS,
        ),
    ] = None,
    full_nvd: Annotated[
        bool, typer.Option("--full-nvd", help="Re-read every yearly NVD feed, not just changes.")
    ] = False,
    offline: Annotated[
        bool, typer.Option("--offline", help="Fail: updating needs the network.")
    ] = False,
    db: DbOpt = None,
    project: ProjectOpt = Path(),
) -> None:
    """Download OSV, NVD, KEV and EPSS and import what changed since the last update.

    Each download and each retry is announced on stderr.
    """
    from medsec.services import db as service

    options = service.UpdateOptions(
        db=database(db, project),
        sources=service.source_kinds(source or []),
        ecosystems=tuple(ecosystem or ()),
        offline=offline,
        full_nvd=full_nvd,
    )
    with progress.bar() as bar:
        steps = service.update(options, progress=bar, messages=note)
    for step in steps:
        for warning in step.warnings:
            note(f"warning: {warning}")
        if step.snapshot is None:
            note(f"{step.source.value}: up to date ({step.target})")
        else:
            note(_imported(step.snapshot))


@app.command("status")
def status(
    db: DbOpt = None,
    fmt: Annotated[str, format_option(STATUS_RENDERERS)] = STATUS_RENDERERS.default,
    output: OutputOpt = None,
    project: ProjectOpt = Path(),
) -> None:
    """Show the database, the current snapshot of each source, its age and record count."""
    from medsec.services import db as service

    renderer = STATUS_RENDERERS.choose(fmt)
    result = service.status(database(db, project))
    emit(renderer.render(StatusView(result, datetime.now(UTC))), output)


def _imported(snapshot: Snapshot) -> str:
    scope = f" [{snapshot.scope}]" if snapshot.scope else ""
    return (
        f"{snapshot.source.value}{scope}: imported {snapshot.records:,} records from "
        f"{snapshot.origin} as snapshot {snapshot.id}"
    )
