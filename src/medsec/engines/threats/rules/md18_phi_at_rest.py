"""MD-18: Patient data stored unencrypted at rest on the device, gateway or server.

Stores inside a mobile boundary are MD-19.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import BoundaryKind, ElementType
from medsec.engines.threats.rule import Outcome, element_target, element_trig, unknown_element
from medsec.engines.threats.rules._stored_data import held, personal, stores_trigger
from medsec.engines.threats.rules._topology import within


class Md18PhiAtRest:
    meta = RuleMeta(
        id="MD-18",
        title="Patient data stored unencrypted at rest",
        stride=(Stride.INFORMATION_DISCLOSURE,),
        cwe=("CWE-311", "CWE-312"),
        capec=("CAPEC-37",),
        cvss_v3_1="CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
        cvss_v4_0="CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N",
        mitigation=(
            "Encrypt the store (AES-256 with a key sealed in a secure element/TPM, not next to "
            "the data), wipe it on decommissioning, and keep only what the retention period "
            "requires."
        ),
        description=(
            "Whoever gets hold of the storage (a returned or scrapped device, a removed flash "
            "chip or SD card, a database backup) reads the patient data in plain form."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        for e in project.elements:
            if e.type is ElementType.ACTOR or within(project, e, BoundaryKind.MOBILE):
                continue
            items = held(project, e, personal)
            if not items:
                continue
            if e.encryption_at_rest is None:
                yield unknown_element(e, "encryption_at_rest")
            elif e.encryption_at_rest is False:
                triggers = (stores_trigger(e, items), element_trig(e, "encryption_at_rest", False))
                yield Match(element_target(e), triggers)


RULE = Md18PhiAtRest()
