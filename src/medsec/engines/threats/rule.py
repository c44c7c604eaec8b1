"""The threat rule interface: metadata plus ``check(project)``.

A rule yields a :class:`Match` for every target where a stated attribute is weak, and an
:class:`Unknown` where an attribute it needs is not stated. It never treats "unknown" as weak:
a well-secured model is quiet, and a vague one gets one missing-information finding per target.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from medsec.domain.model import Element, Flow, Interface, Project
from medsec.domain.threat import Match, RuleMeta, Target, TargetKind, Trigger, Unknown

Outcome = Match | Unknown


class Rule(Protocol):
    meta: RuleMeta

    def check(self, project: Project) -> Iterator[Outcome]: ...


def element_target(element: Element) -> Target:
    return Target(TargetKind.ELEMENT, element.id)


def flow_target(flow: Flow) -> Target:
    return Target(TargetKind.FLOW, flow.id)


def interface_target(interface: Interface) -> Target:
    return Target(TargetKind.INTERFACE, interface.id)


def trig(kind: str, obj_id: str, attribute: str, value: object) -> Trigger:
    """A trigger naming the model path: ``flows[tablet-to-pump].authentication``."""
    shown = value.value if hasattr(value, "value") else value
    if isinstance(shown, bool):
        shown = str(shown).lower()
    return Trigger(f"{kind}[{obj_id}].{attribute}", str(shown))


def flow_trig(flow: Flow, attribute: str, value: object) -> Trigger:
    return trig("flows", flow.id, attribute, value)


def element_trig(element: Element, attribute: str, value: object) -> Trigger:
    return trig("elements", element.id, attribute, value)


def interface_trig(interface: Interface, attribute: str, value: object) -> Trigger:
    return trig("interfaces", interface.id, attribute, value)


def unknown_flow(flow: Flow, attribute: str) -> Unknown:
    return Unknown(flow_target(flow), attribute)


def unknown_element(element: Element, attribute: str) -> Unknown:
    return Unknown(element_target(element), attribute)


def unknown_interface(interface: Interface, attribute: str) -> Unknown:
    return Unknown(interface_target(interface), attribute)
