"""The MDS2 form as JSON: ``{questions: [{id, section, answer, derived_from, note}]}`` and more.

The reader (:func:`parse`) reads back what the writer writes, for ``medsec mds2 diff``.
"""

from __future__ import annotations

from typing import Any

from medsec.domain.errors import InputError
from medsec.engines.mds2.model import Mds2Form, Mds2Row, Snapshot, SnapshotRow
from medsec.outputs.json import dumps
from medsec.outputs.renderer import Format
from medsec.untrusted.jsontext import loads

FORMAT = "medsec-mds2/1"
FORM = "ANSI/NEMA HN 1-2019"


def row_dict(r: Mds2Row) -> dict[str, Any]:
    """One question: id, section, text, answer (null while open), sources, note, origin."""
    return {
        "id": r.question.id,
        "section": r.question.section,
        "question": r.question.text,
        "answer": r.answer.value if r.answer else None,
        "derived_from": list(r.sources) if r.derived_from else [],
        "answered_in": r.sources[0] if r.manual is not None and not r.derived_from else None,
        "note": r.note,
        "origin": r.origin.value,
    }


def form_dict(form: Mds2Form) -> dict[str, Any]:
    """The whole form as plain data."""
    d = form.device
    answered = sum(1 for r in form.rows if r.answer is not None)
    return {
        "format": FORMAT,
        "form": FORM,
        "device": {
            "manufacturer": d.manufacturer,
            "name": d.name,
            "version": d.version,
            "id": d.device_id,
        },
        "date": d.date.isoformat(),
        "summary": {
            "questions": len(form.rows),
            "answered": answered,
            "derived": form.derived,
            "open": len(form.open),
        },
        "sections": [
            {"code": s.code, "title": s.title, "description": s.description} for s in form.sections
        ],
        "questions": [row_dict(r) for r in form.rows],
    }


def render(form: Mds2Form) -> str:
    """The form as indented JSON."""
    return dumps(form_dict(form))


def parse(data: bytes, *, source: str) -> Snapshot:
    """A form as :func:`render` wrote it; InputError when it is not one."""
    doc = loads(data, source=source)
    rows = doc.get("questions") if isinstance(doc, dict) else None
    if not isinstance(rows, list) or doc.get("format") != FORMAT:
        raise InputError.single(source, f"not an MDS2 form written by medsec (format {FORMAT})")
    out = []
    for n, row in enumerate(rows):
        if not (isinstance(row, dict) and isinstance(row.get("id"), str)):
            raise InputError.single(source, f"questions[{n}]: expected an object with an id")
        answer = row.get("answer")
        out.append(
            SnapshotRow(
                row["id"],
                str(row.get("section") or ""),
                answer if isinstance(answer, str) else None,
                str(row.get("note") or ""),
            )
        )
    device = doc.get("device") if isinstance(doc.get("device"), dict) else {}
    return Snapshot(source, str(device.get("name", "")), str(device.get("version", "")), tuple(out))


RENDERER: Format[Mds2Form] = Format(
    "json",
    "application/json",
    ".json",
    "every question with its answer, the model facts it was derived from and the note",
    render,
)
