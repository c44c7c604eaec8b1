"""MD-33: Internet-exposed interface without strong authentication.

THREATS.md c.6 MD-33 (remotely reachable break-glass access) needs an emergency-access
attribute the model does not have; this id covers its general form: anything reachable from
the internet that a password, a token or nothing protects.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import RuleMeta, Stride
from medsec.domain.vocabulary import Exposure, InterfaceKind
from medsec.engines.judgements import switched_off
from medsec.engines.threats.rule import Outcome, interface_trig, unknown_interface
from medsec.engines.threats.rules._protection import (
    surface_outcome,
    weak_authentication,
)

ROUTED_KINDS = frozenset({InterfaceKind.NETWORK, InterfaceKind.API})


class Md33InternetExposure:
    """An internet-facing interface meets every attacker; only strong authentication holds."""

    meta = RuleMeta(
        id="MD-33",
        title="Internet-exposed interface without strong authentication",
        stride=(Stride.SPOOFING, Stride.ELEVATION_OF_PRIVILEGE),
        cwe=("CWE-1390", "CWE-307"),
        capec=("CAPEC-49", "CAPEC-560"),
        cvss_v3_1="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:L",
        mitigation=(
            "Require MFA for people and mutual TLS or certificates for devices on every "
            "internet-facing interface; put device management behind a VPN or gateway, rate-"
            "limit and lock out failed logins, and monitor for credential stuffing."
        ),
        description=(
            "The whole internet can try to log in; a guessed, phished, reused or leaked "
            "password or token is enough, because the interface relies on a single weak "
            "factor or none."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Enabled internet-exposed interfaces with weak authentication."""
        for i in project.interfaces:
            if switched_off(i):
                continue
            if i.exposure is None:
                if i.kind in ROUTED_KINDS:
                    yield unknown_interface(i, "exposure")
                continue
            if i.exposure is not Exposure.INTERNET:
                continue
            if i.authentication is None:
                yield unknown_interface(i, "authentication")
            elif weak_authentication(i.authentication):
                triggers = (
                    interface_trig(i, "exposure", i.exposure),
                    interface_trig(i, "authentication", i.authentication),
                )
                yield from surface_outcome(i, triggers)


RULE = Md33InternetExposure()
