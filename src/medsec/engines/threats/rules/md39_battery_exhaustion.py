"""MD-39: Battery drained by repeated wireless wake-ups.

A battery-powered element (its own ``power``, or its host's) with a wireless interface that
listens all the time (``always_on: true``) can be woken again and again from radio range until
the battery is empty: for an implant that means surgery, for a wearable a silent monitor.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Element, Interface, Project
from medsec.domain.threat import Match, RuleMeta, Stride, Trigger
from medsec.domain.vocabulary import WIRELESS_PROTOCOLS, ElementType, InterfaceKind, PowerSource
from medsec.engines.judgements import host_chain, switched_off
from medsec.engines.threats.rule import (
    Outcome,
    element_target,
    element_trig,
    interface_trig,
    unknown_element,
    unknown_interface,
)
from medsec.engines.threats.rules._topology import in_cloud


def wake_able_radios(project: Project, element: Element) -> tuple[Interface, ...]:
    """Enabled wireless interfaces of the element not stated to listen on demand only."""
    return tuple(
        i
        for i in project.interfaces_of(element.id)
        if (i.kind is InterfaceKind.WIRELESS or i.protocol in WIRELESS_PROTOCOLS)
        and not switched_off(i)
        and i.always_on is not False
    )


def _powered_by(project: Project, element: Element) -> Element | None:
    """The element, or the nearest host, that states what powers the hardware."""
    for candidate in (element, *host_chain(project, element)):
        if candidate.power is not None:
            return candidate
    return None


class Md39BatteryExhaustion:
    """Wake-up and connection requests from radio range drain the battery."""

    meta = RuleMeta(
        id="MD-39",
        title="Battery drained by repeated wireless wake-ups",
        stride=(Stride.DENIAL_OF_SERVICE,),
        cwe=("CWE-920", "CWE-400"),
        capec=("CAPEC-125",),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
        mitigation=(
            "Listen only on demand (magnet, button, clinician action or a schedule), "
            "rate-limit wake-ups and connection attempts in the radio firmware, drop "
            "unauthenticated connections early, and monitor battery drain with an alarm well "
            "before depletion."
        ),
        description=(
            "An attacker in radio range sends wake-up, advertising or connection requests "
            "over and over; each one costs the battery energy, until the device stops "
            "monitoring or treating long before its expected battery life."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Battery-powered device elements with a radio stated always listening."""
        for e in project.elements:
            if e.type is ElementType.ACTOR or in_cloud(project, e):
                continue
            radios = wake_able_radios(project, e)
            if radios:
                yield from self._element(project, e, radios)

    def _element(
        self, project: Project, e: Element, radios: tuple[Interface, ...]
    ) -> Iterator[Outcome]:
        """Asks the power source first, then which radios listen all the time."""
        powered = _powered_by(project, e)
        if powered is None:
            yield unknown_element(e, "power")
            return
        if powered.power is not PowerSource.BATTERY:
            return
        listening: list[Trigger] = []
        for i in radios:
            if i.always_on is None:
                yield unknown_interface(i, "always_on")
            else:
                listening.append(interface_trig(i, "always_on", True))
        if listening:
            power = element_trig(powered, "power", PowerSource.BATTERY)
            yield Match(element_target(e), (power, *listening))


RULE = Md39BatteryExhaustion()
