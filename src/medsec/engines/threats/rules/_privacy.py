"""What the privacy rules (MP-xx) ask of the data inventory: traits, pseudonymisation, the cloud.

The cloud is where data of many hospitals meets: a flow into a cloud boundary from outside it
is an upload, and two elements share a cloud when their outermost cloud boundary is the same.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import DataItem, DataTrait, Element, Flow, Project
from medsec.domain.threat import Target, TargetKind, Trigger, Unknown
from medsec.domain.vocabulary import BoundaryKind, DataCategory
from medsec.engines.threats.rules._topology import find_element, in_cloud

# categories that are pseudonymised or anonymous by what they are
_NOT_IDENTIFYING = frozenset({DataCategory.PSEUDONYMISED, DataCategory.ANONYMOUS})


def items(project: Project) -> dict[str, DataItem]:
    """The data items by id."""
    return {d.id: d for d in project.data}


def uploads(project: Project) -> Iterator[Flow]:
    """Flows into a cloud element from an element outside every cloud boundary."""
    for f in project.flows:
        source, target = find_element(project, f.source), find_element(project, f.target)
        if target is None or not in_cloud(project, target):
            continue
        if source is not None and in_cloud(project, source):
            continue
        yield f


def with_trait(
    found: dict[str, DataItem], ids: tuple[str, ...], *traits: DataTrait
) -> list[DataItem]:
    """The items among ``ids`` that have one of ``traits``, in order, each once."""
    out = [found[d] for d in dict.fromkeys(ids) if d in found]
    return [d for d in out if any(t in d.traits for t in traits)]


def pseudonymised(item: DataItem) -> bool | None:
    """Whether the item no longer names the person: its category says so, or ``pseudonymised``."""
    if item.category in _NOT_IDENTIFYING:
        return True
    return item.pseudonymised


def shown(item: DataItem, *traits: DataTrait) -> str:
    """``gps (personal; location)``: an item as a trigger shows it, with the traits that count."""
    named = [t.value for t in item.traits if t in traits]
    suffix = f"; {', '.join(named)}" if named else ""
    return f"{item.id} ({item.category.value}{suffix})"


def item_trig(item: DataItem, attribute: str, value: object) -> Trigger:
    """A trigger on a data item attribute: ``data[id].attribute = value``."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return Trigger(f"data[{item.id}].{attribute}", text)


def ask(project: Project, item: DataItem, attribute: str) -> Unknown:
    """A data item attribute the rule needs, asked on the device (data items are no targets)."""
    return Unknown(Target(TargetKind.DEVICE, project.device.id), f"data[{item.id}].{attribute}")


def cloud_of(project: Project, element: Element) -> str | None:
    """The id of the outermost cloud boundary the element sits in, or None."""
    found: str | None = None
    seen: set[str] = set()
    bid = element.boundary
    while bid is not None and bid not in seen and (b := project.boundary(bid)) is not None:
        seen.add(bid)
        if b.kind is BoundaryKind.CLOUD:
            found = b.id
        bid = b.parent
    return found
