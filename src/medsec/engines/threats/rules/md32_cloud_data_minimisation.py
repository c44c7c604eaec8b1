"""MD-32: Data sent to the cloud that no use case needs (data-minimisation breach)."""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride, Trigger
from medsec.domain.vocabulary import Carries
from medsec.engines.threats.rule import Outcome, flow_target, flow_trig, unknown_flow
from medsec.engines.threats.rules._needs import needed_data, unknown_use_cases
from medsec.engines.threats.rules._topology import find_element, in_cloud


class Md32CloudDataMinimisation:
    """Data the cloud does not need is still exposed to every cloud breach (GDPR minimisation)."""

    meta = RuleMeta(
        id="MD-32",
        title="Data sent to the cloud that no use case needs",
        stride=(Stride.INFORMATION_DISCLOSURE,),
        cwe=("CWE-359", "CWE-213"),
        capec=("CAPEC-116",),
        cvss_v3_1="CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:U/C:L/I:N/A:N",
        mitigation=(
            "Stop sending the listed items, or name the use case that needs them; pseudonymise "
            "identifiers on the device before upload and keep the re-identification key in "
            "the hospital (GDPR Art. 5(1)(c), Art. 25)."
        ),
        description=(
            "The flow uploads data items to the cloud that no use case needs; every extra "
            "field enlarges what a cloud breach or an insider can expose and breaks data "
            "minimisation."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Flows into the cloud carrying data items no use case needs."""
        needed = needed_data(project)
        category = {d.id: d.category.value for d in project.data}
        asked = False
        for f in project.flows:
            source = find_element(project, f.source)
            target = find_element(project, f.target)
            if target is None or not in_cloud(project, target):
                continue
            if source is not None and in_cloud(project, source):
                continue  # inside the cloud: the upload is where it is judged
            if f.carries in (Carries.COMMANDS, Carries.CODE):
                continue
            if not f.data:
                yield unknown_flow(f, "data")
                continue
            if not project.use_cases:
                if not asked:
                    asked = True
                    yield unknown_use_cases(project)
                continue
            extra = [d for d in f.data if d not in needed]
            if not extra:
                continue
            shown = ", ".join(f"{d} ({category[d]})" if d in category else d for d in extra)
            triggers = (
                flow_trig(f, "data", shown),
                Trigger("use_cases.needs_data", "lists none of " + ", ".join(extra)),
            )
            yield Match(flow_target(f), triggers)


RULE = Md32CloudDataMinimisation()
