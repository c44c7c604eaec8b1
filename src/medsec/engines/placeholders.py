"""Placeholder ids: ``TBD``, ``TODO``, ``xxx`` written where a real id belongs are not an id.

A requirement ``SR-TBD``, a verification ``[TBD]``, an evidence path ``docs/TODO.pdf`` or an
approver ``xxx`` looks filled in but proves nothing; every check that needs an id asks here.
The words come from ``policy.placeholders`` (:data:`medsec.domain.model.PLACEHOLDERS` by
default) and match case-insensitively, as the whole value or as one of its parts between
non-alphanumeric characters (``SR-TBD``, ``TC_xxx``, ``TODO.pdf``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_PARTS = re.compile(r"[^0-9A-Za-z]+")


def is_placeholder(value: str | None, words: Sequence[str]) -> bool:
    """Whether the value is, or contains as one of its parts, a placeholder word."""
    if value is None:
        return False
    wanted = {w.casefold() for w in words}
    text = value.strip().casefold()
    if not text or text in wanted:
        return bool(text)
    return any(part in wanted for part in _PARTS.split(text) if part)


def real(values: Iterable[str], words: Sequence[str]) -> tuple[str, ...]:
    """The values that are not placeholders, in order."""
    return tuple(v for v in values if not is_placeholder(v, words))


def stated(value: str | None, words: Sequence[str]) -> bool:
    """Whether a value is given and is not a placeholder (``None``, blank and ``TBD`` are not)."""
    return bool(value and value.strip()) and not is_placeholder(value, words)
