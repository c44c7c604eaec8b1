"""MD-38: Credentials or network secrets sent over a device link in cleartext.

Any link that leaves the host counts, wired ones inside the enclosure too (a Wi-Fi key
provisioned over a UART is read with a probe on the board). MD-03 leaves these flows to this
rule; a user typing a password on a screen is no link.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Flow, Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import Protocol
from medsec.engines.judgements import flow_encrypted, in_host_flow
from medsec.engines.threats.rule import Outcome, flow_target, unknown_flow
from medsec.engines.threats.rules._protection import cleartext_triggers
from medsec.engines.threats.rules._secrets import secret_triggers
from medsec.engines.threats.titles import link_title


def _device_link(project: Project, flow: Flow) -> bool:
    """The flow travels on a link: not inside one host, not a person at a screen."""
    if in_host_flow(project, flow):
        return False
    return flow.transport is not None or flow.protocol is not Protocol.USER_INTERFACE


class Md38SecretsInTransit:
    """Passwords, keys or network secrets are read off the link and reused."""

    meta = RuleMeta(
        id="MD-38",
        title="Credentials or secrets sent over a link in cleartext",
        stride=(
            Stride.INFORMATION_DISCLOSURE,
            Stride.SPOOFING,
            Stride.ELEVATION_OF_PRIVILEGE,
        ),
        cwe=("CWE-523", "CWE-319"),
        capec=("CAPEC-157", "CAPEC-560"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N",
        mitigation=(
            "Never send credentials, keys or network secrets in cleartext: encrypt the link "
            "(TLS, BLE LE Secure Connections, an authenticated key exchange for provisioning), "
            "prefer per-device keys and challenge-response over sending the secret itself, "
            "and rotate secrets that have travelled unprotected."
        ),
        description=(
            "Passwords, keys, tokens or network secrets (Wi-Fi passphrases, VPN keys) cross "
            "this link unencrypted, so whoever can listen on it, on the network, in radio "
            "range or with a probe on the cable, reuses them to log in, join the network or "
            "impersonate the device."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Flows carrying credentials or secrets stated cleartext; encryption asked if unstated."""
        for f in project.flows:
            secrets = secret_triggers(project, f)
            if not secrets or not _device_link(project, f):
                continue
            encrypted = flow_encrypted(f)
            if encrypted is False:
                title = link_title(
                    project, f, "Credentials or secrets{via} to {receiver} read in transit"
                )
                yield Match(flow_target(f), (*secrets, *cleartext_triggers(f)), title=title)
            elif encrypted is None:
                yield unknown_flow(f, "encryption")


RULE = Md38SecretsInTransit()
