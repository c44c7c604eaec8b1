"""MD-17: Remote service sessions not logged on the device."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.engines.judgements import network_reachable, switched_off
from medsec.engines.threats.rule import (
    Outcome,
    element_trig,
    flow_target,
    flow_trig,
    interface_target,
    interface_trig,
    unknown_element,
)
from medsec.engines.threats.rules._remote import remote_flow, remote_protocol
from medsec.engines.threats.rules._topology import find_element


class Md17RemoteSessionLogging:
    """A remote service session leaves no trace, so misuse cannot be detected or attributed."""

    meta = RuleMeta(
        id="MD-17",
        title="Remote service sessions not logged",
        stride=(Stride.REPUDIATION,),
        cwe=("CWE-778",),
        capec=("CAPEC-268",),
        cvss_v3_1="CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:N/I:L/A:N",
        mitigation=(
            "Log every remote session on the device (who, when, from where, what was changed) "
            "with synchronised time, protect the log against alteration by the session itself, "
            "and forward it to the hospital's SIEM."
        ),
        description=(
            "A remote session that changes settings or extracts data leaves no trace on the "
            "device, so misuse of vendor access cannot be detected or attributed."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Remote-access interfaces and flows into elements stated without security logging."""
        for i in project.interfaces:
            if switched_off(i) or not remote_protocol(i):
                continue
            if network_reachable(i) is False:
                continue
            owner = find_element(project, i.element)
            if owner is None:
                continue
            if owner.security_logging is None:
                yield unknown_element(owner, "security_logging")
            elif owner.security_logging is False:
                shown = [
                    interface_trig(i, "protocol", i.protocol),
                    element_trig(owner, "security_logging", False),
                ]
                yield Match(interface_target(i), tuple(shown))
        for f in project.flows:
            if not remote_flow(project, f):
                continue
            target = find_element(project, f.target)
            if target is None:
                continue
            if target.security_logging is None:
                yield unknown_element(target, "security_logging")
            elif target.security_logging is False:
                shown = [
                    flow_trig(f, "protocol", f.protocol),
                    element_trig(target, "security_logging", False),
                ]
                yield Match(flow_target(f), tuple(shown))


RULE = Md17RemoteSessionLogging()
