"""The manual answers ``security-guide`` asks for: what the model cannot tell a hospital.

A key another document already asks keeps its one question and kind: the catalogue's
(``incident_support``, ``decommissioning``, ``minimum_it_requirements``, ``support_period``,
``advisories``), the FDA set's (``environment_assumptions``, ``secure_configuration``,
``update_procedure``, ``customer_communication``, ``sbom_availability``) and the CRA's
(``support_period_end``). The guide's own six are the operating facts a hospital's IT needs
and no model attribute holds: its duties, where the cloud data lives, the user roles, log
forwarding, backup and restore, malware protection.
"""

from __future__ import annotations

from medsec.domain.document import AnswerKind, Question
from medsec.outputs.documents.common import APPROVALS
from medsec.outputs.documents.requirements import question
from medsec.outputs.documents.specs.cra.questions import SUPPORT_END
from medsec.outputs.documents.specs.fda_premarket import questions as fda

ENVIRONMENT = fda.ENVIRONMENT
IT_REQUIREMENTS = question("minimum_it_requirements")
SECURE_CONFIGURATION = fda.SECURE_CONFIGURATION
UPDATE_PROCEDURE = fda.UPDATE_PROCEDURE
CUSTOMER_COMMUNICATION = fda.CUSTOMER_COMMUNICATION
SBOM_AVAILABILITY = fda.SBOM_AVAILABILITY
SUPPORT_PERIOD = question("support_period")
SUPPORT_PERIOD_END = SUPPORT_END
DECOMMISSIONING = question("decommissioning")
INCIDENT_SUPPORT = question("incident_support")
ADVISORIES = question("advisories")

OPERATOR_DUTIES = Question(
    "operator_responsibilities",
    "What must the operating hospital do for the device's security that the model does not "
    "show (network segmentation, physical access, accounts, patching the hosts it runs, "
    "monitoring)? One duty per list item.",
    AnswerKind.LIST,
)
CLOUD_REGIONS = Question(
    "cloud_regions",
    "In which regions (countries) are the cloud services the device sends data to hosted, and "
    "where is that data stored and backed up?",
)
USER_ROLES = Question(
    "user_roles",
    "Which user roles does the device have, what may each do, and how does the hospital "
    "create, change and remove accounts (local accounts, directory or SSO)?",
)
LOG_FORWARDING = Question(
    "log_forwarding",
    "How does the hospital forward the device's security logs to its SIEM: protocol and "
    "format (e.g. syslog RFC 5424 over TLS, IHE ATNA), which events, and how it is set up?",
)
BACKUP_RESTORE = Question(
    "backup_restore",
    "How are the device's configuration and data backed up and restored (what, by whom, how "
    "the restored configuration is authenticated)?",
)
MALWARE_PROTECTION = Question(
    "malware_protection",
    "How is the device protected against malware (allow-listing, read-only system, scanning "
    "of removable media), and may the hospital install its own anti-malware software?",
)

QUESTIONS: tuple[Question, ...] = (
    ENVIRONMENT,
    IT_REQUIREMENTS,
    OPERATOR_DUTIES,
    CLOUD_REGIONS,
    SECURE_CONFIGURATION,
    USER_ROLES,
    LOG_FORWARDING,
    BACKUP_RESTORE,
    UPDATE_PROCEDURE,
    CUSTOMER_COMMUNICATION,
    MALWARE_PROTECTION,
    SUPPORT_PERIOD_END,
    SUPPORT_PERIOD,
    DECOMMISSIONING,
    INCIDENT_SUPPORT,
    SBOM_AVAILABILITY,
    ADVISORIES,
    APPROVALS,
)
