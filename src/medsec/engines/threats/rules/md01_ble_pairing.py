"""MD-01: BLE link paired without MITM protection (Just Works, legacy pairing)."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import Authentication, Encryption, Protocol
from medsec.engines.judgements import in_host_flow
from medsec.engines.threats.rule import Outcome, flow_target, flow_trig, unknown_flow

WEAK_PAIRING = frozenset({Authentication.NONE, Authentication.BLE_JUST_WORKS})


class Md01BlePairing:
    """A nearby attacker sits in the middle of BLE pairing and reads or alters the traffic."""

    meta = RuleMeta(
        id="MD-01",
        title="BLE link paired without MITM protection",
        stride=(Stride.SPOOFING, Stride.TAMPERING, Stride.INFORMATION_DISCLOSURE),
        cwe=("CWE-287", "CWE-300"),
        capec=("CAPEC-94",),
        cvss_v3_1="CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N",
        mitigation=(
            "Pair with LE Secure Connections and numeric comparison, passkey or OOB; refuse "
            "Just Works and legacy pairing on links that carry commands or patient data."
        ),
        description=(
            "An attacker in radio range can sit between the peers during pairing (Just Works "
            "or LE legacy pairing gives no MITM protection), read and alter what the link carries."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """BLE flows stated Just Works or unauthenticated, or with legacy or no encryption."""
        for f in project.flows:
            if f.protocol is not Protocol.BLE or in_host_flow(project, f):
                continue
            if f.authentication is None:
                yield unknown_flow(f, "authentication")
                continue
            triggers = []
            if f.authentication in WEAK_PAIRING:
                triggers.append(flow_trig(f, "authentication", f.authentication))
            if f.encryption in (Encryption.BLE_LEGACY, Encryption.NONE):
                triggers.append(flow_trig(f, "encryption", f.encryption))
            if triggers:
                yield Match(flow_target(f), tuple(triggers))


RULE = Md01BlePairing()
