"""Fill the form: derived answers, manual answers for the rest, contradictions as errors.

A manual answer to a question the model answers must say the same (it confirms it, and may
add to the note); saying something else is a contradiction, reported with the answers file's
line and the model facts behind the derived answer. A question neither answers stays open.
"""

from __future__ import annotations

from collections.abc import Mapping

from medsec.domain.errors import Diagnostic
from medsec.engines.compliance.context import CheckContext
from medsec.engines.mds2.model import (
    Derived,
    DeviceInfo,
    ManualAnswer,
    Mds2Form,
    Mds2Question,
    Mds2Row,
    Origin,
)
from medsec.engines.mds2.questions import QUESTIONS, SECTIONS


def contradictions(
    derived: Mapping[str, Derived], manual: Mapping[str, ManualAnswer]
) -> list[Diagnostic]:
    """Each manual answer that says otherwise than the model, located in the answers file."""
    out = []
    for qid, given in manual.items():
        found = derived.get(qid)
        if found is None or found.answer is given.answer:
            continue
        facts = "; ".join(f.label for f in found.facts[:4]) or "the model"
        out.append(
            Diagnostic(
                given.path,
                f"answered '{given.answer.value}', but the model says '{found.answer.value}' "
                f"({found.note.rstrip('.')}): {facts}",
                line=given.line,
                field=qid,
                hint="correct the model if it is wrong, else remove the answer: medsec derives it",
            )
        )
    return out


def _row(q: Mds2Question, derived: Derived | None, manual: ManualAnswer | None) -> Mds2Row:
    """One row: derived (confirmed when the file agrees), manual, or open."""
    if derived is not None:
        note = derived.note
        if manual is not None and manual.note and manual.note not in note:
            note = f"{note} {manual.note}".strip()
        origin = Origin.CONFIRMED if manual is not None else Origin.DERIVED
        return Mds2Row(q, derived.answer, note, derived.facts, origin, manual)
    if manual is not None:
        return Mds2Row(q, manual.answer, manual.note, (), Origin.MANUAL, manual)
    return Mds2Row(q, None, "", (), Origin.OPEN)


def fill(
    ctx: CheckContext, derived: Mapping[str, Derived], manual: Mapping[str, ManualAnswer]
) -> Mds2Form:
    """The form in its order: every question with its answer, note, sources and origin.

    Callers check :func:`contradictions` first; a contradicting manual answer is dropped here
    (the derived one stands), never silently preferred.
    """
    d = ctx.project.device
    device = DeviceInfo(d.manufacturer, d.name, d.version, d.id, ctx.today)
    rows = tuple(_row(q, derived.get(q.id), manual.get(q.id)) for q in QUESTIONS)
    return Mds2Form(device, SECTIONS, rows)
