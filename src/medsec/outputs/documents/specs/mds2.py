"""``mds2``: the MDS2 form (ANSI/NEMA HN 1-2019) as a ``medsec docs`` document.

The same filled form as ``medsec mds2 build`` (answers derived from the model with their
facts, the rest from ``documents/mds2.yaml``), laid out by the shared renderers: the evidence
status first, then one matrix per section of the form. Each row is a question: its label the
question id, its text the question and the answer ("Answer: Yes — note"), its evidence the
model facts (or the answers file line). Status mapping: an answer is a disclosure, not a
judgement, so Yes, No and See note rows are ``info``; N/A rows are ``not applicable``; an
open question is ``partly`` (the form is incomplete there) and an open question of its
section. A section is ``partly`` while any of its questions is open, else ``info``.
"""

from __future__ import annotations

from pathlib import Path

from medsec.domain.document import EvidenceRef, OpenQuestion, Section, Statement, Status
from medsec.domain.errors import InputError
from medsec.engines.mds2.derive import derive
from medsec.engines.mds2.form import contradictions, fill
from medsec.engines.mds2.model import Mds2Answer, Mds2Form, Mds2Row, Origin
from medsec.outputs.documents.common import APPROVALS, status_section
from medsec.outputs.documents.spec import DocumentInputs, DocumentMeta, Spec
from medsec.project.mds2_answers import MDS2_ANSWERS, load_mds2_answers

META = DocumentMeta(
    "mds2",
    "Manufacturer Disclosure Statement for Medical Device Security (MDS2)",
    ("ANSI/NEMA HN 1-2019", "FDA premarket VI.A (labeling)", "MDCG 2019-16 4", "NIS-2 Art. 21"),
    "every question of the 2019 MDS2 form, answered from the model with its sources, the rest "
    "from documents/mds2.yaml (also 'medsec mds2 build --format xlsx')",
)


def form(inputs: DocumentInputs) -> Mds2Form:
    """The filled form of the project; InputError when an answer contradicts the model."""
    ctx = inputs.ctx
    derived = derive(ctx)
    manual = load_mds2_answers(Path(ctx.project.root))
    problems = contradictions(derived, manual)
    if problems:
        raise InputError(problems)
    return fill(ctx, derived, manual)


def _status(row: Mds2Row) -> Status:
    """Answered rows are disclosures (info), N/A not applicable, open rows partly."""
    if row.answer is None:
        return Status.PARTLY
    return Status.NOT_APPLICABLE if row.answer is Mds2Answer.NA else Status.INFO


def _evidence(row: Mds2Row) -> tuple[EvidenceRef, ...]:
    """The model facts, else the answers file line, else where the answer belongs."""
    if row.derived_from:
        return tuple(f.ref for f in row.derived_from)
    if row.manual is not None:
        return (EvidenceRef(row.manual.path, row.manual.line, row.question.id),)
    return (EvidenceRef(MDS2_ANSWERS, record=f"{row.question.id}: not answered"),)


def _statement(row: Mds2Row) -> Statement:
    """One question as a matrix row: id, question with its answer, status, evidence."""
    q = row.question
    gap: str | None = None
    fix: str | None = None
    if row.answer is None:
        text = f"{q.text} Answer: open: the model does not say."
        gap = "not answered"
        fix = f"answer {q.id} in {MDS2_ANSWERS}"
    else:
        source = {Origin.MANUAL: " (answers file)"}.get(row.origin, "")
        text = f"{q.text} Answer: {row.answer.value}{source}" + (
            f" — {row.note}" if row.note else ""
        )
    return Statement(text, _evidence(row), _status(row), q.id, gap, fix)


def _section(mds2: Mds2Form, code: str, title: str, description: str) -> Section:
    """One section of the form as a requirement matrix."""
    rows = mds2.in_section(code)
    questions = tuple(
        OpenQuestion(
            f"{r.question.id}: {r.question.text}", f"{MDS2_ANSWERS}: {r.question.id}", r.question.id
        )
        for r in rows
        if r.answer is None
    )
    lead = Statement(description, (EvidenceRef("medsec mds2 build", record=code),))
    return Section(
        f"mds2-{code.lower()}",
        f"{title} ({code})",
        Status.PARTLY if questions else Status.INFO,
        statements=(lead, *(_statement(r) for r in rows)),
        open_questions=questions,
        matrix=True,
    )


def build(inputs: DocumentInputs) -> tuple[Section, ...]:
    """The evidence status, then one section per section of the form."""
    mds2 = form(inputs)
    return (
        status_section(inputs),
        *(_section(mds2, s.code, s.title, s.description) for s in mds2.sections),
    )


SPEC = Spec(META, (APPROVALS,), build)
