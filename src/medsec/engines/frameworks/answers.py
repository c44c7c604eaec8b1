"""The manual answers the catalogues need, one question per key, shared by every framework.

Some requirements ask for facts a project's evidence cannot show (who is responsible, which QMS,
where the labeling says what). Each such fact has one snake_case key, answered once in the
project's ``documents/`` answers file and reused by every requirement and document that needs
it: the FDA management plan, IEC 81001-5-1 6.1 and the MDR post-market plan all ask
``postmarket_plan``. A key here is the contract with that answers file.
"""

from __future__ import annotations

from medsec.domain.document import AnswerKind, Question

ANSWERS: dict[str, str] = {
    # organisation and process
    "qms": (
        "Which quality management system governs development and maintenance, and which of its "
        "procedures cover the security activities (standard, certificate, SOP ids and versions)?"
    ),
    "responsibilities": (
        "Who is responsible for each security activity (threat model, SBOM, vulnerability "
        "triage, penetration test, release, post-market monitoring): roles and names?"
    ),
    "competence": (
        "What training and experience qualify the people who do the security work, and where "
        "are their records (dates)?"
    ),
    "process_improvement": (
        "How do lessons learned and security metrics feed back into the process: when was the "
        "last process review, and what did it change?"
    ),
    "vulnerability_process_review": (
        "When was the vulnerability-handling process last reviewed, by whom, and with what outcome?"
    ),
    "documentation_review": (
        "Who reviewed the accompanying documentation (instructions for use, security guide) for "
        "correct and complete security content, and when?"
    ),
    "development_plan": (
        "Which development plan names the security activities and their outputs (document id "
        "and version)?"
    ),
    "development_environment": (
        "How are the development, build and CI environments and the source code protected "
        "(access control, branch protection, secrets management)?"
    ),
    "design_guidelines": (
        "Which design guideline does the detailed design follow (document id and version)?"
    ),
    "integration_testing": (
        "Which integration test reports include security test cases (document id, version, date)?"
    ),
    "standards_applied": (
        "Which standards and specifications, with editions, are applied (e.g. IEC 62304, "
        "IEC 81001-5-1, ISO 14971, AAMI TIR57), in full or in part?"
    ),
    "legacy_software": (
        "Is any software item transitional health software (developed before this security life "
        "cycle was in place)? If so, where are its gap assessment, the rationale for its "
        "continued use and its post-release plan?"
    ),
    # risk
    "safety_risk_file": (
        "Where is the ISO 14971 safety risk management file, and how do security risks with a "
        "possible safety impact transfer into it?"
    ),
    "benefit_risk": (
        "What is the overall benefit-risk conclusion, including the residual security risks, "
        "and where is it recorded?"
    ),
    "unresolved_anomalies": (
        "Which known software anomalies remain unresolved in this release, and where is their "
        "list with the security impact and CWE of each?"
    ),
    # release and updates
    "release_signing": (
        "How are released files protected for integrity and authenticity (signatures or "
        "hashes), and where are they recorded?"
    ),
    "signing_keys": (
        "How are the private signing keys protected (HSM or KMS, custodian, access procedure)?"
    ),
    "update_verification": (
        "How is each security update verified before delivery (fix effective, no regressions), "
        "and where are the records?"
    ),
    "patch_compatibility": (
        "Where do operators find which updates of the software they patch themselves are "
        "validated for the device?"
    ),
    "automatic_updates": (
        "Are security updates installed automatically by default, with a clear opt-out and the "
        "option to postpone, and are users notified of available updates?"
    ),
    "separate_security_updates": (
        "Are security updates delivered separately from feature updates where technically "
        "feasible? If not, why not?"
    ),
    "free_security_updates": (
        "Are security updates provided free of charge, each with an advisory telling users what "
        "to do?"
    ),
    "support_period": (
        "What is the support period (end date of security updates), and what information "
        "determined it (e.g. the expected time of use)?"
    ),
    "source_code_custody": (
        "How is custody of the source code, including third-party code, kept (repository, "
        "backup or escrow)?"
    ),
    # post-market
    "postmarket_plan": (
        "Which plan covers post-market security (vulnerability monitoring, patch timelines, "
        "update delivery, coordinated disclosure): document id, version and owner?"
    ),
    "advisories": (
        "Where are security advisories about fixed vulnerabilities published (description, "
        "affected versions, impact, severity, remediation)?"
    ),
    "vigilance_procedure": (
        "Which vigilance procedure decides whether a cybersecurity incident is a serious "
        "incident to report, and whether a security fix is a field safety corrective action?"
    ),
    "isao_membership": (
        "Does the manufacturer take part in an information sharing and analysis organisation "
        "(e.g. H-ISAC)? Which one, and since when?"
    ),
    "incident_support": (
        "How do customers reach the manufacturer when they have a security incident with the "
        "device (contact, hours, response time), and which logs do they get for forensics?"
    ),
    "cra_reporting": (
        "Who reports actively exploited vulnerabilities and severe incidents through the EU "
        "single reporting platform, and how is the 24-hour clock started?"
    ),
    "breach_procedure": (
        "Which procedure decides whether a security incident is a personal data breach, and "
        "notifies the supervisory authority and the people affected in time (document, owner)?"
    ),
    # labeling and technical documentation
    "labeling": (
        "Which labeling documents (instructions for use, security or administrator guide, MDS2) "
        "carry the device's cybersecurity information: document ids and versions?"
    ),
    "minimum_it_requirements": (
        "Where are the minimum IT requirements stated (hardware, operating system, network "
        "characteristics, IT security measures expected from the operator): document and "
        "version?"
    ),
    "decommissioning": (
        "Where do users learn how to decommission the device securely (remove data and "
        "settings permanently, remove credentials)?"
    ),
    "device_modification": (
        "Is this submission a modification of an authorised cyber device? If so, does the "
        "change affect cybersecurity (authentication, cryptography, connectivity, update "
        "mechanism)?"
    ),
    "cra_scope": (
        "Which parts of the system are products with digital elements outside the MDR and IVDR "
        "(e.g. a companion app, a cloud service, a gateway), and so fall under the CRA?"
    ),
    "hardware_illustrations": (
        "Where are the photographs or illustrations of the hardware's external features, "
        "marking and internal layout?"
    ),
    "production_processes": (
        "How are the production and monitoring processes specified and validated (documents)?"
    ),
    "declaration_of_conformity": "Where is the signed EU declaration of conformity (document)?",
    "ropa": (
        "Where is the record of processing activities for the processing the manufacturer does "
        "as controller or processor?"
    ),
}


def prompt(key: str) -> str:
    """The question behind an answer key; a key not in ``ANSWERS`` is a catalogue error."""
    return ANSWERS[key]


# keys whose answer is not free text: (kind, record columns, required columns)
SHAPES: dict[str, tuple[AnswerKind, tuple[str, ...], tuple[str, ...]]] = {
    "standards_applied": (AnswerKind.LIST, (), ()),
    "responsibilities": (AnswerKind.RECORDS, ("role", "name", "activities"), ("role", "name")),
    "unresolved_anomalies": (
        AnswerKind.RECORDS,
        ("id", "anomaly", "security_impact", "cwe", "rationale"),
        ("id", "anomaly"),
    ),
}


def question(key: str, text: str | None = None) -> Question:
    """The question of a catalogue key with its one shape (kind, columns) in every document."""
    kind, columns, required = SHAPES.get(key, (AnswerKind.TEXT, (), ()))
    return Question(key, text or prompt(key), kind, columns, required)
