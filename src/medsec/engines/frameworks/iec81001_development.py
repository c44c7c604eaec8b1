"""IEC 81001-5-1 clause 5: the software development process, from planning to release.

Clause numbers and titles follow the standard's table of contents; gists and evidence are our
own words (the standard is a paid text and is not quoted).
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.framework import Condition, Requirement
from medsec.domain.vocabulary import Activity
from medsec.engines.frameworks.entry import iec

_PLANNING_AND_REQUIREMENTS: tuple[Requirement, ...] = (
    iec(
        "5.1.1",
        "Security activities planned in the life cycle",
        "The development plan names the security activities and their outputs.",
        "Development plan lists threat modelling, security requirements, reviews, testing and "
        "release criteria.",
        ItemId.SECURITY_CONCEPT,
        ItemId.SECURITY_BY_DESIGN,
        answer="development_plan",
    ),
    iec(
        "5.1.2",
        "Development environment security",
        "The development, build and CI environment and the source code are protected against "
        "tampering and unauthorised access.",
        "Documented controls of the development environment (access control, signed commits or "
        "branch protection, CI secrets management).",
        ItemId.SECURITY_BY_DESIGN,
        answer="development_environment",
    ),
    iec(
        "5.1.3",
        "Secure coding standards selected (planning)",
        "The secure coding standards and tools that apply are chosen up front.",
        "Named coding standards (e.g. CERT, OWASP ASVS, MISRA) and the SAST tool configuration.",
        ItemId.SECURITY_BY_DESIGN,
        activities=(Activity.SECURE_CODING_STANDARD,),
    ),
    iec(
        "5.2.1",
        "Health software security requirements defined",
        "Security requirements are derived from the product security context, the threat model "
        "and the regulations.",
        "Security requirements list; each requirement has an id and a trace to a threat, a risk "
        "or a regulatory source.",
        ItemId.SECURITY_BY_DESIGN,
        ItemId.THREAT_RISK_ANALYSIS,
        activities=(Activity.SECURITY_REQUIREMENTS,),
    ),
    iec(
        "5.2.2",
        "Security requirements reviewed",
        "The relevant stakeholders review and approve the security requirements.",
        "Review record of the security requirements baseline.",
        ItemId.SECURITY_BY_DESIGN,
        activities=(Activity.SECURITY_REQUIREMENTS,),
    ),
    iec(
        "5.2.3",
        "Security risks of required software considered",
        "Risks from required (environment) software are assessed, and the resulting "
        "requirements are stated to the operator.",
        "Every required SBOM item has risk notes and appears in the minimum-environment section "
        "of the instructions for use.",
        ItemId.THREAT_RISK_ANALYSIS,
        ItemId.SBOM,
        ItemId.SECURITY_BY_DESIGN,
        not_applicable_when=Condition.NO_REQUIRED_SOFTWARE,
    ),
)

_DESIGN_AND_IMPLEMENTATION: tuple[Requirement, ...] = (
    iec(
        "5.3.1",
        "Defense-in-depth architecture",
        "The architecture layers its security controls so that one failed control does not "
        "compromise the system.",
        "Architecture shows trust boundaries with at least one control per boundary; controls "
        "are mapped to layers.",
        ItemId.SECURITY_BY_DESIGN,
        ItemId.SECURITY_CONCEPT,
    ),
    iec(
        "5.3.2",
        "Secure design best practices applied (architecture)",
        "Principles such as least privilege, attack-surface reduction, secure defaults and "
        "economy of mechanism are applied.",
        "Design-principles checklist completed per release.",
        ItemId.SECURITY_BY_DESIGN,
    ),
    iec(
        "5.3.3",
        "Security architectural design review",
        "The architecture is reviewed against the threat model and the security requirements.",
        "Architecture review record that names the threat model version it saw.",
        ItemId.SECURITY_BY_DESIGN,
        ItemId.THREAT_RISK_ANALYSIS,
    ),
    iec(
        "5.4.1",
        "Software design best practices",
        "The detailed design follows good, secure design practice.",
        "Reference to the design guideline followed.",
        ItemId.SECURITY_BY_DESIGN,
        answer="design_guidelines",
    ),
    iec(
        "5.4.2",
        "Secure (detailed) design",
        "The detailed design implements the security requirements and controls.",
        "Trace from each security requirement to the design elements that implement it.",
        ItemId.SECURITY_BY_DESIGN,
    ),
    iec(
        "5.4.3",
        "Secure health-software interfaces",
        "Every external interface is identified, and the security controls of each are documented.",
        "Interface and port inventory; each interface states authentication, authorisation, "
        "cryptography and input validation; no undocumented open port.",
        ItemId.SECURITY_BY_DESIGN,
        ItemId.THREAT_RISK_ANALYSIS,
    ),
    iec(
        "5.4.4",
        "Detailed design verified for security",
        "The detailed design is verified against the security requirements and the threats.",
        "Design verification or review record.",
        ItemId.SECURITY_BY_DESIGN,
    ),
    iec(
        "5.5.1",
        "Secure coding standards applied",
        "Code is written to the secure coding standards chosen in planning.",
        "SAST results per release with no open finding above the threshold, or justified "
        "deviations.",
        ItemId.SECURITY_BY_DESIGN,
        activities=(Activity.STATIC_ANALYSIS, Activity.SECURE_CODING_STANDARD),
    ),
    iec(
        "5.5.2",
        "Security implementation review",
        "Code is reviewed, by people and/or static analysis, for security issues and for the "
        "correct implementation of the security requirements.",
        "Code review or SAST report linked to the release; findings tracked.",
        ItemId.SECURITY_BY_DESIGN,
        ItemId.CVE_ANALYSIS,
        activities=(Activity.CODE_REVIEW, Activity.STATIC_ANALYSIS),
    ),
)

_TESTING: tuple[Requirement, ...] = (
    iec(
        "5.6",
        "Software integration testing (security aspects)",
        "Integration testing covers security-relevant behaviour.",
        "Integration test reports include security test cases.",
        ItemId.SECURITY_BY_DESIGN,
        answer="integration_testing",
    ),
    iec(
        "5.7.1",
        "Security requirements testing",
        "Each security requirement or capability is verified by tests, including boundary and "
        "negative cases.",
        "Every security requirement has at least one linked test that passed in the release "
        "test report.",
        ItemId.SECURITY_BY_DESIGN,
    ),
    iec(
        "5.7.2",
        "Threat mitigation testing",
        "Each mitigation of the threat model is tested for effectiveness, including attempts to "
        "bypass it.",
        "Every mitigation in the threat model has a linked test (positive case and bypass "
        "attempt) with its result.",
        ItemId.THREAT_RISK_ANALYSIS,
        ItemId.SECURITY_BY_DESIGN,
    ),
    iec(
        "5.7.3",
        "Vulnerability testing",
        "The product is tested for vulnerabilities: abuse-case, malformed-input and fuzz testing "
        "of external interfaces, attack surface analysis, known-vulnerability scanning, software "
        "composition analysis and dynamic runtime resource tests (the IEC 62443-4-1 SVV-3 list).",
        "Fuzzing report per external interface; attack surface analysis; vulnerability scan "
        "report; composition analysis matched to the SBOM; every finding triaged.",
        ItemId.CVE_ANALYSIS,
        ItemId.SBOM,
        ItemId.VULNERABILITY_MANAGEMENT,
        activities=(Activity.FUZZING, Activity.VULNERABILITY_SCANNING),
    ),
    iec(
        "5.7.4",
        "Penetration testing",
        "Testers try to find and exploit vulnerabilities, chained ones included, to defeat the "
        "product's security properties.",
        "Penetration test report (scope, dates, method, testers, findings with severity); every "
        "finding has a disposition.",
        ItemId.INDEPENDENT_PENTEST,
        activities=(Activity.PENETRATION_TEST,),
    ),
    iec(
        "5.7.5",
        "Tester independence (conflicts of interest between testers and developers)",
        "Testers are suitably independent of the developers; the standard's Table A.1 sets the "
        "level per kind of test (penetration tests call for the most independence).",
        "The penetration test report names the testing organisation; testers are not "
        "developers; the independence level is recorded per kind of test.",
        ItemId.INDEPENDENT_PENTEST,
        activities=(Activity.PENETRATION_TEST,),
    ),
)

_RELEASE: tuple[Requirement, ...] = (
    iec(
        "5.8.1",
        "Findings resolved before release",
        "Security findings are fixed, or documented and risk-accepted, before release.",
        "No open finding without a disposition (fixed, deferred with rationale, accepted) at the "
        "release date.",
        ItemId.VULNERABILITY_MANAGEMENT,
        ItemId.CVE_ANALYSIS,
        activities=(Activity.RELEASE_REVIEW,),
    ),
    iec(
        "5.8.2",
        "Release documentation (security)",
        "The release comes with its security documentation: defense-in-depth measures, the "
        "measures expected from the environment, hardening guidelines and security update "
        "information (Annex E).",
        "Security or hardening guide and update information exist for the release version.",
        ItemId.SECURITY_CONCEPT,
        activities=(Activity.HARDENING_GUIDE,),
    ),
    iec(
        "5.8.3",
        "File integrity of released software",
        "Released files carry integrity and authenticity protection (signatures, hashes).",
        "Signatures or hashes of the release artefacts are recorded.",
        ItemId.SECURITY_BY_DESIGN,
        answer="release_signing",
    ),
    iec(
        "5.8.4",
        "Controls for private (signing) keys",
        "Private keys used for signing and code integrity are protected (access control, HSM, "
        "procedures).",
        "Key-management procedure; named key custodian; storage type (HSM or KMS).",
        ItemId.SECURITY_BY_DESIGN,
        answer="signing_keys",
    ),
    iec(
        "5.8.5",
        "Security-related issues assessed and addressed before release",
        "Open security issues are assessed for risk, and handled, before release.",
        "List of open issues with their risk assessment at release.",
        ItemId.VULNERABILITY_MANAGEMENT,
        activities=(Activity.RELEASE_REVIEW,),
    ),
    iec(
        "5.8.6",
        "Security activities completed before release",
        "All planned security activities are complete at release, or their deviations are "
        "justified.",
        "Release checklist: each planned activity is done, with a link to its artefact.",
        ItemId.SECURITY_CONCEPT,
        activities=(Activity.RELEASE_REVIEW,),
    ),
    iec(
        "5.8.7",
        "Secure decommissioning guidance",
        "Guidance exists for secure decommissioning and disposal (data sanitisation, removal of "
        "credentials).",
        "Decommissioning section in the instructions for use or the security guide.",
        ItemId.SECURITY_CONCEPT,
        ItemId.GDPR_READINESS,
        answer="decommissioning",
    ),
)

DEVELOPMENT: tuple[Requirement, ...] = (
    _PLANNING_AND_REQUIREMENTS + _DESIGN_AND_IMPLEMENTATION + _TESTING + _RELEASE
)
