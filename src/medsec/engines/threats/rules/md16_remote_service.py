"""MD-16: Remote access always on or without strong authentication.

Remote-access protocols (VPN, RDP, SSH) fire when always on or weakly authenticated. Any
other always-on, network-reachable interface of the device fires only together with weak
authentication (c.6: "always-on, shared account, no MFA"): a Wi-Fi client with EAP-TLS is
always on by necessity and is not a finding. A cloud API is always on by design.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride, Trigger
from medsec.engines.judgements import network_reachable, switched_off
from medsec.engines.threats.rule import (
    Outcome,
    flow_target,
    flow_trig,
    interface_trig,
    unknown_flow,
    unknown_interface,
)
from medsec.engines.threats.rules._protection import (
    surface_outcome,
    weak_authentication,
)
from medsec.engines.threats.rules._remote import (
    always_on_listener,
    remote_flow,
    remote_protocol,
)


class Md16RemoteService:
    """The vendor's remote access into a fielded device is abused from the network."""

    meta = RuleMeta(
        id="MD-16",
        title="Remote access always on or weakly authenticated",
        stride=(Stride.SPOOFING, Stride.ELEVATION_OF_PRIVILEGE),
        cwe=("CWE-1390", "CWE-284"),
        capec=("CAPEC-555", "CAPEC-560"),
        cvss_v3_1="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
        mitigation=(
            "Open remote service sessions on demand only, approved by the hospital on the "
            "device or in its gateway, time-limited; authenticate service engineers "
            "personally with MFA or certificates; never share one vendor account."
        ),
        description=(
            "Whoever obtains the vendor's remote access (phished password, shared account, "
            "compromised vendor network) reaches fielded devices in many hospitals at any "
            "time, because the access is always on or not strongly authenticated."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Reachable remote-access interfaces and flows always on or weakly authenticated."""
        for i in project.interfaces:
            if switched_off(i):
                continue
            remote = remote_protocol(i)
            if not remote and not always_on_listener(project, i):
                continue
            reachable = network_reachable(i)
            if reachable is None:
                yield unknown_interface(i, "exposure")
                continue
            if not reachable:
                continue
            weak = weak_authentication(i.authentication)
            triggers: list[Trigger] = []
            if i.always_on is True and (remote or weak):
                triggers.append(interface_trig(i, "always_on", True))
            if weak:
                triggers.append(interface_trig(i, "authentication", i.authentication))
            if triggers:
                shown = (interface_trig(i, "exposure", i.exposure), *triggers)
                yield from surface_outcome(i, shown)
                continue
            if remote and i.always_on is None:
                yield unknown_interface(i, "always_on")
            if i.authentication is None:
                yield unknown_interface(i, "authentication")
        for f in project.flows:
            if not remote_flow(project, f):
                continue
            if f.authentication is None:
                yield unknown_flow(f, "authentication")
            elif weak_authentication(f.authentication):
                triggers = [
                    flow_trig(f, "protocol", f.protocol),
                    flow_trig(f, "authentication", f.authentication),
                ]
                yield Match(flow_target(f), tuple(triggers))


RULE = Md16RemoteService()
