"""Where elements sit and how they connect: boundary kinds and inbound flows."""

from __future__ import annotations

from medsec.domain.model import Element, Flow, Project
from medsec.domain.vocabulary import BoundaryKind, ElementType

# the innermost boundary of an element on the attacker's side of a device
NETWORK_SIDE = frozenset(
    {BoundaryKind.NETWORK, BoundaryKind.CLOUD, BoundaryKind.HOME, BoundaryKind.MOBILE}
)


def find_element(project: Project, element_id: str) -> Element | None:
    """The element with this id, or ``None``."""
    return project.find_element(element_id)


def boundary_chain(project: Project, element: Element) -> tuple[BoundaryKind, ...]:
    """Kinds of the element's boundary and its parents, innermost first."""
    kinds: list[BoundaryKind] = []
    seen: set[str] = set()
    bid = element.boundary
    while bid is not None and bid not in seen and (b := project.boundary(bid)) is not None:
        seen.add(bid)
        kinds.append(b.kind)
        bid = b.parent
    return tuple(kinds)


def innermost_kind(project: Project, element: Element) -> BoundaryKind | None:
    """The kind of the element's own boundary, or ``None`` outside any boundary."""
    chain = boundary_chain(project, element)
    return chain[0] if chain else None


def within(project: Project, element: Element, kind: BoundaryKind) -> bool:
    """True when the element sits in a boundary of ``kind``, directly or through a parent."""
    return kind in boundary_chain(project, element)


def in_cloud(project: Project, element: Element) -> bool:
    """Whether the element sits in a cloud boundary, directly or through a parent."""
    return within(project, element, BoundaryKind.CLOUD)


def inbound(project: Project, element_id: str) -> tuple[Flow, ...]:
    """Flows into the element."""
    return project.flows_into(element_id)


def is_software_part(element: Element) -> bool:
    """A process or data store, unless the project says it holds no software (actors never)."""
    return (
        element.type is not ElementType.ACTOR
        and element.software is not False
        and not element.hardware_only
    )
