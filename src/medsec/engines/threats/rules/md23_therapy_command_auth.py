"""MD-23: Therapy-changing commands accepted over an unauthenticated path."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Element, Project
from medsec.domain.threat import Match, RuleMeta, Stride, Trigger
from medsec.domain.vocabulary import Carries, ElementType, Function
from medsec.engines.judgements import authenticated, in_host_flow
from medsec.engines.threats.rule import (
    Outcome,
    element_target,
    element_trig,
    flow_trig,
    unknown_element,
    unknown_flow,
)
from medsec.engines.threats.rules._protection import LOCAL_PROTOCOLS
from medsec.engines.threats.rules._topology import inbound
from medsec.engines.threats.titles import element_rule_title


class Md23TherapyCommandAuth:
    """An unauthenticated sender changes therapy (dose, rate, settings) on the device."""

    meta = RuleMeta(
        id="MD-23",
        title="Therapy-changing commands over an unauthenticated path",
        stride=(Stride.TAMPERING, Stride.ELEVATION_OF_PRIVILEGE),
        cwe=("CWE-306",),
        capec=("CAPEC-151", "CAPEC-212"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:N/I:H/A:H",
        mitigation=(
            "Authenticate every command path into the therapy controller (mutual "
            "authentication with per-device keys, MITM-protected pairing on BLE), add a "
            "message MAC and counter, keep hard safety limits in the controller itself, and "
            "require a local confirmation for dose or rate changes."
        ),
        description=(
            "An attacker who can reach the command path changes dose, rate or stimulation "
            "parameters and harms the patient, because the therapy controller accepts commands "
            "from unauthenticated senders."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Therapy elements receiving non-local command flows stated unauthenticated."""
        for e in project.elements:
            if e.type is ElementType.ACTOR:
                continue
            if e.function is not None and e.function is not Function.THERAPY:
                continue
            yield from self._element(project, e)

    def _element(self, project: Project, e: Element) -> Iterator[Outcome]:
        """Unauthenticated command flows into one element; asks its function when unstated."""
        therapy = e.function is Function.THERAPY
        weak: list[Trigger] = []
        for f in inbound(project, e.id):
            if f.protocol in LOCAL_PROTOCOLS or f.carries in (Carries.DATA, Carries.CODE):
                continue
            if in_host_flow(project, f):
                continue
            if f.authentication is None:
                if therapy and f.carries is Carries.COMMANDS:
                    yield unknown_flow(f, "authentication")
                continue
            if authenticated(f.authentication) is not False:
                continue
            if f.carries is None or f.protocol is None:
                if therapy:
                    yield unknown_flow(f, "carries" if f.carries is None else "protocol")
                continue
            weak.append(flow_trig(f, "carries", f.carries))
            weak.append(flow_trig(f, "authentication", f.authentication))
        if not weak:
            return
        if e.function is None:
            yield unknown_element(e, "function")
            return
        title = element_rule_title(e, "Unauthenticated commands reach {name}{harm}")
        yield Match(
            element_target(e), (element_trig(e, "function", e.function), *weak), title=title
        )


RULE = Md23TherapyCommandAuth()
