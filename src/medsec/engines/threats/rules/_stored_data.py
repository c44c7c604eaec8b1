"""Which sensitive data items an element holds at rest."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from medsec.domain.model import DataItem, Element, Project
from medsec.domain.threat import Match, Trigger
from medsec.domain.vocabulary import BoundaryKind, DataCategory, ElementType
from medsec.engines.threats.rule import Outcome, element_target, element_trig, unknown_element
from medsec.engines.threats.rules._topology import within


def personal(item: DataItem) -> bool:
    """Personal data about patients or users (health, identifiers), not credentials."""
    return item.category.personal and item.category is not DataCategory.CREDENTIAL


def held(project: Project, element: Element, keep: Callable[[DataItem], bool]) -> list[DataItem]:
    """The data items an element stores that ``keep`` selects, in the element's order."""
    by_id = {d.id: d for d in project.data}
    return [by_id[d] for d in element.stores if d in by_id and keep(by_id[d])]


def stores_trigger(element: Element, items: list[DataItem]) -> Trigger:
    """``elements[id].stores = item (category), ...``: what the element holds."""
    shown = ", ".join(f"{d.id} ({d.category.value})" for d in items)
    return element_trig(element, "stores", shown)


def unencrypted_at_rest(
    project: Project, keep: Callable[[DataItem], bool], *, mobile: bool
) -> Iterator[Outcome]:
    """Elements (inside or outside a mobile boundary) holding ``keep`` data unencrypted at rest."""
    for e in project.elements:
        if e.type is ElementType.ACTOR or within(project, e, BoundaryKind.MOBILE) is not mobile:
            continue
        items = held(project, e, keep)
        if not items:
            continue
        if e.encryption_at_rest is None:
            yield unknown_element(e, "encryption_at_rest")
        elif e.encryption_at_rest is False:
            triggers = (stores_trigger(e, items), element_trig(e, "encryption_at_rest", False))
            yield Match(element_target(e), triggers)
