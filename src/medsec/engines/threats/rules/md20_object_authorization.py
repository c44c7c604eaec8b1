"""MD-20: Cloud API lacks object-level authorisation (patient A reads patient B's data)."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import ElementType
from medsec.engines.threats.rule import Outcome, element_target, element_trig, unknown_element
from medsec.engines.threats.rules._topology import in_cloud


class Md20ObjectAuthorization:
    """A logged-in user reads or changes another patient's records by changing an id."""

    meta = RuleMeta(
        id="MD-20",
        title="API without object-level authorisation",
        stride=(Stride.INFORMATION_DISCLOSURE, Stride.ELEVATION_OF_PRIVILEGE),
        cwe=("CWE-639", "CWE-285"),
        capec=("CAPEC-1",),
        cvss_v3_1="CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:L/A:N",
        mitigation=(
            "Check on every request that the authenticated user or device may access the "
            "requested patient, device or record (not only that the token is valid); use "
            "non-guessable ids and test the check with two accounts in the API test suite."
        ),
        description=(
            "Any authenticated user or device can read or change other patients' records by "
            "changing an id in the request, because the API checks the token but not whether "
            "the caller owns the object (OWASP API1, BOLA)."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Elements stated without object authorisation; unknown on cloud or internet processes."""
        for e in project.elements:
            if e.object_level_authorization is False:
                trigger = element_trig(e, "object_level_authorization", False)
                yield Match(element_target(e), (trigger,))
            elif (
                e.object_level_authorization is None
                and e.type is ElementType.PROCESS
                and (in_cloud(project, e) or e.internet_facing is True)
            ):
                yield unknown_element(e, "object_level_authorization")


RULE = Md20ObjectAuthorization()
