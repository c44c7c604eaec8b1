"""The one exit-code enum; ``medsec --help`` shows it."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """How ``medsec`` exits; the values are a contract with CI scripts (see HELP_TEXT)."""

    OK = 0
    CHECK_FAILED = 1  # a policy or check failed (`--fail-on`, a mandatory item not passing)
    USAGE = 2  # the command was called wrongly
    BAD_INPUT = 3  # an input file is malformed or inconsistent
    SOURCE_UNAVAILABLE = 4  # an external source or database could not be reached


HELP_TEXT = (
    "Exit codes: 0 ok; 1 a check or policy failed; 2 usage error; "
    "3 bad input (file, line and fix are printed); 4 external source unavailable."
)
