"""The EU MDR (2017/745) for cybersecurity: the GSPR checklist rows of Annex I that MDCG 2019-16
ties to security (REGULATORY.md §B.2 #1), post-market surveillance and vigilance, and MDCG
2019-16's expectations.

Ids of the catalogue (§A.4) are kept; the related instructions-for-use rows 23.4(g) to (q) are
added in the same form. Gists are our own reading, not the regulation's text.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.framework import Requirement
from medsec.domain.vocabulary import Activity
from medsec.engines.frameworks.entry import entry
from medsec.engines.frameworks.mdcg import MDCG2019_16

MDR = "EU MDR 2017/745"


def _gspr(
    section: str, title: str, gist: str, evidence: str, *supports: ItemId, answer: str
) -> Requirement:
    """One GSPR row of Annex I, id ``MDR:AnnexI-<section>``."""
    return entry(
        MDR,
        f"MDR:AnnexI-{section}",
        f"Annex I {section}",
        title,
        gist,
        evidence,
        supports,
        answer=answer,
    )


def _ifu(letter: str, title: str, gist: str, evidence: str, *supports: ItemId) -> Requirement:
    """One instructions-for-use row of Annex I 23.4 that MDCG 2019-16 reads as security content."""
    return _gspr(f"23.4({letter})", title, gist, evidence, *supports, answer="labeling")


_DESIGN: tuple[Requirement, ...] = (
    _gspr(
        "1-4,8",
        "General risk management also covers security",
        "Sections 1 to 4 and 8 (risk reduction, the risk management system, the priority of "
        "controls, benefit-risk) apply to security risks too: security hazards feed the safety "
        "risk assessment and the overall benefit-risk analysis.",
        "Security-to-safety risk links; security hazard categories in the safety risk file.",
        ItemId.THREAT_RISK_ANALYSIS,
        answer="safety_risk_file",
    ),
    _gspr(
        "14.2(d)",
        "Risks from negative interaction between software and its IT environment",
        "The design removes or reduces, as far as possible, the risks of negative interaction "
        "between the software and the IT environment it runs in and talks to.",
        "Threat model and risk file include threats from the environment; the instructions for "
        "use state the environment assumptions.",
        ItemId.THREAT_RISK_ANALYSIS,
        ItemId.SECURITY_CONCEPT,
        answer="minimum_it_requirements",
    ),
    _gspr(
        "17.1",
        "Repeatability, reliability, performance; single-fault handling",
        "Programmable systems and software are designed for repeatability, reliability and "
        "performance in line with the intended use; a single fault condition does not leave "
        "risks or loss of performance unreduced.",
        "Reliability and robustness tests, denial-of-service and fuzz robustness included; "
        "fail-safe behaviour documented.",
        ItemId.SECURITY_BY_DESIGN,
        answer="standards_applied",
    ),
    _gspr(
        "17.2",
        "State-of-the-art software lifecycle incl. information security, V&V",
        "Software is developed and made to the state of the art, taking the development life "
        "cycle, risk management including information security, and verification and "
        "validation into account (in practice IEC 62304, IEC 81001-5-1 and ISO 14971).",
        "Declared standards list including IEC 81001-5-1; the life-cycle evidence of the "
        "conformance matrix.",
        ItemId.SECURITY_BY_DESIGN,
        ItemId.THREAT_RISK_ANALYSIS,
        ItemId.SECURITY_CONCEPT,
        answer="standards_applied",
    ),
    _gspr(
        "17.4",
        "Minimum IT requirements set out",
        "The manufacturer states the minimum hardware, IT network characteristics and IT "
        "security measures (protection against unauthorised access included) needed to run the "
        "software as intended.",
        "A minimum IT requirements section (hardware, operating system, network, controls "
        "expected from the operator).",
        ItemId.SECURITY_CONCEPT,
        answer="minimum_it_requirements",
    ),
    _gspr(
        "18.8",
        "Protection against unauthorised access",
        "Active devices are designed to protect, as far as possible, against unauthorised "
        "access that could keep the device from working as intended.",
        "Authentication and authorisation controls in requirements and tests; the threat model "
        "covers unauthorised access.",
        ItemId.SECURITY_BY_DESIGN,
        answer="standards_applied",
    ),
)

_INSTRUCTIONS_FOR_USE: tuple[Requirement, ...] = (
    _ifu(
        "g",
        "IFU states residual risks",
        "Residual risks go into the instructions for use; for security, a summary of the risk "
        "profile and the security objectives.",
        "The risk profile and security objectives in the instructions for use match the "
        "residual risks of the threat register.",
        ItemId.THREAT_RISK_ANALYSIS,
        ItemId.SECURITY_CONCEPT,
    ),
    _ifu(
        "h",
        "IFU states the specifications needed for appropriate use",
        "For security: the device's IT characteristics, such as the operating system and how "
        "the integrity of updates and patches is ensured.",
        "Operating system and update-integrity provisions stated in the instructions for use.",
        ItemId.SECURITY_CONCEPT,
    ),
    _ifu(
        "i",
        "IFU states preparation and handling before and during use",
        "For security: installation, secure-by-default configuration options, initial "
        "configuration (change default passwords), deploying updates, failsafe mode and what to "
        "do on an alert.",
        "Installation, initial configuration, update and failsafe instructions present.",
        ItemId.SECURITY_CONCEPT,
        ItemId.SECURITY_BY_DESIGN,
    ),
    _ifu(
        "j",
        "IFU states special training or qualifications",
        "For security: the IT skills needed to install, configure and operate the device.",
        "Required user IT skills stated.",
        ItemId.SECURITY_CONCEPT,
    ),
    _ifu(
        "k",
        "IFU states how to verify installation and maintenance",
        "For security: secure configuration and how security updates are applied and checked.",
        "Update-integrity provisions and step-by-step update instructions present.",
        ItemId.SECURITY_CONCEPT,
        ItemId.VULNERABILITY_MANAGEMENT,
    ),
    _ifu(
        "q",
        "IFU states safe combinations with other devices and equipment",
        "For security: compatibility with the operating environment and its restrictions, such "
        "as the minimum requirements of user workstations.",
        "Compatible platforms and known restrictions stated.",
        ItemId.SECURITY_CONCEPT,
    ),
    _gspr(
        "23.4(ab)",
        "IFU states minimum IT/security requirements",
        "The instructions for use carry the 17.4 minimum requirements (hardware, IT network "
        "characteristics, IT security measures including protection against unauthorised "
        "access), with the environment assumptions and the risks outside it.",
        "Instructions-for-use section present and consistent with the 17.4 document and the "
        "required software of the SBOM.",
        ItemId.SECURITY_CONCEPT,
        answer="labeling",
    ),
)

GSPR: tuple[Requirement, ...] = _DESIGN + _INSTRUCTIONS_FOR_USE
"""The GSPR checklist rows, in Annex I order."""

POSTMARKET: tuple[Requirement, ...] = (
    entry(
        MDR,
        "MDR:Art83-86+AnnexIII",
        "Art. 83-86, Annex III",
        "Post-market surveillance includes cybersecurity",
        "The post-market surveillance system and plan gather security information (incidents, "
        "vulnerabilities including third-party ones, changes of the threat landscape), update "
        "the risk and technical documentation, and drive corrective action.",
        "Surveillance plan with a cybersecurity section; vulnerability monitoring records; the "
        "periodic reports mention cybersecurity.",
        (ItemId.VULNERABILITY_MANAGEMENT,),
        answer="postmarket_plan",
    ),
    entry(
        MDR,
        "MDR:Art87",
        "Art. 87",
        "Vigilance for cyber incidents",
        "Cybersecurity incidents that led or might lead to a serious incident are reported "
        "under vigilance, and the field safety corrective action rules apply to security fixes "
        "where relevant.",
        "Vulnerability and incident records carry a serious-incident assessment.",
        (ItemId.VULNERABILITY_MANAGEMENT,),
        answer="vigilance_procedure",
        activities=(Activity.INCIDENT_RESPONSE_PLAN,),
    ),
)

GSPR_STANDARDS: dict[str, tuple[str, ...]] = {
    "MDR:AnnexI-1-4,8": ("ISO 14971", "AAMI TIR57", "IEC 81001-5-1"),
    "MDR:AnnexI-14.2(d)": ("IEC 81001-5-1", "IEC 80001-1", "AAMI TIR57"),
    "MDR:AnnexI-17.1": ("IEC 62304", "EN IEC 60601-1", "IEC 81001-5-1"),
    "MDR:AnnexI-17.2": ("IEC 62304", "IEC 81001-5-1", "ISO 14971", "AAMI TIR57"),
    "MDR:AnnexI-17.4": ("IEC 81001-5-1", "IEC 82304-1"),
    "MDR:AnnexI-18.8": ("IEC 81001-5-1", "IEC/TR 60601-4-5"),
    "MDR:AnnexI-23.4(g)": ("ISO 14971", "IEC/TR 80001-2-2"),
    "MDR:AnnexI-23.4(h)": ("IEC 81001-5-1", "IEC/TR 80001-2-2"),
    "MDR:AnnexI-23.4(i)": ("IEC 81001-5-1", "IEC/TR 80001-2-2"),
    "MDR:AnnexI-23.4(j)": ("IEC/TR 80001-2-2",),
    "MDR:AnnexI-23.4(k)": ("IEC 81001-5-1", "IEC/TR 80001-2-2"),
    "MDR:AnnexI-23.4(q)": ("IEC 82304-1", "IEC/TR 80001-2-2"),
    "MDR:AnnexI-23.4(ab)": ("IEC 81001-5-1", "IEC 82304-1", "IEC/TR 80001-2-2"),
}
"""Standards a GSPR row usually cites (REGULATORY.md §B.2 #1, MDCG 2019-16 Annex III): a default
the ``standards_applied`` answer replaces."""

__all__ = ["GSPR", "GSPR_STANDARDS", "MDCG2019_16", "POSTMARKET"]
