"""How a catalogue row is written: one builder, so every answer key brings its one question."""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.framework import Condition, Requirement, Scope
from medsec.domain.vocabulary import Activity
from medsec.engines.frameworks.answers import prompt

IEC = "IEC 81001-5-1"


def entry(
    framework: str,
    rid: str,
    clause: str,
    title: str,
    gist: str,
    evidence: str,
    supports: tuple[ItemId, ...],
    *,
    answer: str | None = None,
    applies_to: Scope | None = None,
    not_applicable_when: Condition | None = None,
    activities: tuple[Activity, ...] = (),
) -> Requirement:
    """A requirement whose answer prompt comes from the one table of questions (``ANSWERS``)."""
    return Requirement(
        id=rid,
        framework=framework,
        clause=clause,
        title=title,
        gist=gist,
        evidence=evidence,
        supports=supports,
        answer=answer,
        answer_prompt=prompt(answer) if answer is not None else None,
        applies_to=applies_to,
        not_applicable_when=not_applicable_when,
        activities=activities,
    )


def iec(
    key: str,
    title: str,
    gist: str,
    evidence: str,
    *supports: ItemId,
    answer: str | None = None,
    not_applicable_when: Condition | None = None,
    activities: tuple[Activity, ...] = (),
) -> Requirement:
    """One clause of IEC 81001-5-1, its id written as the catalogue writes it (``AnnexF``)."""
    return entry(
        IEC,
        f"IEC81001-5-1:{key}",
        key.replace("Annex", "Annex ", 1),
        title,
        gist,
        evidence,
        supports,
        answer=answer,
        not_applicable_when=not_applicable_when,
        activities=activities,
    )
