"""MD-03: Flow on an exposed link without encryption.

THREATS.md c.6 MD-03 (trackable BLE address) needs an address-privacy attribute the model
does not have; this id covers the eavesdropping of patient and device data on any cleartext
link an attacker can reach (radio, network, or a cable that crosses a trust boundary)
instead. BLE links are MD-01, clinical protocols MD-08, code (updates) MD-06 and flows
carrying credentials or secrets MD-38.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import CLINICAL_PROTOCOLS, Carries, Protocol
from medsec.engines.judgements import flow_encrypted
from medsec.engines.threats.rule import Outcome, flow_target, unknown_flow
from medsec.engines.threats.rules._protection import (
    cleartext_triggers,
    link_questions,
    on_exposed_link,
)
from medsec.engines.threats.rules._secrets import carries_secrets
from medsec.engines.threats.titles import link_title


class Md03CleartextLink:
    """Traffic on a reachable link is read or altered in transit."""

    meta = RuleMeta(
        id="MD-03",
        title="Flow on an exposed link without encryption",
        stride=(Stride.INFORMATION_DISCLOSURE, Stride.TAMPERING),
        cwe=("CWE-319",),
        capec=("CAPEC-157", "CAPEC-94"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N",
        mitigation=(
            "Encrypt and integrity-protect the link end to end: TLS 1.2+ (or DTLS) for IP "
            "protocols, WPA3 or AES-CCM link layer for radio; switch HTTP/MQTT/CoAP to their "
            "TLS variants and drop the cleartext listener."
        ),
        description=(
            "Anyone on the same network, in radio range or at the cable can read the data on "
            "this flow and alter it in transit, including patient data and device identifiers that make the "
            "patient trackable."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Exposed flows stated cleartext (BLE, clinical, code and secret flows: own rules)."""
        for f in project.flows:
            yield from link_questions(project, f)
            if (
                not on_exposed_link(project, f)
                or f.protocol is Protocol.BLE
                or f.protocol in CLINICAL_PROTOCOLS
                or f.carries is Carries.CODE
                or carries_secrets(project, f)
            ):
                continue
            triggers = cleartext_triggers(f)
            if triggers:
                title = link_title(
                    project, f, "{what}{via} to {receiver} read or altered in transit"
                )
                yield Match(flow_target(f), triggers, title=title)
            elif flow_encrypted(f) is None:
                yield unknown_flow(f, "encryption")


RULE = Md03CleartextLink()
