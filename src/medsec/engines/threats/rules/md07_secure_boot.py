"""MD-07: No secure (verified) boot chain: code in flash can be replaced persistently."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import BoundaryKind, ElementType
from medsec.engines.threats.rule import Outcome, element_target, element_trig, unknown_element
from medsec.engines.threats.rules._topology import within


class Md07SecureBoot:
    """Modified firmware written to flash survives reboots because nothing verifies it at boot."""

    meta = RuleMeta(
        id="MD-07",
        title="No secure boot: modified firmware runs persistently",
        stride=(Stride.TAMPERING, Stride.ELEVATION_OF_PRIVILEGE),
        cwe=("CWE-1326", "CWE-345"),
        capec=("CAPEC-441",),
        cvss_v3_1="CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        # writing persistent firmware needs hands on the device, whatever its exposure
        cvss_from_model=("C", "I", "A"),
        mitigation=(
            "Anchor a verified boot chain in immutable ROM or fuses: each stage checks the "
            "signature of the next before running it, the public key hash is fused, and a "
            "failed check ends in a safe state, not in running the image anyway."
        ),
        description=(
            "An attacker who once writes to flash (via a debug port, a bug or a stolen update "
            "key) keeps control across reboots, because the boot chain does not verify what it "
            "starts."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Elements stated without secure boot; unknown on software processes inside the device."""
        for e in project.elements:
            if e.secure_boot is False:
                trigger = element_trig(e, "secure_boot", e.secure_boot)
                yield Match(element_target(e), (trigger,))
            elif (
                e.secure_boot is None
                and e.type is ElementType.PROCESS
                and e.is_software
                and within(project, e, BoundaryKind.DEVICE)
            ):
                yield unknown_element(e, "secure_boot")


RULE = Md07SecureBoot()
