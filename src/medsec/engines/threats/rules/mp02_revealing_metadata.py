"""MP-02: Location, timing or usage data that reveals a patient's condition, sent to the cloud.

Where a patient is (a dialysis centre, an oncology ward), when a device acts (insulin boluses at
night) and how often it is used say something about their health, although none of it is
health data by itself. Uploaded in a health context and linked to the person, it reveals the
condition to whoever holds the cloud data.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import DataItem, DataTrait, Flow, Project
from medsec.domain.threat import Linddun, Match, RuleMeta, Trigger
from medsec.domain.vocabulary import Function
from medsec.engines.threats.rule import Outcome, element_trig, flow_target, flow_trig
from medsec.engines.threats.rules._privacy import (
    ask,
    item_trig,
    items,
    pseudonymised,
    shown,
    uploads,
    with_trait,
)
from medsec.engines.threats.rules._topology import find_element

_REVEALING = (DataTrait.LOCATION, DataTrait.TIMING, DataTrait.USAGE)
# an element whose use by itself says the patient has a condition
_CLINICAL = frozenset({Function.THERAPY, Function.DIAGNOSIS, Function.MONITORING})


def health_context(project: Project, flow: Flow, found: dict[str, DataItem]) -> Trigger | None:
    """What makes an upload's metadata health-revealing: health data beside it, or a clinical
    sender (a therapy, diagnosis or monitoring element); None when neither."""
    special = [found[d] for d in flow.data if d in found and found[d].category.special]
    if special:
        return flow_trig(flow, "data", ", ".join(shown(d) for d in special))
    sender = find_element(project, flow.source)
    if sender is not None and sender.function in _CLINICAL:
        return element_trig(sender, "function", sender.function)
    return None


class Mp02RevealingMetadata:
    """Location, timing or usage uploaded in a health context reveals the condition."""

    meta = RuleMeta(
        id="MP-02",
        title="Location or timing data reveals the patient's condition",
        stride=(),
        linddun=(Linddun.LINKING, Linddun.DATA_DISCLOSURE),
        cwe=("CWE-359", "CWE-1230"),
        capec=("CAPEC-118",),
        cvss_v3_1="CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N",
        cvss_from_model=("C", "I", "A"),
        mitigation=(
            "Send location, times and usage only where a use case needs them, coarsened "
            "(day instead of minute, region instead of position) and pseudonymised before "
            "upload; state `pseudonymised: true` once they are (GDPR Art. 5(1)(c), 25)."
        ),
        description=(
            "Location, timing or usage data reaches the vendor cloud linked to the patient in "
            "a health context; where and when a medical device is used reveals the patient's "
            "condition and routine to the operator, an insider or anyone who breaches the cloud."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Uploads with revealing items stated not pseudonymised, in a health context."""
        found = items(project)
        asked: set[str] = set()
        for f in uploads(project):
            revealing = with_trait(found, f.data, *_REVEALING)
            context = health_context(project, f, found) if revealing else None
            if context is None:
                continue
            weak: list[DataItem] = []
            for item in revealing:
                state = pseudonymised(item)
                if state is None and item.id not in asked:
                    asked.add(item.id)
                    yield ask(project, item, "pseudonymised")
                elif state is False:
                    weak.append(item)
            if weak:
                triggers = (
                    flow_trig(f, "data", ", ".join(shown(d, *_REVEALING) for d in weak)),
                    *(item_trig(d, "pseudonymised", False) for d in weak),
                    context,
                )
                yield Match(flow_target(f), triggers)


RULE = Mp02RevealingMetadata()
