"""MD-02: BLE peripheral accepts connections without authenticated pairing.

The interface view of a BLE peripheral (its GATT server): whoever is in radio range can
connect and write characteristics when the interface pairs with Just Works or not at all.
MD-01 covers the individual BLE flows.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import RuleMeta, Stride, Trigger
from medsec.domain.vocabulary import Encryption, Protocol
from medsec.engines.judgements import authenticated, switched_off
from medsec.engines.threats.rule import Outcome, interface_trig, unknown_interface
from medsec.engines.threats.rules._protection import (
    surface_outcome,
)

WEAK_LINK = frozenset({Encryption.NONE, Encryption.BLE_LEGACY})


class Md02BleOpenInterface:
    """Anyone in radio range connects to the BLE peripheral and uses its services."""

    meta = RuleMeta(
        id="MD-02",
        title="BLE peripheral accepts connections without authenticated pairing",
        stride=(Stride.TAMPERING, Stride.ELEVATION_OF_PRIVILEGE),
        cwe=("CWE-306", "CWE-287"),
        capec=("CAPEC-115",),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H",
        mitigation=(
            "Require an LE Secure Connections bond with MITM protection (numeric comparison, "
            "passkey or OOB) before any characteristic that changes configuration or therapy "
            "can be written; set the GATT permissions to 'authenticated, encrypted' and bond "
            "only in a deliberate pairing mode."
        ),
        description=(
            "Any central in radio range can connect to the peripheral and write its "
            "characteristics, because the BLE interface pairs without MITM protection or "
            "leaves the link unencrypted."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Enabled BLE interfaces without authentication, or with legacy or no encryption."""
        for i in project.interfaces:
            if i.protocol is not Protocol.BLE or switched_off(i):
                continue
            if i.authentication is None:
                yield unknown_interface(i, "authentication")
                continue
            triggers: list[Trigger] = []
            if authenticated(i.authentication) is False:
                triggers.append(interface_trig(i, "authentication", i.authentication))
            if i.encryption in WEAK_LINK:
                triggers.append(interface_trig(i, "encryption", i.encryption))
            yield from surface_outcome(i, triggers)


RULE = Md02BleOpenInterface()
