"""Small model builders for the rule tests that live beside each rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from medsec.domain.model import (
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
from medsec.domain.vocabulary import BoundaryKind, ElementType
from medsec.engines.threats.rule import Rule

DEVICE = Device(id="dev", name="Test device", version="1.0.0", manufacturer="ACME")


def element(eid: str = "fw", **kw: object) -> Element:
    base = Element(id=eid, name=eid, type=ElementType.PROCESS, boundary="box")
    return replace(base, **kw)  # type: ignore[arg-type]


def flow(fid: str = "f", source: str = "app", target: str = "fw", **kw: object) -> Flow:
    return replace(Flow(id=fid, source=source, target=target), **kw)  # type: ignore[arg-type]


def make_project(
    *,
    elements: Iterable[Element] = (),
    flows: Iterable[Flow] = (),
    interfaces: Iterable[Interface] = (),
    data: Iterable[DataItem] = (),
    use_cases: Iterable[UseCase] = (),
    controls: Iterable[Control] = (),
) -> Project:
    els = tuple(elements)
    ids = {e.id for e in els}
    # every flow endpoint gets an element so the model is consistent
    extra = tuple(
        Element(id=x, name=x, type=ElementType.ACTOR)
        for f in flows
        for x in (f.source, f.target)
        if x not in ids
    )
    uniq = {e.id: e for e in (*els, *extra)}
    return Project(
        root=".",
        device=DEVICE,
        boundaries=(Boundary(id="box", name="Box", kind=BoundaryKind.DEVICE),),
        elements=tuple(uniq.values()),
        flows=tuple(flows),
        interfaces=tuple(interfaces),
        data=tuple(data),
        use_cases=tuple(use_cases),
        controls=tuple(controls),
    )


def matches(rule: Rule, project: Project) -> list[Match]:
    return [o for o in rule.check(project) if isinstance(o, Match)]


def unknowns(rule: Rule, project: Project) -> list[Unknown]:
    return [o for o in rule.check(project) if isinstance(o, Unknown)]
