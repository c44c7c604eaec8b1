"""Which sensitive data items an element holds at rest."""

from __future__ import annotations

from collections.abc import Callable

from medsec.domain.model import DataItem, Element, Project
from medsec.domain.threat import Trigger
from medsec.domain.vocabulary import DataCategory
from medsec.engines.threats.rule import element_trig


def personal(item: DataItem) -> bool:
    """Personal data about patients or users (health, identifiers), not credentials."""
    return item.category.personal and item.category is not DataCategory.CREDENTIAL


def held(project: Project, element: Element, keep: Callable[[DataItem], bool]) -> list[DataItem]:
    by_id = {d.id: d for d in project.data}
    return [by_id[d] for d in element.stores if d in by_id and keep(by_id[d])]


def stores_trigger(element: Element, items: list[DataItem]) -> Trigger:
    shown = ", ".join(f"{d.id} ({d.category.value})" for d in items)
    return element_trig(element, "stores", shown)
