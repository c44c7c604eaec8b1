"""A document as Markdown: for review in a merge request, or pasting into a wiki.

Headings, tables and lists only (GitHub-flavoured tables); every user string goes through
:func:`medsec.outputs.escape.markdown_text`. Sections, tables and figures carry the numbers of
:func:`view.build_view`, and the contents list the entries of :attr:`DocumentView.contents`, as in
every other edition; figures are named with a pointer to the editions that draw them.
"""

from __future__ import annotations

from medsec.domain.document import Document, EvidenceRef, Statement, Status
from medsec.outputs.documents.view import (
    APPROVAL,
    OPEN_QUESTIONS,
    DocumentView,
    FigureView,
    SectionView,
    TableView,
    build_view,
    listed_gap,
)
from medsec.outputs.escape import markdown_code, markdown_text
from medsec.outputs.renderer import Format

DRAWN_ELSEWHERE = "drawn in the HTML, PDF and Word editions"


def _refs(refs: tuple[EvidenceRef, ...]) -> str:
    """Evidence references as code spans, or a dash."""
    return ", ".join(markdown_code(r.label) for r in refs) or "-"


def _cell(text: str | None) -> str:
    """A table cell: escaped text, or a dash when empty."""
    return markdown_text(text) if text else "-"


def _header(doc: Document) -> list[str]:
    """Title and the title-page facts."""
    h = doc.header
    return [
        f"# {markdown_text(h.title)}",
        "",
        f"- Device: {markdown_text(h.device)} {markdown_text(h.device_version)}",
        f"- Manufacturer: {markdown_text(h.manufacturer)}",
        f"- Document: {markdown_code(h.id)}, revision {h.revision} of {h.date.isoformat()}",
        f"- Frameworks: {markdown_text(', '.join(h.frameworks))}",
        f"- Architecture digest: {markdown_code(h.architecture_digest)}",
        f"- Inputs digest: {markdown_code(h.inputs_digest)}",
        "",
    ]


def _contents(view: DocumentView) -> list[str]:
    """The table of contents (the entries of every edition), each section with its status."""
    lines = ["## Contents", ""]
    for e in view.contents:
        indent = "  " * (e.level - 1)
        if e.number is None or e.section is None:
            lines.append(f"{indent}- {markdown_text(e.title)}")
        else:
            status = e.section.status.label
            lines.append(f"{indent}- {e.number} {markdown_text(e.title)} ({status})")
    return [*lines, ""]


def _changes(view: DocumentView) -> list[str]:
    """What changed since the previous revision."""
    if view.changes_title is None:
        return []
    lines = [f"## {markdown_text(view.changes_title)}", ""]
    return [*lines, *(f"- {markdown_text(c)}" for c in view.document.changes), ""]


def _matrix(rows: tuple[Statement, ...]) -> list[str]:
    """Requirement rows as one table."""
    lines = [
        "| Requirement | Status | Statement | Evidence | Gap | How to close |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        status = r.status.label if r.status else "-"
        lines.append(
            f"| {_cell(r.label)} | {status} | {_cell(r.text)} | {_refs(r.evidence)} "
            f"| {_cell(r.gap)} | {_cell(r.fix)} |"
        )
    return [*lines, ""]


def _statements(rows: tuple[Statement, ...]) -> list[str]:
    """Statements as a list, as the other editions print them: label, status and text, then
    their evidence, gap and how to close it on lines of their own (hard line breaks)."""
    lines = []
    for s in rows:
        head = [f"**{markdown_text(s.label)}**"] if s.label else []
        if s.status is not None and s.status is not Status.INFO:
            head.append(f"[{s.status.label}]")
        parts = [" ".join([*head, markdown_text(s.text)])]
        if s.evidence:
            parts.append(f"Evidence: {_refs(s.evidence)}")
        gap = listed_gap(s)
        if gap:
            parts.append(f"Gap: {markdown_text(gap)}")
        if s.fix:
            parts.append(f"How to close: {markdown_code(s.fix)}")
        lines.append("- " + "\\\n  ".join(parts))
    return [*lines, ""] if lines else []


def _table(t: TableView) -> list[str]:
    """A data table under its numbered caption; an evidence column when any row has evidence."""
    lines = [f"**{markdown_text(t.caption)}**", ""]
    if not t.table.rows:
        return [*lines, markdown_text(t.table.empty), ""]
    lines += ["| " + " | ".join(markdown_text(c) for c in t.columns) + " |"]
    lines += ["|" + "---|" * len(t.columns)]
    for r in t.rows:
        cells = [_cell(c) for c in r.cells] + ([_refs(r.evidence)] if t.with_evidence else [])
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _figure(f: FigureView) -> list[str]:
    """A figure's numbered caption, and where it is drawn or why it is not."""
    drawn = DRAWN_ELSEWHERE if f.svg is not None else markdown_text(f.note)
    return [f"*{markdown_text(f.caption)}* ({drawn})", ""]


def _section(s: SectionView) -> list[str]:
    """One section: heading, status, statements, tables, figures, open questions."""
    sec = s.section
    hashes = "#" * (s.level + 1)
    lines = [f"{hashes} {s.number} {markdown_text(sec.title)}", ""]
    lines += [f"Status: **{sec.status.label}**", ""]
    if sec.matrix and sec.statements:
        lines += _matrix(sec.statements)
    else:
        lines += _statements(sec.statements)
    for t in s.tables:
        lines += _table(t)
    for f in s.figures:
        lines += _figure(f)
    if sec.open_questions:
        lines += ["Open questions:", ""]
        lines += [
            f"- {markdown_text(q.text)} (answer in {markdown_code(q.answer_in)})"
            for q in sec.open_questions
        ]
        lines.append("")
    return lines


def _questions(view: DocumentView) -> list[str]:
    """The closing chapter: every open question with the section it belongs to."""
    lines = [f"## {OPEN_QUESTIONS}", ""]
    n = len(view.questions)
    if not n:
        return [*lines, "*None: the evidence and the answers fill every section.*", ""]
    lines += [
        f"{n} question{'' if n == 1 else 's'} the evidence could not answer. Answer each in the "
        "place named, then build the document again.",
        "",
        "| Section | Question | Answer in |",
        "|---|---|---|",
    ]
    lines += [
        f"| {q.number} {_cell(q.section)} | {_cell(q.question.text)} "
        f"| {markdown_code(q.question.answer_in)} |"
        for q in view.questions
    ]
    return [*lines, ""]


def _approvals(doc: Document) -> list[str]:
    """The signature block."""
    lines = [f"## {APPROVAL}", "", "| Role | Name | Signature | Date |", "|---|---|---|---|"]
    lines += [f"| {_cell(a.role)} | {_cell(a.name)} |  |  |" for a in doc.approvals]
    return [*lines, ""]


def render_markdown(doc: Document) -> str:
    """The whole document as Markdown text."""
    view = build_view(doc)
    lines = _header(doc) + _contents(view) + _changes(view)
    for s in view.sections:
        lines += _section(s)
    lines += _questions(view) + _approvals(doc)
    return "\n".join(lines).rstrip("\n") + "\n"


RENDERER: Format[Document] = Format(
    "md", "text/markdown", ".md", "Markdown, for review in a merge request", render_markdown
)
