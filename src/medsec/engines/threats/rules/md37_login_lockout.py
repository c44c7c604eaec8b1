"""MD-37: Local or LAN login with a password only and no lockout.

Internet-exposed logins are MD-33. A login stated ``authentication: mfa`` or a certificate is
not password-only; ``lockout`` states whether failed attempts are limited.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import RuleMeta, Stride, Trigger
from medsec.domain.vocabulary import Authentication, Exposure
from medsec.engines.judgements import switched_off
from medsec.engines.threats.rule import Outcome, interface_trig, unknown_interface
from medsec.engines.threats.rules._protection import surface_outcome


class Md37LoginLockout:
    """Passwords or PINs are guessed at the device or from the LAN until one works."""

    meta = RuleMeta(
        id="MD-37",
        title="Password-only login without lockout",
        stride=(Stride.SPOOFING, Stride.ELEVATION_OF_PRIVILEGE),
        cwe=("CWE-307", "CWE-308"),
        capec=("CAPEC-49", "CAPEC-16"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N",
        mitigation=(
            "Limit failed logins (lock the account or badge, or back off exponentially, and "
            "alert), require a second factor for privileged roles (badge plus PIN, hardware "
            "token), and enforce PIN and password length suited to the exposure."
        ),
        description=(
            "Someone at the device or on the local network tries passwords or PINs until one "
            "works and acts with that user's rights, because the login takes a password only "
            "and never limits failed attempts."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Enabled password logins, not internet-exposed, stated without lockout."""
        for i in project.interfaces:
            if i.authentication is not Authentication.PASSWORD or switched_off(i):
                continue
            if i.exposure is Exposure.INTERNET:
                continue
            if i.lockout is None:
                yield unknown_interface(i, "lockout")
            elif i.lockout is False:
                shown: list[Trigger] = [
                    interface_trig(i, "authentication", i.authentication),
                    interface_trig(i, "lockout", False),
                ]
                if i.exposure is not None:
                    shown.append(interface_trig(i, "exposure", i.exposure))
                yield from surface_outcome(i, shown)


RULE = Md37LoginLockout()
