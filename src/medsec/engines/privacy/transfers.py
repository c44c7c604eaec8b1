"""Personal data leaving the EU/EEA: where each element is, which flows transfer, what covers them.

**Where an element is** (:func:`location`): its own ``region``; else its host's (a store runs
where its host runs, up the host chain); else its boundary's, up the ``parent`` chain; else
unknown. Unknown is never read as "outside".

**A transfer** (GDPR Chapter V) is a flow carrying personal data (credentials too) into an
element located outside the EU/EEA from one that is not (inside it, or of unknown location: the
device is used where its hospitals are). Its mechanism is the flow's ``transfer``, else the
``transfer`` of the party operating the destination. A personal-data store located outside the
EU/EEA that no transfer flow reaches (neither the store nor its host) is a transfer too (its data gets there by a path the model
does not show); the party operating it covers it.

A transfer is **covered** when it has a mechanism, and an ``adequacy`` mechanism only for a
country with an adequacy decision (:data:`~medsec.engines.privacy.regions.ADEQUACY`). A
``transfer`` on a flow whose destination is inside the EU/EEA is a **warning** (no transfer:
nothing to cover), as is one on a flow that carries no personal data out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from medsec.domain.model import DataItem, Element, Flow, Project, TransferMechanism
from medsec.domain.paths import PROJECT_FILE
from medsec.engines.privacy.regions import Place, country_name, place

_ART = {
    TransferMechanism.ADEQUACY: "adequacy decision (Art. 45)",
    TransferMechanism.SCC: "standard contractual clauses (Art. 46(2)(c))",
    TransferMechanism.BCR: "binding corporate rules (Art. 47)",
    TransferMechanism.ART49: "derogation (Art. 49)",
}


def mechanism_text(mechanism: TransferMechanism) -> str:
    """The mechanism as the GDPR names it: ``standard contractual clauses (Art. 46(2)(c))``."""
    return _ART[mechanism]


@dataclass(frozen=True)
class Located:
    """An element's place and the attribute that says so (``boundaries[vendor-cloud].region``)."""

    place: Place
    stated_by: str


def location(project: Project, element_id: str) -> Located | None:
    """Where the element is: its region, its host's, its boundaries' (None: not stated)."""
    seen: set[str] = set()
    boundary: str | None = None
    el = project.find_element(element_id)
    while el is not None and el.id not in seen:
        if el.region is not None and (found := place(el.region)) is not None:
            return Located(found, f"elements[{el.id}].region")
        boundary = boundary or el.boundary
        seen.add(el.id)
        el = project.find_element(el.host) if el.host else None
    return _boundary_location(project, boundary)


def _boundary_location(project: Project, boundary_id: str | None) -> Located | None:
    """The nearest region up the boundary's ``parent`` chain."""
    seen: set[str] = set()
    current = project.boundary(boundary_id) if boundary_id else None
    while current is not None and current.id not in seen:
        if current.region is not None and (found := place(current.region)) is not None:
            return Located(found, f"boundaries[{current.id}].region")
        seen.add(current.id)
        current = project.boundary(current.parent) if current.parent else None
    return None


@dataclass(frozen=True)
class Transfer:
    """Personal data going to a third country, and what covers it."""

    kind: str  # "flow" or "store"
    subject: str  # the flow's or the store's id
    line: int | None
    data: tuple[str, ...]  # the personal data items transferred
    origin: Located | None
    destination: Located
    mechanism: TransferMechanism | None
    mechanism_by: str  # "flows[x].transfer", "parties[y].transfer", "" when none
    problem: str | None  # None: covered

    @property
    def covered(self) -> bool:
        """It has a mechanism that holds for its destination."""
        return self.problem is None

    @property
    def country(self) -> str:
        """The destination country's name."""
        return country_name(self.destination.place.country)


def personal_items(project: Project) -> dict[str, DataItem]:
    """Personal data items by id (every category the GDPR applies to, credentials too)."""
    return {d.id: d for d in project.data if d.category.personal}


def _outside(located: Located | None) -> bool:
    """Known to be outside the EU/EEA."""
    return located is not None and not located.place.in_eea


def _mechanism(
    project: Project, stated: TransferMechanism | None, stated_by: str, operator: str | None
) -> tuple[TransferMechanism | None, str]:
    """The mechanism stated on the flow or element, else the operating party's."""
    if stated is not None:
        return stated, stated_by
    party = project.party(operator) if operator else None
    if party is not None and party.transfer is not None:
        return party.transfer, f"parties[{party.id}].transfer"
    return None, ""


def _problem(mechanism: TransferMechanism | None, destination: Place) -> str | None:
    """Why the mechanism does not cover the transfer, or None."""
    country = country_name(destination.country)
    if mechanism is None:
        return f"no transfer mechanism for personal data going to {country}"
    if mechanism is TransferMechanism.ADEQUACY and destination.adequacy is None:
        return f"'adequacy' stated, but {country} has no adequacy decision (GDPR Art. 45)"
    return None


def _flow_transfer(project: Project, f: Flow, personal: dict[str, DataItem]) -> Transfer | None:
    """The transfer a flow makes, or None when it takes no personal data out of the EU/EEA."""
    carried = tuple(d for d in dict.fromkeys(f.data) if d in personal)
    target = location(project, f.target)
    origin = location(project, f.source)
    if not carried or target is None or not _outside(target) or _outside(origin):
        return None
    operator = project.operator(f.target)
    mechanism, by = _mechanism(project, f.transfer, f"flows[{f.id}].transfer", operator)
    problem = _problem(mechanism, target.place)
    return Transfer("flow", f.id, f.line, carried, origin, target, mechanism, by, problem)


def _store_transfer(
    project: Project, e: Element, personal: dict[str, DataItem], reached: set[str]
) -> Transfer | None:
    """A store abroad whose personal data no transfer flow brings there, or None."""
    held = tuple(d for d in dict.fromkeys(e.stores) if d in personal and d not in reached)
    here = location(project, e.id)
    if not held or here is None or not _outside(here):
        return None
    mechanism, by = _mechanism(project, None, "", project.operator(e.id))
    problem = _problem(mechanism, here.place)
    return Transfer("store", e.id, e.line, held, None, here, mechanism, by, problem)


def transfers(project: Project) -> tuple[Transfer, ...]:
    """Every transfer of personal data out of the EU/EEA: flows first, then stores, model order."""
    personal = personal_items(project)
    if not personal:
        return ()
    found: list[Transfer] = []
    reached: dict[str, set[str]] = {}  # element id -> personal data a transfer flow brings
    for f in project.flows:
        t = _flow_transfer(project, f, personal)
        if t is not None:
            found.append(t)
            reached.setdefault(f.target, set()).update(t.data)
    for e in project.elements:
        stored = _store_transfer(project, e, personal, _reaching(project, e, reached))
        if stored is not None:
            found.append(stored)
    return tuple(found)


def _reaching(project: Project, e: Element, reached: dict[str, set[str]]) -> set[str]:
    """What transfer flows bring to the element or to its hosts (a hosted store gets it there)."""
    found: set[str] = set()
    seen: set[str] = set()
    current: Element | None = e
    while current is not None and current.id not in seen:
        found |= reached.get(current.id, set())
        seen.add(current.id)
        current = project.find_element(current.host) if current.host else None
    return found


@dataclass(frozen=True)
class TransferWarning:
    """A ``transfer`` stated where there is no transfer: located, with what to do."""

    subject: str
    line: int | None
    message: str

    def __str__(self) -> str:
        """``medsec.yaml:42: flows[x].transfer: ...``, as ``medsec validate`` notes it."""
        where = f"{PROJECT_FILE}:{self.line}" if self.line else PROJECT_FILE
        return f"{where}: flows[{self.subject}].transfer: {self.message}"


def warnings(project: Project) -> Iterator[TransferWarning]:
    """Flows that state a mechanism but transfer nothing out of the EU/EEA."""
    personal = personal_items(project)
    for f in project.flows:
        if f.transfer is None:
            continue
        target = location(project, f.target)
        if target is not None and target.place.in_eea:
            yield TransferWarning(
                f.id,
                f.line,
                f"'{f.transfer.value}' is stated, but '{f.target}' is in "
                f"{target.place.label} ({target.stated_by}): a flow inside the EU/EEA is no "
                "transfer, remove the key (or correct the region)",
            )
        elif not any(d in personal for d in f.data):
            yield TransferWarning(
                f.id,
                f.line,
                f"'{f.transfer.value}' is stated, but the flow carries no personal data: "
                "nothing is transferred",
            )
