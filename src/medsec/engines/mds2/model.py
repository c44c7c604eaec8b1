"""The MDS2 form (ANSI/NEMA HN 1-2019) as values: questions, answers, their sources, the form.

A question of the form has an id (``TXCF-2``), a section (``TXCF``), the form's text and its
parent question (``TXCF-2.1`` under ``TXCF-2``). An answer is one of the form's four values;
medsec derives it from the model where the model knows (:class:`Derived`, with the model
:class:`Fact` s it rests on), the manufacturer writes the rest in ``documents/mds2.yaml``
(:class:`ManualAnswer`), and what neither supplies stays open. :class:`Mds2Form` is the
filled form every renderer (xlsx, JSON, the ``docs`` document) and the diff read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from medsec.domain.document import EvidenceRef


class Mds2Answer(StrEnum):
    """The four answers the form allows."""

    YES = "Yes"
    NO = "No"
    NA = "N/A"
    SEE_NOTE = "See note"


class Origin(StrEnum):
    """Where a row's answer comes from."""

    DERIVED = "derived"  # from the model, with its facts
    CONFIRMED = "confirmed"  # derived, and the answers file says the same
    MANUAL = "manual"  # the answers file, for what the model cannot say
    OPEN = "open"  # nobody answered: listed, never guessed


@dataclass(frozen=True)
class Mds2Section:
    """A section of the form: its code, its title and what it discloses (one line)."""

    code: str
    title: str
    description: str


@dataclass(frozen=True)
class Mds2Question:
    """One question of the 2019 form: id, section code, the form's text, parent question id."""

    id: str
    section: str
    text: str
    parent: str | None = None


@dataclass(frozen=True)
class Fact:
    """A model fact an answer rests on: the file, the key (with ids), its value, its line."""

    path: str  # "medsec.yaml", an SBOM file, "records/scans", "medsec mds2 build"
    key: str  # "flows.pump-to-hl7.encryption"
    value: str  # "none"
    line: int | None = None

    @property
    def label(self) -> str:
        """``medsec.yaml:307 flows.pump-to-hl7.encryption = none``: as a reader cites it."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where} {self.key} = {self.value}"

    @property
    def ref(self) -> EvidenceRef:
        """The fact as document evidence: file, line, key and value as the record."""
        return EvidenceRef(self.path, self.line, f"{self.key} = {self.value}")


@dataclass(frozen=True)
class Derived:
    """An answer derived from the model: the value, a note saying why, and the facts behind it."""

    answer: Mds2Answer
    note: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class ManualAnswer:
    """An answer written in the answers file, with where it was written."""

    id: str
    answer: Mds2Answer
    note: str
    path: str
    line: int | None


@dataclass(frozen=True)
class Mds2Row:
    """One question of the filled form: the answer (None while open), note, sources, origin."""

    question: Mds2Question
    answer: Mds2Answer | None
    note: str
    derived_from: tuple[Fact, ...]
    origin: Origin
    manual: ManualAnswer | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        """What the answer rests on, as text: the model facts, or the answers file line."""
        if self.derived_from:
            return tuple(f.label for f in self.derived_from)
        if self.manual is not None:
            where = self.manual.path
            return (f"{where}:{self.manual.line}" if self.manual.line else where,)
        return ()


@dataclass(frozen=True)
class DeviceInfo:
    """The header block of the form: who made which device, and the form's date."""

    manufacturer: str
    name: str
    version: str
    device_id: str
    date: date


@dataclass(frozen=True)
class Mds2Form:
    """The filled form: header, rows in the form's order, sections with their titles."""

    device: DeviceInfo
    sections: tuple[Mds2Section, ...]
    rows: tuple[Mds2Row, ...]

    @property
    def derived(self) -> int:
        """Rows answered from the model (derived, or derived and confirmed)."""
        return sum(1 for r in self.rows if r.origin in (Origin.DERIVED, Origin.CONFIRMED))

    @property
    def open(self) -> tuple[Mds2Row, ...]:
        """Rows nobody answered yet, in form order."""
        return tuple(r for r in self.rows if r.origin is Origin.OPEN)

    def in_section(self, code: str) -> tuple[Mds2Row, ...]:
        """The rows of one section, in form order."""
        return tuple(r for r in self.rows if r.question.section == code)


@dataclass(frozen=True)
class SnapshotRow:
    """One row of a form as read back from a file (for ``mds2 diff``)."""

    id: str
    section: str
    answer: str | None
    note: str


@dataclass(frozen=True)
class Snapshot:
    """A form as read back from an xlsx or JSON file: where from, the device, its rows."""

    source: str
    device: str
    version: str
    rows: tuple[SnapshotRow, ...]


@dataclass(frozen=True)
class Change:
    """An answer that differs between two releases' forms (None: absent or open)."""

    id: str
    section: str
    old: str | None
    new: str | None
    old_note: str
    new_note: str

    @property
    def kind(self) -> str:
        """``answer`` when the answer moved, ``note`` when only the note did."""
        return "answer" if self.old != self.new else "note"
