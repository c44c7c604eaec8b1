"""MD-12: Hard-coded credentials or private keys embedded in the firmware or app binary."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.domain.vocabulary import Credentials, ElementType
from medsec.engines.threats.rule import Outcome, element_target, element_trig, unknown_element


class Md12HardcodedCredentials:
    """Credentials or keys extracted from one binary open every unit and cannot be rotated."""

    meta = RuleMeta(
        id="MD-12",
        title="Hard-coded credentials or keys in the binary",
        stride=(
            Stride.INFORMATION_DISCLOSURE,
            Stride.SPOOFING,
            Stride.ELEVATION_OF_PRIVILEGE,
        ),
        cwe=("CWE-798", "CWE-321"),
        capec=("CAPEC-191", "CAPEC-37"),
        cvss_v3_1="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        mitigation=(
            "Remove secrets from the source and the image: generate per-device keys at "
            "provisioning and keep them in a secure element or TPM; add a secret scanner to "
            "CI and to the release review of each binary."
        ),
        description=(
            "Anyone with a copy of the firmware or app (download, flash dump, decompiled APK) "
            "can extract the embedded password or private key and impersonate the device, the "
            "service or the backend."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Elements stated to use hard-coded credentials; unknown on software processes."""
        for e in project.elements:
            if e.credentials is Credentials.HARDCODED:
                trigger = element_trig(e, "credentials", e.credentials)
                yield Match(element_target(e), (trigger,))
            elif e.credentials is None and e.type is ElementType.PROCESS and e.is_software:
                yield unknown_element(e, "credentials")


RULE = Md12HardcodedCredentials()
