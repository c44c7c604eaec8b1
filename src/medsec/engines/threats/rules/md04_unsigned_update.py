"""MD-04: Firmware update image not signed or signature not verified."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.engines.threats.rule import Outcome, element_target, element_trig, unknown_element
from medsec.engines.threats.rules._update import asks_about_update


class Md04UnsignedUpdate:
    """A crafted update image installs attacker code on the device."""

    meta = RuleMeta(
        id="MD-04",
        title="Software update not signed",
        stride=(Stride.TAMPERING, Stride.ELEVATION_OF_PRIVILEGE),
        cwe=("CWE-347", "CWE-494"),
        capec=("CAPEC-186",),
        cvss_v3_1="CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
        mitigation=(
            "Sign every update image with a key held in an HSM (not on a build server) and "
            "verify the signature in the bootloader or updater before anything is written to "
            "flash; reject unsigned or wrongly signed images and log the attempt."
        ),
        description=(
            "Whoever can deliver an update (over the air, USB stick, service laptop) can make "
            "the device run arbitrary code, because the image is not signed or the signature "
            "is not checked before flashing."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Updatable elements whose update is stated unsigned; unknown on device-side software."""
        for e in project.elements:
            if e.updatable is False:
                continue
            signed = e.update.signed if e.update is not None else None
            if signed is False:
                yield Match(element_target(e), (element_trig(e, "update.signed", signed),))
            elif signed is None and asks_about_update(project, e):
                yield unknown_element(e, "update.signed")


RULE = Md04UnsignedUpdate()
