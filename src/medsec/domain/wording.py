"""Counts as people write them: ``1 open question``, ``2 open questions``.

What medsec prints and writes (command summaries, documents, notices) names a count with its
noun; ``1 statements`` reads as a defect to the auditor who meets it.
"""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and its noun, singular for exactly one (``plural`` when adding ``s`` is wrong)."""
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {plural if plural is not None else noun + 's'}"


def are(n: int) -> str:
    """The verb after a count of ``n`` things: ``1 scan is``, ``2 scans are``."""
    return "is" if n == 1 else "are"


def agree(n: int, one: str, several: str) -> str:
    """The wording that agrees with a count of ``n``: ``one`` for exactly one, else ``several``
    (``1 threat has``, ``2 threats have``; ``it is linked``, ``they are linked``)."""
    return one if n == 1 else several
