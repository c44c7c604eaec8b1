"""What the MDS2 derivations read from the model, gathered once: the device's elements, its
personal data, the flows that carry it, its interfaces, and how to cite each fact.

"The device" is what the manufacturer ships: every element that is not an actor and not
stated ``software: false`` (a hospital's interface engine is not ours; a data store the
firmware writes is). Personal data (PII) is every collected data item whose category is
personal under the GDPR (health, genetic, biometric, personal, pseudonymised, credential).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from medsec.domain.model import DataItem, Element, Flow, Interface, Project
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.vocabulary import BoundaryKind, ElementType, Protocol, Transport
from medsec.engines.compliance.context import CheckContext
from medsec.engines.judgements import flow_transport, in_host_flow, switched_off
from medsec.engines.mds2.model import Derived, Fact, Mds2Answer

YES, NO, NA, SEE = Mds2Answer.YES, Mds2Answer.NO, Mds2Answer.NA, Mds2Answer.SEE_NOTE
Answers = dict[str, Derived]


def shown(value: object) -> str:
    """A model value as the form cites it: enums by value, booleans as true/false."""
    if value is None:
        return "not stated"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (tuple, list, frozenset, set)):
        return ", ".join(sorted(shown(v) for v in value)) or "[]"
    return str(value)


def model_fact(key: str, value: object, line: int | None = None) -> Fact:
    """A fact of medsec.yaml: ``key`` with ids (``flows.x.encryption``), its value, its line."""
    return Fact(PROJECT_FILE, key, shown(value), line)


def el(e: Element, attr: str) -> Fact:
    """An element's attribute as a fact."""
    return model_fact(f"elements.{e.id}.{attr}", getattr(e, attr), e.line)


def fl(f: Flow, attr: str) -> Fact:
    """A flow's attribute as a fact."""
    return model_fact(f"flows.{f.id}.{attr}", getattr(f, attr), f.line)


def itf(i: Interface, attr: str) -> Fact:
    """An interface's attribute as a fact."""
    return model_fact(f"interfaces.{i.id}.{attr}", getattr(i, attr), i.line)


def answer(value: Mds2Answer, note: str, facts: Iterable[Fact]) -> Derived:
    """A derived answer; its facts de-duplicated in order."""
    return Derived(value, note, tuple(dict.fromkeys(facts)))


def ids(items: Iterable[Element | Flow | Interface | DataItem]) -> str:
    """``a, b, c``: the ids of model entities, as notes name them."""
    return ", ".join(x.id for x in items)


def is_ours(e: Element) -> bool:
    """Part of the device: not an actor, not stated as someone else's software."""
    return e.type is not ElementType.ACTOR and e.software is not False


@dataclass(frozen=True)
class View:
    """The model as the MDS2 derivations read it (see the module docstring)."""

    ctx: CheckContext
    ours: tuple[Element, ...]
    pii: dict[str, DataItem]
    pii_flows: tuple[Flow, ...]  # flows to or from the device that carry PII, leaving a machine
    interfaces: tuple[Interface, ...]  # the device's interfaces, in model order

    @property
    def project(self) -> Project:
        """The model."""
        return self.ctx.project

    @classmethod
    def of(cls, ctx: CheckContext) -> View:
        """Gather the device's elements, PII, PII flows and interfaces."""
        p = ctx.project
        ours = tuple(e for e in p.elements if is_ours(e))
        our_ids = {e.id for e in ours}
        pii = {d.id: d for d in p.data if d.category.personal and not d.retired}
        flows = tuple(
            f
            for f in p.flows
            if (f.source in our_ids or f.target in our_ids)
            and any(d in pii for d in f.data)
            and not in_host_flow(p, f)
        )
        interfaces = tuple(i for i in p.interfaces if i.element in our_ids)
        return cls(ctx, ours, pii, flows, interfaces)

    def ours_id(self, element_id: str) -> bool:
        """Whether the element is part of the device."""
        return any(e.id == element_id for e in self.ours)

    def in_cloud(self, element_id: str) -> bool:
        """The element runs in a cloud boundary (no hardware of the device's own)."""
        return self.project.in_boundary_kind(element_id, BoundaryKind.CLOUD.value)

    def on_hardware(self, element_id: str) -> bool:
        """The element is inside the device's enclosure (a ``device`` boundary)."""
        return self.project.in_boundary_kind(element_id, BoundaryKind.DEVICE.value)

    def pii_of(self, f: Flow) -> list[str]:
        """The PII items a flow carries."""
        return [d for d in f.data if d in self.pii]

    def present(self, i: Interface) -> bool:
        """An interface that is there in production (not disabled or removed)."""
        return not switched_off(i)

    def local_interfaces(self) -> tuple[Interface, ...]:
        """Present interfaces of device elements outside the cloud (the hardware's ports)."""
        return tuple(i for i in self.interfaces if self.present(i) and not self.in_cloud(i.element))

    def stores_with_pii(self) -> list[Element]:
        """The device's data stores that state PII among what they hold."""
        return [
            e
            for e in self.ours
            if e.type is ElementType.DATA_STORE and any(d in self.pii for d in e.stores)
        ]

    def unstated_stores(self) -> list[Element]:
        """The device's data stores that do not say what they hold."""
        return [e for e in self.ours if e.type is ElementType.DATA_STORE and not e.stores]


def transport(f: Flow) -> Transport | None:
    """How the flow travels (stated, or from its protocol)."""
    return flow_transport(f)


def speaks(interfaces: Iterable[Interface], protocols: Iterable[Protocol]) -> list[Interface]:
    """The interfaces that speak one of ``protocols``."""
    wanted = set(protocols)
    return [i for i in interfaces if i.protocol in wanted]
