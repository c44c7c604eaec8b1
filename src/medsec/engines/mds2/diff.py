"""What changed between two releases' MDS2 forms: answers and notes, in the form's order."""

from __future__ import annotations

from medsec.engines.mds2.model import Change, Snapshot
from medsec.engines.mds2.questions import QUESTIONS


def changes(old: Snapshot, new: Snapshot) -> tuple[Change, ...]:
    """Every question whose answer or note differs, in form order (unknown ids last, sorted)."""
    before = {r.id: r for r in old.rows}
    after = {r.id: r for r in new.rows}
    order = [q.id for q in QUESTIONS]
    extra = sorted((before.keys() | after.keys()) - set(order))
    out = []
    for qid in order + extra:
        a, b = before.get(qid), after.get(qid)
        if a is None and b is None:
            continue
        old_answer, new_answer = (a.answer if a else None), (b.answer if b else None)
        old_note, new_note = (a.note if a else ""), (b.note if b else "")
        if (old_answer, old_note) != (new_answer, new_note):
            section = b.section if b is not None else a.section if a is not None else ""
            out.append(Change(qid, section, old_answer, new_answer, old_note, new_note))
    return tuple(out)
