"""The device SBOM medsec exports: device -> software elements -> components."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from medsec.domain.component import Component


@dataclass(frozen=True)
class ElementSbom:
    """One software element with its components; refs are unique across the whole device."""

    id: str
    name: str
    components: tuple[Component, ...]
    roots: tuple[str, ...]  # refs the element uses directly
    version: str | None = None
    type: str = "application"
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeviceSbom:
    """The whole device as one SBOM: its identity and one entry per software element."""

    id: str
    name: str
    version: str
    manufacturer: str
    created: datetime
    elements: tuple[ElementSbom, ...]

    def components(self) -> Iterator[Component]:
        """Every component of every element, in element order."""
        for element in self.elements:
            yield from element.components
