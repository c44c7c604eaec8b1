"""``medsec vex [PROJECT] --format F`` (export) and ``medsec vex import FILE [PROJECT]``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from medsec.cli.common import OutputOpt, TodayOpt, allowing_outside, format_option, note, today
from medsec.cli.output import emit
from medsec.domain.errors import UsageError
from medsec.domain.wording import counted
from medsec.outputs.vex import RENDERERS, VexView

USAGE = "usage: medsec vex [PROJECT] --format F | medsec vex import FILE [PROJECT] [--dry-run]"


def _issued(value: str | None) -> dt.datetime | None:
    """The --issued date as an aware datetime (UTC when no zone is given)."""
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--issued: '{value}' is not an ISO 8601 date or date-time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def vex(
    args: Annotated[
        list[str] | None,
        typer.Argument(help="[PROJECT] to export, or: import FILE [PROJECT]."),
    ] = None,
    fmt: Annotated[str, format_option(RENDERERS)] = RENDERERS.default,
    output: OutputOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="import: report, do not write vulnerabilities.yaml.")
    ] = False,
    issued: Annotated[
        str | None,
        typer.Option(help="Document date (default: the scan's, else the latest assessment's)."),
    ] = None,
    date: TodayOpt = None,
) -> None:
    """Export the VEX document (CycloneDX 1.6, OpenVEX 0.2.0, CSAF 2.0) of the latest scan.

    'medsec vex import FILE' merges a CycloneDX (1.4-1.7), OpenVEX or CSAF VEX document into
    vulnerabilities.yaml by finding id, keeping the document's original codes.
    """
    words = list(args or [])
    if words and words[0] == "import":
        if len(words) not in (2, 3):
            raise UsageError(USAGE)
        _import(Path(words[1]), Path(words[2]) if len(words) == 3 else Path(), dry_run, date)
        return
    if len(words) > 1:
        raise UsageError(f"unexpected argument '{words[1]}'; {USAGE}")
    _export(Path(words[0]) if words else Path(), fmt, output, issued, date)


def _export(
    root: Path, fmt: str, output: Path | None, issued: str | None, date: str | None
) -> None:
    """Write the VEX document of the latest scan; unmatched and to-re-review go to stderr."""
    from medsec.services import vex as service

    renderer = RENDERERS.choose(fmt)
    result = service.export_vex(service.ExportOptions(root, today(date), _issued(issued)))
    emit(renderer.render(VexView(result.statements, result.product, result.issued)), output)
    for problem in result.problems:
        note(f"warning: {problem}")
    for flag in result.review:
        where = f" (vulnerabilities.yaml:{flag.line})" if flag.line else ""
        note(f"re-review {flag.finding}: {flag.message}{where}")
    if result.unmatched:
        note(
            f"{counted(len(result.unmatched), 'assessment')} "
            f"match{'es' if len(result.unmatched) == 1 else ''} no finding of the latest scan "
            f"(not exported): {', '.join(result.unmatched[:5])}"
            + (" ..." if len(result.unmatched) > 5 else "")
        )
    counts: dict[str, int] = {}
    for s in result.statements:
        counts[s.state.value] = counts.get(s.state.value, 0) + 1
    summary = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
    source = (
        f"from {result.scan}"
        if result.scan
        else "no scan record under records/scans/: exported from the assessments alone"
    )
    note(f"vex: {counted(len(result.statements), 'statement')} ({summary}); {source}")


def _import(file: Path, root: Path, dry_run: bool, date: str | None) -> None:
    """Merge a VEX document into vulnerabilities.yaml and print each change on stderr."""
    from medsec.engines.vex_merge import ChangeKind
    from medsec.services import vex as service

    result = service.import_vex(service.ImportOptions(file, root, today(date), dry_run))
    doc, merged = result.document, result.merge
    for warning in doc.warnings:
        note(f"warning: {file}: {warning}")
    for change in merged.changes:
        if change.kind in (ChangeKind.ADDED, ChangeKind.CHANGED) and change.after is not None:
            a = change.after
            why = f" ({a.justification.value})" if a.justification else ""
            mark = "" if change.known else " [no finding of the latest scan]"
            note(f"{change.kind.value} {change.finding}: {a.state.value}{why}{mark}")
    for problem in result.problems:
        note(f"warning: {problem}")
    parts = ", ".join(
        f"{merged.count(k)} {k.value}"
        for k in ChangeKind
        if merged.count(k) or k is ChangeKind.ADDED
    )
    where = (
        " (dry run: nothing written)"
        if dry_run
        else (f"; wrote {result.written}" if result.written else "; nothing to write")
    )
    note(
        f"vex import: {file} ({doc.format.value} {doc.spec_version}, "
        f"{counted(len(doc.statements), 'statement')}): {parts}{where}"
    )


def register(app: typer.Typer) -> None:
    """Add vex to the app."""
    app.command()(allowing_outside(vex))
