"""IEC 81001-5-1 clause 4: general requirements (quality management, security risk management,
software item classification by risk transfer).

Clause numbers and titles follow the standard's table of contents; gists and evidence are our
own words (the standard is a paid text and is not quoted).
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.framework import Requirement
from medsec.domain.vocabulary import Activity
from medsec.engines.frameworks.entry import iec

GENERAL: tuple[Requirement, ...] = (
    iec(
        "4.1.1",
        "Security activities run inside a quality management system",
        "Development and maintenance of the health software happen under a QMS (e.g. ISO 13485) "
        "that also covers the security activities of this standard.",
        "QMS and SOP reference recorded in the security file; security SOPs listed with version "
        "and approval date.",
        ItemId.SECURITY_CONCEPT,
        answer="qms",
    ),
    iec(
        "4.1.2",
        "Responsibilities for security activities assigned",
        "Named roles are responsible for each security activity.",
        "Role (RACI) table exists; every life-cycle activity (threat model, SBOM, vulnerability "
        "triage, penetration test, release) has an owner.",
        ItemId.SECURITY_CONCEPT,
        answer="responsibilities",
    ),
    iec(
        "4.1.3",
        "Applicability of requirements identified",
        "Decide and justify which requirements of the standard apply to this product.",
        "Applicability matrix covering all clauses 4 to 9; each not-applicable clause has a "
        "rationale (the conformance matrix itself).",
        ItemId.SECURITY_CONCEPT,
    ),
    iec(
        "4.1.4",
        "Security expertise of personnel",
        "People doing security work have the competence (training, experience) to do it.",
        "Training and competence records for the people named in the RACI, dated within 24 "
        "months (medsec policy default).",
        ItemId.SECURITY_CONCEPT,
        answer="competence",
        activities=(Activity.SECURITY_TRAINING,),
    ),
    iec(
        "4.1.5",
        "Third-party software items managed",
        "The security of supplier and third-party software items is evaluated and managed "
        "(supplier criteria, monitoring).",
        "Every third-party SBOM component has supplier, version, support status and an "
        "evaluation record.",
        ItemId.SBOM,
        ItemId.VULNERABILITY_MANAGEMENT,
        ItemId.SECURITY_CONCEPT,
        activities=(Activity.DEPENDENCY_REVIEW,),
    ),
    iec(
        "4.1.6",
        "Continuous improvement of the secure lifecycle",
        "Lessons learned and metrics feed back into the process.",
        "Process review or retrospective record; security metrics (FDA V.A.6) tracked.",
        ItemId.SECURITY_CONCEPT,
        ItemId.VULNERABILITY_MANAGEMENT,
        answer="process_improvement",
    ),
    iec(
        "4.1.7",
        "Disclosure of security-related issues",
        "A process tells users and operators about security issues that affect the product "
        "(advisories).",
        "Published coordinated-disclosure and advisory policy; advisory template; list of "
        "issued advisories.",
        ItemId.VULNERABILITY_MANAGEMENT,
        ItemId.SECURITY_CONCEPT,
        answer="advisories",
    ),
    iec(
        "4.1.8",
        "Periodic review of security defect management",
        "The defect and vulnerability handling process is reviewed periodically (IEC 62443-4-1 "
        "DM-6 asks for at least once a year).",
        "Review record of the vulnerability process dated within 12 months (medsec policy "
        "default).",
        ItemId.VULNERABILITY_MANAGEMENT,
        ItemId.SECURITY_CONCEPT,
        answer="vulnerability_process_review",
    ),
    iec(
        "4.1.9",
        "Accompanying documentation reviewed for security",
        "User and administrator documentation is reviewed for correct and complete security "
        "content.",
        "Review record of the instructions for use and the security guide per release.",
        ItemId.SECURITY_CONCEPT,
        answer="documentation_review",
    ),
    iec(
        "4.2",
        "Security risk management system",
        "A security risk management process (clause 7) runs within the risk management system "
        "and interfaces with ISO 14971 safety risk management.",
        "Security risk management plan exists and links to the safety risk file.",
        ItemId.THREAT_RISK_ANALYSIS,
        ItemId.SECURITY_CONCEPT,
        answer="safety_risk_file",
    ),
    iec(
        "4.3",
        "Classify software items by risk transfer (maintained / supported / required)",
        "Each software item is classified by who patches it: maintained (the manufacturer "
        "patches), supported (the operator patches with the manufacturer's information) or "
        "required (environment software the manufacturer only states as a prerequisite).",
        "Every SBOM component carries a maintained, supported or required class.",
        ItemId.SBOM,
        ItemId.VULNERABILITY_MANAGEMENT,
    ),
)
