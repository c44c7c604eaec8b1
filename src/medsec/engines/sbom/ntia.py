"""NTIA minimum elements and the FDA extras, per component and per SBOM, with a percentage.

Component fields: supplier, name, version, unique id (purl or CPE), dependency relationship
(NTIA); level of support, end-of-support date (FDA premarket guidance). Document fields:
author of the SBOM data, timestamp.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from medsec.domain.component import Component, SbomDocument, SupportLevel


class Field(StrEnum):
    """The component fields NTIA (minimum elements) and the FDA (support data) ask for."""

    SUPPLIER = "supplier"
    NAME = "name"
    VERSION = "version"
    UNIQUE_ID = "unique-id"
    RELATIONSHIP = "relationship"
    SUPPORT_LEVEL = "support-level"
    END_OF_SUPPORT = "end-of-support"


NTIA_FIELDS = (Field.SUPPLIER, Field.NAME, Field.VERSION, Field.UNIQUE_ID, Field.RELATIONSHIP)
FDA_FIELDS = (Field.SUPPORT_LEVEL, Field.END_OF_SUPPORT)


@dataclass(frozen=True)
class ComponentCompleteness:
    """The fields one component leaves empty."""

    ref: str
    label: str
    missing: tuple[Field, ...]

    @property
    def ntia_complete(self) -> bool:
        """Whether it states every NTIA minimum element."""
        return not any(f in NTIA_FIELDS for f in self.missing)

    @property
    def support_complete(self) -> bool:
        """Whether it states both FDA support fields."""
        return not any(f in FDA_FIELDS for f in self.missing)


@dataclass(frozen=True)
class Completeness:
    """One SBOM's completeness; percentages are ``None`` when it has no components."""

    source: str
    components: tuple[ComponentCompleteness, ...]
    has_author: bool
    has_timestamp: bool
    present: tuple[tuple[Field, int], ...]  # per field: how many components state it

    @property
    def count(self) -> int:
        """How many components the SBOM lists."""
        return len(self.components)

    @property
    def ntia_complete(self) -> int:
        """How many components state every NTIA minimum element."""
        return sum(1 for c in self.components if c.ntia_complete)

    @property
    def missing_support(self) -> int:
        """How many components lack a support level or end-of-support date."""
        return sum(1 for c in self.components if not c.support_complete)

    def percent(self, fields: tuple[Field, ...] = NTIA_FIELDS + FDA_FIELDS) -> float | None:
        """Share of the given fields stated over all components, in percent."""
        if not self.components:
            return None
        counts = dict(self.present)
        return 100.0 * sum(counts[f] for f in fields) / (len(fields) * len(self.components))


def related_refs(document: SbomDocument) -> set[str]:
    """Refs that take part in a stated relationship (dependency, containment, nesting)."""
    related: set[str] = set()
    for component in document.components:
        if component.depends_on or component.parent:
            related.add(component.ref)
            related.update(component.depends_on)
            if component.parent:
                related.add(component.parent)
    if document.subject is not None:
        related.update(document.subject.depends_on)
        related.add(document.subject.ref)
    return related


def missing_fields(component: Component, related: set[str]) -> tuple[Field, ...]:
    """Fields the component does not state; ``noAssertion`` is no support level."""
    checks = (
        (Field.SUPPLIER, bool(component.supplier)),
        (Field.NAME, bool(component.name)),
        (Field.VERSION, bool(component.version)),
        (Field.UNIQUE_ID, bool(component.unique_ids)),
        (Field.RELATIONSHIP, component.ref in related),
        (
            Field.SUPPORT_LEVEL,
            component.support_level not in (None, SupportLevel.NO_ASSERTION),
        ),
        (Field.END_OF_SUPPORT, component.end_of_support is not None),
    )
    return tuple(f for f, ok in checks if not ok)


def assess(document: SbomDocument) -> Completeness:
    """Completeness of one SBOM: per component, per field and for the document."""
    related = related_refs(document)
    results = []
    counts = dict.fromkeys(Field, 0)
    for component in document.components:
        missing = missing_fields(component, related)
        for f in Field:
            if f not in missing:
                counts[f] += 1
        results.append(ComponentCompleteness(component.ref, component.label, missing))
    return Completeness(
        source=document.source,
        components=tuple(results),
        has_author=bool(document.authors),
        has_timestamp=document.created is not None,
        present=tuple(counts.items()),
    )
