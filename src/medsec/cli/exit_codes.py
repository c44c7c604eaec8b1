"""The one exit-code enum and its table; ``medsec --help``, the README and docs/cli.md show it."""

from __future__ import annotations

import textwrap
from enum import IntEnum


class ExitCode(IntEnum):
    """How ``medsec`` exits; the values are a contract with CI scripts (see EXIT_CODES)."""

    OK = 0
    CHECK_FAILED = 1  # a policy or check failed (`--fail-on`, a mandatory item not passing)
    USAGE = 2  # the command was called wrongly
    BAD_INPUT = 3  # an input file is malformed or inconsistent
    SOURCE_UNAVAILABLE = 4  # an external source or database could not be reached


# (code, meaning, when): one row per code; tests hold the README and docs/cli.md tables to it.
EXIT_CODES: tuple[tuple[ExitCode, str, str], ...] = (
    (ExitCode.OK, "ok", "the command did what it says"),
    (
        ExitCode.CHECK_FAILED,
        "a check or policy failed",
        "`check` when a mandatory item does not pass, `sbom check` when it finds gaps, "
        "`scan --fail-on SEVERITY` when an open finding is at or above the severity",
    ),
    (
        ExitCode.USAGE,
        "usage error",
        "unknown command, option or value, a missing argument, a file that already exists, "
        "`db update --offline`; nothing is written",
    ),
    (
        ExitCode.BAD_INPUT,
        "bad input",
        "a file is missing, unreadable, malformed or inconsistent (each problem is printed as "
        "`file:line: field: problem (fix)`), a database path whose folder does not exist, a "
        "file that is not a database; nothing is written",
    ),
    (
        ExitCode.SOURCE_UNAVAILABLE,
        "external source unavailable",
        "a feed or database server cannot be reached, the vulnerability database is empty (`scan`)",
    ),
)


def _help_text() -> str:
    """The table as ``--help`` shows it: wrapped here, in a paragraph click does not re-wrap."""
    lines = ["\b", "Exit codes:"]
    for code, meaning, when in EXIT_CODES:
        text = f"{meaning}: {when.replace('`', '')}"
        lines += textwrap.wrap(
            text, width=78, initial_indent=f"  {int(code)}  ", subsequent_indent="     "
        )
    return "\n".join(lines)


HELP_TEXT = _help_text()
