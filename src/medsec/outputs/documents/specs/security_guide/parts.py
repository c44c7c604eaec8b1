"""What every chapter of ``security-guide`` is made of: its status, its findings, its answers.

A chapter that restates what a checklist item judged (the ports: ``security-concept``; end of
support: ``sbom``; the disclosure contact: ``vulnerability-management`` ...) takes the worst
status of those items, never better, and quotes the item's findings about its subject. A
descriptive chapter is ``info``. Either is at most ``partly`` while one of its manual answers
is open (a ``not met`` stays ``not met``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from medsec.domain.checklist import CheckFinding, ItemId
from medsec.domain.document import (
    EvidenceRef,
    OpenQuestion,
    Question,
    Section,
    Statement,
    Status,
    Table,
    TableRow,
)
from medsec.domain.model import Boundary, Element, Flow, Interface, Project
from medsec.domain.paths import PROJECT_FILE
from medsec.outputs.documents.common import answered, check_ref, item_status, results
from medsec.outputs.documents.spec import DocumentInputs

NOT_STATED = "not stated"
MANUFACTURER = "manufacturer"
_RANK = {Status.MET: 0, Status.PARTLY: 1, Status.NOT_MET: 2}
# findings of one item restated in one chapter; the rest are counted, and check lists them all
# (a 1,000-element model has hundreds, which the PDF would lay out at ~200 lines a second)
MAX_FINDINGS = 20


def worst(statuses: Iterable[Status]) -> Status:
    """The worst judged status (not met < partly < met); ``info`` when nothing is judged."""
    judged = [s for s in statuses if s in _RANK]
    return max(judged, key=_RANK.__getitem__) if judged else Status.INFO


@dataclass(frozen=True)
class Judged:
    """The status of the items a chapter restates and their findings about its subject."""

    status: Status
    statements: tuple[Statement, ...]


def judged(
    inputs: DocumentInputs,
    items: Sequence[ItemId],
    about: Callable[[CheckFinding], bool] = lambda f: True,
) -> Judged:
    """The items' worst status, a line per item and the findings ``about`` keeps (the first
    :data:`MAX_FINDINGS`, then how many more), as statements."""
    found = results(inputs.checklist, items)
    out: list[Statement] = []
    for r in found:
        out.append(
            Statement(
                f"medsec check judged '{r.title}': {r.status.value} ({r.summary}).",
                (check_ref(inputs, r.id),),
                status=item_status(r),
            )
        )
        mine = [f for f in r.findings if about(f)]
        out.extend(_finding(inputs, r.id, f) for f in mine[:MAX_FINDINGS])
        if len(mine) > MAX_FINDINGS:
            out.append(
                Statement(
                    f"... and {len(mine) - MAX_FINDINGS} more findings of '{r.title}' about "
                    f"this chapter ({len(mine)} in all): 'medsec check --format json' lists "
                    "every one.",
                    (check_ref(inputs, r.id),),
                )
            )
    return Judged(worst(item_status(r) for r in found), tuple(out))


def _finding(inputs: DocumentInputs, item: ItemId, f: CheckFinding) -> Statement:
    """One finding of an item as a statement, citing where it points."""
    ref = EvidenceRef(f.path, f.line, f.subject) if f.path else check_ref(inputs, item)
    status = Status.NOT_MET if f.severity.value == "fail" else Status.PARTLY
    return Statement(f.message, (ref,), status=status, gap=f.message, fix=f.fix)


def rules(*codes: str) -> Callable[[CheckFinding], bool]:
    """A finding filter: the finding's rule code (after the item id) is one of ``codes``."""
    wanted = set(codes)
    return lambda f: f.rule.rsplit("/", 1)[-1] in wanted


def subjects(*prefixes: str) -> Callable[[CheckFinding], bool]:
    """A finding filter: the finding's subject starts with one of ``prefixes``."""
    return lambda f: f.subject is not None and f.subject.startswith(prefixes)


def either(*filters: Callable[[CheckFinding], bool]) -> Callable[[CheckFinding], bool]:
    """A finding filter that keeps what any of ``filters`` keeps."""
    return lambda f: any(keep(f) for keep in filters)


def chapter(
    inputs: DocumentInputs,
    head: tuple[str, str, Status],
    statements: Iterable[Statement | None],
    tables: Iterable[Table] = (),
    asked: Iterable[tuple[Question, str]] = (),
) -> Section:
    """A chapter: ``head`` (id, title, status), its statements, tables and answered questions.

    Each of ``asked`` is a question and the sentence its answer becomes (``{value}``); an
    unanswered one is an open question of the chapter and caps its status.
    """
    section_id, title, status = head
    said: list[Statement] = [s for s in statements if s is not None]
    questions: list[OpenQuestion] = []
    for q, text in asked:
        answer, open_ = answered(inputs.answers, q, text)
        said.extend([answer] if answer else [])
        questions.extend([open_] if open_ else [])
    return Section(
        section_id,
        title,
        capped(status, not questions),
        statements=tuple(said),
        tables=tuple(tables),
        open_questions=tuple(questions),
    )


def capped(status: Status, answered_all: bool) -> Status:
    """Info or met while answers are open becomes partly; partly and not met stay."""
    if answered_all or status in (Status.NOT_MET, Status.PARTLY, Status.NOT_APPLICABLE):
        return status
    return Status.PARTLY


def yes(value: bool | None) -> str:
    """A tri-state model attribute: yes, no, or not stated."""
    return NOT_STATED if value is None else ("yes" if value else "no")


def shown(value: object) -> str:
    """An enum attribute by its value, or ``not stated``."""
    if value is None:
        return NOT_STATED
    return str(getattr(value, "value", value))


def element_ref(e: Element, attr: str | None = None) -> EvidenceRef:
    """An element (or one of its attributes) in medsec.yaml."""
    return EvidenceRef(PROJECT_FILE, e.line, f"elements.{e.id}" + (f".{attr}" if attr else ""))


def flow_ref(f: Flow) -> EvidenceRef:
    """A flow in medsec.yaml."""
    return EvidenceRef(PROJECT_FILE, f.line, f"flows.{f.id}")


def interface_ref(i: Interface) -> EvidenceRef:
    """An interface in medsec.yaml."""
    return EvidenceRef(PROJECT_FILE, i.line, f"interfaces.{i.id}")


def boundary_ref(b: Boundary) -> EvidenceRef:
    """A trust boundary in medsec.yaml."""
    return EvidenceRef(PROJECT_FILE, b.line, f"boundaries.{b.id}")


def operator_name(project: Project, party_id: str | None) -> str:
    """Who operates something: the party's name and id, else the manufacturer."""
    if party_id is None:
        return f"{MANUFACTURER} ({project.device.manufacturer})"
    party = project.party(party_id)
    return f"{party.name} ({party_id})" if party else party_id


def by_state(
    elements: Iterable[Element],
    value: Callable[[Element], bool | None],
    labels: tuple[str, str, str],
) -> str:
    """Element ids grouped by a yes / no / unstated attribute (``labels``); empty groups left out."""
    groups: dict[bool | None, list[str]] = {True: [], False: [], None: []}
    for e in elements:
        groups[value(e)].append(e.id)
    said = [
        f"{label} {', '.join(groups[key])}"
        for key, label in zip((True, False, None), labels, strict=True)
        if groups[key]
    ]
    return "; ".join(said) or "no element declared"


def grouped(
    elements: Iterable[Element], cells: Callable[[Element], tuple[str, ...]], attr: str | None
) -> tuple[TableRow, ...]:
    """One row per distinct ``cells``: the elements sharing them first, in first-seen order.

    A large model repeats the same few configurations hundreds of times; one row each keeps
    the table readable (and the PDF quick). A row of one element cites it, a shared row the
    attribute across elements.
    """
    groups: dict[tuple[str, ...], list[Element]] = {}
    for e in elements:
        groups.setdefault(cells(e), []).append(e)
    return tuple(
        TableRow(
            (listed(e.id for e in members), *key),
            (element_ref(members[0], attr),)
            if len(members) == 1
            else (EvidenceRef(PROJECT_FILE, record="elements[]" + (f".{attr}" if attr else "")),),
        )
        for key, members in groups.items()
    )


def listed(values: Iterable[str], empty: str = "none") -> str:
    """Values joined with commas, or ``empty``."""
    return ", ".join(values) or empty
