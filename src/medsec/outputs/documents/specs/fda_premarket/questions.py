"""The manual answers ``fda-premarket`` asks for: what the project's evidence cannot show.

Keys are shared with every document that needs the same fact: those the catalogue names
(``medsec.engines.frameworks.answers``) keep its question; the risk report's own questions are
reused as they are; the rest are the FDA set's own (environment assumptions, labeling items,
the management plan's customer communication).
"""

from __future__ import annotations

from medsec.domain.document import AnswerKind, Question
from medsec.engines.frameworks.answers import question
from medsec.outputs.documents.common import APPROVALS
from medsec.outputs.documents.specs import security_risk_report


def _catalogue(key: str) -> Question:
    """A question whose key, prompt and shape come from the catalogue's table of answers."""
    return question(key)


ENVIRONMENT = Question(
    "environment_assumptions",
    "What does the threat model assume about the environment of use (e.g. the hospital "
    "network is hostile and an attacker may control it; who has physical access)?",
    AnswerKind.LIST,
)
ANOMALIES = question(
    "unresolved_anomalies",
    "Which known software anomalies remain unresolved in this release: an id, what it is, its "
    "security impact, its CWE where one applies and why it is left unfixed (one record with id "
    "'none' when there are none)?",
)
RESPONSIBILITIES = question("responsibilities")
CUSTOMER_COMMUNICATION = Question(
    "customer_communication",
    "How are customers told of forthcoming remediations, patches and updates (channel, "
    "timing, who sends them)?",
)
PATCH_CYCLE = Question(
    "patch_cycle",
    "What is the regular update cycle for known unacceptable vulnerabilities, why is it "
    "reasonable for this device, and how fast can an update reach the fielded devices?",
)
UPDATE_PROCEDURE = Question(
    "update_procedure",
    "Where does the labeling tell users how to obtain version-identifiable, manufacturer-"
    "authorised updates and how they learn that one is available?",
)
SBOM_AVAILABILITY = Question(
    "sbom_availability",
    "How do users obtain the current machine-readable SBOM (with the device, on a portal, on "
    "request), and how is it kept current?",
)
FORENSIC_LOGGING = Question(
    "forensic_logging",
    "Where does the labeling describe the security events the device detects and logs, the "
    "log format, storage and retention, and how a SIEM or IDS consumes them?",
)
SECURE_CONFIGURATION = Question(
    "secure_configuration",
    "Where does the labeling describe the secure configuration as shipped, backup and restore "
    "of authenticated configurations, and the user-configurable settings that raise risk?",
)

LABELING = _catalogue("labeling")
IT_REQUIREMENTS = _catalogue("minimum_it_requirements")
SUPPORT_PERIOD = _catalogue("support_period")
DECOMMISSIONING = _catalogue("decommissioning")
POSTMARKET_PLAN = _catalogue("postmarket_plan")
QMS = _catalogue("qms")

QUESTIONS: tuple[Question, ...] = (
    security_risk_report.PLAN,
    security_risk_report.SAFETY_FILE,
    security_risk_report.BENEFIT_RISK,
    ENVIRONMENT,
    ANOMALIES,
    LABELING,
    IT_REQUIREMENTS,
    UPDATE_PROCEDURE,
    SBOM_AVAILABILITY,
    FORENSIC_LOGGING,
    SECURE_CONFIGURATION,
    SUPPORT_PERIOD,
    DECOMMISSIONING,
    POSTMARKET_PLAN,
    RESPONSIBILITIES,
    PATCH_CYCLE,
    CUSTOMER_COMMUNICATION,
    QMS,
    APPROVALS,
)
