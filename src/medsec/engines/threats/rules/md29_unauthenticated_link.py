"""MD-29: Flow on an exposed link without authentication of the sender.

THREATS.md c.6 MD-29 (UI session never locks) needs session attributes the model does not
have; this id covers the spoofing of a peer on any link an attacker can reach (radio,
network, or a cable that crosses a trust boundary) instead. BLE links are MD-01, clinical
protocols MD-09, and commands across a trust boundary MD-35.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import CLINICAL_PROTOCOLS, Authentication, Protocol
from medsec.engines.threats.rule import Outcome, flow_target, flow_trig, unknown_flow
from medsec.engines.threats.rules._commands import cross_boundary_commands
from medsec.engines.threats.rules._protection import link_questions, on_exposed_link
from medsec.engines.threats.titles import link_title


class Md29UnauthenticatedLink:
    """Anyone on the link sends data or commands as if they came from the legitimate sender."""

    meta = RuleMeta(
        id="MD-29",
        title="Flow on an exposed link without authentication",
        stride=(Stride.SPOOFING, Stride.TAMPERING),
        cwe=("CWE-306", "CWE-290"),
        capec=("CAPEC-151", "CAPEC-148"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:H/A:N",
        mitigation=(
            "Authenticate both ends of the link with per-device credentials (mutual TLS, "
            "certificates in a secure element, or a MAC with a per-device key on constrained "
            "links); reject messages from unknown senders."
        ),
        description=(
            "Anyone on the network, in radio range or at the cable can send data or commands "
            "that the receiver takes as coming from its legitimate peer, because the flow does "
            "not authenticate the sender."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Exposed flows stated unauthenticated (BLE, clinical, cross-boundary commands: own rules).

        An unstated protocol is asked together with the authentication, in one round.
        """
        for f in project.flows:
            yield from link_questions(project, f, "authentication")
            if (
                not on_exposed_link(project, f)
                or f.protocol is Protocol.BLE
                or f.protocol in CLINICAL_PROTOCOLS
                or cross_boundary_commands(project, f)
            ):
                continue
            if f.authentication is None:
                yield unknown_flow(f, "authentication")
            elif f.authentication is Authentication.NONE:
                triggers = (
                    flow_trig(f, "protocol", f.protocol),
                    flow_trig(f, "authentication", f.authentication),
                )
                title = link_title(project, f, "Forged {what}{via} accepted by {receiver}{harm}")
                yield Match(flow_target(f), triggers, title=title)


RULE = Md29UnauthenticatedLink()
