"""The layout of a document, shared by every renderer (Markdown, HTML, PDF, Word) so they agree.

Section numbers come from :func:`numbering.numbered`; on top of them this view numbers tables
and figures through the whole document (Table 3, Figure 2) and lists the contents, so every
edition (the Markdown one too) prints the same numbers, captions and contents entries. It also
chooses column widths from the content (the PDF lays tables out with fixed widths: a 7,000-row
table is not measured cell by cell), checks every drawing with :func:`inline_svg` and gathers
the closing list of open questions with the section each comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from medsec.domain.document import (
    Document,
    EvidenceRef,
    Figure,
    OpenQuestion,
    Section,
    Statement,
    Table,
    TableRow,
)
from medsec.outputs.documents.numbering import numbered
from medsec.outputs.documents.widths import Column, Fit, fit
from medsec.outputs.documents.widths import column_widths as fitted_widths
from medsec.outputs.report.figure import inline_svg

MATRIX_COLUMNS = ("Requirement", "Status", "Statement", "Evidence", "Gap", "How to close")
EVIDENCE_COLUMN = "Evidence"
REJECTED_SVG = (
    "The drawing was left out: it is not a plain SVG drawing (it holds scripts, links or "
    "embedded content)."
)
NOT_DRAWN = "The drawing is not available."
# the unnumbered chapters around the numbered sections, as every edition titles them
OPEN_QUESTIONS, APPROVAL = "Open questions", "Approval"
# Column widths are chosen from this many rows: enough to see the shape of the data, and a
# 7,000-row table costs no more than a 300-row one.
_SAMPLE_ROWS = 300
# control characters (but tab, line feed, carriage return), non-characters, lone surrogates
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """Text every edition can hold: XML 1.0 and fonts have no control characters; U+FFFD shows
    where one was."""
    return _UNPRINTABLE.sub("\ufffd", text)


@dataclass(frozen=True)
class TableView:
    """A data table with its number, its columns (evidence last when rows have some), widths.

    ``rows`` are the rows shown: all of them, except in the PDF edition of a very long table
    (``max_rows``), which then says how many it leaves to the other editions (``omitted``).
    A ``wide`` table has too many columns for a portrait page: its widths are of a landscape
    one, which the PDF and Word editions print it on.
    """

    number: int
    table: Table
    columns: tuple[str, ...]
    widths: tuple[float, ...]  # percent of the text width, one per column
    with_evidence: bool
    rows: tuple[TableRow, ...]
    omitted: int = 0
    wide: bool = False

    @property
    def caption(self) -> str:
        """The caption every edition prints: ``Table 3: Components``."""
        return f"Table {self.number}: {self.table.caption}"


@dataclass(frozen=True)
class FigureView:
    """A figure with its number, and either a checked inline SVG or why there is none."""

    number: int
    figure: Figure
    svg: str | None
    note: str

    @property
    def caption(self) -> str:
        """The caption every edition prints: ``Figure 2: Data-flow diagram``."""
        return f"Figure {self.number}: {self.figure.caption}"


@dataclass(frozen=True)
class SectionView:
    """A section with its number, its anchor in the page and its numbered tables and figures.

    ``statements`` are the statements shown: all of a requirement matrix, and of a list all
    but in the PDF edition of a very long one (``omitted`` says how many it leaves out).
    """

    number: str
    anchor: str
    section: Section
    tables: tuple[TableView, ...]
    figures: tuple[FigureView, ...]
    statements: tuple[Statement, ...]
    omitted: int = 0

    @property
    def level(self) -> int:
        """1 for a chapter, 2 for a part of one (deeper sections are shown as parts)."""
        return 2 if self.section.level > 1 else 1

    @property
    def opens_wide(self) -> bool:
        """Whether the section opens with a wide table (no statements before it): its heading
        then prints on the table's landscape page, not alone at the foot of the page before."""
        return not self.statements and bool(self.tables) and self.tables[0].wide

    @property
    def matrix_widths(self) -> tuple[float, ...]:
        """The percent widths of the ``MATRIX_COLUMNS`` when this section is a matrix."""
        return matrix_widths(self.statements)


@dataclass(frozen=True)
class ContentsEntry:
    """A line of the contents: a numbered section, or an unnumbered chapter (no number)."""

    number: str | None
    title: str
    level: int  # 1 or 2, as :attr:`SectionView.level`
    anchor: str
    section: Section | None = None  # the numbered section (its status), None for the others


@dataclass(frozen=True)
class QuestionView:
    """An open question with the section it belongs to, for the closing chapter."""

    number: str
    section: str
    anchor: str
    question: OpenQuestion


@dataclass(frozen=True)
class DocumentView:
    """Everything the HTML, PDF and Word editions show, in document order."""

    document: Document
    sections: tuple[SectionView, ...]
    questions: tuple[QuestionView, ...]
    max_refs: int | None = None  # evidence references shown per statement or row (None: all)

    @property
    def previous_revision(self) -> int | None:
        """The revision the change list compares with, or None when there is none to show."""
        doc = self.document
        return doc.header.revision - 1 if doc.changes and doc.header.revision > 1 else None

    @property
    def changes_title(self) -> str | None:
        """The title of the change list, or None when there is none to show."""
        previous = self.previous_revision
        return None if previous is None else f"Changes since revision {previous}"

    @property
    def contents(self) -> tuple[ContentsEntry, ...]:
        """Every edition's contents: the change list, the numbered sections, questions, approval."""
        changes = self.changes_title
        head = () if changes is None else (ContentsEntry(None, changes, 1, "changes"),)
        body = tuple(
            ContentsEntry(s.number, s.section.title, s.level, s.anchor, s.section)
            for s in self.sections
        )
        tail = (
            ContentsEntry(None, OPEN_QUESTIONS, 1, "open-questions"),
            ContentsEntry(None, APPROVAL, 1, "approval"),
        )
        return (*head, *body, *tail)


def listed_gap(statement: Statement) -> str | None:
    """The gap printed under a statement of a list: none when it only repeats the statement.

    A check finding is both the statement and its gap (its message says what is missing); a
    list prints it once, with where and how to close it. A requirement matrix keeps its Gap
    column: there the statement is the requirement's, the gap what is missing from it.
    """
    gap = statement.gap
    return gap if gap and gap.strip() != statement.text.strip() else None


def evidence_labels(refs: tuple[EvidenceRef, ...]) -> tuple[str, ...]:
    """The evidence references as a reader cites them (``medsec.yaml:12 (MD-01@pump)``)."""
    return tuple(r.label for r in refs)


def column_widths(columns: tuple[str, ...], rows: tuple[TableRow, ...]) -> Fit:
    """Percent widths for a data table's columns (evidence last, if any), from a sample of rows,
    and whether it is wide (printed landscape)."""
    sample = tuple(islice(rows, _SAMPLE_ROWS))
    cells = [
        Column(name, tuple(r.cells[i] if i < len(r.cells) else "" for r in sample))
        for i, name in enumerate(columns)
    ]
    if any(r.evidence for r in rows):
        refs = tuple("\n".join(evidence_labels(r.evidence)) for r in sample)
        cells.append(Column(EVIDENCE_COLUMN, refs, mono=True))
    return fit(cells)


def _badge(s: Statement) -> str:
    """A status badge as wide as its room in the matrix: bold, padded and bordered."""
    return s.status.label + "   " if s.status else "–"


def matrix_widths(statements: tuple[Statement, ...]) -> tuple[float, ...]:
    """Percent widths for the columns of a requirement matrix (``MATRIX_COLUMNS``)."""
    sample = statements[:_SAMPLE_ROWS]
    label, status, text, evidence, gap, fix = MATRIX_COLUMNS
    return fitted_widths(
        (
            Column(label, tuple(s.label or "–" for s in sample), bold=True),
            Column(status, tuple(_badge(s) for s in sample), whole=True),
            Column(text, tuple(s.text for s in sample)),
            Column(evidence, tuple("\n".join(evidence_labels(s.evidence)) for s in sample), True),
            Column(gap, tuple(s.gap or "–" for s in sample)),
            Column(fix, tuple(s.fix or "–" for s in sample), mono=True),
        )
    )


def _figure(number: int, f: Figure) -> FigureView:
    """A figure whose SVG passed the check, or the reason it is not drawn."""
    svg = inline_svg(f.svg)
    if svg is not None:
        return FigureView(number, f, svg, "")
    if f.svg is not None:
        return FigureView(number, f, None, REJECTED_SVG)
    return FigureView(number, f, None, f.missing or NOT_DRAWN)


def _table(number: int, t: Table, max_rows: int | None) -> TableView:
    """A table with its number, columns, widths and the rows shown (at most ``max_rows``)."""
    with_evidence = any(r.evidence for r in t.rows)
    columns = (*t.columns, EVIDENCE_COLUMN) if with_evidence else t.columns
    shown = t.rows if max_rows is None else t.rows[:max_rows]
    fitted = column_widths(t.columns, t.rows)
    omitted = len(t.rows) - len(shown)
    wide = fitted.wide and bool(t.rows)  # an empty table prints a sentence: never landscape
    return TableView(number, t, columns, fitted.widths, with_evidence, shown, omitted, wide)


def anchor(number: str) -> str:
    """The page anchor of a section number ("3.2" -> "sec-3-2"): safe in any id or link."""
    return "sec-" + number.replace(".", "-")


def build_view(
    doc: Document, *, max_rows: int | None = None, max_refs: int | None = None
) -> DocumentView:
    """Number the sections, tables and figures of ``doc`` and gather its open questions.

    ``max_rows`` limits the rows shown of each data table and the statements shown of each
    section that is not a requirement matrix (a matrix always shows every requirement);
    ``max_refs`` the evidence references shown per statement or row (the rest are counted).
    """
    sections: list[SectionView] = []
    questions: list[QuestionView] = []
    tables = figures = 0
    for number, s in numbered(doc.sections):
        table_views = tuple(_table(tables + i, t, max_rows) for i, t in enumerate(s.tables, 1))
        figure_views = tuple(_figure(figures + i, f) for i, f in enumerate(s.figures, 1))
        tables, figures = tables + len(s.tables), figures + len(s.figures)
        shown = s.statements if s.matrix or max_rows is None else s.statements[:max_rows]
        omitted = len(s.statements) - len(shown)
        view = SectionView(number, anchor(number), s, table_views, figure_views, shown, omitted)
        sections.append(view)
        questions += [QuestionView(number, s.title, anchor(number), q) for q in s.open_questions]
    return DocumentView(doc, tuple(sections), tuple(questions), max_refs)
