"""MD-18: Patient data stored unencrypted at rest on the device, gateway or server.

Stores inside a mobile boundary are MD-19.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import RuleMeta, Stride
from medsec.engines.threats.rule import Outcome
from medsec.engines.threats.rules._stored_data import personal, unencrypted_at_rest


class Md18PhiAtRest:
    """Whoever gets the disk or flash of a device, gateway or server reads patient data."""

    meta = RuleMeta(
        id="MD-18",
        title="Patient data stored unencrypted at rest",
        stride=(Stride.INFORMATION_DISCLOSURE,),
        cwe=("CWE-311", "CWE-312"),
        capec=("CAPEC-37",),
        cvss_v3_1="CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
        # the storage is read off the device (removed, probed), whatever its exposure
        cvss_from_model=("C", "I", "A"),
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
        """Elements outside mobile boundaries holding personal data, stated unencrypted at rest."""
        return unencrypted_at_rest(project, personal, mobile=False)


RULE = Md18PhiAtRest()
