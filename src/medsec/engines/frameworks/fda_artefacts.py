"""The FDA premarket cybersecurity documentation set, #1 to #16 in the order of the guidance's
Appendix 4 table (REGULATORY.md §B.1): what each document is, where the guidance asks for it,
the data it needs, and the catalogue rows whose evidence and answers fill it.
"""

from __future__ import annotations

from medsec.domain.framework import Artefact

ARTEFACTS: tuple[Artefact, ...] = (
    Artefact(
        1,
        "Cybersecurity risk management report",
        ("V.A", "VI.B"),
        (
            "scope and system boundary",
            "risk method and acceptance criteria",
            "security-to-safety risk transfer method",
            "residual-risk conclusion",
            "mitigation summary",
            "trace matrix threat ↔ risk ↔ control ↔ requirement ↔ test ↔ SBOM component",
        ),
        ("FDA-PREM:V.A", "IEC81001-5-1:4.2", "IEC81001-5-1:7.1.1", "IEC81001-5-1:7.4"),
    ),
    Artefact(
        2,
        "Threat model",
        ("V.A.1", "V.A.3", "V.A.4", "V.A.5", "V.B.2", "Appendix 1", "Appendix 2"),
        (
            "methodology and its rationale",
            "system elements: assets, data flows, interfaces, trust boundaries",
            "environment assumptions",
            "threats per element, including supply chain, manufacturing, deployment, update "
            "and decommissioning",
            "mitigations",
        ),
        ("FDA-PREM:V.A.1", "FDA-PREM:V.A.3", "IEC81001-5-1:7.1.2", "IEC81001-5-1:7.2"),
    ),
    Artefact(
        3,
        "Cybersecurity risk assessment",
        ("V.A.2", "V.A.3", "V.A.4", "V.A.5", "V.A.6"),
        (
            "per threat or vulnerability: exploitability and impact, patient harm included",
            "pre- and post-mitigation scores",
            "controls",
            "acceptance decision",
            "KEV check",
        ),
        ("FDA-PREM:V.A.2", "IEC81001-5-1:7.3", "IEC81001-5-1:7.4"),
    ),
    Artefact(
        4,
        "Software bill of materials (SBOM)",
        ("V.A.4", "VI.A"),
        (
            "per component: supplier, name, version, unique identifier (purl, CPE, SWID), "
            "dependency relationship",
            "SBOM author and timestamp (NTIA minimum elements)",
            "support level and end-of-support date per component",
            "own, commercial, open-source and transitive components covered",
        ),
        ("FDA-PREM:V.A.4.b", "FDA-524B:b3", "IEC81001-5-1:4.3", "IEC81001-5-1:8"),
    ),
    Artefact(
        5,
        "Vulnerability assessment and software support",
        ("V.A.4",),
        (
            "per known vulnerability (KEV included): the component and how it was found",
            "safety and security risk assessment",
            "impact on the device and system",
            "controls and compensating controls",
            "status",
        ),
        ("FDA-PREM:V.A.4", "FDA-PREM:V.A.4.b", "IEC81001-5-1:9.4", "IEC81001-5-1:4.1.5"),
    ),
    Artefact(
        6,
        "Unresolved anomalies assessment",
        ("V.A.5",),
        (
            "anomaly list",
            "security impact of each anomaly",
            "CWE",
            "criteria and rationale for leaving it unfixed",
        ),
        ("FDA-PREM:V.A.5",),
    ),
    Artefact(
        7,
        "Traceability",
        ("V.A",),
        ("links between threat model, risk assessment, SBOM, controls, test reports and labeling",),
        ("FDA-PREM:V.A", "IEC81001-5-1:5.4.2", "IEC81001-5-1:5.7.2"),
    ),
    Artefact(
        8,
        "Cybersecurity metrics",
        ("V.A.6",),
        (
            "share of vulnerabilities patched",
            "mean time from identification to patch",
            "mean time from patch to field deployment, per period",
        ),
        ("FDA-PREM:V.A.6",),
    ),
    Artefact(
        9,
        "Security architecture views",
        ("V.B.2", "Appendix 2"),
        (
            "global system view",
            "multi-patient harm view",
            "updatability and patchability view (the end-to-end update path)",
            "security use-case views per clinical or operational state",
            "per communication path: endpoints, data, code or commands, protocol and version, "
            "ports, authentication method and strength, cryptography (algorithm, key length, "
            "key management), credential life cycle, sessions, error behaviour, default "
            "security configuration, unused interfaces",
        ),
        ("FDA-PREM:V.B.2", "IEC81001-5-1:5.3.1", "IEC81001-5-1:5.4.3"),
    ),
    Artefact(
        10,
        "Security requirements and controls",
        ("V.B.1", "Appendix 1"),
        (
            "requirements with acceptance criteria per category: authentication, authorization, "
            "cryptography, code, data and execution integrity, confidentiality, event detection "
            "and logging, resiliency and recovery, updatability and patchability",
        ),
        ("FDA-PREM:V.B.1", "IEC81001-5-1:5.2.1"),
    ),
    Artefact(
        11,
        "Cybersecurity testing",
        ("V.C",),
        (
            "security requirement tests",
            "threat mitigation tests",
            "vulnerability tests: fuzz and abuse, robustness, attack surface, chaining, "
            "known-vulnerability scan, binary composition analysis, static and dynamic analysis "
            "including hardcoded credentials",
            "penetration test report: tester independence and expertise, scope, duration, "
            "methods, results",
            "tools with versions and settings",
            "finding dispositions and a plan for deferred fixes",
        ),
        (
            "FDA-PREM:V.C",
            "IEC81001-5-1:5.7.1",
            "IEC81001-5-1:5.7.2",
            "IEC81001-5-1:5.7.3",
            "IEC81001-5-1:5.7.4",
            "IEC81001-5-1:5.7.5",
        ),
    ),
    Artefact(
        12,
        "Cybersecurity labeling",
        ("VI.A",),
        (
            "environment controls and network diagrams",
            "ports list (direction, purpose, endpoints)",
            "infrastructure requirements",
            "SBOM availability",
            "update procedure",
            "security events and logging (format, SIEM)",
            "protection of critical functions, backup and restore",
            "secure defaults and risky settings",
            "forensic evidence",
            "end of support, end of life and risk transfer",
            "decommissioning and sanitisation",
            "MDS2",
        ),
        ("FDA-PREM:VI.A", "IEC81001-5-1:5.8.2", "IEC81001-5-1:5.8.7"),
    ),
    Artefact(
        13,
        "Cybersecurity management plan (524B(b)(1) plan)",
        ("VI.B", "VII.C.1"),
        (
            "personnel",
            "monitoring sources, methods and frequency",
            "KEV handling",
            "periodic testing",
            "patch timelines: regular cycle with justification, out-of-cycle for uncontrolled risk",
            "update process and patch delivery rate",
            "coordinated vulnerability disclosure process",
            "customer communication",
        ),
        ("FDA-PREM:VI.B", "FDA-524B:b1", "IEC81001-5-1:4.1.2", "IEC81001-5-1:6.1"),
    ),
    Artefact(
        14,
        "524B(b)(2) processes evidence",
        ("524B(b)(2)",),
        (
            "description of the secure product development framework",
            "related systems (update servers, cloud, other functions, hospital connections) in "
            "the threat model's scope",
        ),
        ("FDA-524B:b2", "IEC81001-5-1:4.1.1", "IEC81001-5-1:5.1.1"),
    ),
    Artefact(
        15,
        "Cyber device determination",
        ("524B(c)",),
        (
            "software present",
            "able to connect to the internet by any means (USB, Bluetooth or serial through an "
            "intermediary included)",
            "characteristics vulnerable to cybersecurity threats",
        ),
        ("FDA-524B:b1",),
    ),
    Artefact(
        16,
        "IDE subset",
        ("Appendix 3",),
        (
            "cyber risks in the informed consent",
            "global, multi-patient harm and update architecture views",
            "security use-case views for safety-relevant functions",
            "SBOM",
            "general cybersecurity labeling",
        ),
        ("FDA-PREM:V.B.2", "FDA-PREM:V.A.4.b", "FDA-PREM:VI.A"),
    ),
)
