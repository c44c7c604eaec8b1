"""What changed between two SBOMs (or two releases): added, removed, upgraded, downgraded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from medsec.domain.component import Component
from medsec.engines.sbom.identity import component_key, version_key


class Change(StrEnum):
    """How a component differs between two SBOMs."""

    ADDED = "added"
    REMOVED = "removed"
    UPGRADED = "upgraded"
    DOWNGRADED = "downgraded"
    CHANGED = "changed"  # same version string, other purl/hashes/supplier


@dataclass(frozen=True)
class ComponentChange:
    """One component change, with the versions before and after."""

    change: Change
    key: str
    name: str
    old_version: str | None = None
    new_version: str | None = None
    detail: str | None = None


def _index(components: Iterable[Component]) -> dict[str, dict[str, Component]]:
    """Components by identity, then by version (the first entry of a version wins)."""
    out: dict[str, dict[str, Component]] = {}
    for component in components:
        out.setdefault(component_key(component), {}).setdefault(component.version or "", component)
    return out


def diff(old: Iterable[Component], new: Iterable[Component]) -> tuple[ComponentChange, ...]:
    """Changes from ``old`` to ``new`` by identity; a removed and an added version pair up."""
    before, after = _index(old), _index(new)
    changes: list[ComponentChange] = []
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key, {}), after.get(key, {})
        name = next(iter((now or was).values())).display_name
        gone = sorted(set(was) - set(now), key=version_key)
        came = sorted(set(now) - set(was), key=version_key)
        while gone and came:  # pair versions: oldest removed with oldest added
            a, b = gone.pop(0), came.pop(0)
            kind = Change.UPGRADED if version_key(b) > version_key(a) else Change.DOWNGRADED
            changes.append(ComponentChange(kind, key, name, a or None, b or None))
        changes.extend(
            ComponentChange(Change.REMOVED, key, name, old_version=v or None) for v in gone
        )
        changes.extend(
            ComponentChange(Change.ADDED, key, name, new_version=v or None) for v in came
        )
        for version in sorted(set(was) & set(now), key=version_key):
            detail = _detail(was[version], now[version])
            if detail:
                changes.append(
                    ComponentChange(
                        Change.CHANGED, key, name, version or None, version or None, detail
                    )
                )
    return tuple(changes)


def _detail(a: Component, b: Component) -> str | None:
    """What differs between two entries of one version: supplier, hashes, end of support."""
    notes = []
    if a.supplier != b.supplier:
        notes.append(f"supplier {a.supplier!r} -> {b.supplier!r}")
    if a.hashes and b.hashes and not set(a.hashes) & set(b.hashes):
        notes.append("hashes differ")
    if a.end_of_support != b.end_of_support:
        notes.append(f"end of support {a.end_of_support} -> {b.end_of_support}")
    return "; ".join(notes) or None
