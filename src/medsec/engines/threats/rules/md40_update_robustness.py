"""MD-40: A failed or corrupted update bricks the device or halts therapy.

``update.atomic: true`` states that an interrupted, failed or corrupted install leaves a
working image (A/B slots, a recovery image, automatic fallback after a failed boot).
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Element, Project
from medsec.domain.threat import Match, RuleMeta, Stride, Trigger
from medsec.domain.vocabulary import Function
from medsec.engines.threats.rule import Outcome, element_target, element_trig, unknown_element
from medsec.engines.threats.rules._update import asks_about_update


def _stakes(e: Element) -> tuple[Trigger, ...]:
    """What a bricked element takes down with it: a safety-critical or therapy function."""
    found: list[Trigger] = []
    if e.safety_critical is True:
        found.append(element_trig(e, "safety_critical", True))
    if e.function is Function.THERAPY:
        found.append(element_trig(e, "function", e.function))
    return tuple(found)


class Md40UpdateRobustness:
    """An interrupted or corrupted update leaves the device without working software."""

    meta = RuleMeta(
        id="MD-40",
        title="Failed or corrupted update bricks the device or halts therapy",
        stride=(Stride.DENIAL_OF_SERVICE,),
        cwe=("CWE-703", "CWE-754"),
        capec=("CAPEC-607",),
        cvss_v3_1="CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H",
        mitigation=(
            "Install updates atomically: write to an inactive slot (A/B) or keep a recovery "
            "image, verify the complete image before switching, fall back automatically when "
            "the new image does not boot or fails its health check, and never update while "
            "therapy is running."
        ),
        description=(
            "A power loss, a dropped link or a corrupted or malicious image during an update "
            "leaves the element with no working software, so the device stops (or cannot "
            "start) its function until it is re-flashed in service."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Updatable elements stated not atomic; unknown on device-side software processes."""
        for e in project.elements:
            if e.updatable is False:
                continue
            atomic = e.update.atomic if e.update is not None else None
            if atomic is False:
                trigger = element_trig(e, "update.atomic", False)
                yield Match(element_target(e), (trigger, *_stakes(e)))
            elif atomic is None and asks_about_update(project, e):
                yield unknown_element(e, "update.atomic")


RULE = Md40UpdateRobustness()
