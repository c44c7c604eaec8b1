"""Section numbers of a document ("3", "3.2"), shared by every renderer so they all agree.

These are the only section numbers a document prints: a title names a standard's clause or an
artefact in words ("Clause 4: General requirements"), never as a bare leading number that would
stand beside this one ("3 4 General requirements").
"""

from __future__ import annotations

from collections.abc import Iterable

from medsec.domain.document import Section


def numbered(sections: Iterable[Section]) -> list[tuple[str, Section]]:
    """Each section with its number: chapters count 1, 2, ...; level-2 parts 2.1, 2.2, ..."""
    out: list[tuple[str, Section]] = []
    chapter = part = 0
    for s in sections:
        if s.level <= 1 or chapter == 0:
            chapter, part = chapter + 1, 0
            out.append((str(chapter), s))
        else:
            part += 1
            out.append((f"{chapter}.{part}", s))
    return out
