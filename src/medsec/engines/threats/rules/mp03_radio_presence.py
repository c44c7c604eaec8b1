"""MP-03: A body-worn or home device that advertises itself by radio reveals its patient.

A device of one patient (``patients: 1``: worn, implanted or at the bedside) or one in a ``home``
boundary that advertises all the time over Bluetooth or a proprietary radio is detectable by
anyone in range with a phone: its presence says a patient with that device is here, and a
stable address follows them from place to place.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Element, Interface, Project
from medsec.domain.threat import Linddun, Match, RuleMeta, Trigger
from medsec.domain.vocabulary import BoundaryKind, ElementType, InterfaceKind, Protocol
from medsec.engines.judgements import switched_off
from medsec.engines.threats.rule import (
    Outcome,
    element_trig,
    interface_target,
    interface_trig,
    unknown_element,
    unknown_interface,
)
from medsec.engines.threats.rules._topology import in_cloud, within

# radios that advertise their presence to anyone in range (Wi-Fi and cellular join networks)
BEACON_RADIOS = frozenset({Protocol.BLE, Protocol.CLASSIC_BLUETOOTH, Protocol.PROPRIETARY_RF})


def whose(project: Project, element: Element) -> Trigger | None:
    """What says the element is one patient's: a home boundary, or ``patients: 1``; else None."""
    if within(project, element, BoundaryKind.HOME):
        return Trigger(f"elements[{element.id}].boundary", f"{element.boundary} (home)")
    if element.patients == 1:
        return element_trig(element, "patients", 1)
    return None


def radios(project: Project, element: Element) -> Iterator[Interface]:
    """The element's enabled wireless interfaces that may advertise (protocol a beacon radio,
    or not stated)."""
    for i in project.interfaces_of(element.id):
        if switched_off(i):
            continue
        if i.protocol in BEACON_RADIOS or (i.kind is InterfaceKind.WIRELESS and i.protocol is None):
            yield i


class Mp03RadioPresence:
    """A radio that advertises all the time makes its patient detectable and trackable."""

    meta = RuleMeta(
        id="MP-03",
        title="Patient detectable by the radio presence of their device",
        stride=(),
        linddun=(Linddun.DETECTING, Linddun.LINKING),
        cwe=("CWE-203", "CWE-200"),
        capec=("CAPEC-619", "CAPEC-612"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N",
        mitigation=(
            "Advertise only on demand (a button, a clinician action, a schedule) and state "
            "`always_on: false`; use resolvable private addresses (BLE privacy) and an "
            "advertising payload with no product, model or serial in it."
        ),
        description=(
            "The device advertises its presence all the time; anyone in radio range with a "
            "phone learns that a patient with this kind of device is near, and a stable "
            "address or payload follows the patient from place to place."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Always-on beacon radios of one patient's device elements (asked when unstated)."""
        for e in project.elements:
            if e.type is ElementType.ACTOR or in_cloud(project, e):
                continue
            found = list(radios(project, e))
            if found:
                yield from self._element(project, e, found)

    def _element(self, project: Project, e: Element, found: list[Interface]) -> Iterator[Outcome]:
        """Whose device it is first, then which radios advertise all the time."""
        patient = whose(project, e)
        if patient is None:
            if e.patients is None:
                yield unknown_element(e, "patients")
            return
        for i in found:
            if i.protocol is None:
                yield unknown_interface(i, "protocol")
            elif i.always_on is None:
                yield unknown_interface(i, "always_on")
            elif i.always_on:
                radio = interface_trig(i, "protocol", i.protocol)
                yield Match(
                    interface_target(i), (radio, interface_trig(i, "always_on", True), patient)
                )


RULE = Mp03RadioPresence()
