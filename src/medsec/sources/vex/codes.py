"""Reading one code of a VEX vocabulary: case-blind, with a located error and a suggestion."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import TypeVar

from medsec.sources.vex.jsondoc import problem

T = TypeVar("T")


def hint(word: str, options: Iterable[str]) -> str:
    """The closest valid code to suggest, else the list of valid codes."""
    choices = sorted(set(options))
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "expected one of: " + ", ".join(choices)


def code(value: object, table: Mapping[str, T], *, source: str, pointer: str, what: str) -> T:
    """``table[value]``, trying the lower-case value too; InputError naming the place if absent."""
    if isinstance(value, str):
        found = table.get(value)
        if found is None:
            found = table.get(value.strip().lower())
        if found is not None:
            return found
    raise problem(source, pointer, f"unknown {what} {value!r}", hint(str(value), table))
