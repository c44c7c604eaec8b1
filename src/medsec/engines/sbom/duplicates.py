"""The same software listed twice: duplicates (same version) and conflicts (different versions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from medsec.domain.component import Component
from medsec.engines.sbom.identity import component_key


@dataclass(frozen=True)
class VersionConflict:
    """One software listed more than once: its versions, refs and source files."""

    key: str
    name: str
    versions: tuple[str, ...]  # sorted; one entry means a plain duplicate
    refs: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def duplicate(self) -> bool:
        """Listed twice in the same version: tidy-up, not a conflict."""
        return len(self.versions) <= 1


def find(components: Iterable[Component]) -> tuple[VersionConflict, ...]:
    """Groups of entries with one identity; sorted by key for stable output."""
    groups: dict[str, list[Component]] = {}
    for component in components:
        groups.setdefault(component_key(component), []).append(component)
    out = []
    for key, members in sorted(groups.items()):
        if len(members) < 2:
            continue
        out.append(
            VersionConflict(
                key=key,
                name=members[0].display_name,
                versions=tuple(sorted({m.version or "" for m in members})),
                refs=tuple(m.ref for m in members),
                sources=tuple(sorted({m.origin.source for m in members})),
            )
        )
    return tuple(out)
