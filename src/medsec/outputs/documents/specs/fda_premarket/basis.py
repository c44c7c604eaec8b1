"""What every chapter of ``fda-premarket`` stands on: its place in Appendix 4, the catalogue rows
behind it and the status ``medsec check`` gave the items those rows name.

A chapter is one artefact of the FDA documentation set (``ARTEFACTS``, REGULATORY.md §B.1), in
the order of the guidance's Appendix 4 table. Its status is the worst status of the checklist
items its FDA catalogue rows name (``supports``), never better: a chapter whose pentest item
fails is not met even when the other items behind it pass. A chapter whose manual answer is
still open is at most partly met.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from medsec.domain.checklist import ItemId, ItemResult
from medsec.domain.document import (
    EvidenceRef,
    Figure,
    OpenQuestion,
    Section,
    Statement,
    Status,
    Table,
)
from medsec.domain.framework import Artefact, Requirement
from medsec.domain.model import ActivityRecord
from medsec.domain.paths import PROJECT_FILE
from medsec.engines.frameworks import requirement
from medsec.engines.frameworks.fda_artefacts import ARTEFACTS
from medsec.outputs.documents.common import check_ref, item_status, results
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.report.figure import Figure as DrawnFigure

# the chapter ids, by artefact number (Appendix 4 order); ids are a contract (JSON, revisions)
CHAPTER_IDS: dict[int, str] = {
    1: "risk-management-report",
    2: "threat-model",
    3: "risk-assessment",
    4: "sbom",
    5: "vulnerability-assessment",
    6: "unresolved-anomalies",
    7: "traceability",
    8: "metrics",
    9: "architecture-views",
    10: "security-requirements",
    11: "testing",
    12: "labeling",
    13: "management-plan",
    14: "processes-524b-b2",
    15: "cyber-device",
    16: "ide-subset",
}
_RANK = {Status.MET: 0, Status.PARTLY: 1, Status.NOT_MET: 2}


def artefact(number: int) -> Artefact:
    """The documentation-set artefact ``number`` (1-16) of the catalogue."""
    return ARTEFACTS[number - 1]


def requirements(number: int) -> tuple[Requirement, ...]:
    """The FDA catalogue rows (premarket guidance, 524B) the artefact rests on, in its order."""
    return tuple(requirement(r) for r in artefact(number).requirements if r.startswith("FDA-"))


def worst(statuses: Iterable[Status]) -> Status:
    """The worst judged status (not met < partly < met); INFO when nothing is judged."""
    judged = [s for s in statuses if s in _RANK]
    return max(judged, key=_RANK.__getitem__) if judged else Status.INFO


def capped(status: Status, answered: bool) -> Status:
    """A status capped at partly while a manual answer is open (not met stays not met)."""
    if answered or status in (Status.NOT_MET, Status.INFO, Status.NOT_APPLICABLE):
        return status
    return Status.PARTLY


def items_of(inputs: DocumentInputs, ids: Iterable[ItemId]) -> list[ItemResult]:
    """The checklist results of ``ids`` as ``medsec check`` judged them, in checklist order."""
    return results(inputs.checklist, ids)


def item(inputs: DocumentInputs, item_id: ItemId) -> ItemResult:
    """One checklist result."""
    [found] = results(inputs.checklist, (item_id,))
    return found


def _row(inputs: DocumentInputs, req: Requirement) -> Statement:
    """One catalogue row restated: the items behind it, their statuses, the first gap."""
    behind = items_of(inputs, req.supports)
    status = worst(item_status(r) for r in behind)
    judged = "; ".join(f"{r.title} ({r.id}): {item_status(r).label}" for r in behind)
    failing = [r for r in behind if item_status(r) is not Status.MET]
    first = next((f for r in failing for f in r.findings), None)
    return Statement(
        f"{req.title} (FDA {req.clause}) rests on these checklist items: {judged}.",
        tuple(check_ref(inputs, r.id) for r in behind),
        status=status,
        label=f"FDA {req.clause}",
        gap=first.message if first else (failing[0].summary if failing else None),
        fix=first.fix if first else None,
    )


@dataclass(frozen=True)
class Basis:
    """A chapter's catalogue rows restated, and the status they allow it at most."""

    statements: tuple[Statement, ...]
    status: Status


def basis(inputs: DocumentInputs, number: int) -> Basis:
    """The FDA rows of artefact ``number`` with their items' statuses; the worst is its ceiling."""
    rows = tuple(_row(inputs, r) for r in requirements(number))
    return Basis(rows, worst(s.status or Status.INFO for s in rows))


def see(number: int) -> str:
    """How the text points to another chapter: by its title (its number is given later, by
    :func:`medsec.outputs.documents.numbering.numbered`, and is not the artefact number)."""
    return f"'{artefact(number).title}'"


def title(number: int) -> str:
    """The chapter's title: the artefact's name and where the guidance asks for it."""
    a = artefact(number)
    return f"{a.title} ({', '.join(a.sections)})"


def chapter(
    number: int,
    status: Status,
    statements: Iterable[Statement] = (),
    tables: Iterable[Table] = (),
    figures: Iterable[Figure] = (),
    questions: Iterable[OpenQuestion | None] = (),
    *,
    matrix: bool = False,
) -> Section:
    """The level-1 section of artefact ``number`` (``matrix``: statements are requirement rows)."""
    return Section(
        CHAPTER_IDS[number],
        title(number),
        status,
        statements=tuple(statements),
        tables=tuple(tables),
        figures=tuple(figures),
        open_questions=tuple(q for q in questions if q is not None),
        matrix=matrix,
    )


def part(
    number: int,
    key: str,
    heading: str,
    status: Status,
    statements: Iterable[Statement | None] = (),
    tables: Iterable[Table] = (),
    figures: Iterable[Figure] = (),
    questions: Iterable[OpenQuestion | None] = (),
) -> Section:
    """A level-2 part of artefact ``number``'s chapter (id ``<chapter>-<key>``); no empty ones."""
    return Section(
        f"{CHAPTER_IDS[number]}-{key}",
        heading,
        status,
        statements=tuple(s for s in statements if s is not None),
        tables=tuple(tables),
        figures=tuple(figures),
        open_questions=tuple(q for q in questions if q is not None),
        level=2,
    )


def figures_of(drawn: Iterable[DrawnFigure], prefix: str, caption: str) -> tuple[Figure, ...]:
    """Report drawings as document figures: numbered ids, the part's name, why one is missing."""
    out = []
    for n, f in enumerate(drawn, 1):
        name = f"{caption}: {f.title}" if f.title else caption
        missing = None if f.svg else (f.note or "not drawn: the tables list its content")
        out.append(Figure(f"{prefix}-{n}", name, f.svg, missing))
    return tuple(out)


def activity_ref(a: ActivityRecord) -> EvidenceRef:
    """An activity's evidence file (dated), or its record in medsec.yaml when it has none."""
    if a.evidence:
        return EvidenceRef(a.evidence, record=a.activity.value, date=a.date)
    return EvidenceRef(PROJECT_FILE, a.line, f"activities.{a.activity.value}", a.date)
