"""``medsec`` entry point: ``main(argv) -> int`` so every command is testable in-process."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated

import typer

try:  # typer 0.2x ships its own copy of click (click is not installed) and raises its errors
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - older typer depends on click and raises click's own
    from click import ClickException  # type: ignore[assignment]

from medsec.cli.exit_codes import HELP_TEXT, ExitCode
from medsec.domain.errors import InputError, MedsecError, SourceUnavailableError, UsageError


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a command imports and builds its values.

    Importing the modules of ``medsec threats`` alone creates some 60,000 long-lived objects;
    the collector's passes over them only cost time (about 90 collections, 15 ms of start-up).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_app(argv: Sequence[str] = ()) -> typer.Typer:
    """The ``medsec`` app with the command modules ``argv`` needs (all of them for help)."""
    from medsec.cli import commands

    app = typer.Typer(
        name="medsec",
        help="Do and prove the cyber security work of a medical device.\n\n" + HELP_TEXT,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    app.callback()(_group)  # a group even when one command is mounted: 'medsec vex ...'
    commands.register(app, argv)
    return app


def _print_version(value: bool) -> None:
    """``medsec --version``: print ``medsec X.Y.Z`` and stop."""
    if value:
        from medsec import __version__

        sys.stdout.write(f"medsec {__version__}\n")
        raise typer.Exit(int(ExitCode.OK))


def _group(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_print_version, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Do and prove the cyber security work of a medical device."""
    del version  # handled by its callback, before any command runs


def _exit_code_for(error: MedsecError) -> ExitCode:
    """The exit code of an error family (input, usage, source); unknown ones count as bad input."""
    if isinstance(error, InputError):
        return ExitCode.BAD_INPUT
    if isinstance(error, UsageError):
        return ExitCode.USAGE
    if isinstance(error, SourceUnavailableError):
        return ExitCode.SOURCE_UNAVAILABLE
    return ExitCode.BAD_INPUT


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code instead of exiting."""
    args = list(sys.argv[1:] if argv is None else argv)
    with collector_paused():  # importing the command modules: nothing to collect yet
        app = build_app(args)
    verbose = os.environ.get("MEDSEC_DEBUG") == "1"
    try:
        result = app(args=args, prog_name="medsec", standalone_mode=False)
    except MedsecError as error:
        if verbose:
            raise
        sys.stderr.write(f"error: {error.diagnostics()}\n")
        return int(_exit_code_for(error))
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.Abort:
        sys.stderr.write("aborted\n")
        return int(ExitCode.USAGE)
    except ClickException as error:
        error.show(file=sys.stderr)
        return int(ExitCode.USAGE)
    except OSError as error:  # a file that cannot be read or written: bad input, not a traceback
        if verbose or isinstance(error, BrokenPipeError):
            raise
        where = f"{error.filename}: " if error.filename else ""
        sys.stderr.write(f"error: {where}{error.strerror or error}\n")
        return int(ExitCode.BAD_INPUT)
    return int(result) if isinstance(result, int) else int(ExitCode.OK)


def run() -> None:
    """Console-script entry point."""
    code = main()
    # On the way out the interpreter collects garbage over every object the imports made,
    # and pydantic's validators are slow to walk: 100 ms of ``medsec threats``' exit (measured:
    # 120 -> 21 ms from the end of the command to the end of the process). Frozen, they are
    # skipped; the process's memory goes back to the system all the same.
    gc.freeze()
    raise SystemExit(code)
