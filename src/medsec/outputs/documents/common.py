"""Pieces every document shares: the checklist restated with its evidence, answers, approvals.

Each document opens with :func:`status_section`, the checklist as ``medsec check`` judged it:
a project whose mandatory items do not pass gets a document that says so on its first page,
never one that reads as compliant. Checklist results become statements with their evidence
references (:func:`item_statements`); a manual answer becomes a statement citing its answers
file and line, and a missing one an open question (:func:`answered`).
"""

from __future__ import annotations

from collections.abc import Iterable

from medsec.domain.checklist import Checklist, ItemId, ItemResult, ItemStatus
from medsec.domain.document import (
    Answer,
    AnswerKind,
    Answers,
    Approval,
    EvidenceRef,
    OpenQuestion,
    Question,
    Section,
    Statement,
    Status,
)
from medsec.domain.paths import PROJECT_FILE, REGISTER_FILE
from medsec.domain.threat import AssessedThreat
from medsec.outputs.documents.spec import DocumentInputs

ANSWERS_FILE = "documents/answers.yaml"  # where open questions point (any documents/*.yaml works)

APPROVALS = Question(
    "approvals",
    "Who approves the documents: a role and a name per signature line",
    AnswerKind.RECORDS,
    columns=("role", "name"),
    required=("role",),
)
DEFAULT_APPROVALS = ("Author", "Reviewer (product security)", "Approver (quality / regulatory)")

_STATUS = {
    ItemStatus.PASS: Status.MET,
    ItemStatus.GAP: Status.PARTLY,
    ItemStatus.FAIL: Status.NOT_MET,
}


def item_status(result: ItemResult) -> Status:
    """A checklist item's status in document terms: pass is met, gap partly, fail not met."""
    return _STATUS[result.status]


def combined(statuses: Iterable[Status]) -> Status:
    """One status for several: met when all are, not met when none is, else partly."""
    judged = [s for s in statuses if s not in (Status.INFO, Status.NOT_APPLICABLE)]
    if not judged:
        return Status.INFO
    if all(s is Status.MET for s in judged):
        return Status.MET
    if all(s is Status.NOT_MET for s in judged):
        return Status.NOT_MET
    return Status.PARTLY


def check_ref(inputs: DocumentInputs, item: ItemId | str) -> EvidenceRef:
    """The checklist result itself as evidence: ``medsec check`` and the item.

    No date: the document's revision date is the day it was judged, and a date here would
    make every rebuild on a later day a new revision.
    """
    del inputs
    return EvidenceRef("medsec check", record=str(item))


def results(checklist: Checklist, ids: Iterable[ItemId]) -> list[ItemResult]:
    """The checklist results of ``ids``, in checklist order."""
    wanted = set(ids)
    return [r for r in checklist.items if r.id in wanted]


def item_statements(inputs: DocumentInputs, result: ItemResult) -> tuple[Statement, ...]:
    """What an item found: its evidence (supporting facts), then its findings (gaps and fixes)."""
    facts = [
        Statement(e.message, (EvidenceRef(e.path),) if e.path else (check_ref(inputs, result.id),))
        for e in result.evidence
    ]
    gaps = [
        Statement(
            f.message,
            (EvidenceRef(f.path, f.line, f.subject),)
            if f.path
            else (check_ref(inputs, result.id),),
            status=_STATUS[f.severity],
            gap=f.message,
            fix=f.fix,
        )
        for f in result.findings
    ]
    return (*facts, *gaps)


def status_section(inputs: DocumentInputs) -> Section:
    """The checklist as judged, first in every document: it states failures plainly."""
    checklist = inputs.checklist
    failing = [r.title for r in checklist.items if r.mandatory and r.status is not ItemStatus.PASS]
    lead = (
        Statement(
            "The mandatory checklist items pass: the evidence below supports this document.",
            (check_ref(inputs, "mandatory"),),
        )
        if not failing
        else Statement(
            "This document is NOT ready for submission: mandatory checklist items do not pass: "
            + "; ".join(failing)
            + ". The sections below state what is missing.",
            (check_ref(inputs, "mandatory"),),
            status=Status.NOT_MET,
        )
    )
    rows = tuple(
        Statement(
            r.summary,
            (check_ref(inputs, r.id),),
            status=item_status(r),
            label=f"{r.title} ({'mandatory' if r.mandatory else 'beyond the baseline'})",
            gap="; ".join(f.message for f in r.findings[:3]) or None,
            fix=next((f.fix for f in r.findings if f.fix), None),
        )
        for r in checklist.items
    )
    status = Status.NOT_MET if failing else combined(s.status or Status.INFO for s in rows)
    return Section(
        "evidence-status",
        "Status of the evidence (medsec check)",
        status,
        statements=(lead, *rows),
        matrix=True,
    )


def open_question(q: Question) -> OpenQuestion:
    """The question ``q`` as an open question of a document."""
    return OpenQuestion(q.prompt, f"{ANSWERS_FILE}: {q.key}", q.key)


def answered(
    answers: Answers, q: Question, text: str = "{value}"
) -> tuple[Statement | None, OpenQuestion | None]:
    """A statement from the answer to ``q`` (``text`` formats it), or the open question."""
    found = answers.get(q.key)
    if found is None:
        return None, open_question(q)
    return Statement(text.format(value=answer_text(found)), (found.ref,)), None


def answer_text(answer: Answer) -> str:
    """An answer's value as prose: lists joined, records as 'a: b' pairs, dates in ISO form."""
    value = answer.value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        parts = [
            "; ".join(f"{k}: {v}" for k, v in item.items()) if isinstance(item, dict) else item
            for item in value
        ]
        return " | ".join(parts)
    return value.isoformat()


def approvals(answers: Answers) -> tuple[Approval, ...]:
    """The signature block: the approvals answered, else the three usual roles, unsigned."""
    found = answers.get(APPROVALS.key)
    if found is not None and isinstance(found.value, tuple):
        return tuple(
            Approval(item["role"], item.get("name"))
            for item in found.value
            if isinstance(item, dict)
        )
    return tuple(Approval(role) for role in DEFAULT_APPROVALS)


def project_ref(record: str | None = None) -> EvidenceRef:
    """medsec.yaml as evidence, optionally naming the key or id relied on."""
    return EvidenceRef(PROJECT_FILE, record=record)


def threat_ref(t: AssessedThreat) -> EvidenceRef:
    """A threat's register entry as evidence: threats.yaml, its line, its id, its decision date."""
    return EvidenceRef(REGISTER_FILE, t.entry.line, t.id, t.entry.assessment.date)
