"""Pub (Dart) version order, as pub_semver's ``Version.compareTo`` defines it.

Why our own code: Pub is SemVer-like but, unlike SemVer 2.0, *orders* build metadata: a
version without a build sorts before the same version with one, and builds compare like
pre-releases (``1.0.0`` < ``1.0.0+build``, ``1.2.3+1`` < ``1.2.3+2``). Packages publish fixes
as ``4.1.1+1``; with SemVer order such a fix would never be recognised (issue 10).

pub_semver's rules: ``major.minor.patch`` are required and compare numerically (leading zeros
allowed); a pre-release sorts before the release; pre-release and build identifiers split at
``.``; a numeric identifier compares numerically and before any string, strings by code unit,
and a missing identifier sorts first. The hand-written vectors in
``tests/fixtures/versions/pub.tsv`` cite the rule each one checks. (pub_semver's pattern
leaves the ``.`` between the numbers unescaped; we require a real ``.``.)
"""

from __future__ import annotations

import re
from typing import TypeAlias

_PUB = re.compile(
    r"^(\d+)\.(\d+)\.(\d+)"
    r"(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$"
)
_INTEGER = re.compile(r"^-?\d+$")  # what Dart's int.tryParse reads in these identifiers

Identifier: TypeAlias = tuple[int, int, str]


class PubVersionError(ValueError):
    """Not a version pub_semver can parse."""


def pub_key(
    version: str,
) -> tuple[int, int, int, int, tuple[Identifier, ...], int, tuple[Identifier, ...]]:
    """(major, minor, patch, release?, pre-release, build?, build) as pub_semver orders them."""
    found = _PUB.match(version)
    if found is None:
        raise PubVersionError(f"not a Pub version: {version!r}")
    major, minor, patch, pre, build = found.groups()
    return (
        int(major),
        int(minor),
        int(patch),
        0 if pre else 1,
        _identifiers(pre),
        1 if build else 0,
        _identifiers(build),
    )


def _identifiers(text: str | None) -> tuple[Identifier, ...]:
    """Dot-separated identifiers: numbers (numerically) before strings (by code unit)."""
    if not text:
        return ()
    return tuple(
        (0, int(part), "") if _INTEGER.match(part) else (1, 0, part) for part in text.split(".")
    )
