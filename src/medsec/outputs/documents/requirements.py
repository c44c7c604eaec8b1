"""One catalogue requirement as one row of a conformance matrix, with its evidence and gaps.

Every requirement matrix (the IEC 81001-5-1 conformance matrix, the MDR GSPR checklist, MDCG
2019-16's expectations, the CRA's Annex I) is built from these rows, so a clause reads the same
in every document. A row restates what ``medsec check`` judged for the checklist items behind
the requirement (``Requirement.supports``) and never judges a second time:

- not applicable only with a rationale: a project fact named by ``not_applicable_when`` that
  the evidence establishes, or a ``not_applicable`` record in the answers (catalogue id and
  rationale); a failing item behind it stays visible as the row's gap;
- else the items' statuses combined (all pass: met; all fail: not met; else partly, a gap
  counting as partly), so a row is never met while an item behind it does not pass;
- a manual answer the requirement needs (``Requirement.answer``) is cited when given; while it
  is open the row is at most partly met and the answer becomes an open question;
- a requirement with no item behind it and no answer is not met, with an open question.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain

from medsec.domain.checklist import CheckFinding, ItemId, ItemResult, ItemStatus
from medsec.domain.document import (
    Answer,
    AnswerKind,
    Answers,
    EvidenceRef,
    OpenQuestion,
    Question,
    Section,
    Statement,
    Status,
)
from medsec.domain.errors import Diagnostic, InputError
from medsec.domain.framework import Condition, Requirement
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.vocabulary import BoundaryKind, ElementType
from medsec.engines.compliance.context import CheckContext
from medsec.engines.frameworks import all_requirements
from medsec.engines.frameworks.answers import question as catalogue_question
from medsec.outputs.documents.common import (
    ANSWERS_FILE,
    answer_text,
    check_ref,
    combined,
    item_status,
    open_question,
    results,
)
from medsec.outputs.documents.spec import DocumentInputs

NOT_APPLICABLE = Question(
    "not_applicable",
    "Which requirements do not apply to this product, and why: one record per requirement, "
    "its catalogue id as the documents show it (e.g. IEC81001-5-1:5.8.4) and the rationale",
    AnswerKind.RECORDS,
    columns=("requirement", "rationale"),
    required=("requirement", "rationale"),
)
_SHOWN = 3  # findings and fixes quoted per item; 'medsec check' lists the rest
_FILES = 6  # evidence files cited per item; 'medsec check' lists the rest
_CLASS_CONDITIONS = {
    Condition.NO_SUPPORTED_SOFTWARE: "supported",
    Condition.NO_REQUIRED_SOFTWARE: "required",
}


def question(key: str) -> Question:
    """The question behind a catalogue answer key, with its kind (one key, one question)."""
    return catalogue_question(key)


def requirement_questions(reqs: Iterable[Requirement], *extra: Question) -> tuple[Question, ...]:
    """Every distinct answer key of ``reqs`` as a question, then ``extra``, ``not_applicable``."""
    found = {r.answer: question(r.answer) for r in reqs if r.answer}
    found |= {q.key: q for q in (*extra, NOT_APPLICABLE) if q.key not in found}
    return tuple(found.values())


def label(req: Requirement) -> str:
    """How a row names its requirement: clause and title."""
    return f"{req.clause} {req.title}"


@dataclass(frozen=True)
class Declared:
    """A ``not_applicable`` record of the answers: the rationale and where it was written."""

    rationale: str
    ref: EvidenceRef


def declared_not_applicable(answers: Answers) -> dict[str, Declared]:
    """The ``not_applicable`` records by catalogue id; an id no catalogue has is a located error."""
    found = answers.get(NOT_APPLICABLE.key)
    if found is None or not isinstance(found.value, tuple):
        return {}
    known = {r.id for r in all_requirements()}
    out: dict[str, Declared] = {}
    problems = []
    for n, record in enumerate(found.value, 1):
        if not isinstance(record, dict):
            continue
        rid = record["requirement"].strip()
        if rid not in known:
            problems.append(_unknown_id(found, n, rid, known))
            continue
        out[rid] = Declared(record["rationale"].strip(), EvidenceRef(found.path, found.line, rid))
    if problems:
        raise InputError(problems)
    return out


def _unknown_id(found: Answer, n: int, rid: str, known: set[str]) -> Diagnostic:
    """A ``not_applicable`` record naming no catalogue requirement, with the ids it may mean."""
    by_clause = sorted(r.id for r in all_requirements() if r.clause == rid or r.id.endswith(rid))
    near = by_clause[:5] or difflib.get_close_matches(rid, sorted(known), n=3)
    hint = f"write the catalogue id: {', '.join(near)}" if near else "see the documents' labels"
    return Diagnostic(
        found.path,
        f"item {n}: no requirement '{rid}' in the catalogues",
        line=found.line,
        field=NOT_APPLICABLE.key,
        hint=hint,
    )


def condition_holds(condition: Condition, ctx: CheckContext) -> bool:
    """Whether the project's evidence establishes ``condition`` (unknown is not established)."""
    if condition in _CLASS_CONDITIONS:
        return _no_class(ctx, _CLASS_CONDITIONS[condition])
    if condition is Condition.NO_HARDWARE:
        return _software_only(ctx)
    # legacy software and modifications are no fact of the model: the answers declare them
    return False


def _software_only(ctx: CheckContext) -> bool:
    """No device or physical boundary, and no part that is hardware (people aside)."""
    p = ctx.project
    parts = [e for e in p.elements if e.type is not ElementType.ACTOR]
    if any(e.hardware_only or e.software is False for e in parts):
        return False
    return not any(b.kind in (BoundaryKind.DEVICE, BoundaryKind.PHYSICAL) for b in p.boundaries)


def _no_class(ctx: CheckContext, klass: str) -> bool:
    """Every SBOM read and every component classified, none of them in ``klass``."""
    if not ctx.sboms or any(not s.exists or s.problem or not s.classes for s in ctx.sboms):
        return False
    classes = {k for s in ctx.sboms for k, _ in s.classes}
    return "" not in classes and klass not in classes


def _condition_refs(condition: Condition, ctx: CheckContext) -> tuple[EvidenceRef, ...]:
    """The evidence a condition was established from."""
    if condition in _CLASS_CONDITIONS:
        paths = dict.fromkeys(s.path for s in ctx.sboms)
        return tuple(EvidenceRef(p, record="component classes") for p in paths)
    return (EvidenceRef(PROJECT_FILE, record="boundaries, elements"),)


def requirement_row(
    req: Requirement, inputs: DocumentInputs
) -> tuple[Statement, OpenQuestion | None]:
    """One matrix row for ``req``, and the open question it raises (None when it raises none)."""
    items = results(inputs.checklist, req.supports)
    declared = declared_not_applicable(inputs.answers).get(req.id)
    if declared is not None:
        return _not_applicable(req, inputs, items, declared.rationale, (declared.ref,)), None
    cond = req.not_applicable_when
    if cond is not None and condition_holds(cond, inputs.ctx):
        refs = _condition_refs(cond, inputs.ctx)
        return _not_applicable(req, inputs, items, cond.rationale, refs), None
    answer = inputs.answers.get(req.answer) if req.answer else None
    row = Statement(
        _shows(items, req, answer),
        _evidence(req, inputs, items, answer),
        status=_status(items, req, answer),
        label=label(req),
        gap=_joined(_gaps(items, req, answer)),
        fix=_joined(_fixes(items, req, answer)),
    )
    return row, _question(req, items, answer)


def _not_applicable(
    req: Requirement,
    inputs: DocumentInputs,
    items: Sequence[ItemResult],
    rationale: str,
    refs: tuple[EvidenceRef, ...],
) -> Statement:
    """A not-applicable row: the rationale, its source, and any item behind it still failing."""
    failing = [f"{r.title} ({r.status.value})" for r in items if r.status is not ItemStatus.PASS]
    gap = (
        "medsec check still judges the items behind it: " + "; ".join(failing) if failing else None
    )
    return Statement(
        f"Not applicable: {rationale.rstrip('.')}.",
        (*refs, *(check_ref(inputs, r.id) for r in items)),
        status=Status.NOT_APPLICABLE,
        label=label(req),
        gap=gap,
    )


def _status(items: Sequence[ItemResult], req: Requirement, answer: Answer | None) -> Status:
    """Items combined; at most partly while the needed answer is open; nothing behind: not met."""
    if not items:
        return Status.MET if answer is not None else Status.NOT_MET
    status = combined(item_status(r) for r in items)
    if req.answer and answer is None and status is Status.MET:
        return Status.PARTLY
    return status


def _shows(items: Sequence[ItemResult], req: Requirement, answer: Answer | None) -> str:
    """What the evidence shows: each item's judgement, then the manual answer."""
    parts = [f"{r.title} ({r.status.value}): {r.summary.rstrip('.')}." for r in items]
    if answer is not None:
        parts.append(f"Answer ({req.answer}): {answer_text(answer).rstrip('.')}.")
    return " ".join(parts) or "No checklist item or manual answer shows this requirement."


def _question(
    req: Requirement, items: Sequence[ItemResult], answer: Answer | None
) -> OpenQuestion | None:
    """The needed answer while it is open; for a row nothing shows, where to say why."""
    if req.answer and answer is None:
        return open_question(question(req.answer))
    if not items and answer is None:
        return OpenQuestion(
            f"{label(req)}: no evidence medsec reads shows it; record the evidence, or declare "
            f"it not applicable ({req.id}) with the rationale",
            f"{ANSWERS_FILE}: {NOT_APPLICABLE.key}",
            NOT_APPLICABLE.key,
        )
    return None


def _ordered(findings: Iterable[CheckFinding]) -> list[CheckFinding]:
    """Failures before gaps, otherwise in the item's order."""
    return sorted(findings, key=lambda f: f.severity is not ItemStatus.FAIL)


def _gaps(items: Sequence[ItemResult], req: Requirement, answer: Answer | None) -> list[str]:
    """What is missing: the first findings of each item that does not pass, the open answer."""
    out = []
    for r in items:
        if r.status is ItemStatus.PASS:
            continue
        shown = [f.message for f in _ordered(r.findings)[:_SHOWN]]
        more = len(r.findings) - len(shown)
        tail = f" (+{more} more: medsec check)" if more > 0 else ""
        out.append(f"{r.title}: " + "; ".join(shown) + tail if shown else f"{r.title}: {r.status}")
    if req.answer and answer is None:
        out.append(f"the manual answer '{req.answer}' is open")
    return out


def _fixes(items: Sequence[ItemResult], req: Requirement, answer: Answer | None) -> list[str]:
    """How to close the gaps: the items' fix hints (distinct), the answer to write."""
    hints = chain.from_iterable(
        [f.fix for f in _ordered(r.findings) if f.fix][:_SHOWN]
        for r in items
        if r.status is not ItemStatus.PASS
    )
    out = list(dict.fromkeys(hints))
    if req.answer and answer is None:
        out.append(f"{ANSWERS_FILE}: {req.answer}: ... (medsec docs questions)")
    return out


def _joined(parts: list[str]) -> str | None:
    """Parts as one cell, or None when there are none."""
    return "; ".join(parts) if parts else None


def _evidence(
    req: Requirement,
    inputs: DocumentInputs,
    items: Sequence[ItemResult],
    answer: Answer | None,
) -> tuple[EvidenceRef, ...]:
    """Each item's evidence files (dated where the evidence has a date), records, answer, check."""
    dates = _dates(inputs.ctx)
    activities = _activities(req, inputs.ctx)  # cited with their activity, not twice
    cited = {a.path for a in activities}
    refs: list[EvidenceRef] = []
    for r in items:
        paths = list(dict.fromkeys(e.path for e in r.evidence if e.path and e.path not in cited))
        refs += [EvidenceRef(p, date=dates.get(p)) for p in paths[:_FILES]]
        refs += _records(r.id, inputs.ctx)
        more = len(paths) - _FILES
        record = f"{r.id}, +{more} more files" if more > 0 else str(r.id)
        refs.append(EvidenceRef("medsec check", record=record))
    refs += activities
    if answer is not None:
        refs.append(answer.ref)
    return tuple(dict.fromkeys(refs))


def _dates(ctx: CheckContext) -> dict[str, date]:
    """The date of each dated evidence file: scan records, pentest reports, activity evidence."""
    p = ctx.project
    dated = chain(
        ((a.evidence, a.date) for a in p.activities),
        ((report, t.date) for t in p.pentests for report in t.reports),
        ((s.path, s.date) for s in ctx.scans),
    )
    return {path: when for path, when in dated if path and when}


def _records(item: ItemId, ctx: CheckContext) -> list[EvidenceRef]:
    """The dated records an item rests on: the latest scan record, the penetration tests."""
    if item is ItemId.CVE_ANALYSIS and ctx.scans:
        latest = max(ctx.scans, key=lambda s: (s.date, s.path))
        return [EvidenceRef(latest.path, record="CVE scan", date=latest.date)]
    if item is ItemId.INDEPENDENT_PENTEST:
        return [
            EvidenceRef(report, record=t.id, date=t.date)
            for t in ctx.project.pentests
            for report in (t.reports or (PROJECT_FILE,))
        ]
    return []


def _activities(req: Requirement, ctx: CheckContext) -> list[EvidenceRef]:
    """The recorded secure development activities the requirement names, with their dates."""
    wanted = set(req.activities)
    return [
        EvidenceRef(a.evidence, record=a.activity.value, date=a.date)
        if a.evidence
        else EvidenceRef(PROJECT_FILE, a.line, f"activities.{a.activity.value}", a.date)
        for a in ctx.project.activities
        if a.activity in wanted
    ]


def matrix_section(
    section_id: str,
    title: str,
    rows: Sequence[tuple[Statement, OpenQuestion | None]],
    *,
    level: int = 1,
) -> Section:
    """Rows as a matrix section: status combined over the rows, open questions once each."""
    statements = tuple(s for s, _ in rows)
    questions = {(q.key or q.text): q for _, q in rows if q is not None}
    return Section(
        section_id,
        title,
        rows_status(statements),
        statements=statements,
        open_questions=tuple(questions.values()),
        level=level,
        matrix=True,
    )


def rows_status(rows: Iterable[Statement]) -> Status:
    """Rows' statuses combined; every row not applicable: not applicable."""
    statuses = [r.status or Status.INFO for r in rows]
    if statuses and all(s is Status.NOT_APPLICABLE for s in statuses):
        return Status.NOT_APPLICABLE
    return combined(statuses)


def status_counts(rows: Iterable[Statement]) -> Counter[Status]:
    """How many rows have each status."""
    return Counter(r.status or Status.INFO for r in rows)
