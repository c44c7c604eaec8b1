"""The 2019 form's questions, second half (DIDT … RMOT): ids and text as the form has them.

Same source and rules as :mod:`questions_a`. The published form misspells one id as
``SHAD-15``; it is ``SAHD-15`` here (the section's code), and answers files may use either.
"""

from __future__ import annotations

DIDT = (
    (
        "DIDT-1",
        "Does the device provide an integral capability to de-identify personally identifiable "
        "information?",
    ),
    (
        "DIDT-1.1",
        "Does the device support de-identification profiles that comply with the DICOM "
        "standard for de-identification?",
    ),
)

DTBK = (
    (
        "DTBK-1",
        "Does the device maintain long term primary storage of personally identifiable "
        "information / patient information (e.g. PACS)?",
    ),
    (
        "DTBK-2",
        "Does the device have a “factory reset” function to restore the original device "
        "settings as provided by the manufacturer?",
    ),
    ("DTBK-3", "Does the device have an integral data backup capability to removable media?"),
    ("DTBK-4", "Does the device have an integral data backup capability to remote storage?"),
    (
        "DTBK-5",
        "Does the device have a backup capability for system configuration information, patch "
        "restoration, and software restoration?",
    ),
    (
        "DTBK-6",
        "Does the device provide the capability to check the integrity and authenticity of a "
        "backup?",
    ),
)

EMRG = (
    ("EMRG-1", "Does the device incorporate an emergency access (i.e. “break-glass”) feature?"),
)

IGAU = (
    (
        "IGAU-1",
        "Does the device provide data integrity checking mechanisms of stored health data "
        "(e.g., hash or digital signature)?",
    ),
    (
        "IGAU-2",
        "Does the device provide error/failure protection and recovery mechanisms for stored "
        "health data (e.g., RAID-5)?",
    ),
)

MLDP = (
    ("MLDP-1", "Is the device capable of hosting executable software?"),
    (
        "MLDP-2",
        "Does the device support the use of anti-malware software (or other anti-malware "
        "mechanism)? Provide details or reference in notes.",
    ),
    ("MLDP-2.1", "Does the device include anti-malware software by default?"),
    ("MLDP-2.2", "Does the device have anti-malware software available as an option?"),
    (
        "MLDP-2.3",
        "Does the device documentation allow the owner/operator to install or update "
        "anti-malware software?",
    ),
    (
        "MLDP-2.4",
        "Can the device owner/operator independently (re-)configure anti-malware settings?",
    ),
    ("MLDP-2.5", "Does notification of malware detection occur in the device user interface?"),
    (
        "MLDP-2.6",
        "Can only manufacturer-authorized persons repair systems when malware has been detected?",
    ),
    ("MLDP-2.7", "Are malware notifications written to a log?"),
    (
        "MLDP-2.8",
        "Are there any restrictions on anti-malware (e.g., purchase, installation, "
        "configuration, scheduling)?",
    ),
    (
        "MLDP-3",
        "If the answer to MLDP-2 is NO, and anti-malware cannot be installed on the device, are "
        "other compensating controls in place or available?",
    ),
    (
        "MLDP-4",
        "Does the device employ application whitelisting that restricts the software and "
        "services that are permitted to be run on the device?",
    ),
    ("MLDP-5", "Does the device employ a host-based intrusion detection/prevention system?"),
    (
        "MLDP-5.1",
        "Can the host-based intrusion detection/prevention system be configured by the customer?",
    ),
    (
        "MLDP-5.2",
        "Can a host-based intrusion detection/prevention system be installed by the customer?",
    ),
)

NAUT = (
    (
        "NAUT-1",
        "Does the device provide/support any means of node authentication that assures both "
        "the sender and the recipient of data are known to each other and are authorized to "
        "receive transferred information (e.g. Web APIs, SMTP, SNMP)?",
    ),
    (
        "NAUT-2",
        "Are network access control mechanisms supported (E.g., does the device have an "
        "internal firewall, or use a network connection white list)?",
    ),
    ("NAUT-2.1", "Is the firewall ruleset documented and available for review?"),
    ("NAUT-3", "Does the device use certificate-based network connection authentication?"),
)

CONN = (
    ("CONN-1", "Does the device have hardware connectivity capabilities?"),
    ("CONN-1.1", "Does the device support wireless connections?"),
    ("CONN-1.1.1", "Does the device support Wi-Fi?"),
    ("CONN-1.1.2", "Does the device support Bluetooth?"),
    (
        "CONN-1.1.3",
        "Does the device support other wireless network connectivity (e.g. LTE, Zigbee, "
        "proprietary)?",
    ),
    (
        "CONN-1.1.4",
        "Does the device support other wireless connections (e.g., custom RF controls, "
        "wireless detectors)?",
    ),
    ("CONN-1.2", "Does the device support physical connections?"),
    ("CONN-1.2.1", "Does the device have available RJ45 Ethernet ports?"),
    ("CONN-1.2.2", "Does the device have available USB ports?"),
    ("CONN-1.2.3", "Does the device require, use, or support removable memory devices?"),
    ("CONN-1.2.4", "Does the device support other physical connectivity?"),
    (
        "CONN-2",
        "Does the manufacturer provide a list of network ports and protocols that are used or "
        "may be used on the device?",
    ),
    ("CONN-3", "Can the device communicate with other systems within the customer environment?"),
    (
        "CONN-4",
        "Can the device communicate with other systems external to the customer environment "
        "(e.g., a service host)?",
    ),
    ("CONN-5", "Does the device make or receive API calls?"),
    ("CONN-6", "Does the device require an internet connection for its intended use?"),
    ("CONN-7", "Does the device support Transport Layer Security (TLS)?"),
    ("CONN-7.1", "Is TLS configurable?"),
    (
        "CONN-8",
        "Does the device provide operator control functionality from a separate device (e.g., "
        "telemedicine)?",
    ),
)

PAUT = (
    (
        "PAUT-1",
        "Does the device support and enforce unique IDs and passwords for all users and roles "
        "(including service accounts)?",
    ),
    (
        "PAUT-1.1",
        "Does the device enforce authentication of unique IDs and passwords for all users and "
        "roles (including service accounts)?",
    ),
    (
        "PAUT-2",
        "Is the device configurable to authenticate users through an external authentication "
        "service (e.g., MS Active Directory, NDS, LDAP, OAuth, etc.)?",
    ),
    (
        "PAUT-3",
        "Is the device configurable to lock out a user after a certain number of unsuccessful "
        "logon attempts?",
    ),
    (
        "PAUT-4",
        "Are all default accounts (e.g., technician service accounts, administrator accounts) "
        "listed in the documentation?",
    ),
    ("PAUT-5", "Can all passwords be changed?"),
    (
        "PAUT-6",
        "Is the device configurable to enforce creation of user account passwords that meet "
        "established (organization specific) complexity rules?",
    ),
    ("PAUT-7", "Does the device support account passwords that expire periodically?"),
    ("PAUT-8", "Does the device support multi-factor authentication?"),
    ("PAUT-9", "Does the device support single sign-on (SSO)?"),
    ("PAUT-10", "Can user accounts be disabled/locked on the device?"),
    ("PAUT-11", "Does the device support biometric controls?"),
    ("PAUT-12", "Does the device support physical tokens (e.g. badge access)?"),
    ("PAUT-13", "Does the device support group authentication (e.g. hospital teams)?"),
    ("PAUT-14", "Does the application or device store or manage authentication credentials?"),
    ("PAUT-14.1", "Are credentials stored using a secure method?"),
)

PLOK = (
    (
        "PLOK-1",
        "Is the device software only? If yes, answer “N/A” to remaining questions in this section.",
    ),
    (
        "PLOK-2",
        "Are all device components maintaining personally identifiable information (other than "
        "removable media) physically secure (i.e., cannot remove without tools)?",
    ),
    (
        "PLOK-3",
        "Are all device components maintaining personally identifiable information (other than "
        "removable media) physically secured behind an individually keyed locking device?",
    ),
    (
        "PLOK-4",
        "Does the device have an option for the customer to attach a physical lock to restrict "
        "access to removable media?",
    ),
)

RDMP = (
    (
        "RDMP-1",
        "Was a secure software development process, such as ISO/IEC 27034 or IEC 62304, "
        "followed during product development?",
    ),
    (
        "RDMP-2",
        "Does the manufacturer evaluate third-party applications and software components "
        "included in the device for secure development practices?",
    ),
    (
        "RDMP-3",
        "Does the manufacturer maintain a web page or other source of information on software "
        "support dates and updates?",
    ),
    ("RDMP-4", "Does the manufacturer have a plan for managing third-party component end-of-life?"),
)

SBOM = (
    ("SBOM-1", "Is the SBoM for this product available?"),
    (
        "SBOM-2",
        "Does the SBoM follow a standard or common method in describing software components?",
    ),
    ("SBOM-2.1", "Are the software components identified?"),
    ("SBOM-2.2", "Are the developers/manufacturers of the software components identified?"),
    ("SBOM-2.3", "Are the major version numbers of the software components identified?"),
    ("SBOM-2.4", "Are any additional descriptive elements identified?"),
    (
        "SBOM-3",
        "Does the device include a command or process method available to generate a list of "
        "software components installed on the device?",
    ),
    ("SBOM-4", "Is there an update process for the SBoM?"),
)
