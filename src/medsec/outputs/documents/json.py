"""A document as JSON, for scripts: ``{document, revision, sections, completeness}`` (docs/cli.md).

The shape is the contract of ``medsec docs build --format json``: one object per section with
its status, its statements (each with the evidence it rests on) and its open questions. Keys
keep their order and values their types, so identical documents give identical bytes.
"""

from __future__ import annotations

from typing import Any

from medsec.domain.document import (
    Document,
    EvidenceRef,
    Figure,
    OpenQuestion,
    Section,
    Statement,
    Table,
)
from medsec.outputs.json import dumps
from medsec.outputs.renderer import Format


def evidence_dict(ref: EvidenceRef) -> dict[str, Any]:
    """One evidence reference: file, line, record and date (nulls where unknown)."""
    return {
        "path": ref.path,
        "line": ref.line,
        "record": ref.record,
        "date": ref.date.isoformat() if ref.date else None,
    }


def _statement(s: Statement) -> dict[str, Any]:
    """A statement, with the requirement fields of a matrix row when it is one."""
    out: dict[str, Any] = {"text": s.text, "evidence": [evidence_dict(e) for e in s.evidence]}
    if s.label is not None or s.status is not None:
        out |= {
            "requirement": s.label,
            "status": s.status.value if s.status else None,
            "gap": s.gap,
            "fix": s.fix,
        }
    return out


def _table(t: Table) -> dict[str, Any]:
    """A data table: caption, columns and rows (cells with their evidence)."""
    rows = [
        {"cells": list(r.cells), "evidence": [evidence_dict(e) for e in r.evidence]} for r in t.rows
    ]
    return {"caption": t.caption, "columns": list(t.columns), "rows": rows}


def _figure(f: Figure) -> dict[str, Any]:
    """A figure: its caption and whether it was drawn (the SVG itself is left to HTML/PDF)."""
    return {"id": f.id, "caption": f.caption, "drawn": f.svg is not None, "missing": f.missing}


def _question(q: OpenQuestion) -> dict[str, Any]:
    """An open question and where to answer it."""
    return {"text": q.text, "answer_in": q.answer_in, "key": q.key}


def section_dict(s: Section) -> dict[str, Any]:
    """A section: id, title, status, statements, tables, figures and open questions."""
    return {
        "id": s.id,
        "title": s.title,
        "level": s.level,
        "status": s.status.value,
        "statements": [_statement(x) for x in s.statements],
        "tables": [_table(t) for t in s.tables],
        "figures": [_figure(f) for f in s.figures],
        "open_questions": [_question(q) for q in s.open_questions],
    }


def document_dict(doc: Document) -> dict[str, Any]:
    """The whole document as plain data, in the documented shape."""
    h = doc.header
    done = doc.completeness
    return {
        "document": {
            "id": h.id,
            "title": h.title,
            "frameworks": list(h.frameworks),
            "device": h.device,
            "device_version": h.device_version,
            "manufacturer": h.manufacturer,
            "architecture_digest": h.architecture_digest,
        },
        "revision": {
            "number": h.revision,
            "date": h.date.isoformat(),
            "inputs_digest": h.inputs_digest,
            "changes": list(doc.changes),
        },
        "sections": [section_dict(s) for s in doc.sections],
        "open_questions": [_question(q) for q in doc.open_questions],
        "approvals": [{"role": a.role, "name": a.name} for a in doc.approvals],
        "completeness": {
            "sections": done.sections,
            "sections_complete": done.sections_complete,
            "open_questions": done.open_questions,
            "ratio": done.ratio,
        },
    }


def render_json(doc: Document) -> str:
    """The document as indented JSON text."""
    return dumps(document_dict(doc))


RENDERER: Format[Document] = Format(
    "json", "application/json", ".json", "the document as data, for scripts", render_json
)
