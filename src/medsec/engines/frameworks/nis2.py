"""NIS-2 (Directive 2022/2555): hospitals are NIS-2 entities, and their duties flow down to the
device makers that supply them (SBOM, MDS2, patch deadlines, disclosure policy, incident help).

Ids and titles follow the catalogue (REGULATORY.md §A.5); gists are our own summary.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.framework import ClockStart, ReportingDeadline, Requirement, Stage
from medsec.domain.vocabulary import Activity
from medsec.engines.frameworks.entry import entry

NIS2 = "NIS-2 Directive 2022/2555"

REQUIREMENTS: tuple[Requirement, ...] = (
    entry(
        NIS2,
        "NIS2:scope-health",
        "Annex I (5)",
        "Hospitals (healthcare providers) are NIS2 entities",
        "The health sector of Annex I covers healthcare providers, reference laboratories, "
        "pharmaceutical research and manufacturing, and makers of devices critical in a public "
        "health emergency; most medium and large hospitals are essential entities. Device makers "
        "should expect their hospital customers to ask for evidence.",
        "Context only: the customer evidence of Art. 21 and 23.",
        (ItemId.SECURITY_CONCEPT,),
    ),
    entry(
        NIS2,
        "NIS2:Art21",
        "Art. 21",
        "Customers' risk-management duties that flow down to device vendors",
        "The minimum measures include supply chain security (2)(d) and security in acquisition, "
        "development and maintenance with vulnerability handling and disclosure (2)(e); entities "
        "weigh each supplier's vulnerabilities, product quality and secure development (3). "
        "Hospitals will therefore ask for SBOMs, the MDS2, patch deadlines, the disclosure policy "
        "and secure development evidence.",
        "A customer pack: SBOM, MDS2, security guide, patch deadlines, disclosure policy, "
        "secure development attestation (IEC 81001-5-1).",
        (ItemId.SBOM, ItemId.VULNERABILITY_MANAGEMENT, ItemId.SECURITY_CONCEPT),
        answer="labeling",
    ),
    entry(
        NIS2,
        "NIS2:Art23",
        "Art. 23",
        "Incident reporting timelines (for the hospital)",
        "A significant incident is reported on the ARTICLE_23 clock (early warning, "
        "notification, final report); device makers support it with fast incident information "
        "and forensic logs.",
        "Device logging and forensics documented; the manufacturer's incident-support contact "
        "and response time.",
        (ItemId.VULNERABILITY_MANAGEMENT, ItemId.SECURITY_CONCEPT),
        answer="incident_support",
        activities=(Activity.INCIDENT_RESPONSE_PLAN,),
    ),
)

_INCIDENT = "significant incident"

ARTICLE_23: tuple[ReportingDeadline, ...] = (
    ReportingDeadline("NIS2:Art23(4)(a)", Stage.EARLY_WARNING, _INCIDENT, ClockStart.AWARE, 24),
    ReportingDeadline("NIS2:Art23(4)(b)", Stage.NOTIFICATION, _INCIDENT, ClockStart.AWARE, 72),
    ReportingDeadline(
        "NIS2:Art23(4)(d)", Stage.FINAL_REPORT, _INCIDENT, ClockStart.NOTIFICATION, months=1
    ),
)
"""The hospital's clock for a significant incident: 24 h, 72 h, one month after notification."""
