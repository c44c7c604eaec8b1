"""Hackage (Haskell) version order: Cabal's ``Version``, as the PVP writes versions.

A Hackage version is one or more non-negative integers separated by ``.``, each without a
leading zero and of at most nine digits (Cabal-syntax's ``versionDigitParser``); versions
compare as lists of numbers, left to right, a prefix before the longer version (``1.0`` <
``1.0.0`` < ``1.0.0.1``), as ``Data.Version`` and Cabal's derived ``Ord`` do. Tags
(``1.0-rc1``) are deprecated and never published on Hackage: refused. osv.dev reads each
``.``-separated part as an integer (the same order on valid versions) and sorts anything else
last; medsec refuses it instead, so the range is a "could not evaluate" outcome, not a guess.
No Haskell toolchain ships in Debian small enough to generate vectors with; the hand-written
vectors in ``tests/fixtures/versions/hackage.tsv`` cite the rule each one checks.
"""

from __future__ import annotations

import re

_PART = re.compile(r"^(?:0|[1-9]\d{0,8})$")


def hackage_key(version: str) -> tuple[int, ...]:
    """The version's numbers; a version Cabal would not parse raises ``ValueError``."""
    parts = version.split(".")
    if not all(_PART.match(part) for part in parts):
        raise ValueError(version)
    return tuple(int(part) for part in parts)
