"""The controlled vocabularies of the project format ``medsec/1`` (DESIGN.md §2).

Every enum value is part of the file format contract: add values freely, never rename one.
"""

from __future__ import annotations

from enum import StrEnum


class BoundaryKind(StrEnum):
    """What kind of place a trust boundary encloses; rules ask e.g. "is it in the cloud?"."""

    DEVICE = "device"
    NETWORK = "network"
    CLOUD = "cloud"
    MOBILE = "mobile"
    HOME = "home"
    PHYSICAL = "physical"


class ElementType(StrEnum):
    """The three element kinds of a data-flow diagram."""

    PROCESS = "process"
    DATA_STORE = "data_store"
    ACTOR = "actor"


class Function(StrEnum):
    """Clinical function of an element; mirrors the six categories of the MITRE CVSS rubric."""

    THERAPY = "therapy"
    DIAGNOSIS = "diagnosis"
    MONITORING = "monitoring"
    CLINICAL_WORKFLOW = "clinical-workflow"
    PHI = "phi"
    SYSTEM_SECRET = "system-secret"  # noqa: S105 - a category name, not a secret
    OTHER = "other"


class Protocol(StrEnum):
    """Protocols of flows and interfaces; the sets below group them for rules."""

    BLE = "ble"
    CLASSIC_BLUETOOTH = "classic-bluetooth"
    WIFI = "wifi"
    NFC = "nfc"
    PROPRIETARY_RF = "proprietary-rf"
    CELLULAR = "cellular"
    ETHERNET = "ethernet"
    USB = "usb"
    USB_CDC = "usb-cdc"
    UART = "uart"
    SERIAL = "serial"
    JTAG = "jtag"
    SWD = "swd"
    CAN = "can"
    INTERNAL = "internal"
    USER_INTERFACE = "user-interface"
    HTTP = "http"
    HTTPS = "https"
    MQTT = "mqtt"
    MQTTS = "mqtts"
    COAP = "coap"
    COAPS = "coaps"
    WEBSOCKET = "websocket"
    WSS = "wss"
    GRPC = "grpc"
    SSH = "ssh"
    TELNET = "telnet"
    FTP = "ftp"
    SFTP = "sftp"
    SMB = "smb"
    HL7_MLLP = "hl7-mllp"
    DICOM = "dicom"
    FHIR = "fhir"
    POSTGRESQL = "postgresql"
    MYSQL = "mysql"
    AMQP = "amqp"
    VPN = "vpn"
    RDP = "rdp"
    SNMP = "snmp"
    WIRED = "wired"  # a dedicated cable or board trace whose protocol is not named
    UNKNOWN = "unknown"  # stated as not known: judged by transport and boundaries crossed
    OTHER = "other"


class Transport(StrEnum):
    """How a flow travels, beside what it speaks: ``hl7-mllp`` over a dedicated cable is wired.

    Unstated, the transport follows from the protocol (see ``judgements.flow_transport``).
    """

    IN_HOST = "in-host"  # both ends on one machine: IPC, loopback, shared memory
    WIRED = "wired"  # a dedicated cable or board trace, point to point
    WIRELESS = "wireless"  # radio
    NETWORK = "network"  # a shared, routable network (LAN, VLAN, WAN, internet)


class PowerSource(StrEnum):
    """What keeps an element's hardware running; a battery can be drained by an attacker."""

    BATTERY = "battery"  # battery only (primary or rechargeable): exhaustion ends its function
    MAINS = "mains"
    MAINS_WITH_BATTERY = "mains-with-battery"  # mains, with a battery for transport or outages
    EXTERNAL = "external"  # powered by another device (USB bus, host, reader field)


class Authentication(StrEnum):
    """How a flow or interface authenticates its peer; ``none`` is stated, not unknown."""

    NONE = "none"
    PASSWORD = "password"  # noqa: S105 - vocabulary value
    MFA = "mfa"
    SHARED_KEY = "shared-key"
    CERTIFICATE = "certificate"
    MUTUAL_TLS = "mutual-tls"
    TOKEN = "token"  # noqa: S105 - vocabulary value
    BLE_JUST_WORKS = "ble-just-works"
    BLE_PASSKEY = "ble-passkey"
    BLE_NUMERIC_COMPARISON = "ble-numeric-comparison"
    BLE_OOB = "ble-oob"
    OTHER = "other"


class Encryption(StrEnum):
    """How a flow or interface is encrypted; see STRONG_ENCRYPTION and WEAK_ENCRYPTION."""

    NONE = "none"
    TLS1_0 = "tls1.0"
    TLS1_1 = "tls1.1"
    TLS1_2 = "tls1.2"
    TLS1_3 = "tls1.3"
    DTLS = "dtls"
    BLE_LEGACY = "ble-legacy"
    BLE_LESC = "ble-lesc"
    AES_CCM = "aes-ccm"
    IPSEC = "ipsec"
    WPA2 = "wpa2"
    WPA3 = "wpa3"
    PROPRIETARY = "proprietary"
    OTHER = "other"


class Credentials(StrEnum):
    """What credentials an element ships with; shared defaults and hard-coded ones are threats."""

    NONE = "none"
    UNIQUE_PER_DEVICE = "unique-per-device"
    SHARED_DEFAULT = "shared-default"
    HARDCODED = "hardcoded"


class Carries(StrEnum):
    """What a flow carries: data, commands (act on the device) or code (changes it)."""

    DATA = "data"
    COMMANDS = "commands"
    CODE = "code"


class InterfaceKind(StrEnum):
    """The kind of an interface; ``debug`` is one of the inputs of the debug-port judgement."""

    NETWORK = "network"
    WIRELESS = "wireless"
    USB = "usb"
    SERIAL = "serial"
    DEBUG = "debug"
    REMOVABLE_MEDIA = "removable-media"
    USER_INTERFACE = "user-interface"
    API = "api"


class Exposure(StrEnum):
    """Ordered from least to most reachable."""

    PHYSICAL = "physical"
    LOCAL = "local"
    ADJACENT = "adjacent"
    NETWORK = "network"
    INTERNET = "internet"

    @property
    def rank(self) -> int:
        """Position in the reachability order, 0 for physical."""
        return list(Exposure).index(self)


class Production(StrEnum):
    """Whether an interface is present in production units; disabled and removed weigh 0."""

    ENABLED = "enabled"
    DISABLED = "disabled"
    REMOVED = "removed"


class DataCategory(StrEnum):
    """Kinds of data, from GDPR special categories down to technical data."""

    HEALTH = "health"
    GENETIC = "genetic"
    BIOMETRIC = "biometric"
    PERSONAL = "personal"
    PSEUDONYMISED = "pseudonymised"
    ANONYMOUS = "anonymous"
    TECHNICAL = "technical"
    CREDENTIAL = "credential"

    @property
    def special(self) -> bool:
        """GDPR Art. 9 special category."""
        return self in (DataCategory.HEALTH, DataCategory.GENETIC, DataCategory.BIOMETRIC)

    @property
    def personal(self) -> bool:
        """Whether GDPR applies: everything but anonymous and technical data."""
        return self not in (DataCategory.ANONYMOUS, DataCategory.TECHNICAL)


class ControlCategory(StrEnum):
    """What a control does; control_effect.COVERS maps each to the STRIDE categories it answers."""

    AUTHENTICATION = "authentication"
    AUTHORIZATION = "authorization"
    CRYPTOGRAPHY = "cryptography"
    INTEGRITY = "integrity"
    CONFIDENTIALITY = "confidentiality"
    LOGGING = "logging"
    RESILIENCE = "resilience"
    UPDATE = "update"


class ControlStatus(StrEnum):
    """A planned control does not mitigate yet: threats relying on it stay open.

    A superseded one was made unnecessary by a design change (``superseded_by`` says which):
    it is kept on record and answers nothing any more.
    """

    IMPLEMENTED = "implemented"
    PLANNED = "planned"
    SUPERSEDED = "superseded"


class PartyKind(StrEnum):
    """Who a party is to the manufacturer: the one a risk can be transferred to."""

    HOSPITAL = "hospital"  # the health-care delivery organisation operating the device
    SUPPLIER = "supplier"  # a supplier operating a component or service for the manufacturer
    OPERATOR = "operator"  # another operator of an element outside the manufacturer's control
    OTHER = "other"


class Gate(StrEnum):
    """Which checklist items decide ``medsec check``'s exit code."""

    MANDATORY = "mandatory"  # the baseline items (EU MDR / FDA)
    ALL = "all"  # every item, for a manufacturer who commits to the beyond-baseline ones too


class HazardSeverity(StrEnum):
    """ISO 14971 style, ordered from least to most severe."""

    NEGLIGIBLE = "negligible"
    MINOR = "minor"
    SERIOUS = "serious"
    CRITICAL = "critical"
    CATASTROPHIC = "catastrophic"

    @property
    def rank(self) -> int:
        """Position in the severity order, 0 for negligible."""
        return list(HazardSeverity).index(self)


class RiskLevel(StrEnum):
    """Ordered from least to most risk."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Position in the risk order, 0 for low: compared with the acceptance threshold."""
        return list(RiskLevel).index(self)


class Severity(StrEnum):
    """CVSS qualitative severity, ordered."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Position in the severity order, 0 for none."""
        return list(Severity).index(self)


class Decision(StrEnum):
    """The risk treatment chosen for a threat (ISO 14971 / IEC 81001-5-1)."""

    MITIGATE = "mitigate"
    ACCEPT = "accept"
    TRANSFER = "transfer"
    AVOID = "avoid"


class Market(StrEnum):
    """Market codes (country or union) a device can be placed on, as the report lists them."""

    EU = "EU"
    US = "US"
    UK = "UK"
    CA = "CA"
    JP = "JP"
    CN = "CN"
    AU = "AU"
    CH = "CH"
    OTHER = "other"


class Activity(StrEnum):
    """Secure development activities of IEC 81001-5-1 clause 5 (and 6-9)."""

    SECURITY_REQUIREMENTS = "security-requirements"
    THREAT_MODEL = "threat-model"
    SECURE_CODING_STANDARD = "secure-coding-standard"
    STATIC_ANALYSIS = "static-analysis"
    CODE_REVIEW = "code-review"
    FUZZING = "fuzzing"
    VULNERABILITY_SCANNING = "vulnerability-scanning"
    PENETRATION_TEST = "penetration-test"
    RELEASE_REVIEW = "release-review"
    SECURITY_TRAINING = "security-training"
    DEPENDENCY_REVIEW = "dependency-review"
    HARDENING_GUIDE = "hardening-guide"
    INCIDENT_RESPONSE_PLAN = "incident-response-plan"
    OTHER = "other"


CLAUSE5_ACTIVITIES: tuple[Activity, ...] = (
    Activity.SECURITY_REQUIREMENTS,
    Activity.THREAT_MODEL,
    Activity.SECURE_CODING_STANDARD,
    Activity.STATIC_ANALYSIS,
    Activity.CODE_REVIEW,
    Activity.FUZZING,
    Activity.VULNERABILITY_SCANNING,
    Activity.PENETRATION_TEST,
    Activity.RELEASE_REVIEW,
)

WIRELESS_PROTOCOLS = frozenset(
    {
        Protocol.BLE,
        Protocol.CLASSIC_BLUETOOTH,
        Protocol.WIFI,
        Protocol.NFC,
        Protocol.PROPRIETARY_RF,
        Protocol.CELLULAR,
    }
)
ROUTABLE_PROTOCOLS = frozenset(
    {
        Protocol.WIFI,
        Protocol.ETHERNET,
        Protocol.CELLULAR,
        Protocol.HTTP,
        Protocol.HTTPS,
        Protocol.MQTT,
        Protocol.MQTTS,
        Protocol.COAP,
        Protocol.COAPS,
        Protocol.WEBSOCKET,
        Protocol.WSS,
        Protocol.GRPC,
        Protocol.SSH,
        Protocol.TELNET,
        Protocol.FTP,
        Protocol.SFTP,
        Protocol.SMB,
        Protocol.HL7_MLLP,
        Protocol.DICOM,
        Protocol.FHIR,
        Protocol.POSTGRESQL,
        Protocol.MYSQL,
        Protocol.AMQP,
        Protocol.VPN,
        Protocol.RDP,
        Protocol.SNMP,
    }
)
CLEARTEXT_PROTOCOLS = frozenset(
    {
        Protocol.HTTP,
        Protocol.MQTT,
        Protocol.COAP,
        Protocol.WEBSOCKET,
        Protocol.TELNET,
        Protocol.FTP,
        Protocol.SNMP,
    }
)
DEBUG_PROTOCOLS = frozenset({Protocol.JTAG, Protocol.SWD, Protocol.UART, Protocol.SERIAL})
CLINICAL_PROTOCOLS = frozenset({Protocol.HL7_MLLP, Protocol.DICOM, Protocol.FHIR})
STRONG_ENCRYPTION = frozenset(
    {
        Encryption.TLS1_2,
        Encryption.TLS1_3,
        Encryption.DTLS,
        Encryption.BLE_LESC,
        Encryption.AES_CCM,
        Encryption.IPSEC,
        Encryption.WPA3,
    }
)
WEAK_ENCRYPTION = frozenset(
    {Encryption.TLS1_0, Encryption.TLS1_1, Encryption.BLE_LEGACY, Encryption.PROPRIETARY}
)
STRONG_AUTHENTICATION = frozenset(
    {
        Authentication.MFA,
        Authentication.CERTIFICATE,
        Authentication.MUTUAL_TLS,
        Authentication.BLE_NUMERIC_COMPARISON,
        Authentication.BLE_OOB,
        Authentication.BLE_PASSKEY,
    }
)
