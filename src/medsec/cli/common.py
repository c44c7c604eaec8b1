"""Options and helpers shared by the command modules."""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import os
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from medsec.domain.errors import UsageError
from medsec.outputs.renderer import Registry

ENV_DB = "MEDSEC_DB"  # = storage.engine.ENV_DB, named here so the CLI starts without SQLAlchemy

ProjectArg = Annotated[
    Path, typer.Argument(help="The project folder (holding medsec.yaml) or the file itself.")
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the result to FILE (atomically, only on success)."),
]
AllowOutsideOpt = Annotated[
    bool,
    typer.Option(
        "--allow-outside",
        help="Accept files medsec.yaml names outside the project folder (absolute paths, ../, "
        "symbolic links out); refused by default.",
    ),
]
TodayOpt = Annotated[
    str | None,
    typer.Option("--today", help="Evaluate as of this date (YYYY-MM-DD); default: today."),
]


def today(value: str | None) -> dt.date:
    """The date to evaluate as of: --today, else MEDSEC_TODAY, else the clock."""
    if value is None:
        env = os.environ.get("MEDSEC_TODAY")
        if not env:
            return dt.date.today()
        value = env
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today: '{value}' is not a date (YYYY-MM-DD)") from None


def format_option(registry: Registry[Any], note: str = "") -> Any:
    """The ``--format/-f`` option of a command: its choices and help come from ``registry``.

    The value is checked with ``registry.choose`` (a usage error listing the formats), first
    thing in the command, before anything is computed or written.
    """
    return typer.Option("--format", "-f", help=registry.help() + note)


def choose(value: str, allowed: tuple[str, ...], option: str = "--format") -> str:
    """``value`` if it is one of ``allowed``, else a usage error listing them."""
    if value not in allowed:
        raise UsageError(f"{option}: '{value}' is not one of {', '.join(allowed)}")
    return value


def note(message: str) -> None:
    """A summary line for people: stderr, so stdout stays machine-readable."""
    sys.stderr.write(message + "\n")


# the database every command that opens one takes, and the folder whose .medsec.toml names it
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="MEDSEC_DB",
        help="Database: a SQLite file path or postgresql://user@host/db; else MEDSEC_DB, else "
        "'database' in .medsec.toml, else a file in the user data dir.",
    ),
]
ProjectOpt = Annotated[
    Path,
    typer.Option(
        "--project",
        "-p",
        help="Project folder whose .medsec.toml names the database (default: current folder).",
    ),
]


def database(given: str | None, project: Path) -> str | None:
    """The database a command opens: --db, else MEDSEC_DB, else the project's .medsec.toml.

    ``None`` leaves the choice to the storage layer: the SQLite file in the user data dir.
    """
    if given and given.strip():
        return given
    env = os.environ.get(ENV_DB, "").strip()
    if env:
        return env
    from medsec.project import settings  # on use: most commands open no database

    return settings.load(project).database


def allowing_outside(command: Callable[..., Any]) -> Callable[..., Any]:
    """``command`` with an ``--allow-outside`` option: the project's paths may then leave it.

    One wrapper instead of an option threaded through every service: the project loader reads
    the choice from ``project.containment.outside_allowed`` for the duration of the command.
    """
    signature = inspect.signature(command, eval_str=True)
    hints = typing.get_type_hints(command, include_extras=True)

    @functools.wraps(command)
    def wrapper(*args: Any, allow_outside: bool = False, **kwargs: Any) -> Any:
        """Run the command, with paths outside the project accepted when asked."""
        from medsec.project.containment import outside_allowed

        with outside_allowed(allow_outside):
            return command(*args, **kwargs)

    extra = inspect.Parameter(
        "allow_outside", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=AllowOutsideOpt
    )
    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), extra]
    )
    wrapper.__annotations__ = {**hints, "allow_outside": AllowOutsideOpt}
    return wrapper
