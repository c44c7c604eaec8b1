"""IEC 81001-5-1 clauses 6 to 9 and Annex F: maintenance, security risk management,
configuration management, problem resolution and transitional (legacy) health software.

Clause numbers and titles follow the standard's table of contents; gists and evidence are our
own words (the standard is a paid text and is not quoted).
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.framework import Condition, Requirement
from medsec.domain.vocabulary import Activity
from medsec.engines.frameworks.entry import iec

MAINTENANCE: tuple[Requirement, ...] = (
    iec(
        "6.1",
        "Software maintenance plan (security)",
        "The maintenance plan covers security updates and vulnerability handling after release.",
        "A maintenance or post-market security plan exists.",
        ItemId.VULNERABILITY_MANAGEMENT,
        answer="postmarket_plan",
    ),
    iec(
        "6.1.1",
        "Timely delivery of security updates",
        "Timelines for delivering security updates are set and met.",
        "Patch deadlines by severity; measured time to patch per vulnerability against them.",
        ItemId.VULNERABILITY_MANAGEMENT,
    ),
    iec(
        "6.2.1",
        "Monitoring public incident and vulnerability reports",
        "Public sources (vulnerability databases, advisories, incident reports) are monitored "
        "for issues that affect the product and its components.",
        "Monitoring sources configured (NVD, OSV, CISA KEV, vendor advisories); SBOM re-scanned "
        "at a set frequency (medsec policy default); date of the last scan.",
        ItemId.CVE_ANALYSIS,
        ItemId.VULNERABILITY_MANAGEMENT,
        ItemId.SBOM,
        activities=(Activity.VULNERABILITY_SCANNING,),
    ),
    iec(
        "6.2.2",
        "Security update verification",
        "Security updates are verified (fix effective, no regressions) before delivery.",
        "Verification record per security update.",
        ItemId.VULNERABILITY_MANAGEMENT,
        answer="update_verification",
    ),
    iec(
        "6.3.1",
        "Documentation of security updates for supported software",
        "For software the operator patches (supported software), the manufacturer tells "
        "operators which updates are validated and compatible.",
        "Published compatibility or patch-approval list per supported component.",
        ItemId.VULNERABILITY_MANAGEMENT,
        ItemId.SBOM,
        answer="patch_compatibility",
        not_applicable_when=Condition.NO_SUPPORTED_SOFTWARE,
    ),
    iec(
        "6.3.2",
        "Delivery of security updates for maintained software",
        "The manufacturer delivers security updates for the software it maintains.",
        "Update release records; the delivery channel is documented.",
        ItemId.VULNERABILITY_MANAGEMENT,
    ),
    iec(
        "6.3.3",
        "Integrity of security updates for maintained software",
        "Delivered updates are protected for integrity and authenticity (e.g. signed).",
        "Update packages are signed; the verification mechanism is described.",
        ItemId.SECURITY_BY_DESIGN,
        ItemId.VULNERABILITY_MANAGEMENT,
    ),
)

RISK_MANAGEMENT: tuple[Requirement, ...] = (
    iec(
        "7.1.1",
        "Security risk management context (general)",
        "The scope and criteria of security risk management are set.",
        "Risk acceptance criteria and scoring method documented.",
        ItemId.THREAT_RISK_ANALYSIS,
    ),
    iec(
        "7.1.2",
        "Product security context",
        "The intended environment, users, assumptions and the security measures expected from "
        "the environment are documented.",
        "A product security context (environment, assumptions, external controls) exists and "
        "the threat model refers to it.",
        ItemId.THREAT_RISK_ANALYSIS,
        ItemId.SECURITY_CONCEPT,
    ),
    iec(
        "7.2",
        "Identify vulnerabilities, threats and adverse impacts (threat modelling)",
        "Threats, vulnerabilities and their impacts are identified systematically (Annex C "
        "lists methods such as STRIDE, attack trees, CAPEC and DREAD).",
        "Threat model exists with its method named; every model element (asset, data flow, "
        "interface, trust boundary) analysed; reviewed within 12 months and after each "
        "architecture change (medsec policy default).",
        ItemId.THREAT_RISK_ANALYSIS,
        activities=(Activity.THREAT_MODEL,),
    ),
    iec(
        "7.3",
        "Estimate and evaluate security risk",
        "Each threat or vulnerability gets a risk estimate and is evaluated against the "
        "acceptance criteria.",
        "Every threat has a pre-mitigation score, the method (e.g. CVSS, exploitability and "
        "impact) and the evaluation result.",
        ItemId.THREAT_RISK_ANALYSIS,
    ),
    iec(
        "7.4",
        "Control security risks",
        "Risk controls are chosen and implemented, residual risk is evaluated, and the effect "
        "on safety is checked.",
        "Every unacceptable risk has at least one control linked to a requirement and a test; "
        "the post-mitigation score is within the acceptance criteria or the acceptance is "
        "documented.",
        ItemId.THREAT_RISK_ANALYSIS,
        ItemId.SECURITY_BY_DESIGN,
    ),
    iec(
        "7.5",
        "Monitor effectiveness of risk controls",
        "The effectiveness of risk controls is monitored over the life cycle (post-market "
        "information, new threats).",
        "Periodic risk review records; triggers (a new CVE, an incident) lead to risk file "
        "updates.",
        ItemId.THREAT_RISK_ANALYSIS,
        ItemId.VULNERABILITY_MANAGEMENT,
    ),
)

CONFIGURATION_MANAGEMENT: tuple[Requirement, ...] = (
    iec(
        "8",
        "Software configuration management (incl. third-party items)",
        "Configuration items, third-party components and their versions included, are "
        "identified and controlled, and changes are tracked.",
        "SBOM generated from the build of each released version, under version control, with a "
        "diff between releases.",
        ItemId.SBOM,
    ),
)

PROBLEM_RESOLUTION: tuple[Requirement, ...] = (
    iec(
        "9.1",
        "Problem resolution covers security (overview)",
        "The problem-resolution process handles security-related issues.",
        "A vulnerability handling procedure exists.",
        ItemId.VULNERABILITY_MANAGEMENT,
        activities=(Activity.INCIDENT_RESPONSE_PLAN,),
    ),
    iec(
        "9.2",
        "Receive notifications about vulnerabilities",
        "A channel receives vulnerability reports from researchers, customers, suppliers and "
        "others.",
        "Published security contact (security.txt or web page); intake log.",
        ItemId.VULNERABILITY_MANAGEMENT,
    ),
    iec(
        "9.3",
        "Review vulnerabilities",
        "Incoming reports are reviewed promptly for applicability and validity.",
        "Each reported item has a triage date and an applicability decision; time to triage "
        "measured.",
        ItemId.VULNERABILITY_MANAGEMENT,
        ItemId.CVE_ANALYSIS,
    ),
    iec(
        "9.4",
        "Analyse vulnerabilities",
        "Applicable vulnerabilities are analysed for impact, severity (e.g. CVSS) and root cause "
        "in the product's context.",
        "Each applicable CVE or report has a severity score, an exploitability rationale, the "
        "safety impact and the affected versions.",
        ItemId.CVE_ANALYSIS,
        ItemId.VULNERABILITY_MANAGEMENT,
    ),
    iec(
        "9.5",
        "Address security-related issues",
        "A response (fix, mitigation, compensating control, risk acceptance) is decided and "
        "carried out, and the affected parties are informed.",
        "Each analysed vulnerability has a disposition and its date; an advisory where it applies.",
        ItemId.VULNERABILITY_MANAGEMENT,
    ),
)

TRANSITIONAL: tuple[Requirement, ...] = (
    iec(
        "AnnexF",
        "Transitional (legacy) health software",
        "The normative route for software developed before the standard was adopted: a gap "
        "assessment, closure of the gaps, a documented rationale for continued use, and "
        "post-release activities.",
        "Software declared legacy; gap assessment record; rationale; post-release plan.",
        ItemId.SECURITY_CONCEPT,
        ItemId.VULNERABILITY_MANAGEMENT,
        answer="legacy_software",
        not_applicable_when=Condition.NOT_LEGACY,
    ),
)

PROCESSES: tuple[Requirement, ...] = (
    MAINTENANCE + RISK_MANAGEMENT + CONFIGURATION_MANAGEMENT + PROBLEM_RESOLUTION + TRANSITIONAL
)
