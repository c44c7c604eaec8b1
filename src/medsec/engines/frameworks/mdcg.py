"""MDCG 2019-16 (guidance on cybersecurity for medical devices): what the notified bodies expect
beyond the GSPR rows, as the expectations table of the MDR document.

Ids and titles follow the catalogue (REGULATORY.md §A.4, the December 2019 text); gists are our
own summary of the guidance.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.framework import Requirement
from medsec.domain.vocabulary import Activity
from medsec.engines.frameworks.entry import entry

MDCG = "MDCG 2019-16"

MDCG2019_16: tuple[Requirement, ...] = (
    entry(
        MDCG,
        "MDCG2019-16:2.6",
        "2.6",
        "Joint responsibility (manufacturer, integrator, operator, user)",
        "Security in use is shared: the manufacturer keeps its legal duties, integrators "
        "configure securely and support patching, operators provide a secure environment, "
        "patch, train and report, users behave securely; changes such as third-party patches "
        "follow the manufacturer's published guidance.",
        "Customer security documentation states who does what (who patches which software).",
        (ItemId.SECURITY_CONCEPT,),
    ),
    entry(
        MDCG,
        "MDCG2019-16:3.1",
        "3.1",
        "Secure by design (8 practices, aligned with IEC 62443-4-1)",
        "Eight practices: security management, security requirements, secure by design "
        "(defence in depth), secure implementation, security verification and validation, "
        "management of security-related issues, security update management, security "
        "guidelines.",
        "The process mapped to the eight practices (equivalently, the IEC 81001-5-1 clauses).",
        (ItemId.SECURITY_BY_DESIGN, ItemId.SECURITY_CONCEPT),
    ),
    entry(
        MDCG,
        "MDCG2019-16:3.2-3.5",
        "3.2-3.5",
        "Security risk management, capabilities, risk assessment, benefit-risk",
        "Security risk management has the same elements as safety risk management (plan, "
        "analysis, evaluation, control, residual risk, report) with links both ways; security "
        "capabilities come from the IEC TR 80001-2-2 list; threat modelling is used and known "
        "exploits count as foreseeable; acceptance criteria are documented.",
        "As IEC 81001-5-1 clause 7, plus coverage of the IEC TR 80001-2-2 (MDS2) capabilities.",
        (ItemId.THREAT_RISK_ANALYSIS, ItemId.SECURITY_BY_DESIGN),
        answer="benefit_risk",
    ),
    entry(
        MDCG,
        "MDCG2019-16:3.6",
        "3.6",
        "Minimum IT requirements / operating environment",
        "Requirements on the environment that the design cannot meet itself, kept minimal, "
        "with their assumptions, and never a silent substitute for fixing the device's own "
        "weaknesses (physical security, access management, anti-malware, firewall, "
        "segmentation, patching, hardening).",
        "Environment requirements list; each control that depends on the environment is "
        "flagged and justified.",
        (ItemId.SECURITY_CONCEPT,),
        answer="minimum_it_requirements",
    ),
    entry(
        MDCG,
        "MDCG2019-16:3.7",
        "3.7",
        "Security verification/validation",
        "Testing is the main means: security feature tests, fuzzing, vulnerability scanning, "
        "penetration testing, secure code analysis and composition analysis of open-source "
        "libraries.",
        "As IEC 81001-5-1 5.7.",
        (ItemId.INDEPENDENT_PENTEST, ItemId.CVE_ANALYSIS, ItemId.SBOM),
        activities=(
            Activity.PENETRATION_TEST,
            Activity.FUZZING,
            Activity.VULNERABILITY_SCANNING,
            Activity.STATIC_ANALYSIS,
        ),
    ),
    entry(
        MDCG,
        "MDCG2019-16:3.8+5",
        "3.8, 5",
        "Lifecycle / post-market security",
        "Post-market security information (incidents, vulnerabilities in own and third-party "
        "hardware and software, the threat landscape) is gathered, its security and safety "
        "risk evaluated, and acted on in time (operator information, fixes, updates, "
        "third-party patches), within surveillance and vigilance.",
        "As the vulnerability management evidence.",
        (ItemId.VULNERABILITY_MANAGEMENT,),
        answer="postmarket_plan",
    ),
    entry(
        MDCG,
        "MDCG2019-16:4",
        "4",
        "Technical documentation, IFU and customer security documentation",
        "The technical file shows how the security GSPRs are met, test methods and results "
        "included, and is kept current with post-market information; the instructions for use "
        "and administrator guides carry the risk profile, platform requirements, update "
        "integrity and installation, secure defaults, backup and restore, the security "
        "controls, the SBOM, roles, logging, the network data-flow matrix, firewall rules and "
        "cloud data location (the MDS2 is an accepted form).",
        "Each of these items found in the instructions for use or security guide; MDS2 present.",
        (ItemId.SECURITY_CONCEPT, ItemId.SBOM, ItemId.GDPR_READINESS),
        answer="labeling",
        activities=(Activity.HARDENING_GUIDE,),
    ),
)
