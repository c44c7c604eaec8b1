"""The document model behind ``medsec docs``: what a regulatory document says, and on what evidence.

A document (the FDA premarket set, the IEC 81001-5-1 conformance matrix, the MDR GSPR
checklist, ...) is a header, an ordered list of sections and a revision history. Each section
holds statements, tables and figures; every statement names the evidence it rests on (a project
file, a line or a record in it, and the evidence's date), and every section lists its open
questions: what the evidence could not supply and where the user answers it. PDF, Word, HTML,
Markdown and JSON are renderers of this one model (``medsec.outputs.documents``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    """How far a section or a requirement row is met by the evidence."""

    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not-met"
    NOT_APPLICABLE = "not-applicable"  # always with a rationale
    INFO = "info"  # descriptive content, nothing to meet

    @property
    def label(self) -> str:
        """The status as a reader of the document sees it."""
        return _LABELS[self]


_LABELS = {
    Status.MET: "met",
    Status.PARTLY: "partly met",
    Status.NOT_MET: "not met",
    Status.NOT_APPLICABLE: "not applicable",
    Status.INFO: "—",
}


@dataclass(frozen=True)
class EvidenceRef:
    """Where a statement's evidence lives: a project file, a line or record in it, and its date."""

    path: str  # project-relative file ("medsec.yaml"), or a medsec command ("medsec check")
    line: int | None = None
    record: str | None = None  # an id inside the file: a threat id, a purl, a finding, a key
    date: date | None = None  # when the evidence was made (scan, review, test report date)

    @property
    def label(self) -> str:
        """``medsec.yaml:12 (MD-01@pump, 2026-11-02)``: the reference as a reader cites it."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        extra = [x for x in (self.record, self.date.isoformat() if self.date else None) if x]
        return f"{where} ({', '.join(extra)})" if extra else where


@dataclass(frozen=True)
class Statement:
    """One sentence of the document and the evidence it rests on.

    In a requirement matrix a statement is one row: ``label`` names the requirement (clause),
    ``status`` how far it is met, ``gap`` what is missing and ``fix`` the command or edit that
    closes the gap.
    """

    text: str
    evidence: tuple[EvidenceRef, ...] = ()
    status: Status | None = None
    label: str | None = None
    gap: str | None = None
    fix: str | None = None


@dataclass(frozen=True)
class TableRow:
    """One row of a data table, with the evidence it was read from."""

    cells: tuple[str, ...]
    evidence: tuple[EvidenceRef, ...] = ()


@dataclass(frozen=True)
class Table:
    """A data table (the SBOM, the ports list, the threat register ...)."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    empty: str = "None."  # what the document says when there are no rows


@dataclass(frozen=True)
class Figure:
    """A diagram: vector SVG when it could be drawn, else the reason it is missing."""

    id: str
    caption: str
    svg: str | None
    missing: str | None = None  # why there is no drawing (no layout engine, nothing to draw)


@dataclass(frozen=True)
class OpenQuestion:
    """What the evidence could not supply, and where the user answers it."""

    text: str
    answer_in: str  # a file and key ("documents/answers.yaml: personnel"), or a command
    key: str | None = None  # the answers key, when an answers file is the place


@dataclass(frozen=True)
class Section:
    """One numbered part of a document: its judgement, content and open questions."""

    id: str  # stable within the document (JSON consumers and revision diffs key on it)
    title: str
    status: Status
    statements: tuple[Statement, ...] = ()
    tables: tuple[Table, ...] = ()
    figures: tuple[Figure, ...] = ()
    open_questions: tuple[OpenQuestion, ...] = ()
    level: int = 1  # 1: a chapter, 2: a part of the chapter before it
    matrix: bool = False  # statements are requirement rows (render as a table)


@dataclass(frozen=True)
class Approval:
    """A line of the signature block: a role, and who signs for it when the answers say."""

    role: str
    name: str | None = None


@dataclass(frozen=True)
class DocumentHeader:
    """What the title page shows: the document, the device, the revision and its inputs."""

    id: str
    title: str
    frameworks: tuple[str, ...]
    device: str
    device_version: str
    manufacturer: str
    architecture_digest: str
    revision: int
    date: date  # the revision's date: unchanged inputs keep it, so rebuilds are identical
    inputs_digest: str


@dataclass(frozen=True)
class Completeness:
    """How much of the document the evidence and answers fill."""

    sections: int
    sections_complete: int  # sections without open questions
    open_questions: int

    @property
    def ratio(self) -> float:
        """Complete sections over all sections (1.0 for a document without sections)."""
        return round(self.sections_complete / self.sections, 3) if self.sections else 1.0


@dataclass(frozen=True)
class Document:
    """A built document: header, sections, what changed since the previous revision, approvals."""

    header: DocumentHeader
    sections: tuple[Section, ...]
    changes: tuple[str, ...] = ()  # since the previous revision (empty for revision 1)
    approvals: tuple[Approval, ...] = ()

    @property
    def open_questions(self) -> tuple[OpenQuestion, ...]:
        """Every open question of every section, in document order."""
        return tuple(q for s in self.sections for q in s.open_questions)

    @property
    def completeness(self) -> Completeness:
        """Sections, complete sections and open questions, counted."""
        complete = sum(1 for s in self.sections if not s.open_questions)
        return Completeness(len(self.sections), complete, len(self.open_questions))


class AnswerKind(StrEnum):
    """The type of a manual answer in a ``documents/`` answers file."""

    TEXT = "text"  # a string
    LIST = "list"  # a list of strings
    DATE = "date"  # an ISO date
    BOOL = "bool"  # true / false
    RECORDS = "records"  # a list of mappings with the question's columns as keys


@dataclass(frozen=True)
class Question:
    """A fact a document needs that evidence cannot supply: its answers key and how to answer."""

    key: str  # snake_case; one key is one fact, shared by every document that needs it
    prompt: str
    kind: AnswerKind = AnswerKind.TEXT
    columns: tuple[str, ...] = ()  # RECORDS: the keys of each record (all strings)
    required: tuple[str, ...] = ()  # RECORDS: the columns every record must fill


AnswerValue = str | bool | date | tuple[str, ...] | tuple[dict[str, str], ...]


@dataclass(frozen=True)
class Answer:
    """A manual answer as read from an answers file, with where it was written."""

    key: str
    value: AnswerValue
    path: str  # project-relative answers file
    line: int | None

    @property
    def ref(self) -> EvidenceRef:
        """The answer as evidence: the answers file and line, the key as the record."""
        return EvidenceRef(self.path, self.line, self.key)


@dataclass(frozen=True)
class Answers:
    """Every manual answer of a project, by key."""

    values: dict[str, Answer]

    def get(self, key: str) -> Answer | None:
        """The answer to ``key``, or None while it is open."""
        return self.values.get(key)

    def text(self, key: str) -> str | None:
        """A TEXT answer, or None."""
        found = self.values.get(key)
        return found.value if found is not None and isinstance(found.value, str) else None
