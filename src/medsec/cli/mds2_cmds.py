"""``medsec mds2 build | diff``: the MDS2 form hospitals ask for, thin over services."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medsec.cli.common import OutputOpt, TodayOpt, allowing_outside, format_option, note, today
from medsec.cli.output import emit
from medsec.domain.errors import UsageError
from medsec.outputs.mds2 import RENDERERS
from medsec.outputs.mds2.diff import DIFF_RENDERERS

app = typer.Typer(
    help=(
        "The MDS2 form (ANSI/NEMA HN 1-2019) for hospitals: every question of the 2019 form, "
        "answered from the model where it knows (with the facts behind each answer), the rest "
        "from documents/mds2.yaml; an answer that contradicts the model is an error (exit 3)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def build(
    project: Annotated[Path, typer.Argument(help="The project folder.")] = Path(),
    fmt: Annotated[str, format_option(RENDERERS)] = RENDERERS.default,
    output: OutputOpt = None,
    date: TodayOpt = None,
) -> None:
    """Build the filled MDS2 form of the project (xlsx needs --output)."""
    from medsec.services import mds2

    renderer = RENDERERS.choose(fmt)
    if renderer.name == "xlsx" and output is None:
        raise UsageError("--format xlsx writes a workbook: name it with --output FILE.xlsx")
    form = mds2.build(mds2.Mds2Options(project, today(date)))
    emit(renderer.render(form), output)
    answered = sum(1 for r in form.rows if r.answer is not None)
    note(
        f"MDS2: {answered} of {len(form.rows)} questions answered ({form.derived} derived from "
        f"the model, {answered - form.derived} from documents/mds2.yaml), {len(form.open)} open"
    )


def diff(
    old: Annotated[Path, typer.Argument(help="The form of the earlier release (JSON or xlsx).")],
    new: Annotated[Path, typer.Argument(help="The form of the later release (JSON or xlsx).")],
    fmt: Annotated[str, format_option(DIFF_RENDERERS)] = DIFF_RENDERERS.default,
    output: OutputOpt = None,
) -> None:
    """The answers that changed between two releases' MDS2 forms."""
    from medsec.outputs.mds2.diff import FormDiff
    from medsec.services import mds2

    renderer = DIFF_RENDERERS.choose(fmt)
    before, after, changed = mds2.diff(old, new)
    emit(renderer.render(FormDiff(before, after, changed)), output)
    note(f"mds2 diff: {sum(1 for c in changed if c.kind == 'answer')} answers changed")


app.command("build")(allowing_outside(build))
app.command("diff")(diff)
