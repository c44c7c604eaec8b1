"""MD-35: Unauthenticated command or status injection across a trust boundary.

MD-23 covers therapy controllers; this rule covers every other command flow that leaves a
trust boundary (a console driving a scanner gantry, a gateway driving a bedside device, a
controller polling a sensor), and on a bidirectional link the status flowing back as well.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Flow, Project
from medsec.domain.threat import Match, RuleMeta, Stride, Trigger
from medsec.engines.judgements import authenticated, receivers
from medsec.engines.threats.rule import Outcome, element_trig, flow_target, flow_trig, unknown_flow
from medsec.engines.threats.rules._commands import cross_boundary_commands
from medsec.engines.threats.titles import link_title


def _context(project: Project, flow: Flow) -> tuple[Trigger, ...]:
    """The boundaries the flow joins and the actuators its commands drive."""
    ends = [project.find_element(x) for x in (flow.source, flow.target)]
    found = [element_trig(e, "boundary", e.boundary or "none") for e in ends if e is not None]
    found += [element_trig(e, "actuator", True) for e in receivers(project, flow) if e.actuator]
    return tuple(found)


class Md35CommandInjection:
    """Anyone who reaches the link sends commands (or fakes status) the receiver obeys."""

    meta = RuleMeta(
        id="MD-35",
        title="Unauthenticated command or status injection across a trust boundary",
        stride=(Stride.TAMPERING, Stride.SPOOFING, Stride.ELEVATION_OF_PRIVILEGE),
        cwe=("CWE-306", "CWE-345"),
        capec=("CAPEC-594", "CAPEC-151"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H",
        mitigation=(
            "Authenticate every command (and every status report) that crosses the boundary: "
            "mutual authentication with per-device keys, a MAC and counter on each message, "
            "an allow-list of the commands the receiver accepts from this peer, and safe "
            "limits enforced in the receiver itself."
        ),
        description=(
            "An attacker who reaches the link between two trust zones sends commands the "
            "receiver executes (start, stop, move, reconfigure) or status the sender trusts "
            "(fake acknowledgements, false alarms or silence), because the flow does not "
            "authenticate who sends."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Command flows across a boundary stated unauthenticated; protocol asked with auth."""
        for f in project.flows:
            if not cross_boundary_commands(project, f):
                continue
            if f.authentication is None:
                yield unknown_flow(f, "authentication")
                if f.protocol is None:
                    yield unknown_flow(f, "protocol")
            elif authenticated(f.authentication) is False:
                triggers = (
                    flow_trig(f, "carries", f.carries),
                    flow_trig(f, "authentication", f.authentication),
                    *_context(project, f),
                )
                detail = (
                    "The link is bidirectional: status sent back can be forged as well."
                    if f.bidirectional
                    else ""
                )
                title = link_title(
                    project,
                    f,
                    "Injected {what}{via} across a trust boundary reach {receiver}{harm}",
                )
                yield Match(flow_target(f), triggers, detail, title=title)


RULE = Md35CommandInjection()
