"""The device security project as pure values (format ``medsec/1``, DESIGN.md §2).

``None`` always means "unknown / not stated"; it is never read as "secure" or "insecure".
Each entity records the line of ``medsec.yaml`` it came from so findings can point at it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Literal

from medsec.domain.pentest import PentestTarget
from medsec.domain.vocabulary import (
    Activity,
    Authentication,
    BoundaryKind,
    Carries,
    ControlCategory,
    ControlStatus,
    Credentials,
    DataCategory,
    ElementType,
    Encryption,
    Exposure,
    Function,
    Gate,
    HazardSeverity,
    InterfaceKind,
    PartyKind,
    PowerSource,
    Production,
    Protocol,
    RiskLevel,
    Transport,
)

# Attributes added after the architecture digest was defined: they count in the digest only
# when set, so a project that does not use them keeps the digest its review recorded.
ADDED = {"digest": "when-set"}
# what "TBD" and its kin look like: an id that only holds one of these is no id (policy default)
PLACEHOLDERS = ("TBD", "TODO", "xxx")


@dataclass(frozen=True)
class Device:
    """What the project is about: the device's identity, markets and disclosure contacts."""

    id: str
    name: str
    version: str
    manufacturer: str
    intended_use: str | None = None
    markets: tuple[str, ...] = ()
    cyber_device: bool | None = None
    security_contact: str | None = None
    disclosure_policy: str | None = None
    major_version_date: date | None = None


@dataclass(frozen=True)
class Boundary:
    """A trust boundary (device, network, cloud ...); boundaries nest through ``parent``."""

    id: str
    name: str
    kind: BoundaryKind
    parent: str | None = None
    line: int | None = field(default=None, compare=False)
    # the party (``parties``) that operates what is inside; None: the manufacturer
    operated_by: str | None = field(default=None, metadata=ADDED)
    # where it is: an ISO 3166-1 alpha-2 country or a cloud region id (engines/privacy/regions)
    region: str | None = field(default=None, metadata=ADDED)


class TransferMechanism(StrEnum):
    """The GDPR Chapter V basis of a transfer of personal data out of the EU/EEA."""

    ADEQUACY = "adequacy"  # Art. 45: an adequacy decision for the destination country
    SCC = "scc"  # Art. 46(2)(c): standard contractual clauses
    BCR = "bcr"  # Art. 47: binding corporate rules
    ART49 = "art49"  # Art. 49: a derogation for specific situations (occasional only)


class PartyRole(StrEnum):
    """A party's GDPR role in the processing of the model's personal data."""

    CONTROLLER = "controller"  # decides purposes and means (the hospital, for patient data)
    JOINT_CONTROLLER = "joint-controller"  # decides them together with the manufacturer
    PROCESSOR = "processor"  # processes on the manufacturer's behalf (a hosting provider)
    THIRD_PARTY = "third-party"  # receives data for its own purposes (its own controller)


@dataclass(frozen=True)
class Party:
    """Someone other than the manufacturer who operates part of the system and can take a risk."""

    id: str
    name: str
    kind: PartyKind
    line: int | None = field(default=None, compare=False)
    role: PartyRole | None = field(default=None, metadata=ADDED)  # None: not stated
    # what covers the transfers to what it operates outside the EU/EEA (SCCs with a vendor)
    transfer: TransferMechanism | None = field(default=None, metadata=ADDED)


@dataclass(frozen=True)
class Update:
    """How an element is updated: signing, rollback protection and channel, ``None`` if unstated."""

    signed: bool | None = None
    rollback_protection: bool | None = None
    channel: Protocol | None = (
        None  # None = unknown; Protocol value or "none" handled by has_update
    )
    # a failed, interrupted or corrupted install leaves a working image (A/B slots, recovery)
    atomic: bool | None = field(default=None, metadata=ADDED)


# --- what the MDS2 form asks of a software element (engines/mds2): sessions, audit, platform ---


@dataclass(frozen=True)
class Session:
    """How a logged-in session ends by itself: the inactivity timeout and who may change it."""

    auto_logoff_minutes: int | Literal["none"] | None = None  # "none": sessions never lock
    configurable: bool | None = None  # the owner/operator can change the timeout


class AuditEvent(StrEnum):
    """An event an element records in its audit log (the MDS2 AUDT-2 list)."""

    LOGIN = "login"
    LOGOUT = "logout"
    FAILED_LOGIN = "failed-login"
    PRIVILEGE_CHANGE = "privilege-change"
    USER_CHANGE = "user-change"  # users created, changed or deleted
    DATA_ACCESS = "data-access"  # clinical or personal data presented (display, print)
    DATA_CHANGE = "data-change"  # data created, changed or deleted
    MEDIA_IMPORT_EXPORT = "media-import-export"  # data in or out over removable media
    DATA_TRANSFER = "data-transfer"  # data or commands received or sent over a link
    SERVICE_SESSION = "service-session"  # a remote or on-site service session
    API_ACCESS = "api-access"
    EMERGENCY_ACCESS = "emergency-access"
    SOFTWARE_UPDATE = "software-update"
    CONFIG_CHANGE = "config-change"


class AuditExport(StrEnum):
    """How the owner/operator gets an element's audit log out of it."""

    SYSLOG = "syslog"  # forwarded to a SIEM (RFC 5424/5425)
    ATNA = "atna"  # IHE ATNA audit messages to an audit record repository
    FILE = "file"  # a file the owner copies or downloads (service tool, portal, USB)
    API = "api"  # an interface the owner's tools query


@dataclass(frozen=True)
class Audit:
    """What an element's audit log records and how it leaves; ``None`` fields are unstated."""

    events: tuple[AuditEvent, ...] | None = None  # (): records none of the listed events
    export: tuple[AuditExport, ...] | None = None  # (): the owner cannot export it
    configurable: bool | None = None  # the owner/operator selects which events are recorded


class AntiMalware(StrEnum):
    """Whether and how anti-malware software runs on an element's machine."""

    NONE = "none"  # not supported
    INCLUDED = "included"  # shipped and on by default
    OPTIONAL = "optional"  # available from the manufacturer as an option
    CUSTOMER = "customer"  # the owner/operator installs its own (the documentation allows it)


@dataclass(frozen=True)
class MalwareProtection:
    """How an element's machine is kept free of malware; ``None`` fields are unstated."""

    hosts_executables: bool | None = None  # can run software other than the shipped image
    anti_malware: AntiMalware | None = None
    allow_listing: bool | None = None  # application allow-listing restricts what may run
    intrusion_detection: bool | None = None  # a host-based intrusion detection/prevention system


class Provider(StrEnum):
    """Who supplies or maintains a part of the platform: the manufacturer or its customer."""

    MANUFACTURER = "manufacturer"
    CUSTOMER = "customer"  # the owner/operator (the hospital)


@dataclass(frozen=True)
class OperatingSystem:
    """The operating system an element runs on, and who provides and patches it."""

    name: str
    version: str | None = None
    supplier: str | None = None  # who makes it (Microsoft, the Yocto build of the manufacturer)
    provided_by: Provider | None = None  # the customer's own OS (a hospital VM) or shipped
    patched_by: Provider | None = None  # who installs its security patches


class BackupTarget(StrEnum):
    """Where an element backs its data up to."""

    REMOVABLE_MEDIA = "removable-media"
    REMOTE = "remote"  # remote storage over a network


@dataclass(frozen=True)
class Backup:
    """Backup, restore and factory reset of an element; ``None`` fields are unstated."""

    targets: tuple[BackupTarget, ...] | None = None  # (): no backup of its own
    configuration: bool | None = None  # configuration and software can be restored
    integrity_check: bool | None = None  # a backup's integrity and authenticity are checked
    factory_reset: bool | None = None


@dataclass(frozen=True)
class Element:
    """A process, data store or actor of the architecture, with its security attributes."""

    id: str
    name: str
    type: ElementType
    boundary: str | None = None
    function: Function | None = None
    safety_critical: bool | None = None
    patients: int | None = None
    sbom: tuple[str, ...] = ()
    software: bool | None = None
    credentials: Credentials | None = None
    secure_boot: bool | None = None
    update: Update | None = None
    updatable: bool | None = None  # False when the element states update channel "none"
    stores: tuple[str, ...] = ()
    encryption_at_rest: bool | None = None
    security_logging: bool | None = None
    stores_logs: bool | None = None
    internet_facing: bool | None = None
    object_level_authorization: bool | None = None
    parses_untrusted_input: bool | None = None
    description: str | None = None
    line: int | None = field(default=None, compare=False)
    # the process (OS, platform) whose machine this element runs on
    host: str | None = field(default=None, metadata=ADDED)
    power: PowerSource | None = field(default=None, metadata=ADDED)
    # drives a motor, valve, heater, stimulator or emitter
    actuator: bool | None = field(default=None, metadata=ADDED)
    # no software or firmware at all (a sensor, a motor driver); ``software`` says whose it is
    hardware_only: bool | None = field(default=None, metadata=ADDED)
    # the party (``parties``) that operates it; None: as its host or boundary, else the manufacturer
    operated_by: str | None = field(default=None, metadata=ADDED)
    # (part of) a product with digital elements under the CRA, not covered by the MDR/IVDR
    cra_scope: bool | None = field(default=None, metadata=ADDED)
    # where it runs or keeps its data (country or cloud region); None: as its host or boundary
    region: str | None = field(default=None, metadata=ADDED)
    # how long a store keeps what it holds (ISO 8601 duration or "indefinite"); None: unstated
    retention: str | None = field(default=None, metadata=ADDED)
    # what the MDS2 form asks (engines/mds2); None: not stated, the question stays open
    session: Session | None = field(default=None, metadata=ADDED)
    audit: Audit | None = field(default=None, metadata=ADDED)
    malware_protection: MalwareProtection | None = field(default=None, metadata=ADDED)
    operating_system: OperatingSystem | Literal["none"] | None = field(default=None, metadata=ADDED)
    backup: Backup | None = field(default=None, metadata=ADDED)
    emergency_access: bool | None = field(default=None, metadata=ADDED)  # a break-glass login

    @property
    def is_software(self) -> bool:
        """Processes and data stores are software unless the project says otherwise."""
        if self.hardware_only:
            return False
        if self.software is not None:
            return self.software
        return self.type is ElementType.PROCESS


@dataclass(frozen=True)
class Flow:
    """Data, commands or code moving from one element to another, and how it is protected."""

    id: str
    source: str
    target: str
    protocol: Protocol | None = None
    carries: Carries | None = None
    data: tuple[str, ...] = ()
    authentication: Authentication | None = None
    encryption: Encryption | None = None
    replay_protection: bool | None = None
    certificate_validation: bool | None = None
    name: str | None = None
    line: int | None = field(default=None, compare=False)
    # one link, both ends send: both are sender and receiver
    bidirectional: bool = field(default=False, metadata=ADDED)
    transport: Transport | None = field(default=None, metadata=ADDED)  # None: from the protocol
    # the Chapter V basis when it takes personal data out of the EU/EEA
    transfer: TransferMechanism | None = field(default=None, metadata=ADDED)

    @property
    def label(self) -> str:
        """The flow's name, or ``source → target`` when it has none."""
        return self.name or f"{self.source} → {self.target}"


@dataclass(frozen=True)
class Interface:
    """A way into an element (port, radio, debug header ...) and how exposed and guarded it is."""

    id: str
    element: str
    kind: InterfaceKind | None = None
    protocol: Protocol | None = None
    port: int | None = None
    exposure: Exposure | None = None
    authentication: Authentication | None = None
    encryption: Encryption | None = None
    production: Production | None = None
    needed_for: tuple[str, ...] = ()
    always_on: bool | None = None
    name: str | None = None
    line: int | None = field(default=None, compare=False)
    # failed logins limited (lockout, back-off or rate limit)
    lockout: bool | None = field(default=None, metadata=ADDED)


class DataStatus(StrEnum):
    """Whether the device still collects a data item; a retired one stays on record."""

    COLLECTED = "collected"
    RETIRED = "retired"


class DataTrait(StrEnum):
    """What a data item reveals beyond its GDPR category: the facts the privacy rules read."""

    IDENTIFIER = "identifier"  # a persistent identifier of a patient or their device
    LOCATION = "location"  # where the person is or was
    TIMING = "timing"  # when something happened (dose times, sessions)
    USAGE = "usage"  # how and how often the device is used
    PSEUDONYM_KEY = "pseudonym-key"  # maps pseudonyms back to identities


class DataRight(StrEnum):
    """A data subject's right (GDPR Art. 15-20) a use case lets people exercise."""

    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    PORTABILITY = "portability"


@dataclass(frozen=True)
class DataItem:
    """A kind of data the device handles, with the GDPR facts (basis, retention, transfers)."""

    id: str
    name: str
    category: DataCategory
    subjects: str | None = None
    purpose: str | None = None
    legal_basis: tuple[str, ...] = ()
    retention: str | None = None
    recipients: tuple[str, ...] = ()
    transfers: tuple[str, ...] = ()
    pseudonymised: bool | None = None
    line: int | None = field(default=None, compare=False)
    status: DataStatus = DataStatus.COLLECTED  # retired: no longer collected, kept on record
    retired_on: date | None = None  # the day collection stopped
    # what it reveals beyond its category (identifier, location, timing ...); () when nothing
    traits: tuple[DataTrait, ...] = field(default=(), metadata=ADDED)

    @property
    def retired(self) -> bool:
        """No longer collected (it stays in the inventory, the record of what was processed)."""
        return self.status is DataStatus.RETIRED


@dataclass(frozen=True)
class UseCase:
    """What the device is for, and the data and interfaces that purpose really needs."""

    id: str
    name: str
    needs_data: tuple[str, ...] = ()
    needs_interfaces: tuple[str, ...] = ()
    line: int | None = field(default=None, compare=False)
    # data-subject rights it serves for the data it needs; None: not stated
    rights: tuple[DataRight, ...] | None = field(default=None, metadata=ADDED)
    # how long the purpose needs its data (ISO 8601 duration); None: not stated
    retention: str | None = field(default=None, metadata=ADDED)


@dataclass(frozen=True)
class Control:
    """A security control: what it applies to, which threats it answers, its CVSS effect."""

    id: str
    name: str
    category: ControlCategory
    applies_to: tuple[str, ...] = ()
    requirement: str | None = None
    verified_by: tuple[str, ...] = ()
    status: ControlStatus = ControlStatus.IMPLEMENTED
    mitigates: tuple[str, ...] = ()  # rule ids or threat ids this control answers explicitly
    effect: tuple[tuple[str, str], ...] = ()  # CVSS metric overrides, e.g. (("PR", "H"),)
    line: int | None = field(default=None, compare=False)
    superseded_by: str | None = None  # status superseded: the design change that replaced it


@dataclass(frozen=True)
class Hazard:
    """An ISO 14971 hazard a threat can lead to; its severity feeds the risk matrix."""

    id: str
    harm: str
    severity: HazardSeverity | None = None  # None: not stated yet (asked as missing information)
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Policy:
    """The manufacturer's thresholds: acceptable risk, review cadences, deadlines, risk matrix."""

    risk_acceptance: RiskLevel = RiskLevel.MEDIUM
    review_interval_days: int = 365
    pentest_interval_days: int = 365
    cve_scan_interval_days: int = 365
    data_max_age_days: int = 7
    triage_days: tuple[tuple[str, int], ...] = (
        ("critical", 7),
        ("high", 14),
        ("medium", 30),
        ("low", 90),
    )
    remediation_days: tuple[tuple[str, int], ...] = (
        ("critical", 30),
        ("high", 60),
        ("medium", 180),
        ("low", 365),
    )
    # risk matrix: rows = CVSS severity, columns = hazard severity -> risk level
    risk_matrix: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    gate: Gate = Gate.MANDATORY  # which checklist items decide check's exit code
    placeholders: tuple[str, ...] = PLACEHOLDERS  # ids that stand for "not known yet"


@dataclass(frozen=True)
class ActivityRecord:
    """Evidence that a secure development activity was done: file, date, who, release."""

    activity: Activity
    evidence: str | None = None
    date: date | None = None
    by: str | None = None
    line: int | None = field(default=None, compare=False)
    version: str | None = None  # the release the evidence belongs to, when stated
    sha256: str | None = None  # the evidence file's digest when the activity was recorded
    shared: bool = False  # the evidence file also documents other activities, on purpose


@dataclass(frozen=True)
class Review:
    """A signed-off review (a checklist item, or the release) with digests of what it saw."""

    item: str
    date: date
    by: str
    architecture_digest: str | None = None
    line: int | None = field(default=None, compare=False)
    model_digest: str | None = None  # the whole design (not the evidence)
    register_digest: str | None = None  # the people's part of threats.yaml
    sbom_digest: str | None = None  # the SBOM files the elements name


@dataclass(frozen=True)
class Pentest:
    """A penetration test as declared: tester, independence, scope, reports, findings left."""

    id: str
    tester: str
    date: date
    independent: bool | None = None
    independence_rationale: str | None = None
    scope: tuple[str, ...] = ()
    reports: tuple[str, ...] = ()
    device_version: str | None = None
    open_findings: int | None = None
    line: int | None = field(default=None, compare=False)
    tester_qualifications: tuple[str, ...] = ()
    start_date: dt.date | None = None
    duration_days: float | None = None
    methods: tuple[str, ...] = ()


@dataclass(frozen=True)
class Project:
    """A loaded, cross-checked device security project."""

    root: str
    device: Device
    boundaries: tuple[Boundary, ...] = ()
    elements: tuple[Element, ...] = ()
    flows: tuple[Flow, ...] = ()
    interfaces: tuple[Interface, ...] = ()
    data: tuple[DataItem, ...] = ()
    use_cases: tuple[UseCase, ...] = ()
    controls: tuple[Control, ...] = ()
    hazards: tuple[Hazard, ...] = ()
    policy: Policy = field(default_factory=Policy)
    activities: tuple[ActivityRecord, ...] = ()
    reviews: tuple[Review, ...] = ()
    pentests: tuple[Pentest, ...] = ()
    pentest_targets: tuple[PentestTarget, ...] = ()
    # element id -> hazard ids it can cause (threat target -> ISO 14971 link)
    hazard_links: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # file existence facts collected at load time so engines stay pure
    existing_files: frozenset[str] = frozenset()
    file_dates: tuple[tuple[str, date], ...] = ()
    dpia: str | None = None
    dpia_screening: str | None = None
    policy_declared: bool = False  # False: the defaults apply, nobody wrote a policy
    parties: tuple[Party, ...] = ()  # who else operates part of the system (hospital, ...)

    def in_boundary_kind(self, element_id: str, kind: str) -> bool:
        """Whether the element sits (directly or through nesting) in a boundary of ``kind``."""
        parents = self._lookup.boundaries
        el = self.find_element(element_id)
        current = parents.get(el.boundary) if el and el.boundary else None
        seen: set[str] = set()
        while current is not None and current.id not in seen:
            if current.kind.value == kind:
                return True
            seen.add(current.id)
            current = parents.get(current.parent) if current.parent else None
        return False

    @cached_property
    def _lookup(self) -> _Lookup:
        """Indexes built on first use, so lookups stay cheap on large models."""
        return _Lookup.of(self)

    def element(self, element_id: str) -> Element:
        """The element with this id; ``KeyError`` if unknown (``find_element`` for dangling ids)."""
        return self._lookup.elements[element_id]

    def find_element(self, element_id: str) -> Element | None:
        """The element with this id, or ``None`` for ids the model does not have."""
        return self._lookup.elements.get(element_id)

    def flows_into(self, element_id: str) -> tuple[Flow, ...]:
        """Flows that deliver to the element (targets, and both ends of bidirectional flows)."""
        return self._lookup.inbound.get(element_id, ())

    def flows_touching(self, element_id: str) -> tuple[Flow, ...]:
        """Flows that start or end at the element, each once, in model order."""
        return self._lookup.touching.get(element_id, ())

    def interfaces_of(self, element_id: str) -> tuple[Interface, ...]:
        """The element's interfaces, in model order."""
        return self._lookup.interfaces.get(element_id, ())

    def hosted_on(self, element_id: str) -> tuple[Element, ...]:
        """Elements that name this one as their ``host``, in model order."""
        return self._lookup.hosted.get(element_id, ())

    def find_interface(self, interface_id: str) -> Interface | None:
        """The interface with this id, or ``None`` for ids the model does not have."""
        return self._lookup.interface_ids.get(interface_id)

    def boundary(self, boundary_id: str) -> Boundary | None:
        """The boundary with this id, or ``None``."""
        return self._lookup.boundaries.get(boundary_id)

    def operator(self, element_id: str) -> str | None:
        """The party operating the element: its own, its host's, else its boundaries' (None: us).

        ``operated_by`` on an element wins, then its host's (a hosted store runs where its host
        runs), then the nearest boundary's up the ``parent`` chain; nothing stated is the
        manufacturer (``None``).
        """
        seen: set[str] = set()
        boundary: str | None = None
        el = self.find_element(element_id)
        while el is not None and el.id not in seen:
            if el.operated_by is not None:
                return el.operated_by
            boundary = boundary or el.boundary
            seen.add(el.id)
            el = self.find_element(el.host) if el.host else None
        return self.boundary_operator(boundary) if boundary else None

    def boundary_operator(self, boundary_id: str) -> str | None:
        """The party operating a boundary: its own ``operated_by``, else its parent's (None: us)."""
        current = self._lookup.boundaries.get(boundary_id)
        seen: set[str] = set()
        while current is not None and current.id not in seen:
            if current.operated_by is not None:
                return current.operated_by
            seen.add(current.id)
            current = self._lookup.boundaries.get(current.parent) if current.parent else None
        return None

    def party(self, party_id: str) -> Party | None:
        """The declared party with this id, or ``None``."""
        return next((p for p in self.parties if p.id == party_id), None)

    def hazards_for(self, target_id: str) -> tuple[Hazard, ...]:
        """Hazards ``hazard_links`` ties to a threat target, in the order they are declared."""
        ids: set[str] = set()
        for key, hz in self.hazard_links:
            if key == target_id:
                ids.update(hz)
        return tuple(h for h in self.hazards if h.id in ids)


@dataclass(frozen=True)
class _Lookup:
    """Indexes over a project, built once on first use (models of thousands of elements)."""

    elements: dict[str, Element]
    boundaries: dict[str, Boundary]
    inbound: dict[str, tuple[Flow, ...]]
    touching: dict[str, tuple[Flow, ...]]
    interfaces: dict[str, tuple[Interface, ...]]
    interface_ids: dict[str, Interface]
    hosted: dict[str, tuple[Element, ...]]

    @classmethod
    def of(cls, project: Project) -> _Lookup:
        """Build every index in one pass over flows and interfaces."""
        inbound: dict[str, list[Flow]] = {}
        touching: dict[str, list[Flow]] = {}
        for f in project.flows:
            inbound.setdefault(f.target, []).append(f)
            if f.bidirectional and f.source != f.target:
                inbound.setdefault(f.source, []).append(f)
            touching.setdefault(f.source, []).append(f)
            if f.target != f.source:
                touching.setdefault(f.target, []).append(f)
        interfaces: dict[str, list[Interface]] = {}
        for i in project.interfaces:
            interfaces.setdefault(i.element, []).append(i)
        hosted: dict[str, list[Element]] = {}
        for e in project.elements:
            if e.host is not None:
                hosted.setdefault(e.host, []).append(e)
        return cls(
            elements={e.id: e for e in project.elements},
            boundaries={b.id: b for b in project.boundaries},
            inbound={k: tuple(v) for k, v in inbound.items()},
            touching={k: tuple(v) for k, v in touching.items()},
            interfaces={k: tuple(v) for k, v in interfaces.items()},
            interface_ids={i.id: i for i in project.interfaces},
            hosted={k: tuple(v) for k, v in hosted.items()},
        )
