"""MD-24: Jamming or flooding of a wireless link stops a safety-critical function.

The model has no fail-safe attribute; an implemented control of category ``resilience``
that applies to the flow or to the safety-critical element counts as the answer.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride, Trigger
from medsec.domain.vocabulary import (
    WIRELESS_PROTOCOLS,
    ControlCategory,
    ControlStatus,
    ElementType,
)
from medsec.engines.judgements import in_host_flow
from medsec.engines.threats.rule import (
    Outcome,
    element_trig,
    flow_target,
    flow_trig,
    unknown_element,
)
from medsec.engines.threats.rules._topology import find_element
from medsec.engines.threats.titles import link_title


def resilient_targets(project: Project) -> frozenset[str]:
    """Ids that an implemented resilience control applies to."""
    return frozenset(
        t
        for c in project.controls
        if c.category is ControlCategory.RESILIENCE and c.status is ControlStatus.IMPLEMENTED
        for t in c.applies_to
    )


class Md24WirelessDos:
    """Jamming or flooding a radio link stops a safety-critical function."""

    meta = RuleMeta(
        id="MD-24",
        title="Wireless denial of service halts a safety-critical function",
        stride=(Stride.DENIAL_OF_SERVICE,),
        cwe=("CWE-400",),
        capec=("CAPEC-601", "CAPEC-125"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
        mitigation=(
            "Design for loss of the link: supervise it with a heartbeat, alarm locally within "
            "the essential-performance time when it drops, continue therapy in a safe mode, "
            "and rate-limit connection attempts; record this as a resilience control."
        ),
        description=(
            "A jammer or a flood of connection requests in radio range silences the link, "
            "and with it monitoring, alarm delivery or therapy control, because no fail-safe "
            "behaviour is recorded for the loss of the link."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Wireless flows at safety-critical elements with no implemented resilience control."""
        resilient = resilient_targets(project)
        for f in project.flows:
            if f.protocol not in WIRELESS_PROTOCOLS or f.id in resilient:
                continue
            if in_host_flow(project, f):
                continue
            ends = [find_element(project, x) for x in (f.source, f.target)]
            parts = [e for e in ends if e is not None and e.type is not ElementType.ACTOR]
            critical = [e for e in parts if e.safety_critical is True]
            if not critical:
                for e in parts:
                    if e.safety_critical is None:
                        yield unknown_element(e, "safety_critical")
                continue
            if any(e.id in resilient for e in critical):
                continue
            triggers = (
                flow_trig(f, "protocol", f.protocol),
                *(element_trig(e, "safety_critical", True) for e in critical),
                Trigger("controls", "no implemented resilience control applies"),
            )
            title = link_title(project, f, "Jamming{via} cuts {sender} off from {receiver}{loss}")
            yield Match(flow_target(f), triggers, title=title)


RULE = Md24WirelessDos()
