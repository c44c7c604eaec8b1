"""MP-01: A persistent patient or device identifier sent to the cloud without pseudonymisation.

The vendor cloud is where the data of every hospital meets: a patient or device identifier that
arrives there as it is (an MRN, a serial number, a MAC address) links the same patient's records
across hospitals, episodes and products.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import DataTrait, Project
from medsec.domain.threat import Linddun, Match, RuleMeta
from medsec.engines.threats.rule import Outcome, flow_target, flow_trig
from medsec.engines.threats.rules._privacy import (
    ask,
    item_trig,
    items,
    pseudonymised,
    shown,
    uploads,
    with_trait,
)

_ID = DataTrait.IDENTIFIER


class Mp01CrossSiteLinking:
    """An identifier that reaches the cloud as it is links a patient across hospitals."""

    meta = RuleMeta(
        id="MP-01",
        title="Patient linkable across hospitals by an identifier sent to the cloud",
        stride=(),
        linddun=(Linddun.LINKING, Linddun.IDENTIFYING),
        cwe=("CWE-359", "CWE-212"),
        capec=("CAPEC-118",),
        cvss_v3_1="CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N",
        # whoever reads the cloud store (an operator, a breach): its own AV and PR
        cvss_from_model=("C", "I", "A"),
        mitigation=(
            "Replace the identifier on the device or in the hospital with a pseudonym (keyed "
            "hash or token per hospital and purpose) before upload, keep the mapping in the "
            "hospital, and state `pseudonymised: true` once it is so (GDPR Art. 25, 32(1)(a))."
        ),
        description=(
            "A persistent identifier of a patient or of their device reaches the vendor cloud "
            "as it is; there, records from every hospital and episode that carry it can be "
            "joined into one profile of the patient, by the operator, an insider or anyone "
            "who breaches the cloud."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Uploads to the cloud carrying identifiers stated not pseudonymised (asked if unstated)."""
        found = items(project)
        asked: set[str] = set()
        for f in uploads(project):
            weak = []
            for item in with_trait(found, f.data, _ID):
                state = pseudonymised(item)
                if state is None and item.id not in asked:
                    asked.add(item.id)
                    yield ask(project, item, "pseudonymised")
                elif state is False:
                    weak.append(item)
            if weak:
                triggers = (
                    flow_trig(f, "data", ", ".join(shown(d, _ID) for d in weak)),
                    *(item_trig(d, "pseudonymised", False) for d in weak),
                )
                yield Match(flow_target(f), triggers)


RULE = Mp01CrossSiteLinking()
