"""MP-05: Health data that its patients have no way to see or correct.

GDPR Art. 15 and 16 give a patient the right to access their data and to have it corrected;
the controller (often the hospital) answers, but only if the device or service lets it. A use
case states which rights it serves over the data it needs (``use_cases[].rights``); health data
(collected, a special category) that no use case with ``access`` and ``rectification`` needs
leaves its patients unaware and unable to intervene.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import DataItem, DataRight, Project
from medsec.domain.threat import Linddun, Match, RuleMeta, Target, TargetKind, Trigger, Unknown
from medsec.engines.threats.rule import Outcome

# what "see or correct" takes: Art. 15 and Art. 16
NEEDED = (DataRight.ACCESS, DataRight.RECTIFICATION)


def served(project: Project) -> dict[str, set[DataRight]]:
    """The rights each data item can be exercised with: those of the use cases that need it."""
    out: dict[str, set[DataRight]] = {}
    for uc in project.use_cases:
        for d in uc.needs_data:
            out.setdefault(d, set()).update(uc.rights or ())
    return out


def health_data(project: Project) -> list[DataItem]:
    """Collected special-category items (health, genetic, biometric), in inventory order."""
    return [d for d in project.data if d.category.special and not d.retired]


class Mp05DataSubjectRights:
    """Patients cannot see or correct their health data: no use case lets them."""

    meta = RuleMeta(
        id="MP-05",
        title="Patients cannot see or correct their health data",
        stride=(),
        linddun=(Linddun.UNAWARENESS, Linddun.NON_COMPLIANCE),
        cwe=(),
        capec=(),
        cvss_v3_1="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N",
        mitigation=(
            "Provide the way: an export of one patient's records for an access request and a "
            "correction path (in the device, the service or the hospital system it feeds), and "
            "state it as a use case that needs the data, with `rights: [access, rectification]` "
            "(GDPR Art. 12, 15, 16)."
        ),
        description=(
            "Health data is processed that no use case lets its patients (through the "
            "controller) see or correct: an access request cannot be answered completely and "
            "wrong data stays wrong."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Health items no use case with access and rectification needs (asked when no use
        case states its rights)."""
        items = health_data(project)
        if not items:
            return
        device = Target(TargetKind.DEVICE, project.device.id)
        if all(uc.rights is None for uc in project.use_cases):
            yield Unknown(device, "use_cases[].rights")
            return
        rights = served(project)
        triggers: list[Trigger] = []
        for d in items:
            missing = [r.value for r in NEEDED if r not in rights.get(d.id, set())]
            if missing:
                value = f"{d.category.value}; no use case needing it has {' or '.join(missing)}"
                triggers.append(Trigger(f"data[{d.id}].category", value))
        if triggers:
            yield Match(device, tuple(triggers))


RULE = Mp05DataSubjectRights()
