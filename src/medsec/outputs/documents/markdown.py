"""A document as Markdown: for review in a merge request, or pasting into a wiki.

Headings, tables and lists only (GitHub-flavoured tables); every user string goes through
:func:`medsec.outputs.escape.markdown_text`. Figures are named with a pointer to the HTML or
PDF edition, where they are drawn.
"""

from __future__ import annotations

from medsec.domain.document import Document, EvidenceRef, Section, Statement, Table
from medsec.outputs.documents.numbering import numbered
from medsec.outputs.escape import markdown_code, markdown_text
from medsec.outputs.renderer import Format


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


def _contents(doc: Document) -> list[str]:
    """The table of contents, with each section's status."""
    lines = ["## Contents", ""]
    for number, s in numbered(doc.sections):
        indent = "  " * (s.level - 1)
        lines.append(f"{indent}- {number} {markdown_text(s.title)} ({s.status.label})")
    return [*lines, ""]


def _changes(doc: Document) -> list[str]:
    """What changed since the previous revision."""
    if not doc.changes:
        return []
    lines = [f"## Changes since revision {doc.header.revision - 1}", ""]
    return [*lines, *(f"- {markdown_text(c)}" for c in doc.changes), ""]


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
    """Statements as a list, each with its evidence."""
    lines = []
    for s in rows:
        evidence = f" (evidence: {_refs(s.evidence)})" if s.evidence else ""
        lines.append(f"- {markdown_text(s.text)}{evidence}")
    return [*lines, ""] if lines else []


def _table(t: Table) -> list[str]:
    """A data table under its caption; an evidence column when any row has evidence."""
    lines = [f"**{markdown_text(t.caption)}**", ""]
    if not t.rows:
        return [*lines, markdown_text(t.empty), ""]
    with_refs = any(r.evidence for r in t.rows)
    columns = [*t.columns, *(["Evidence"] if with_refs else [])]
    lines += ["| " + " | ".join(markdown_text(c) for c in columns) + " |"]
    lines += ["|" + "---|" * len(columns)]
    for r in t.rows:
        cells = [_cell(c) for c in r.cells] + ([_refs(r.evidence)] if with_refs else [])
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _section(number: str, s: Section) -> list[str]:
    """One section: heading, status, statements, tables, figures, open questions."""
    hashes = "#" * (s.level + 1)
    lines = [f"{hashes} {number} {markdown_text(s.title)}", "", f"Status: **{s.status.label}**", ""]
    lines += _matrix(s.statements) if s.matrix and s.statements else _statements(s.statements)
    for t in s.tables:
        lines += _table(t)
    for f in s.figures:
        drawn = "drawn in the HTML and PDF editions" if f.svg else markdown_text(f.missing or "")
        lines += [f"*Figure {markdown_text(f.id)}: {markdown_text(f.caption)}* ({drawn})", ""]
    if s.open_questions:
        lines += ["Open questions:", ""]
        lines += [
            f"- {markdown_text(q.text)} (answer in {markdown_code(q.answer_in)})"
            for q in s.open_questions
        ]
        lines.append("")
    return lines


def _approvals(doc: Document) -> list[str]:
    """The signature block."""
    lines = ["## Approval", "", "| Role | Name | Signature | Date |", "|---|---|---|---|"]
    lines += [f"| {_cell(a.role)} | {_cell(a.name)} |  |  |" for a in doc.approvals]
    return [*lines, ""]


def render_markdown(doc: Document) -> str:
    """The whole document as Markdown text."""
    lines = _header(doc) + _contents(doc) + _changes(doc)
    for number, s in numbered(doc.sections):
        lines += _section(number, s)
    lines += _approvals(doc)
    return "\n".join(lines).rstrip("\n") + "\n"


RENDERER: Format[Document] = Format(
    "md", "text/markdown", ".md", "Markdown, for review in a merge request", render_markdown
)
