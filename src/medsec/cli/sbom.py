"""``medsec sbom ls | check | diff | export``: thin wrappers over services/sbom."""

from __future__ import annotations

import os
from datetime import UTC, datetime
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
from medsec.cli.exit_codes import ExitCode
from medsec.cli.output import emit
from medsec.domain.component import SupportStatus
from medsec.domain.errors import UsageError
from medsec.outputs.sbom.registry import (
    CHECK_RENDERERS,
    DIFF_RENDERERS,
    EXPORT_RENDERERS,
    LS_RENDERERS,
    ChangesView,
    ListingView,
)
from medsec.services import sbom as service
from medsec.sources.sbom.registry import supported

app = typer.Typer(
    help="Software bills of materials: list, check (NTIA/FDA), diff, export the device SBOM.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
TargetArg = Annotated[
    Path,
    typer.Argument(help=f"An SBOM file ({supported()}) or a project folder."),
]


@app.command("ls")
@allowing_outside
def ls(
    target: TargetArg = Path(),
    fmt: Annotated[str, format_option(LS_RENDERERS)] = LS_RENDERERS.default,
    output: OutputOpt = None,
    element: Annotated[str | None, typer.Option(help="Only this element's components.")] = None,
    supplier: Annotated[str | None, typer.Option(help="Supplier name contains this text.")] = None,
    support: Annotated[
        str | None,
        typer.Option(help="Support status: " + " | ".join(s.value for s in SupportStatus)),
    ] = None,
    support_file: Annotated[
        Path | None, typer.Option("--support-file", help="support.yaml to apply to an SBOM file.")
    ] = None,
    date: TodayOpt = None,
) -> None:
    """List the components of an SBOM or of every SBOM in a project."""
    renderer = LS_RENDERERS.choose(fmt)
    status = SupportStatus(choose(support, tuple(SupportStatus), "--support")) if support else None
    result = service.list_components(
        service.ListOptions(target, today(date), element, supplier, status, support_file)
    )
    items = [(c.component, c.status) for c in result.components]
    emit(renderer.render(ListingView(items, result.warnings)), output)


@app.command("check")
@allowing_outside
def check(
    target: TargetArg = Path(),
    fmt: Annotated[str, format_option(CHECK_RENDERERS)] = CHECK_RENDERERS.default,
    output: OutputOpt = None,
    fail_on_gap: Annotated[
        bool,
        typer.Option(
            "--fail-on-gap/--no-fail-on-gap",
            help="Exit 1 when any SBOM gap is found (the default), or 0 with --no-fail-on-gap.",
        ),
    ] = True,
    date: TodayOpt = None,
) -> int:
    """NTIA minimum elements, FDA support data, end of support, duplicates, stale SBOMs.

    Exit 1 when it finds a gap, 3 when an SBOM is missing or cannot be read.
    """
    renderer = CHECK_RENDERERS.choose(fmt)
    result = service.check(target, today(date))
    emit(renderer.render(result), output)
    gaps = bool(result.without_sbom or result.conflicts) or any(
        c.completeness.ntia_complete < c.completeness.count
        or c.completeness.missing_support
        or c.ended_without_rationale
        or c.stale
        for c in result.checks
    )
    note(f"sbom check: {len(result.checks)} SBOMs; {'gaps found' if gaps else 'no gaps'}")
    return int(ExitCode.CHECK_FAILED if gaps and fail_on_gap else ExitCode.OK)


@app.command("diff")
def diff(
    old: Annotated[Path, typer.Argument(help="The older SBOM file or project folder.")],
    new: Annotated[Path, typer.Argument(help="The newer SBOM file or project folder.")],
    fmt: Annotated[str, format_option(DIFF_RENDERERS)] = DIFF_RENDERERS.default,
    output: OutputOpt = None,
) -> None:
    """Components added, removed, upgraded or downgraded between two SBOMs or releases."""
    renderer = DIFF_RENDERERS.choose(fmt)
    result = service.diff_targets(old, new)
    emit(renderer.render(ChangesView(result.changes)), output)


def _created(value: str | None) -> datetime:
    """The SBOM creation time: --created, else SOURCE_DATE_EPOCH (reproducible builds), else now."""
    if value is None and os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=UTC)
    if value is None:
        return datetime.now(tz=UTC).replace(microsecond=0)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--created: '{value}' is not an ISO 8601 date-time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@app.command("export")
@allowing_outside
def export(
    project: Annotated[Path, typer.Argument(help="The project folder.")] = Path(),
    fmt: Annotated[str, format_option(EXPORT_RENDERERS)] = EXPORT_RENDERERS.default,
    output: OutputOpt = None,
    created: Annotated[
        str | None,
        typer.Option(help="Creation time to record (default: SOURCE_DATE_EPOCH or now)."),
    ] = None,
) -> None:
    """Write the device SBOM: device -> software elements -> components, with support data."""
    renderer = EXPORT_RENDERERS.choose(fmt)
    emit(renderer.render(service.export(project, _created(created))), output)
