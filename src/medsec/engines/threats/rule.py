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
    """A threat rule: metadata, and the matches and unknowns it finds in a project."""

    meta: RuleMeta

    def check(self, project: Project) -> Iterator[Outcome]:
        """A match per target where a stated attribute is weak; an unknown where one is unstated."""
        ...


def element_target(element: Element) -> Target:
    """The element as a threat target."""
    return Target(TargetKind.ELEMENT, element.id)


def flow_target(flow: Flow) -> Target:
    """The flow as a threat target."""
    return Target(TargetKind.FLOW, flow.id)


def interface_target(interface: Interface) -> Target:
    """The interface as a threat target."""
    return Target(TargetKind.INTERFACE, interface.id)


def trig(kind: str, obj_id: str, attribute: str, value: object) -> Trigger:
    """A trigger naming the model path: ``flows[tablet-to-pump].authentication``."""
    shown = value.value if hasattr(value, "value") else value
    if isinstance(shown, bool):
        shown = str(shown).lower()
    return Trigger(f"{kind}[{obj_id}].{attribute}", str(shown))


def flow_trig(flow: Flow, attribute: str, value: object) -> Trigger:
    """A trigger on a flow attribute: ``flows[id].attribute = value``."""
    return trig("flows", flow.id, attribute, value)


def element_trig(element: Element, attribute: str, value: object) -> Trigger:
    """A trigger on an element attribute: ``elements[id].attribute = value``."""
    return trig("elements", element.id, attribute, value)


def interface_trig(interface: Interface, attribute: str, value: object) -> Trigger:
    """A trigger on an interface attribute: ``interfaces[id].attribute = value``."""
    return trig("interfaces", interface.id, attribute, value)


def unknown_flow(flow: Flow, attribute: str) -> Unknown:
    """The rule needs this flow attribute, and the model does not state it."""
    return Unknown(flow_target(flow), attribute)


def unknown_element(element: Element, attribute: str) -> Unknown:
    """The rule needs this element attribute, and the model does not state it."""
    return Unknown(element_target(element), attribute)


def unknown_interface(interface: Interface, attribute: str) -> Unknown:
    """The rule needs this interface attribute, and the model does not state it."""
    return Unknown(interface_target(interface), attribute)
