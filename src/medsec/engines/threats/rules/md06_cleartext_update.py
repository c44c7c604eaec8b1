"""MD-06: Firmware or update package delivered over a cleartext channel."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import CLEARTEXT_PROTOCOLS, Carries
from medsec.engines.judgements import flow_encrypted
from medsec.engines.threats.rule import (
    Outcome,
    element_target,
    element_trig,
    flow_target,
    flow_trig,
    unknown_element,
    unknown_flow,
)
from medsec.engines.threats.rules._protection import cleartext_triggers, on_exposed_link
from medsec.engines.threats.rules._update import asks_about_update


class Md06CleartextUpdate:
    """Update packages are read or swapped in transit."""

    meta = RuleMeta(
        id="MD-06",
        title="Update delivered over a cleartext channel",
        stride=(Stride.TAMPERING, Stride.INFORMATION_DISCLOSURE),
        cwe=("CWE-319", "CWE-494"),
        capec=("CAPEC-186", "CAPEC-94"),
        cvss_v3_1="CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:H/A:H",
        mitigation=(
            "Fetch updates over TLS 1.2+ with server certificate validation (HTTPS, MQTTS, "
            "SFTP), and keep the image signature check (MD-04) as the integrity guarantee; "
            "drop HTTP/FTP/TFTP update endpoints."
        ),
        description=(
            "An attacker on the path can read the firmware (and the secrets or IP in it), "
            "withhold fixes or, if the signature is not enforced, substitute the image, "
            "because the update travels in cleartext."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Cleartext update channels of elements, and code-carrying link flows stated cleartext."""
        for e in project.elements:
            if e.updatable is False:
                continue
            channel = e.update.channel if e.update is not None else None
            if channel in CLEARTEXT_PROTOCOLS:
                yield Match(element_target(e), (element_trig(e, "update.channel", channel),))
            elif channel is None and asks_about_update(project, e):
                yield unknown_element(e, "update.channel")
        for f in project.flows:
            if f.carries is not Carries.CODE or not on_exposed_link(project, f):
                continue
            triggers = cleartext_triggers(f)
            if triggers:
                yield Match(flow_target(f), (flow_trig(f, "carries", f.carries), *triggers))
            elif flow_encrypted(f) is None:
                yield unknown_flow(f, "encryption")


RULE = Md06CleartextUpdate()
