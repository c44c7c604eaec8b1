"""What the regulatory frameworks ask of a device maker, as typed values the documents iterate.

A framework (IEC 81001-5-1, the FDA premarket guidance, the MDR with MDCG 2019-16, the CRA,
NIS-2, the GDPR) is a catalogue of requirements. Each requirement says what it asks (``gist``, in
our own words: none of this is legal text), what evidence shows it, which checklist items judge
that evidence (``supports``), and, where the project's evidence cannot show it, which manual
answer it needs (``answer``, a key of the ``documents/`` answers file, with the question to ask).
The catalogues themselves live in ``medsec.engines.frameworks``; this module holds their shape.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from medsec.domain.checklist import ItemId
from medsec.domain.vocabulary import Activity


class Scope(StrEnum):
    """The part of a system a requirement is about, when it is not the whole medical device."""

    CRA = "cra-scope"  # products with digital elements outside the MDR: app, cloud, gateway
    CYBER_DEVICE = "cyber-device"  # FD&C Act 524B: devices that meet the cyber device test
    PERSONAL_DATA = "personal-data"  # only where personal data is processed


class Condition(StrEnum):
    """A project fact that makes a requirement not applicable; its rationale says which."""

    NOT_LEGACY = "not-legacy"
    NO_SUPPORTED_SOFTWARE = "no-supported-software"
    NO_REQUIRED_SOFTWARE = "no-required-software"
    NO_HARDWARE = "no-hardware"
    NOT_A_MODIFICATION = "not-a-modification"

    @property
    def rationale(self) -> str:
        """The not-applicable rationale a document states when the fact holds."""
        return _RATIONALES[self]


_RATIONALES = {
    Condition.NOT_LEGACY: (
        "the project declares no transitional (legacy) health software: all software was "
        "developed under the current security life cycle"
    ),
    Condition.NO_SUPPORTED_SOFTWARE: (
        "no software item is classified 'supported' (patched by the operator with the "
        "manufacturer's information)"
    ),
    Condition.NO_REQUIRED_SOFTWARE: (
        "no software item is classified 'required' (environment software the manufacturer only "
        "states as a prerequisite)"
    ),
    Condition.NO_HARDWARE: "the product is software only: there is no hardware to show",
    Condition.NOT_A_MODIFICATION: (
        "the submission is not a modification of a device the FDA has already authorised"
    ),
}


@dataclass(frozen=True)
class Requirement:
    """One requirement of a framework: what it asks, what shows it, which checklist items judge it.

    ``id`` is the catalogue's stable key (``IEC81001-5-1:5.7.4``); ``clause`` is how a reader
    cites it (``5.7.4``, ``Annex I 17.2``). ``answer`` names the manual answer the requirement
    needs when project evidence cannot show it, and ``answer_prompt`` is the question to ask;
    the same key always carries the same question, across frameworks. ``applies_to`` limits the
    requirement to a part of the system, ``not_applicable_when`` names the project fact that
    makes it not applicable. ``activities`` are the secure development activities whose records
    are its evidence.
    """

    id: str
    framework: str
    clause: str
    title: str
    gist: str
    evidence: str
    supports: tuple[ItemId, ...]
    answer: str | None = None
    answer_prompt: str | None = None
    applies_to: Scope | None = None
    not_applicable_when: Condition | None = None
    activities: tuple[Activity, ...] = ()


@dataclass(frozen=True)
class Artefact:
    """One document of a submission set (the FDA premarket list): what it is and what it needs.

    ``requirements`` are the catalogue ids whose evidence and answers fill it, so a document
    spec collects its statements and open questions from them.
    """

    number: int
    title: str
    sections: tuple[str, ...]  # where the guidance asks for it, e.g. ("V.A", "VI.B")
    data: tuple[str, ...]  # the data the tool needs to produce or check it
    requirements: tuple[str, ...]


@dataclass(frozen=True)
class OutlineItem:
    """One entry of a prescribed document outline (CRA Annex VII, IEC 81001-5-1 Annex E).

    ``number`` is the outline's own numbering: ``2`` is a heading, ``2(b)`` an item under it.
    """

    id: str
    number: str
    title: str
    gist: str
    supports: tuple[ItemId, ...] = ()
    requirements: tuple[str, ...] = ()
    answer: str | None = None
    answer_prompt: str | None = None
    not_applicable_when: Condition | None = None

    @property
    def depth(self) -> int:
        """1 for a heading (``2``), 2 for an item under it (``2(b)``)."""
        return 2 if "(" in self.number else 1


class Stage(StrEnum):
    """The steps of a regulatory report: early warning, notification, final report."""

    EARLY_WARNING = "early-warning"
    NOTIFICATION = "notification"
    FINAL_REPORT = "final-report"


class ClockStart(StrEnum):
    """The event a reporting deadline counts from."""

    AWARE = "aware"  # the manufacturer (or entity) becomes aware of it
    FIX_AVAILABLE = "fix-available"  # a corrective or mitigating measure is available
    NOTIFICATION = "notification"  # the notification stage was submitted


@dataclass(frozen=True)
class ReportingDeadline:
    """One stage of a reporting clock (CRA Art. 14, NIS-2 Art. 23, GDPR Art. 33) as data.

    The period is ``hours`` + ``days`` + calendar ``months`` after the ``starts`` event.
    """

    id: str
    stage: Stage
    subject: str  # what is reported: "actively exploited vulnerability", "severe incident"
    starts: ClockStart
    hours: int = 0
    days: int = 0
    months: int = 0

    def due(self, start: datetime) -> datetime:
        """The latest moment the stage may be submitted, for a clock started at ``start``."""
        return _add_months(start, self.months) + timedelta(days=self.days, hours=self.hours)

    @property
    def period(self) -> str:
        """The period as a reader says it: ``24 h``, ``14 days``, ``1 month``."""
        parts = [
            f"{n} {unit if n == 1 else units}"
            for n, unit, units in (
                (self.months, "month", "months"),
                (self.days, "day", "days"),
            )
            if n
        ]
        if self.hours:
            parts.append(f"{self.hours} h")
        return " ".join(parts) or "0 h"


def _add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus calendar months; a day past the month's end falls on its last day."""
    if not months:
        return moment
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
