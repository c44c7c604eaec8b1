"""MD-34: Network-reachable element drives an internal bus (CAN, serial) without authentication.

The model has no filtering attribute; the bus flow's own ``authentication`` is the answer
(e.g. CAN with SecOC MACs: ``shared-key``; a filtering gateway: state it on the flow).
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import Authentication
from medsec.engines.threats.rule import Outcome, flow_target, flow_trig, unknown_flow
from medsec.engines.threats.rules._bus import bus_bridge


class Md34BusBridge:
    """A network attacker reaches a device controller through an element that bridges to its bus."""

    meta = RuleMeta(
        id="MD-34",
        title="Network reaches an internal bus without authentication",
        stride=(Stride.ELEVATION_OF_PRIVILEGE, Stride.TAMPERING),
        cwe=("CWE-923", "CWE-653"),
        capec=("CAPEC-94", "CAPEC-212"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:L/I:H/A:H",
        # the attack comes from the network side of the sender, not from the bus's cable
        cvss_from_model=("AV:sender", "C", "I", "A"),
        mitigation=(
            "Put an allow-list filter in the bridging element (only the messages its use "
            "cases need, rate-limited), authenticate safety-relevant bus messages (CAN SecOC "
            "or a MAC with a per-device key), and keep the safety controller's own limits."
        ),
        description=(
            "An element reachable from the hospital network or the cloud passes messages onto "
            "an internal bus whose receivers trust every frame, so a compromise of the "
            "network side reaches the motor, sensor or therapy controller."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Unauthenticated bus flows into device processes from network-reachable elements."""
        for f in project.flows:
            reach = bus_bridge(project, f)
            if not reach:
                continue
            if f.authentication is None:
                yield unknown_flow(f, "authentication")
            elif f.authentication is Authentication.NONE:
                triggers = (
                    flow_trig(f, "protocol", f.protocol),
                    flow_trig(f, "authentication", f.authentication),
                    *reach,
                )
                yield Match(flow_target(f), triggers)


RULE = Md34BusBridge()
