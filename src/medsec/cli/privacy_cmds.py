"""``medsec privacy ropa``: the records of processing (GDPR Art. 30) as an Excel workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medsec.cli.common import OutputOpt, TodayOpt, note, today
from medsec.cli.output import emit
from medsec.domain.errors import UsageError

app = typer.Typer(
    help=(
        "Privacy records from the model. 'ropa' writes the records of processing (GDPR Art. 30) "
        "as an Excel workbook; the same record as a document: 'medsec docs build --doc ropa'."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def ropa(
    project: Annotated[Path, typer.Argument(help="The project folder.")] = Path(),
    output: OutputOpt = None,
    date: TodayOpt = None,
) -> None:
    """Write the records of processing as a workbook (--output FILE.xlsx)."""
    from medsec.services.privacy import ropa_workbook

    if output is None:
        raise UsageError("medsec privacy ropa writes a workbook: name it with --output FILE.xlsx")
    data, activities, items = ropa_workbook(project, today(date))
    emit(data, output)
    note(f"RoPA: {activities} processing activities, {items} personal data items")


app.command("ropa")(ropa)
