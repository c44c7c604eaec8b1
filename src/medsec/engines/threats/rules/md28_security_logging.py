"""MD-28: No security event logging (no time-synchronised audit trail)."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.engines.threats.rule import Outcome, element_target, element_trig, unknown_element
from medsec.engines.threats.rules._topology import is_software_part


class Md28SecurityLogging:
    """Attacks go unnoticed and cannot be investigated without a security event log."""

    meta = RuleMeta(
        id="MD-28",
        title="No security event logging",
        stride=(Stride.REPUDIATION,),
        cwe=("CWE-778", "CWE-223"),
        capec=("CAPEC-268",),
        cvss_v3_1="CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:L/A:N",
        mitigation=(
            "Log security events (logins, failed authentication, configuration and therapy "
            "changes, updates, debug/service access) with synchronised time, protect the log "
            "from alteration, and export it (syslog/IHE ATNA) to the hospital's SIEM."
        ),
        description=(
            "Attacks and misuse (failed logins, configuration changes, updates, clinical "
            "actions) leave no trustworthy trace, so incidents are neither detected nor "
            "attributable and the hospital cannot investigate them."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Software elements stated without security logging; unknown when not stated."""
        for e in project.elements:
            if not is_software_part(e):
                continue
            if e.security_logging is False:
                yield Match(element_target(e), (element_trig(e, "security_logging", False),))
            elif e.security_logging is None:
                yield unknown_element(e, "security_logging")


RULE = Md28SecurityLogging()
