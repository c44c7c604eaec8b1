"""MD-05: Updates without anti-rollback: older, signed but vulnerable firmware is accepted."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride
from medsec.engines.threats.rule import Outcome, element_target, element_trig, unknown_element
from medsec.engines.threats.rules._update import asks_about_update


class Md05UpdateRollback:
    """A genuine but older, vulnerable image is installed to reopen a fixed weakness."""

    meta = RuleMeta(
        id="MD-05",
        title="Update accepts older firmware (no rollback protection)",
        stride=(Stride.TAMPERING,),
        cwe=("CWE-1328",),
        capec=("CAPEC-186",),
        cvss_v3_1="CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H",
        mitigation=(
            "Keep a monotonic security version counter in OTP or a replay-protected store, "
            "embed it in the signed image header, and refuse images whose security version is "
            "lower; raise it with every release that fixes a vulnerability."
        ),
        description=(
            "An attacker can install an older firmware that is correctly signed but has known "
            "vulnerabilities, and then exploit them, because the updater does not refuse "
            "downgrades."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Updatable elements stated without rollback protection; unknown on device software."""
        for e in project.elements:
            if e.updatable is False:
                continue
            rollback = e.update.rollback_protection if e.update is not None else None
            if rollback is False:
                trigger = element_trig(e, "update.rollback_protection", rollback)
                yield Match(element_target(e), (trigger,))
            elif rollback is None and asks_about_update(project, e):
                yield unknown_element(e, "update.rollback_protection")


RULE = Md05UpdateRollback()
