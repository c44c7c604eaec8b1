"""The 2019 form's questions, last sections (SAHD … RMOT): ids and text as the form has them.

Same source and rules as :mod:`questions_a`.
"""

from __future__ import annotations

SAHD = (
    ("SAHD-1", "Is the device hardened in accordance with any industry standards?"),
    ("SAHD-2", "Has the device received any cybersecurity certifications?"),
    ("SAHD-3", "Does the device employ any mechanisms for software integrity checking"),
    (
        "SAHD-3.1",
        "Does the device employ any mechanism (e.g., release-specific hash key, checksums, "
        "digital signature, etc.) to ensure the installed software is manufacturer-authorized?",
    ),
    (
        "SAHD-3.2",
        "Does the device employ any mechanism (e.g., release-specific hash key, checksums, "
        "digital signature, etc.) to ensure the software updates are the manufacturer-"
        "authorized updates?",
    ),
    (
        "SAHD-4",
        "Can the owner/operator perform software integrity checks (i.e., verify that the "
        "system has not been modified or tampered with)?",
    ),
    (
        "SAHD-5",
        "Is the system configurable to allow the implementation of file-level, patient level, "
        "or other types of access controls?",
    ),
    ("SAHD-5.1", "Does the device provide role-based access controls?"),
    (
        "SAHD-6",
        "Are any system or user accounts restricted or disabled by the manufacturer at system "
        "delivery?",
    ),
    (
        "SAHD-6.1",
        "Are any system or user accounts configurable by the end user after initial configuration?",
    ),
    (
        "SAHD-6.2",
        "Does this include restricting certain system or user accounts, such as service "
        "technicians, to least privileged access?",
    ),
    (
        "SAHD-7",
        "Are all shared resources (e.g., file shares) which are not required for the intended "
        "use of the device disabled?",
    ),
    (
        "SAHD-8",
        "Are all communication ports and protocols that are not required for the intended use "
        "of the device disabled?",
    ),
    (
        "SAHD-9",
        "Are all services (e.g., telnet, file transfer protocol [FTP], internet information "
        "server [IIS], etc.), which are not required for the intended use of the device "
        "deleted/disabled?",
    ),
    (
        "SAHD-10",
        "Are all applications (COTS applications as well as OS-included applications, e.g., MS "
        "Internet Explorer, etc.) which are not required for the intended use of the device "
        "deleted/disabled?",
    ),
    (
        "SAHD-11",
        "Can the device prohibit boot from uncontrolled or removable media (i.e., a source "
        "other than an internal drive or memory component)?",
    ),
    (
        "SAHD-12",
        "Can unauthorized software or hardware be installed on the device without the use of "
        "physical tools?",
    ),
    (
        "SAHD-13",
        "Does the product documentation include information on operational network security "
        "scanning by users?",
    ),
    ("SAHD-14", "Can the device be hardened beyond the default provided state?"),
    ("SAHD-14.1", "Are instructions available from vendor for increased hardening?"),
    ("SAHD-15", "Can the system prevent access to BIOS or other bootloaders during boot?"),
    (
        "SAHD-16",
        "Have additional hardening methods not included in 2.3.19 been used to harden the device?",
    ),
)

SGUD = (
    ("SGUD-1", "Does the device include security documentation for the owner/operator?"),
    (
        "SGUD-2",
        "Does the device have the capability, and provide instructions, for the permanent "
        "deletion of data from the device or media?",
    ),
    ("SGUD-3", "Are all access accounts documented?"),
    ("SGUD-3.1", "Can the owner/operator manage password control for all accounts?"),
    (
        "SGUD-4",
        "Does the product include documentation on recommended compensating controls for the "
        "device?",
    ),
)

STCF = (
    ("STCF-1", "Can the device encrypt data at rest?"),
    ("STCF-1.1", "Is all data encrypted or otherwise protected?"),
    ("STCF-1.2", "Is the data encryption capability configured by default?"),
    ("STCF-1.3", "Are instructions available to the customer to configure encryption?"),
    ("STCF-2", "Can the encryption keys be changed or configured?"),
    ("STCF-3", "Is the data stored in a database located on the device?"),
    ("STCF-4", "Is the data stored in a database external to the device?"),
)

TXCF = (
    (
        "TXCF-1",
        "Can personally identifiable information be transmitted only via a point-to-point "
        "dedicated cable?",
    ),
    (
        "TXCF-2",
        "Is personally identifiable information encrypted prior to transmission via a network "
        "or removable media?",
    ),
    (
        "TXCF-2.1",
        "If data is not encrypted by default, can the customer configure encryption options?",
    ),
    (
        "TXCF-3",
        "Is personally identifiable information transmission restricted to a fixed list of "
        "network destinations?",
    ),
    ("TXCF-4", "Are connections limited to authenticated systems?"),
    (
        "TXCF-5",
        "Are secure transmission methods supported/implemented (DICOM, HL7, IEEE 11073)?",
    ),
)

TXIG = (
    (
        "TXIG-1",
        "Does the device support any mechanism (e.g., digital signatures) intended to ensure "
        "data is not modified during transmission?",
    ),
    ("TXIG-2", "Does the device include multiple sub-components connected by external cables?"),
)

RMOT = (
    ("RMOT-1", "Does the device permit remote service connections for device analysis or repair?"),
    (
        "RMOT-1.1",
        "Does the device allow the owner/operator to initiative remote service sessions for "
        "device analysis or repair?",
    ),
    ("RMOT-1.2", "Is there an indicator for an enabled and active remote session?"),
    (
        "RMOT-1.3",
        "Can patient data be accessed or viewed from the device during the remote session?",
    ),
    (
        "RMOT-2",
        "Does the device permit or use remote service connections for predictive maintenance data?",
    ),
    (
        "RMOT-3",
        "Does the device have any other remotely accessible functionality (e.g. software "
        "updates, remote training)?",
    ),
)
