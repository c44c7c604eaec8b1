"""The FDA's expectations: the premarket guidance (2025 edition), section 524B of the FD&C Act and
the postmarket guidance (2016), with the premarket documentation set (``ARTEFACTS``).

Ids and titles follow the catalogue (REGULATORY.md §A.2, §A.3); gists are our own summary of
the public guidance, not its text.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.framework import Condition, Requirement, Scope
from medsec.domain.vocabulary import Activity, ControlCategory
from medsec.engines.frameworks.entry import entry
from medsec.engines.frameworks.fda_artefacts import ARTEFACTS

PREM = "FDA premarket guidance"
ACT = "FD&C Act 524B"
POST = "FDA postmarket guidance"
MITRE = "MITRE CVSS rubric for medical devices"

_RISK: tuple[Requirement, ...] = (
    entry(
        PREM,
        "FDA-PREM:V.A",
        "V.A",
        "Security risk management report",
        "A security risk management plan and report, separate from but linked to the ISO 14971 "
        "safety risk file: evaluation methods, residual-risk conclusion, mitigations, and the "
        "trace between threat model, risk assessment, SBOM and tests.",
        "Report with method, residual-risk conclusion and trace matrix threat → risk → control "
        "→ test → SBOM; the security-to-safety transfer method is documented.",
        (ItemId.THREAT_RISK_ANALYSIS, ItemId.SECURITY_CONCEPT),
        answer="safety_risk_file",
    ),
    entry(
        PREM,
        "FDA-PREM:V.A.1",
        "V.A.1",
        "Threat model",
        "Threat modelling of the whole medical device system, with its assumptions (e.g. the "
        "hospital network is hostile), all life-cycle phases (supply chain, manufacturing, "
        "deployment, interoperation, update, decommissioning) and a rationale for the method.",
        "Threat model with method and rationale, environment assumptions, life-cycle phases "
        "covered and every system element analysed.",
        (ItemId.THREAT_RISK_ANALYSIS,),
        activities=(Activity.THREAT_MODEL,),
    ),
    entry(
        PREM,
        "FDA-PREM:V.A.2",
        "V.A.2",
        "Cybersecurity risk assessment (exploitability-based)",
        "Risks from the threat model are assessed by exploitability and impact rather than "
        "probability, with pre- and post-mitigation scoring methods and acceptance criteria; "
        "vulnerabilities on the CISA KEV list should be designed out.",
        "Every risk has pre- and post-mitigation scores; method and acceptance criteria "
        "documented; no KEV-listed CVE open in the SBOM.",
        (ItemId.THREAT_RISK_ANALYSIS, ItemId.CVE_ANALYSIS),
    ),
    entry(
        PREM,
        "FDA-PREM:V.A.3",
        "V.A.3",
        "Interoperability considerations",
        "The security of interfaces to other devices, other functions, hospital infrastructure "
        "and general-purpose platforms is assessed; controls must not keep users from their own "
        "device data.",
        "Interface list with the interoperability partners and the controls per interface.",
        (ItemId.THREAT_RISK_ANALYSIS, ItemId.SECURITY_BY_DESIGN),
    ),
    entry(
        PREM,
        "FDA-PREM:V.A.4",
        "V.A.4",
        "Third-party software components and supply chain",
        "All software, own and third-party, is assessed for cyber risk; custody of source code "
        "is kept (backup, escrow); components whose support ends are planned to be updated or "
        "replaced.",
        "Component list with supplier, support status and a replacement plan for components "
        "past end of support.",
        (ItemId.SBOM, ItemId.VULNERABILITY_MANAGEMENT),
        answer="source_code_custody",
        activities=(Activity.DEPENDENCY_REVIEW,),
    ),
    entry(
        PREM,
        "FDA-PREM:V.A.4.b",
        "V.A.4.b",
        "SBOM documentation (machine-readable, NTIA minimum elements + support level + EoS date)",
        "A machine-readable SBOM with the NTIA minimum elements plus each component's level of "
        "support and end-of-support date, and every known vulnerability (KEV included) with how "
        "it was found, its safety and security risk assessment and its controls.",
        "SPDX or CycloneDX file; each component has supplier, name, version, unique id (purl, "
        "CPE), dependency relationship, author, timestamp, support level and end-of-support "
        "date; every matched CVE has an assessment and a control.",
        (ItemId.SBOM, ItemId.CVE_ANALYSIS),
    ),
    entry(
        PREM,
        "FDA-PREM:V.A.5",
        "V.A.5",
        "Security assessment of unresolved anomalies",
        "Known unresolved software anomalies are assessed for security impact (CWE category "
        "included), with the criteria and rationale for leaving them.",
        "Anomaly list; each anomaly has a security-impact assessment and a CWE where it applies.",
        (ItemId.CVE_ANALYSIS, ItemId.THREAT_RISK_ANALYSIS),
        answer="unresolved_anomalies",
    ),
    entry(
        PREM,
        "FDA-PREM:V.A.6",
        "V.A.6",
        "TPLC security risk management and metrics",
        "Risk documents stay current over the total product life cycle and each vulnerability "
        "is assessed for every fielded version; metrics: share of vulnerabilities patched, "
        "time from identification to patch, time from patch to field deployment.",
        "Metrics computed from the vulnerability records; risk documents updated after each new "
        "vulnerability; impact per fielded version recorded.",
        (ItemId.VULNERABILITY_MANAGEMENT,),
    ),
)

_DESIGN_AND_TESTING: tuple[Requirement, ...] = (
    entry(
        PREM,
        "FDA-PREM:V.B.1",
        "V.B.1",
        "Security controls across 8 categories (Appendix 1)",
        "Design inputs, requirements and acceptance criteria for controls in each category "
        "(CONTROL_CATEGORIES), shown implemented and tested.",
        "Each of the 8 categories has at least one requirement or a not-applicable rationale; "
        "each requirement is linked to a test.",
        (ItemId.SECURITY_BY_DESIGN, ItemId.SECURITY_CONCEPT),
    ),
    entry(
        PREM,
        "FDA-PREM:V.B.2",
        "V.B.2",
        "Security architecture views",
        "Diagrams and text for the global system view, the multi-patient harm view, the "
        "updatability and patchability view and the security use-case views, with the detail "
        "Appendix 2 asks per communication path (protocol, port, authentication, cryptography "
        "and keys, credentials, sessions, defaults, trace to the SBOM).",
        "The four view types present (or a not-applicable rationale); each communication path "
        "states protocol, port, authentication, cryptography and what it carries; each asset "
        "maps to SBOM components.",
        (ItemId.SECURITY_BY_DESIGN, ItemId.SECURITY_CONCEPT, ItemId.THREAT_RISK_ANALYSIS),
    ),
    entry(
        PREM,
        "FDA-PREM:V.C",
        "V.C",
        "Cybersecurity testing",
        "Test reports for security requirements, threat mitigations, vulnerabilities (abuse "
        "and malformed input, fuzzing, attack surface, chaining, known-vulnerability scanning, "
        "binary composition analysis, static and dynamic analysis) and a penetration test "
        "stating tester independence and expertise, scope, duration, methods and results; "
        "tools with versions; a rationale and plan for each deferred finding; periodic retests.",
        "A report per kind of test; penetration test fields present; testers not the "
        "developers; every finding dispositioned; last penetration test within 12 months.",
        (ItemId.INDEPENDENT_PENTEST, ItemId.CVE_ANALYSIS, ItemId.SECURITY_BY_DESIGN),
        activities=(
            Activity.PENETRATION_TEST,
            Activity.FUZZING,
            Activity.VULNERABILITY_SCANNING,
            Activity.STATIC_ANALYSIS,
        ),
    ),
    entry(
        PREM,
        "FDA-PREM:VI.A",
        "VI.A",
        "Cybersecurity labeling",
        "Labeling for users and operators: environment controls and network diagrams, ports and "
        "interfaces, infrastructure needs, a current machine-readable SBOM, how to get updates, "
        "security logging and forensics, protection of critical functions, backup and restore, "
        "secure defaults and risky settings, end of support and risk transfer, and secure "
        "decommissioning (the MDS2 may carry much of it).",
        "Instructions for use or security guide contain each item; MDS2 present; end-of-support "
        "date published.",
        (ItemId.SECURITY_CONCEPT, ItemId.SBOM, ItemId.GDPR_READINESS),
        answer="labeling",
        activities=(Activity.HARDENING_GUIDE,),
    ),
    entry(
        PREM,
        "FDA-PREM:VI.B",
        "VI.B",
        "Cybersecurity management plan (postmarket)",
        "A plan naming the personnel, the vulnerability monitoring sources, methods and "
        "frequency, the handling of KEV items, periodic security testing, patch timelines, the "
        "update process and rate, coordinated disclosure and customer communication.",
        "Plan with all elements; monitoring frequency defined; disclosure policy published.",
        (ItemId.VULNERABILITY_MANAGEMENT,),
        answer="postmarket_plan",
    ),
)

_MODIFICATIONS: tuple[Requirement, ...] = (
    entry(
        PREM,
        "FDA-PREM:VII.D",
        "VII.D",
        "Modifications to cyber devices",
        "A change likely to affect cybersecurity (authentication, cryptography, new "
        "connectivity, the update mechanism) needs full documentation; other changes need the "
        "524B(b)(1) plan, a statement on critical or uncontrolled vulnerabilities (current and "
        "remediated since the last authorisation) and an SBOM.",
        "Change classified as cyber-impacting or not; the required items present.",
        (ItemId.VULNERABILITY_MANAGEMENT, ItemId.SBOM),
        answer="device_modification",
        applies_to=Scope.CYBER_DEVICE,
        not_applicable_when=Condition.NOT_A_MODIFICATION,
    ),
)

PREMARKET: tuple[Requirement, ...] = _RISK + _DESIGN_AND_TESTING + _MODIFICATIONS

SECTION_524B: tuple[Requirement, ...] = (
    entry(
        ACT,
        "FDA-524B:b1",
        "524B(b)(1)",
        "Cyber device, postmarket vulnerability plan incl. CVD (statutory)",
        "For a cyber device (sponsor software, able to connect to the internet by any means, "
        "characteristics vulnerable to threats): a plan to monitor, identify and address "
        "vulnerabilities and exploits in reasonable time, coordinated disclosure included, with "
        "timelines for regular-cycle updates and out-of-cycle updates for critical "
        "vulnerabilities that could cause uncontrolled risk.",
        "Cyber-device determination recorded; plan with a regular patch cycle and its "
        "justification; out-of-cycle criteria; coordinated disclosure.",
        (ItemId.VULNERABILITY_MANAGEMENT,),
        answer="postmarket_plan",
        applies_to=Scope.CYBER_DEVICE,
    ),
    entry(
        ACT,
        "FDA-524B:b2",
        "524B(b)(2)",
        "Cyber device, processes for reasonable assurance of cybersecurity (statutory)",
        "Processes that give reasonable assurance that the device and related systems (update "
        "servers, cloud, other functions, hospital connections) are cybersecure, and that make "
        "updates available; the premarket documentation set shows them.",
        "Secure product development framework documented; related systems listed and in the "
        "threat model's scope.",
        (ItemId.SECURITY_BY_DESIGN, ItemId.SECURITY_CONCEPT),
        answer="qms",
        applies_to=Scope.CYBER_DEVICE,
    ),
    entry(
        ACT,
        "FDA-524B:b3",
        "524B(b)(3)",
        "Cyber device, SBOM (statutory)",
        "An SBOM covering commercial, open-source and off-the-shelf components (the FDA "
        "recommends the V.A.4.b content).",
        "As FDA-PREM:V.A.4.b.",
        (ItemId.SBOM,),
        applies_to=Scope.CYBER_DEVICE,
    ),
)

POSTMARKET: tuple[Requirement, ...] = (
    entry(
        POST,
        "FDA-POST:risk-assessment",
        "risk assessment",
        "Postmarket risk = exploitability × severity of patient harm",
        "Each vulnerability's exploitability (CVSS suggested) is weighed against the severity of "
        "patient harm if it were exploited; the result is a controlled (acceptable residual "
        "risk) or an uncontrolled (unacceptable) risk.",
        "Every postmarket vulnerability has an exploitability score, a harm severity and a "
        "controlled or uncontrolled classification.",
        (ItemId.CVE_ANALYSIS, ItemId.VULNERABILITY_MANAGEMENT),
    ),
    entry(
        POST,
        "FDA-POST:controlled",
        "controlled risk",
        "Controlled risk → routine update",
        "Fixes for controlled-risk vulnerabilities are routine updates and patches and generally "
        "need no 21 CFR 806 report.",
        "Controlled-risk items have an update record and no 806 flag.",
        (ItemId.VULNERABILITY_MANAGEMENT,),
    ),
    entry(
        POST,
        "FDA-POST:uncontrolled",
        "uncontrolled risk",
        "Uncontrolled risk → remediate, communicate, and 806-report unless the safe harbour "
        "applies",
        "The FDA does not expect an 806 report if there is no known serious adverse event or "
        "death, customers are told within 30 days (impact, interim controls, remediation "
        "timeline), the fix is validated within 60 days, and the manufacturer takes part in an "
        "ISAO.",
        "Per uncontrolled item: discovery date, customer notice within 30 days, fix validated "
        "within 60 days, ISAO membership; the day counts computed.",
        (ItemId.VULNERABILITY_MANAGEMENT,),
        answer="isao_membership",
    ),
    entry(
        MITRE,
        "MITRE-CVSS-RUBRIC",
        "rubric (2019)",
        'MITRE "Rubric for Applying CVSS to Medical Devices" (2019)',
        "Decision-tree questions per CVSS v3 base metric that make scores consistent for "
        "medical devices; it scores technical severity only, clinical impact is assessed apart.",
        'Vulnerability records name the method ("MITRE medical-device rubric") and keep the '
        "answer per metric.",
        (ItemId.CVE_ANALYSIS,),
    ),
)

CONTROL_CATEGORIES: dict[ControlCategory, str] = {
    ControlCategory.AUTHENTICATION: "Authentication",
    ControlCategory.AUTHORIZATION: "Authorization",
    ControlCategory.CRYPTOGRAPHY: "Cryptography",
    ControlCategory.INTEGRITY: "Code, data and execution integrity",
    ControlCategory.CONFIDENTIALITY: "Confidentiality",
    ControlCategory.LOGGING: "Event detection and logging",
    ControlCategory.RESILIENCE: "Resiliency and recovery",
    ControlCategory.UPDATE: "Firmware and software updates",
}
"""The eight control categories of the premarket guidance (V.B.1, Appendix 1), by medsec's enum."""

__all__ = ["ARTEFACTS", "CONTROL_CATEGORIES", "POSTMARKET", "PREMARKET", "SECTION_524B"]
