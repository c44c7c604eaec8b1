"""The GDPR (Regulation 2016/679) for device and cloud data processing: the articles a device
maker meets as controller of its own processing, as processor for hospitals, and by design so
that hospitals can comply.

Ids and titles follow the catalogue (REGULATORY.md §A.6); gists are our own summary, to be
checked against the regulation before quoting in product text.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.framework import ClockStart, ReportingDeadline, Requirement, Scope, Stage
from medsec.domain.vocabulary import Activity
from medsec.engines.frameworks.entry import entry

GDPR = "GDPR 2016/679"


def _article(
    key: str,
    clause: str,
    title: str,
    gist: str,
    evidence: str,
    *supports: ItemId,
    answer: str | None = None,
    activities: tuple[Activity, ...] = (),
) -> Requirement:
    """One GDPR article, id ``GDPR:<key>``; it applies where personal data is processed."""
    return entry(
        GDPR,
        f"GDPR:{key}",
        clause,
        title,
        gist,
        evidence,
        supports,
        answer=answer,
        applies_to=Scope.PERSONAL_DATA,
        activities=activities,
    )


REQUIREMENTS: tuple[Requirement, ...] = (
    _article(
        "Art5",
        "Art. 5",
        "Processing principles",
        "Lawfulness, fairness and transparency; purpose limitation; data minimisation (adequate, "
        "relevant, limited to the purpose); accuracy; storage limitation; integrity and "
        "confidentiality; and accountability: the controller can show it complies.",
        "Data inventory with purpose, legal basis, retention and necessity per personal-data "
        "field; no field without a purpose; retention per category.",
        ItemId.GDPR_READINESS,
        ItemId.DATA_MINIMISATION,
    ),
    _article(
        "Art9",
        "Art. 9",
        "Health data is a special category",
        "Health, genetic and biometric identification data may only be processed under an "
        "Art. 9(2) exception, for devices typically explicit consent, care and treatment under "
        "professional secrecy, public health (device vigilance) or research with safeguards.",
        "Each health-data field records its Art. 9(2) condition beside its Art. 6 basis.",
        ItemId.GDPR_READINESS,
    ),
    _article(
        "Art25",
        "Art. 25",
        "Data protection by design and by default",
        "Technical and organisational measures (e.g. pseudonymisation) build the principles into "
        "the design; by default only the data each purpose needs is processed, kept and made "
        "accessible, never to an open number of people without the person's action.",
        "Privacy requirements; defaults that minimise collection and sharing; pseudonymisation "
        "or de-identification; retention and deletion settings.",
        ItemId.GDPR_READINESS,
        ItemId.DATA_MINIMISATION,
        ItemId.SECURITY_BY_DESIGN,
    ),
    _article(
        "Art30",
        "Art. 30",
        "Records of processing activities (RoPA)",
        "Controllers and processors keep a written record of their processing (who, purposes, "
        "categories of people and data, recipients, transfers, erasure limits, security "
        "measures), available to the authority; the small-company exemption does not cover "
        "regular or health-data processing.",
        "Record entries with every mandatory field, or a justification where one is left out.",
        ItemId.GDPR_READINESS,
        answer="ropa",
    ),
    _article(
        "Art32",
        "Art. 32",
        "Security of processing",
        "Security measures fit the risk: pseudonymisation and encryption, ongoing "
        "confidentiality, integrity, availability and resilience, timely restoration after an "
        "incident, and regular testing of the measures' effectiveness.",
        "Encryption at rest and in transit; backup and restore tested; penetration test and "
        "scan records (the device evidence reused).",
        ItemId.GDPR_READINESS,
        ItemId.SECURITY_BY_DESIGN,
        ItemId.INDEPENDENT_PENTEST,
        activities=(Activity.PENETRATION_TEST,),
    ),
    _article(
        "Art33",
        "Art. 33",
        "Breach notification to the supervisory authority",
        "A personal data breach is notified to the authority without undue delay and where "
        "feasible within 72 hours of awareness (ARTICLE_33), unless it is unlikely to be a risk; "
        "processors tell the controller without undue delay; every breach is documented.",
        "Incident records carry a personal-data-breach flag, the awareness and notification "
        "times; a breach register.",
        ItemId.GDPR_READINESS,
        ItemId.VULNERABILITY_MANAGEMENT,
        answer="breach_procedure",
    ),
    _article(
        "Art34",
        "Art. 34",
        "Communication of a breach to data subjects",
        "People are told without undue delay when a breach puts them at high risk, unless the "
        "data was unintelligible (encrypted), later measures removed the risk, or only a public "
        "notice is proportionate.",
        "High-risk flag and communication record; encryption status of the data affected.",
        ItemId.GDPR_READINESS,
        answer="breach_procedure",
    ),
    _article(
        "Art35",
        "Art. 35",
        "Data protection impact assessment (DPIA)",
        "A DPIA is needed where processing is likely to be high risk, always for large-scale "
        "health data; meeting two or more of the nine WP248 criteria usually means one is "
        "needed. It describes the processing, its necessity, the risks and the measures.",
        "DPIA screening against the nine criteria; where needed, a DPIA with its four parts and "
        "a review date.",
        ItemId.GDPR_READINESS,
    ),
    _article(
        "Art44-49",
        "Art. 44-49",
        "International transfers",
        "Transfers outside the EEA need a basis: an adequacy decision, appropriate safeguards "
        "(standard contractual clauses, binding corporate rules) with a transfer impact "
        "assessment, or a narrow derogation; cloud, support and telemetry flows count.",
        "Each data flow and recipient states its destination country and transfer mechanism.",
        ItemId.GDPR_READINESS,
    ),
)

ARTICLE_33: tuple[ReportingDeadline, ...] = (
    ReportingDeadline(
        "GDPR:Art33(1)", Stage.NOTIFICATION, "personal data breach", ClockStart.AWARE, 72
    ),
)
"""The controller's clock for a personal data breach: 72 h after becoming aware, where feasible."""
