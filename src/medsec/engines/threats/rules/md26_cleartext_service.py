"""MD-26: Cleartext listening service enabled (telnet, FTP, SNMP v1/v2c, HTTP, MQTT, CoAP)."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import RuleMeta, Stride
from medsec.domain.vocabulary import CLEARTEXT_PROTOCOLS, STRONG_ENCRYPTION
from medsec.engines.threats.rule import Outcome, interface_trig
from medsec.engines.threats.rules._protection import surface_outcome


class Md26CleartextService:
    """A cleartext service (telnet, FTP, SNMP, HTTP ...) shows credentials and data on the wire."""

    meta = RuleMeta(
        id="MD-26",
        title="Cleartext network service enabled",
        stride=(
            Stride.INFORMATION_DISCLOSURE,
            Stride.ELEVATION_OF_PRIVILEGE,
            Stride.DENIAL_OF_SERVICE,
        ),
        cwe=("CWE-319", "CWE-1125"),
        capec=("CAPEC-157", "CAPEC-169"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L",
        mitigation=(
            "Turn off telnet, FTP and SNMP v1/v2c in production; replace them with SSH, SFTP, "
            "SNMPv3 (authPriv) or HTTPS, and verify with a port scan of the release build "
            "that nothing else listens."
        ),
        description=(
            "A legacy cleartext service (telnet, FTP, SNMP with community strings, plain HTTP) "
            "exposes logins and data on the network and is a common entry point for attacks "
            "and crashes."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Enabled interfaces speaking a cleartext protocol, unless stated strongly encrypted."""
        for i in project.interfaces:
            if i.protocol not in CLEARTEXT_PROTOCOLS or i.encryption in STRONG_ENCRYPTION:
                continue
            yield from surface_outcome(i, (interface_trig(i, "protocol", i.protocol),))


RULE = Md26CleartextService()
