"""RubyGems and NuGet versions as plain tuples: univers parses, the tuple compares in C.

univers' ``GemVersion`` and NuGet ``Version`` compare in Python, rebuilding their parts on
every comparison (about 10 us each; a NuGet comparison builds two new SemVer values). A scan
compares each parsed version several times, so the key is a tuple made once from what univers
parsed, in the same order (``<`` both ways; ``tests/engines/matching/test_keyed.py`` checks it
against univers on the reference vectors and on generated versions).

RubyGems (``Gem::Version#<=>``): the canonical segments compared left to right, the shorter
padded with zeros, a string below a number. Padding is what a tuple cannot do by itself, so
each run of zeros is folded into the segment after it: ``(0, zeros, text)`` for a string,
``(2, -zeros, number)`` for a number, ``(1,)`` for the end (infinite zeros). Where two versions
first differ, the one whose next non-zero segment comes earlier shows it against the other's
zero: a string (below zero) or a number (above); the end lies between them.

NuGet: major, minor, patch, then the fourth number (revision), then the pre-release as SemVer
orders it (none above any; identifiers compared numeric below alphanumeric, more identifiers
above fewer), as univers' ``__lt__`` does (the revision counts only between equal cores).
"""

from __future__ import annotations

import re
from typing import Any

_GEM_SEGMENT = re.compile(r"[0-9]+|[a-z]+", re.IGNORECASE)
_END = (1,)
_RELEASE = (1,)  # no pre-release: above every pre-release


def gem_canonical(version: str) -> tuple[int | str, ...]:
    """``GemVersion(version).canonical_segments`` of a version ``Gem::Version.correct?``
    accepts, as univers makes them: a ``-`` reads ``.pre.``; numbers and letter runs; the
    numbers before the first letters and the segments from there, each without trailing zeros."""
    text = version.strip().replace("-", ".pre.")
    segments: list[int | str] = [int(s) if s.isdigit() else s for s in _GEM_SEGMENT.findall(text)]
    first = next((n for n, s in enumerate(segments) if isinstance(s, str)), len(segments))
    numbers, rest = segments[:first], segments[first:]
    while numbers and numbers[-1] == 0:
        numbers.pop()
    while rest and rest[-1] == 0:
        rest.pop()
    return tuple(numbers + rest)


def gem_key(canonical: tuple[int | str, ...]) -> tuple[tuple[Any, ...], ...]:
    """The tuple key of a gem version's canonical segments (``GemVersion.canonical_segments``)."""
    key: list[tuple[Any, ...]] = []
    zeros = 0
    for segment in canonical:
        if isinstance(segment, str):
            key.append((0, zeros, segment))
            zeros = 0
        elif segment == 0:
            zeros += 1
        else:
            key.append((2, -zeros, segment))
            zeros = 0
    key.append(_END)
    return tuple(key)


def plain_nuget_key(version: str) -> tuple[Any, ...] | None:
    """The key of a NuGet version of one to four numbers (``1.2``, ``4.0.0.1``), as univers
    reads it (missing numbers are zero, the fourth is the revision); ``None`` for any other
    text (univers reads it then)."""
    parts = version.split(".")
    if not 0 < len(parts) < 5 or not version.isascii():
        return None
    if not all(part.isdigit() for part in parts):
        return None
    numbers = [int(part) for part in parts] + [0] * (4 - len(parts))
    return (*numbers, _RELEASE)


def nuget_key(
    major: int, minor: int, patch: int, revision: int, prerelease: str
) -> tuple[Any, ...]:
    """The tuple key of a parsed NuGet version (``prerelease`` as univers keeps it, lower case)."""
    if not prerelease:
        return (major, minor, patch, revision, _RELEASE)
    parts = tuple([_identifier(part) for part in prerelease.split(".")])
    return (major, minor, patch, revision, (0, parts))


def _identifier(identifier: str) -> tuple[int, int, str]:
    """A pre-release identifier as the ``semver`` library orders it: numeric (by value, leading
    zeros ignored) below alphanumeric (by ASCII)."""
    if not identifier.isdigit():
        return (1, 0, identifier)
    if not identifier.isascii():
        identifier = str(int(identifier))
    normalized = identifier.lstrip("0") or "0"
    return (0, len(normalized), normalized)
