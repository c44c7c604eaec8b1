"""The records of processing activities (GDPR Art. 30) as the model states them.

- **Processing activities** are the use cases that need personal data: the purpose is the use
  case, with the categories of data and of data subjects, the legal bases, the recipients, the
  transfers and the erasure limits (retention) of the data it needs (Art. 30(1)(b)-(f)).
- **Recipients** are stated (``data[].recipients``) and derived: each party (``parties``) that
  operates an element storing or receiving the item, and the manufacturer for the elements it
  operates in a cloud boundary (its own infrastructure; the device itself discloses nothing to
  the manufacturer by being used).
- **Security measures** (Art. 30(1)(g)): implemented controls in effect on an element or flow
  that handles personal data, or on a personal data item.
- **The processor record** (Art. 30(2)): when a party is a ``controller`` (the hospital) and the
  manufacturer operates cloud elements that handle personal data, the manufacturer processes it
  on the controller's behalf: which controllers, which processing (the use cases whose data
  those elements handle), the transfers from them and the measures in effect on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from medsec.domain.model import Control, DataItem, Element, Party, PartyRole, Project
from medsec.domain.vocabulary import BoundaryKind, ControlStatus, ElementType
from medsec.engines.privacy.transfers import Transfer, personal_items, transfers

CONTROLLERS = (PartyRole.CONTROLLER, PartyRole.JOINT_CONTROLLER)


@dataclass(frozen=True)
class Recipient:
    """Who receives personal data (a party, or the manufacturer's cloud), and what of it."""

    party: str | None  # the party id; None: the manufacturer
    name: str
    role: str  # the party's role, "manufacturer", or "role not stated"
    elements: tuple[str, ...]
    data: tuple[str, ...]


@dataclass(frozen=True)
class Activity:
    """A processing activity: a use case that needs personal data, with its Art. 30 facts."""

    id: str
    name: str
    line: int | None
    data: tuple[DataItem, ...]
    rights: tuple[str, ...] | None  # the rights it serves; None: not stated

    @property
    def subjects(self) -> tuple[str, ...]:
        """The categories of data subjects, as the items state them."""
        return tuple(dict.fromkeys(d.subjects for d in self.data if d.subjects))

    @property
    def legal_bases(self) -> tuple[str, ...]:
        """Every legal basis of its data, each once."""
        return tuple(dict.fromkeys(b for d in self.data for b in d.legal_basis))


@dataclass(frozen=True)
class ItemRecord:
    """One personal data item's record: the use cases, recipients and transfers it has."""

    item: DataItem
    use_cases: tuple[str, ...]
    recipients: tuple[str, ...]  # derived recipients' names (the item states its own)
    transfers: tuple[Transfer, ...]


@dataclass(frozen=True)
class ProcessorRecord:
    """The manufacturer's Art. 30(2) record: processing on behalf of controller parties."""

    controllers: tuple[Party, ...]
    elements: tuple[Element, ...]
    data: tuple[str, ...]
    activities: tuple[str, ...]
    transfers: tuple[Transfer, ...]
    measures: tuple[Control, ...]


@dataclass(frozen=True)
class Ropa:
    """The records of processing the model supports."""

    activities: tuple[Activity, ...]
    items: tuple[ItemRecord, ...]
    recipients: tuple[Recipient, ...]
    transfers: tuple[Transfer, ...]
    measures: tuple[Control, ...]
    controllers: tuple[Party, ...]
    processor: ProcessorRecord | None


class _Handling:
    """Which elements handle which personal data items (store, send or receive)."""

    def __init__(self, project: Project, personal: dict[str, DataItem]) -> None:
        """Index the model once."""
        self.by_element: dict[str, list[str]] = {}
        self.flows: set[str] = set()
        for e in project.elements:
            for d in e.stores:
                if d in personal:
                    self.by_element.setdefault(e.id, []).append(d)
        for f in project.flows:
            carried = [d for d in f.data if d in personal]
            if carried:
                self.flows.add(f.id)
                for end in (f.source, f.target):
                    self.by_element.setdefault(end, []).extend(carried)
        self.by_element = {k: list(dict.fromkeys(v)) for k, v in self.by_element.items()}


def _manufacturer_cloud(project: Project, e: Element) -> bool:
    """An element the manufacturer operates in a cloud boundary (its own infrastructure)."""
    return (
        e.type is not ElementType.ACTOR
        and project.operator(e.id) is None
        and project.in_boundary_kind(e.id, BoundaryKind.CLOUD.value)
    )


def _recipients(project: Project, handling: _Handling) -> tuple[Recipient, ...]:
    """The parties and the manufacturer's cloud receiving personal data, parties first."""
    grouped: dict[str | None, tuple[list[str], list[str]]] = {}
    for e in project.elements:
        held = handling.by_element.get(e.id)
        operator = project.operator(e.id)
        if not held or (operator is None and not _manufacturer_cloud(project, e)):
            continue
        elements, data = grouped.setdefault(operator, ([], []))
        elements.append(e.id)
        data.extend(held)
    out = []
    for party_id, (elements, data) in grouped.items():
        party = project.party(party_id) if party_id else None
        if party_id is None:
            name, role = project.device.manufacturer, "manufacturer"
        else:
            name = party.name if party else party_id
            role = party.role.value if party and party.role else "role not stated"
        out.append(Recipient(party_id, name, role, tuple(elements), tuple(dict.fromkeys(data))))
    return tuple(sorted(out, key=lambda r: (r.party is None, r.party or "")))


def _measures(
    project: Project, handling: _Handling, personal: dict[str, DataItem]
) -> tuple[Control, ...]:
    """Implemented controls in effect on what handles personal data (Art. 32)."""
    targets = set(handling.by_element) | handling.flows | set(personal)
    return tuple(
        c
        for c in project.controls
        if c.status is ControlStatus.IMPLEMENTED and targets & set(c.applies_to)
    )


def _cloud(project: Project, handling: _Handling) -> tuple[Element, ...]:
    """The manufacturer's cloud elements that handle personal data."""
    return tuple(
        e
        for e in project.elements
        if e.id in handling.by_element and _manufacturer_cloud(project, e)
    )


def _processor(
    project: Project,
    handling: _Handling,
    found: tuple[Transfer, ...],
    measures: tuple[Control, ...],
) -> ProcessorRecord | None:
    """The Art. 30(2) record, when a controller party's data reaches the manufacturer's cloud."""
    controllers = tuple(p for p in project.parties if p.role in CONTROLLERS)
    cloud = _cloud(project, handling) if controllers else ()
    if not cloud:
        return None
    ids = {e.id for e in cloud}
    data = {d for e in cloud for d in handling.by_element[e.id]}
    touching = ids | {f.id for f in project.flows if ids & {f.target, f.source}}
    return ProcessorRecord(
        controllers,
        cloud,
        tuple(dict.fromkeys(d for e in cloud for d in handling.by_element[e.id])),
        tuple(u.id for u in project.use_cases if data & set(u.needs_data)),
        tuple(t for t in found if t.subject in touching),
        tuple(c for c in measures if touching & set(c.applies_to)),
    )


def ropa(project: Project) -> Ropa:
    """The records of processing of the model's personal data."""
    personal = personal_items(project)
    handling = _Handling(project, personal)
    found = transfers(project)
    recipients = _recipients(project, handling)
    measures = _measures(project, handling, personal)
    activities = tuple(
        Activity(
            u.id,
            u.name,
            u.line,
            tuple(personal[d] for d in u.needs_data if d in personal),
            None if u.rights is None else tuple(r.value for r in u.rights),
        )
        for u in project.use_cases
        if any(d in personal for d in u.needs_data)
    )
    items = tuple(
        ItemRecord(
            d,
            tuple(u.id for u in project.use_cases if d.id in u.needs_data),
            tuple(r.name for r in recipients if d.id in r.data),
            tuple(t for t in found if d.id in t.data),
        )
        for d in personal.values()
    )
    controllers = tuple(p for p in project.parties if p.role in CONTROLLERS)
    processor = _processor(project, handling, found, measures)
    return Ropa(activities, items, recipients, found, measures, controllers, processor)
