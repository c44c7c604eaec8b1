"""Counts with their nouns: singular for exactly one, the plural otherwise."""

from __future__ import annotations

import pytest

from medsec.domain.wording import counted


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "0 open questions"), (1, "1 open question"), (2, "2 open questions")],
)
def test_regular_plural(n: int, expected: str) -> None:
    assert counted(n, "open question") == expected


def test_irregular_plural() -> None:
    assert counted(1, "entry", "entries") == "1 entry"
    assert counted(3, "entry", "entries") == "3 entries"


def test_the_verb_agrees_with_the_count() -> None:
    from medsec.domain.wording import are

    assert f"{counted(1, 'scan')} {are(1)} recorded" == "1 scan is recorded"
    assert f"{counted(2, 'scan')} {are(2)} recorded" == "2 scans are recorded"
    assert are(0) == "are"
