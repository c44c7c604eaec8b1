"""The 2019 form's questions, first half (DOC … CSUP): ids and text as the form has them.

Source: published, filled-in MDS2 forms of the ANSI/NEMA HN 1-2019 form (see docs/mds2.md);
NEMA permits copying and using the form (HN 1-2019 §5). Only the form's ids and question text
are taken, never a manufacturer's answers. Whitespace and CSV quoting are normalised.
"""

from __future__ import annotations

_PATCH = (
    "Does the device documentation provide instructions for owner/operator installation of "
    "patches or software updates?",
    "Does the device require vendor or vendor-authorized service to install patches or "
    "software updates?",
    "Does the device have the capability to receive remote installation of patches or "
    "software updates?",
    "Does the medical device manufacturer allow security updates from any third-party "
    "manufacturers (e.g., Microsoft) to be installed without approval from the manufacturer?",
)


def _patch_block(n: int) -> tuple[tuple[str, str], ...]:
    """CSUP-n.1 … CSUP-n.4: the four patching questions the form repeats per component type."""
    return tuple((f"CSUP-{n}.{i}", text) for i, text in enumerate(_PATCH, 1))


DOC = (
    ("DOC-1", "Manufacturer Name"),
    ("DOC-2", "Device Description"),
    ("DOC-3", "Device Model"),
    ("DOC-4", "Document ID"),
    ("DOC-5", "Manufacturer Contact Information"),
    ("DOC-6", "Intended use of device in network-connected environment:"),
    ("DOC-7", "Document Release Date"),
    (
        "DOC-8",
        "Coordinated Vulnerability Disclosure: Does the manufacturer have a vulnerability "
        "disclosure program for this device?",
    ),
    (
        "DOC-9",
        "ISAO: Is the manufacturer part of an Information Sharing and Analysis Organization?",
    ),
    (
        "DOC-10",
        "Diagram: Is a network or data flow diagram available that indicates connections to "
        "other system components or expected external resources?",
    ),
    (
        "DOC-11",
        "SaMD: Is the device Software as a Medical Device (i.e. software-only, no hardware)?",
    ),
    ("DOC-11.1", "Does the SaMD contain an operating system?"),
    ("DOC-11.2", "Does the SaMD rely on an owner/operator provided operating system?"),
    ("DOC-11.3", "Is the SaMD hosted by the manufacturer?"),
    ("DOC-11.4", "Is the SaMD hosted by the customer?"),
)

MPII = (
    (
        "MPII-1",
        "Can this device display, transmit, store, or modify personally identifiable "
        "information (e.g. electronic Protected Health Information (ePHI))?",
    ),
    ("MPII-2", "Does the device maintain personally identifiable information?"),
    (
        "MPII-2.1",
        "Does the device maintain personally identifiable information temporarily in volatile "
        "memory (i.e., until cleared by power-off or reset)?",
    ),
    (
        "MPII-2.2",
        "Does the device store personally identifiable information persistently on internal media?",
    ),
    (
        "MPII-2.3",
        "Is personally identifiable information preserved in the device’s non-volatile memory "
        "until explicitly erased?",
    ),
    ("MPII-2.4", "Does the device store personally identifiable information in a database?"),
    (
        "MPII-2.5",
        "Does the device allow configuration to automatically delete local personally "
        "identifiable information after it is stored to a long term solution?",
    ),
    (
        "MPII-2.6",
        "Does the device import/export personally identifiable information with other systems "
        "(e.g., a wearable monitoring device might export personally identifiable information "
        "to a server)?",
    ),
    (
        "MPII-2.7",
        "Does the device maintain personally identifiable information when powered off, or "
        "during power service interruptions?",
    ),
    (
        "MPII-2.8",
        "Does the device allow the internal media to be removed by a service technician (e.g., "
        "for separate destruction or customer retention)?",
    ),
    (
        "MPII-2.9",
        "Does the device allow personally identifiable information records be stored in a "
        "separate location from the device’s operating system (i.e. secondary internal drive, "
        "alternate drive partition, or remote storage location)?",
    ),
    (
        "MPII-3",
        "Does the device have mechanisms used for the transmitting, importing/exporting of "
        "personally identifiable information?",
    ),
    (
        "MPII-3.1",
        "Does the device display personally identifiable information (e.g., video display, etc.)?",
    ),
    (
        "MPII-3.2",
        "Does the device generate hardcopy reports or images containing personally "
        "identifiable information?",
    ),
    (
        "MPII-3.3",
        "Does the device retrieve personally identifiable information from or record "
        "personally identifiable information to removable media (e.g., removable-HDD, USB "
        "memory, DVD-R/RW,CD-R/RW, tape, CF/SD card, memory stick, etc.)?",
    ),
    (
        "MPII-3.4",
        "Does the device transmit/receive or import/export personally identifiable information "
        "via dedicated cable connection (e.g., RS-232, RS-423, USB, FireWire, etc.)?",
    ),
    (
        "MPII-3.5",
        "Does the device transmit/receive personally identifiable information via a wired "
        "network connection (e.g., RJ45, fiber optic, etc.)?",
    ),
    (
        "MPII-3.6",
        "Does the device transmit/receive personally identifiable information via a wireless "
        "network connection (e.g., WiFi, Bluetooth, NFC, infrared, cellular, etc.)?",
    ),
    (
        "MPII-3.7",
        "Does the device transmit/receive personally identifiable information over an external "
        "network (e.g., Internet)?",
    ),
    (
        "MPII-3.8",
        "Does the device import personally identifiable information via scanning a document?",
    ),
    (
        "MPII-3.9",
        "Does the device transmit/receive personally identifiable information via a "
        "proprietary protocol?",
    ),
    (
        "MPII-3.10",
        "Does the device use any other mechanism to transmit, import or export personally "
        "identifiable information?",
    ),
)

ALOF = (
    (
        "ALOF-1",
        "Can the device be configured to force reauthorization of logged-in user(s) after a "
        "predetermined length of inactivity (e.g., auto-logoff, session lock, password "
        "protected screen saver)?",
    ),
    (
        "ALOF-2",
        "Is the length of inactivity time before auto-logoff/screen lock user or administrator "
        "configurable?",
    ),
)

AUDT = (
    (
        "AUDT-1",
        "Can the medical device create additional audit logs or reports beyond standard "
        "operating system logs?",
    ),
    ("AUDT-1.1", "Does the audit log record a USER ID?"),
    ("AUDT-1.2", "Does other personally identifiable information exist in the audit trail?"),
    (
        "AUDT-2",
        "Are events recorded in an audit log? If yes, indicate which of the following events "
        "are recorded in the audit log:",
    ),
    ("AUDT-2.1", "Successful login/logout attempts?"),
    ("AUDT-2.2", "Unsuccessful login/logout attempts?"),
    ("AUDT-2.3", "Modification of user privileges?"),
    ("AUDT-2.4", "Creation/modification/deletion of users?"),
    ("AUDT-2.5", "Presentation of clinical or PII data (e.g. display, print)?"),
    ("AUDT-2.6", "Creation/modification/deletion of data?"),
    (
        "AUDT-2.7",
        "Import/export of data from removable media (e.g. USB drive, external hard drive, DVD)?",
    ),
    (
        "AUDT-2.8",
        "Receipt/transmission of data or commands over a network or point-to-point connection?",
    ),
    ("AUDT-2.8.1", "Remote or on-site support?"),
    ("AUDT-2.8.2", "Application Programming Interface (API) and similar activity?"),
    ("AUDT-2.9", "Emergency access?"),
    ("AUDT-2.10", "Other events (e.g., software updates)?"),
    ("AUDT-2.11", "Is the audit capability documented in more detail?"),
    (
        "AUDT-3",
        "Can the owner/operator define or select which events are recorded in the audit log?",
    ),
    (
        "AUDT-4",
        "Is a list of data attributes that are captured in the audit log for an event available?",
    ),
    ("AUDT-4.1", "Does the audit log record date/time?"),
    (
        "AUDT-4.1.1",
        "Can date and time be synchronized by Network Time Protocol (NTP) or equivalent time "
        "source?",
    ),
    ("AUDT-5", "Can audit log content be exported?"),
    ("AUDT-5.1", "Via physical media?"),
    ("AUDT-5.2", "Via IHE Audit Trail and Node Authentication (ATNA) profile to SIEM?"),
    (
        "AUDT-5.3",
        "Via Other communications (e.g., external service device, mobile applications)?",
    ),
    ("AUDT-5.4", "Are audit logs encrypted in transit or on storage media?"),
    ("AUDT-6", "Can audit logs be monitored/reviewed by owner/operator?"),
    ("AUDT-7", "Are audit logs protected from modification?"),
    ("AUDT-7.1", "Are audit logs protected from access?"),
    ("AUDT-8", "Can audit logs be analyzed by the device?"),
)

AUTH = (
    (
        "AUTH-1",
        "Does the device prevent access to unauthorized users through user login requirements "
        "or other mechanism?",
    ),
    (
        "AUTH-1.1",
        "Can the device be configured to use federated credentials management of users for "
        "authorization (e.g., LDAP, OAuth)?",
    ),
    ("AUTH-1.2", "Can the customer push group policies to the device (e.g., Active Directory)?"),
    ("AUTH-1.3", "Are any special groups, organizational units, or group policies required?"),
    (
        "AUTH-2",
        "Can users be assigned different privilege levels based on 'role' (e.g., user, "
        "administrator, and/or service, etc.)?",
    ),
    (
        "AUTH-3",
        "Can the device owner/operator grant themselves unrestricted administrative privileges "
        "(e.g., access operating system or application via local root or administrator "
        "account)?",
    ),
    ("AUTH-4", "Does the device authorize or control all API access requests?"),
    ("AUTH-5", "Does the device run in a restricted access mode, or ‘kiosk mode’, by default?"),
)

CSUP = (
    (
        "CSUP-1",
        "Does the device contain any software or firmware which may require security updates "
        "during its operational life, either from the device manufacturer or from a "
        "third-party manufacturer of the software/firmware? If no, answer “N/A” to questions "
        "in this section.",
    ),
    ("CSUP-2", "Does the device contain an Operating System? If yes, complete 2.1-2.4."),
    *_patch_block(2),
    ("CSUP-3", "Does the device contain Drivers and Firmware? If yes, complete 3.1-3.4."),
    *_patch_block(3),
    ("CSUP-4", "Does the device contain Anti-Malware Software? If yes, complete 4.1-4.4."),
    *_patch_block(4),
    (
        "CSUP-5",
        "Does the device contain Non-Operating System commercial off-the-shelf components? If "
        "yes, complete 5.1-5.4.",
    ),
    *_patch_block(5),
    (
        "CSUP-6",
        "Does the device contain other software components (e.g., asset management software, "
        "license management)? If yes, please provide details or refernce in notes and complete "
        "6.1-6.4.",
    ),
    *_patch_block(6),
    (
        "CSUP-7",
        "Does the manufacturer notify the customer when updates are approved for installation?",
    ),
    ("CSUP-8", "Does the device perform automatic installation of software updates?"),
    (
        "CSUP-9",
        "Does the manufacturer have an approved list of third-party software that can be "
        "installed on the device?",
    ),
    (
        "CSUP-10",
        "Can the owner/operator install manufacturer-approved third-party software on the "
        "device themselves?",
    ),
    (
        "CSUP-10.1",
        "Does the system have mechanism in place to prevent installation of unapproved software?",
    ),
    (
        "CSUP-11",
        "Does the manufacturer have a process in place to assess device vulnerabilities and "
        "updates?",
    ),
    (
        "CSUP-11.1",
        "Does the manufacturer provide customers with review and approval status of updates?",
    ),
    ("CSUP-11.2", "Is there an update review cycle for the device?"),
)
