"""The Cyber Resilience Act (Regulation 2024/2847) for the parts of a system it covers: Annex I
Part I (security properties) and Part II (vulnerability handling) point by point, the Art. 14
reporting clock, and the Annex VII technical documentation outline (``cra_documentation``).

The CRA excludes products under the MDR and IVDR (Art. 2(2)), so its rows apply to the
manufacturer's products with digital elements outside them: a companion app, a cloud service, a
gateway (``Scope.CRA``). Titles and gists are our own summary of the regulation, not its text.
"""

from __future__ import annotations

from datetime import date

from medsec.domain.checklist import ItemId
from medsec.domain.framework import ClockStart, ReportingDeadline, Requirement, Scope, Stage
from medsec.domain.vocabulary import Activity
from medsec.engines.frameworks.cra_documentation import ANNEX_VII
from medsec.engines.frameworks.entry import entry

CRA = "EU CRA 2024/2847"
APPLIES_FROM = date(2027, 12, 11)  # Art. 71(2)
REPORTING_FROM = date(2026, 9, 11)  # Art. 14 obligations
SUPPORT_PERIOD_YEARS = 5  # Art. 13(8): at least, unless the product is expected in use for less


def _point(
    part: str,
    point: str,
    title: str,
    gist: str,
    evidence: str,
    *supports: ItemId,
    answer: str | None = None,
    activities: tuple[Activity, ...] = (),
) -> Requirement:
    """One point of Annex I, id ``CRA:AnnexI-Part<part><point>``."""
    return entry(
        CRA,
        f"CRA:AnnexI-Part{part}{point}",
        f"Annex I Part {part} {point}",
        title,
        gist,
        evidence,
        supports,
        answer=answer,
        applies_to=Scope.CRA,
        activities=activities,
    )


SCOPE = entry(
    CRA,
    "CRA:scope",
    "Art. 2",
    "CRA scope vs medical devices",
    "Products under the MDR or IVDR are excluded; the CRA covers the manufacturer's other "
    "products with digital elements (wellness wearables, companion apps or gateways that are not "
    "devices or accessories). It applies from 11 December 2027, its reporting duties from "
    "11 September 2026, and it is the state-of-the-art benchmark for device security anyway.",
    "Per product or part: whether it is an MDR/IVDR device, which decides CRA applicability.",
    (ItemId.SECURITY_CONCEPT,),
    answer="cra_scope",
)

ANNEX_I_PART_I: tuple[Requirement, ...] = (
    _point(
        "I",
        "(1)",
        "Cybersecurity appropriate to the risks",
        "The product is designed, developed and produced to a level of cybersecurity that "
        "fits its risks.",
        "A cybersecurity risk assessment covering the product; controls chosen from it.",
        ItemId.THREAT_RISK_ANALYSIS,
        ItemId.SECURITY_BY_DESIGN,
    ),
    _point(
        "I",
        "(2)(a)",
        "No known exploitable vulnerabilities on release",
        "The product is placed on the market without known exploitable vulnerabilities.",
        "No open exploitable vulnerability in the SBOM matches at the release date.",
        ItemId.CVE_ANALYSIS,
        ItemId.VULNERABILITY_MANAGEMENT,
    ),
    _point(
        "I",
        "(2)(b)",
        "Secure by default, with a reset to the original state",
        "The product ships in a secure default configuration and can be reset to its original "
        "state.",
        "Default credentials and settings recorded per element; reset function documented.",
        ItemId.SECURITY_BY_DESIGN,
    ),
    _point(
        "I",
        "(2)(c)",
        "Vulnerabilities fixable through security updates",
        "Vulnerabilities can be fixed by security updates, automatic by default where that "
        "fits, with an opt-out, notification of available updates and the option to postpone.",
        "Every software element has a signed update channel; update behaviour documented.",
        ItemId.VULNERABILITY_MANAGEMENT,
        ItemId.SECURITY_BY_DESIGN,
        answer="automatic_updates",
    ),
    _point(
        "I",
        "(2)(d)",
        "Protection from unauthorised access",
        "Access is controlled (authentication, identity and access management) and possible "
        "unauthorised access is reported.",
        "Authentication on every interface and flow; failed and unauthorised access logged.",
        ItemId.SECURITY_BY_DESIGN,
    ),
    _point(
        "I",
        "(2)(e)",
        "Confidentiality of stored, transmitted and processed data",
        "The confidentiality of data, personal or other, is protected, e.g. by state-of-the-art "
        "encryption at rest and in transit.",
        "Encryption in transit on every flow and at rest on every store of sensitive data.",
        ItemId.SECURITY_BY_DESIGN,
        ItemId.GDPR_READINESS,
    ),
    _point(
        "I",
        "(2)(f)",
        "Integrity of data, commands, programs and configuration",
        "Data, commands, programs and configuration are protected against unauthorised change, "
        "and corruption is reported.",
        "Integrity controls (signatures, secure boot, authenticated commands) per element.",
        ItemId.SECURITY_BY_DESIGN,
    ),
    _point(
        "I",
        "(2)(g)",
        "Data minimisation",
        "Only the data adequate, relevant and limited to the product's intended purpose is "
        "processed.",
        "Every data item has a purpose and a need that uses it.",
        ItemId.DATA_MINIMISATION,
        ItemId.GDPR_READINESS,
    ),
    _point(
        "I",
        "(2)(h)",
        "Availability of essential functions, also after an incident",
        "Essential and basic functions stay available, with resilience and mitigation against "
        "denial-of-service attacks.",
        "Denial-of-service threats assessed and controlled; resilience controls recorded.",
        ItemId.SECURITY_BY_DESIGN,
        ItemId.THREAT_RISK_ANALYSIS,
    ),
    _point(
        "I",
        "(2)(i)",
        "Limited impact on other devices and networks",
        "The product and the devices it connects to do little harm to the availability of "
        "services of other devices or networks.",
        "Threats against connected systems assessed in the threat model.",
        ItemId.THREAT_RISK_ANALYSIS,
        ItemId.SECURITY_BY_DESIGN,
    ),
    _point(
        "I",
        "(2)(j)",
        "Limited attack surface",
        "The product limits its attack surfaces, external interfaces included.",
        "Interface inventory; no interface without a need; debug interfaces closed in production.",
        ItemId.SECURITY_BY_DESIGN,
    ),
    _point(
        "I",
        "(2)(k)",
        "Exploitation mitigation",
        "Exploitation mitigation mechanisms and techniques reduce the impact of an incident.",
        "Hardening and exploit mitigations recorded per element.",
        ItemId.SECURITY_BY_DESIGN,
    ),
    _point(
        "I",
        "(2)(l)",
        "Security logging and monitoring",
        "Relevant internal activity (access to or changes of data, services and functions) is "
        "recorded and monitored, with an opt-out for the user.",
        "Security logging stated per element; log storage recorded.",
        ItemId.SECURITY_BY_DESIGN,
    ),
    _point(
        "I",
        "(2)(m)",
        "Secure removal and transfer of data and settings",
        "Users can remove all data and settings permanently, securely and easily, and data "
        "transferred to other products moves securely.",
        "Decommissioning and data-removal instructions; secure export flows.",
        ItemId.GDPR_READINESS,
        ItemId.SECURITY_CONCEPT,
        answer="decommissioning",
    ),
)

ANNEX_I_PART_II: tuple[Requirement, ...] = (
    _point(
        "II",
        "(1)",
        "Vulnerabilities and components identified, SBOM drawn up",
        "Vulnerabilities and components are identified and documented, with an SBOM in a "
        "common machine-readable format covering at least the top-level dependencies.",
        "CycloneDX or SPDX SBOM per element; vulnerability matches recorded.",
        ItemId.SBOM,
        ItemId.CVE_ANALYSIS,
    ),
    _point(
        "II",
        "(2)",
        "Vulnerabilities remediated without delay",
        "Vulnerabilities are addressed and remediated without delay, with security updates, "
        "separate from functionality updates where technically feasible.",
        "Remediation deadlines by severity met; update records.",
        ItemId.VULNERABILITY_MANAGEMENT,
        answer="separate_security_updates",
    ),
    _point(
        "II",
        "(3)",
        "Regular security tests and reviews",
        "The product's security is tested and reviewed effectively and regularly.",
        "Penetration tests, scans and reviews within their policy intervals.",
        ItemId.INDEPENDENT_PENTEST,
        ItemId.CVE_ANALYSIS,
        activities=(
            Activity.PENETRATION_TEST,
            Activity.VULNERABILITY_SCANNING,
            Activity.FUZZING,
        ),
    ),
    _point(
        "II",
        "(4)",
        "Fixed vulnerabilities disclosed",
        "Once an update is available, information on the fixed vulnerabilities is shared and "
        "published: description, affected products, impact, severity and remediation help "
        "(publication may wait until users could patch, when justified).",
        "An advisory per fixed vulnerability.",
        ItemId.VULNERABILITY_MANAGEMENT,
        answer="advisories",
    ),
    _point(
        "II",
        "(5)",
        "Coordinated vulnerability disclosure policy",
        "A coordinated vulnerability disclosure policy is in place and enforced.",
        "Published disclosure policy.",
        ItemId.VULNERABILITY_MANAGEMENT,
    ),
    _point(
        "II",
        "(6)",
        "Vulnerability information sharing and a reporting contact",
        "Sharing of information on potential vulnerabilities, in the product and its "
        "third-party components, is made easy, including a contact address for reports.",
        "Published security contact.",
        ItemId.VULNERABILITY_MANAGEMENT,
    ),
    _point(
        "II",
        "(7)",
        "Secure update distribution",
        "Updates are distributed securely so that vulnerabilities are fixed in time, "
        "automatically where that applies to security updates.",
        "Signed update channel per software element.",
        ItemId.VULNERABILITY_MANAGEMENT,
        ItemId.SECURITY_BY_DESIGN,
    ),
    _point(
        "II",
        "(8)",
        "Security updates disseminated without delay, free of charge",
        "Available security updates go out without delay and, unless agreed otherwise for a "
        "tailor-made product, free of charge, with advisories telling users what to do.",
        "Update release and advisory records.",
        ItemId.VULNERABILITY_MANAGEMENT,
        answer="free_security_updates",
    ),
)

VULNERABILITY_HANDLING = entry(
    CRA,
    "CRA:AnnexI-PartII",
    "Annex I Part II",
    "Vulnerability handling requirements (8 points)",
    "The eight vulnerability handling duties of ANNEX_I_PART_II, kept for the whole support "
    "period (at least five years, or the expected time of use if shorter: Art. 13(8)).",
    "SBOM; patch records; an advisory per fixed vulnerability; disclosure policy; contact; "
    "update signing; end date of support.",
    (ItemId.SBOM, ItemId.VULNERABILITY_MANAGEMENT, ItemId.CVE_ANALYSIS),
    answer="support_period",
    applies_to=Scope.CRA,
)
"""The catalogue's one-row summary of Part II; documents list ``ANNEX_I_PART_II`` instead."""

REPORTING = entry(
    CRA,
    "CRA:Art14",
    "Art. 14",
    "Reporting of actively exploited vulnerabilities and severe incidents",
    "Actively exploited vulnerabilities and severe incidents are reported through the single "
    "reporting platform to the coordinating CSIRT and ENISA, on the ARTICLE_14 clock, and users "
    "are informed.",
    "Vulnerability records carry an actively-exploited flag and timestamps; the deadlines are "
    "computed from them.",
    (ItemId.VULNERABILITY_MANAGEMENT,),
    answer="cra_reporting",
    applies_to=Scope.CRA,
)

_VULNERABILITY = "actively exploited vulnerability"
_INCIDENT = "severe incident"

ARTICLE_14: tuple[ReportingDeadline, ...] = (
    ReportingDeadline("CRA:Art14(2)(a)", Stage.EARLY_WARNING, _VULNERABILITY, ClockStart.AWARE, 24),
    ReportingDeadline("CRA:Art14(2)(b)", Stage.NOTIFICATION, _VULNERABILITY, ClockStart.AWARE, 72),
    ReportingDeadline(
        "CRA:Art14(2)(c)", Stage.FINAL_REPORT, _VULNERABILITY, ClockStart.FIX_AVAILABLE, days=14
    ),
)
"""The clock for an actively exploited vulnerability: 24 h, 72 h, 14 days after the fix."""

ARTICLE_14_INCIDENTS: tuple[ReportingDeadline, ...] = (
    ReportingDeadline("CRA:Art14(4)(a)", Stage.EARLY_WARNING, _INCIDENT, ClockStart.AWARE, 24),
    ReportingDeadline("CRA:Art14(4)(b)", Stage.NOTIFICATION, _INCIDENT, ClockStart.AWARE, 72),
    ReportingDeadline(
        "CRA:Art14(4)(c)", Stage.FINAL_REPORT, _INCIDENT, ClockStart.NOTIFICATION, months=1
    ),
)
"""The clock for a severe incident: 24 h, 72 h, one month after the notification."""

REQUIREMENTS: tuple[Requirement, ...] = (SCOPE, *ANNEX_I_PART_I, *ANNEX_I_PART_II, REPORTING)
"""Every CRA row a document lists, in order; the Part II summary row stays out of it."""

__all__ = [
    "ANNEX_I_PART_I",
    "ANNEX_I_PART_II",
    "ANNEX_VII",
    "APPLIES_FROM",
    "ARTICLE_14",
    "ARTICLE_14_INCIDENTS",
    "REPORTING",
    "REPORTING_FROM",
    "REQUIREMENTS",
    "SCOPE",
    "SUPPORT_PERIOD_YEARS",
    "VULNERABILITY_HANDLING",
]
