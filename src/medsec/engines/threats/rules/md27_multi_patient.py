"""MD-27: One attack on a weakly protected link harms many patients at once.

THREATS.md c.6 MD-27 (end-of-support components) belongs to the SBOM/CVE analysis; this id
covers the multi-patient view: an element that serves several patients and is reached over a
weak link (unauthenticated, cleartext or legacy crypto).
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride, Trigger
from medsec.domain.vocabulary import ElementType
from medsec.engines.threats.rule import Outcome, element_target, element_trig, unknown_element
from medsec.engines.threats.rules._protection import weak_link_triggers
from medsec.engines.threats.rules._topology import inbound
from medsec.engines.threats.titles import element_rule_title


class Md27MultiPatient:
    """One attack on a weak link into a shared element harms many patients at once."""

    meta = RuleMeta(
        id="MD-27",
        title="Weak link into an element serving many patients",
        stride=(Stride.TAMPERING, Stride.DENIAL_OF_SERVICE, Stride.ELEVATION_OF_PRIVILEGE),
        cwe=("CWE-653", "CWE-306"),
        capec=("CAPEC-94", "CAPEC-151"),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
        mitigation=(
            "Authenticate and encrypt every link into elements that serve several patients "
            "(central stations, gateways, servers), segment them from the general network, "
            "and make bedside devices keep working and alarming if the central element fails."
        ),
        description=(
            "An element that serves several patients (central monitoring station, gateway, "
            "drug library server) is reachable over a weakly protected link, so one attack "
            "falsifies, hides or stops the data or therapy of all of them."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Elements serving more than one patient with a weakly protected inbound link."""
        for e in project.elements:
            if e.type is ElementType.ACTOR:
                continue
            weak = [t for f in inbound(project, e.id) for t in weak_link_triggers(project, f)]
            if not weak:
                continue
            if e.patients is None:
                yield unknown_element(e, "patients")
                continue
            if e.patients <= 1:
                continue
            triggers: list[Trigger] = [element_trig(e, "patients", e.patients)]
            if e.safety_critical is True:
                triggers.append(element_trig(e, "safety_critical", True))
            title = element_rule_title(
                e,
                f"One attack over a weak link reaches {{name}}, which serves {e.patients} patients",
            )
            yield Match(element_target(e), (*triggers, *weak), title=title)


RULE = Md27MultiPatient()
