"""Which elements the update rules ask about."""

from __future__ import annotations

from medsec.domain.model import Element, Project
from medsec.domain.vocabulary import ElementType
from medsec.engines.threats.rules._topology import in_cloud


def asks_about_update(project: Project, element: Element) -> bool:
    """Device-side software processes that may be updated: where an unstated update matters."""
    return (
        element.type is ElementType.PROCESS
        and element.is_software
        and element.updatable is not False
        and not in_cloud(project, element)
    )
