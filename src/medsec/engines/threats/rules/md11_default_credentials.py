"""MD-11: Default or shared credentials identical across all units."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import Credentials, ElementType
from medsec.engines.threats.rule import Outcome, element_target, element_trig, unknown_element


class Md11DefaultCredentials:
    """One leaked default password opens every unit in the field."""

    meta = RuleMeta(
        id="MD-11",
        title="Default or shared credentials across all units",
        stride=(Stride.SPOOFING, Stride.ELEVATION_OF_PRIVILEGE),
        cwe=("CWE-1392", "CWE-521"),
        capec=("CAPEC-70",),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        mitigation=(
            "Provision a unique credential per device at manufacturing (printed on the label "
            "or injected into a secure element), force a change of any initial password at "
            "commissioning, and give service staff personal accounts, not one shared login."
        ),
        description=(
            "A credential that is the same on every unit (service password, admin account, "
            "shared key) leaks once - from a manual, a forum or one device - and then opens "
            "the whole installed base."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Elements stated to use shared default credentials; unknown on software processes."""
        for e in project.elements:
            if e.credentials is Credentials.SHARED_DEFAULT:
                trigger = element_trig(e, "credentials", e.credentials)
                yield Match(element_target(e), (trigger,))
            elif e.credentials is None and e.type is ElementType.PROCESS and e.is_software:
                yield unknown_element(e, "credentials")


RULE = Md11DefaultCredentials()
