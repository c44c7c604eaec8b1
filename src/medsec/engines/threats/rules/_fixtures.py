"""Small model builders for the rule tests that live beside each rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from medsec.domain.model import (
    ActivityRecord,
    Boundary,
    Control,
    DataItem,
    Device,
    Element,
    Flow,
    Interface,
    Project,
    UseCase,
)
from medsec.domain.threat import Match, Unknown
from medsec.domain.vocabulary import (
    BoundaryKind,
    ControlCategory,
    DataCategory,
    ElementType,
    InterfaceKind,
)
from medsec.engines.threats.rule import Rule

DEVICE = Device(id="dev", name="Test device", version="1.0.0", manufacturer="ACME")

# "box" is the device under analysis; the others are the usual places around it
BOUNDARIES = (
    Boundary(id="box", name="Box", kind=BoundaryKind.DEVICE),
    Boundary(id="lan", name="Hospital network", kind=BoundaryKind.NETWORK),
    Boundary(id="cloud", name="Vendor cloud", kind=BoundaryKind.CLOUD),
    Boundary(id="phone", name="Patient phone", kind=BoundaryKind.MOBILE),
)


def element(eid: str = "fw", **kw: object) -> Element:
    base = Element(id=eid, name=eid, type=ElementType.PROCESS, boundary="box")
    return replace(base, **kw)  # type: ignore[arg-type]


def store(eid: str = "db", **kw: object) -> Element:
    return element(eid, type=ElementType.DATA_STORE, **kw)


def actor(eid: str, **kw: object) -> Element:
    return element(eid, type=ElementType.ACTOR, boundary=None, **kw)


def flow(fid: str = "f", source: str = "app", target: str = "fw", **kw: object) -> Flow:
    return replace(Flow(id=fid, source=source, target=target), **kw)  # type: ignore[arg-type]


def interface(
    iid: str = "i",
    element_id: str = "fw",
    kind: InterfaceKind = InterfaceKind.NETWORK,
    **kw: object,
) -> Interface:
    base = Interface(id=iid, element=element_id, kind=kind)
    return replace(base, **kw)  # type: ignore[arg-type]


def data_item(did: str, category: DataCategory = DataCategory.HEALTH) -> DataItem:
    return DataItem(id=did, name=did, category=category)


def use_case(
    uid: str = "uc", *, data: Iterable[str] = (), interfaces: Iterable[str] = ()
) -> UseCase:
    return UseCase(id=uid, name=uid, needs_data=tuple(data), needs_interfaces=tuple(interfaces))


def control(
    cid: str, category: ControlCategory, applies_to: Iterable[str], **kw: object
) -> Control:
    base = Control(id=cid, name=cid, category=category, applies_to=tuple(applies_to))
    return replace(base, **kw)  # type: ignore[arg-type]


def make_project(
    *,
    elements: Iterable[Element] = (),
    flows: Iterable[Flow] = (),
    interfaces: Iterable[Interface] = (),
    data: Iterable[DataItem] = (),
    use_cases: Iterable[UseCase] = (),
    controls: Iterable[Control] = (),
    activities: Iterable[ActivityRecord] = (),
    boundaries: Iterable[Boundary] = BOUNDARIES,
) -> Project:
    els = tuple(elements)
    fls = tuple(flows)
    ids = {e.id for e in els}
    # every flow endpoint gets an element so the model is consistent
    extra = tuple(
        Element(id=x, name=x, type=ElementType.ACTOR)
        for f in fls
        for x in (f.source, f.target)
        if x not in ids
    )
    uniq = {e.id: e for e in (*els, *extra)}
    return Project(
        root=".",
        device=DEVICE,
        boundaries=tuple(boundaries),
        elements=tuple(uniq.values()),
        flows=fls,
        interfaces=tuple(interfaces),
        data=tuple(data),
        use_cases=tuple(use_cases),
        controls=tuple(controls),
        activities=tuple(activities),
    )


def matches(rule: Rule, project: Project) -> list[Match]:
    return [o for o in rule.check(project) if isinstance(o, Match)]


def unknowns(rule: Rule, project: Project) -> list[Unknown]:
    return [o for o in rule.check(project) if isinstance(o, Unknown)]


def trigger_texts(match: Match) -> list[str]:
    return [str(t) for t in match.triggers]
