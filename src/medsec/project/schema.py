"""Pydantic models of ``medsec.yaml`` (format ``medsec/1``): the file contract.

Keys and vocabulary values are a contract with users and their scripts: add freely, never
rename without still accepting the old name (use ``validation_alias=AliasChoices(new, old)``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from medsec.domain.model import (
    PLACEHOLDERS,
    AntiMalware,
    AuditEvent,
    AuditExport,
    BackupTarget,
    DataRight,
    DataStatus,
    DataTrait,
    PartyRole,
    Provider,
    TransferMechanism,
)
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

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
# hazard, requirement and test ids follow the user's QMS: allow upper case and dots/underscores
RefId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$", max_length=120)]
LegalBasis = Literal[
    "none",
    "art6-1a",
    "art6-1b",
    "art6-1c",
    "art6-1d",
    "art6-1e",
    "art6-1f",
    "art9-2a",
    "art9-2b",
    "art9-2c",
    "art9-2d",
    "art9-2e",
    "art9-2f",
    "art9-2g",
    "art9-2h",
    "art9-2i",
    "art9-2j",
]
# ISO 8601 duration with at least one component (``P30D``, ``P1Y6M``, ``PT12H``; not ``P``
# or ``P1DT``): a date part, a time part after ``T``, or both
_DATE = r"(?:\d+Y(?:\d+M)?(?:\d+W)?(?:\d+D)?|\d+M(?:\d+W)?(?:\d+D)?|\d+W(?:\d+D)?|\d+D)"
_TIME = r"T(?:\d+H(?:\d+M)?(?:\d+S)?|\d+M(?:\d+S)?|\d+S)"
Duration = Annotated[str, StringConstraints(pattern=rf"^P(?:{_DATE}(?:{_TIME})?|{_TIME})$")]
# a country (ISO 3166-1 alpha-2) or a cloud region id; checked against the shipped table on load
Region = Annotated[str, StringConstraints(min_length=1, max_length=40)]
SeverityDays = dict[Literal["critical", "high", "medium", "low"], Annotated[int, Field(ge=0)]]


class Strict(BaseModel):
    """Base of every section: unknown keys are errors and values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class DeviceModel(Strict):
    """The device the project describes: identity, markets and how to report vulnerabilities."""

    id: Id
    name: str
    version: str
    manufacturer: str
    intended_use: str | None = None
    markets: list[str] = []
    cyber_device: bool | None = None
    security_contact: str | None = None
    disclosure_policy: str | None = None
    major_version_date: dt.date | None = Field(
        default=None, description="Release date of the current major version."
    )


class BoundaryModel(Strict):
    """A trust boundary: everything inside it shares one level of trust."""

    id: Id
    name: str
    kind: BoundaryKind
    parent: Id | None = None
    operated_by: Id | None = Field(
        default=None,
        description="The party (parties:) that operates what is inside the boundary; unstated: "
        "the manufacturer.",
    )
    region: Region | None = Field(
        default=None,
        description="Where it is: an ISO 3166-1 alpha-2 country code (DE, US) or a cloud region "
        "id (eu-central-1, westeurope, europe-west3); nested boundaries and their elements "
        "inherit it. Decides which flows take personal data out of the EU/EEA.",
    )


class PartyModel(Strict):
    """Someone other than the manufacturer who operates part of the system (a risk can be
    transferred to a party only for what it operates)."""

    id: Id
    name: str
    kind: PartyKind
    role: PartyRole | None = Field(
        default=None,
        description="Its GDPR role: controller, joint-controller, processor or third-party. A "
        "controller party makes the manufacturer's cloud processing of its data processing on "
        "its behalf (the Art. 30(2) record).",
    )
    transfer: TransferMechanism | None = Field(
        default=None,
        description="What covers transfers of personal data to what it operates outside the "
        "EU/EEA: adequacy, scc, bcr or art49.",
    )


class UpdateModel(Strict):
    """How an element's software is updated: signed, rollback-protected, over which channel."""

    signed: bool | None = None
    rollback_protection: bool | None = None
    channel: Protocol | Literal["none"] | None = None
    atomic: bool | None = Field(
        default=None,
        description="A failed, interrupted or corrupted install leaves a working image "
        "(A/B slots, recovery image, automatic fallback).",
    )


# --- what the MDS2 form asks of a software element (docs/format.md, elements) ----------------


class SessionModel(Strict):
    """How a logged-in session ends by itself (MDS2 ALOF)."""

    auto_logoff_minutes: Annotated[int, Field(ge=1, le=1440)] | Literal["none"] | None = Field(
        default=None,
        description="Minutes of inactivity before the session locks or logs off; none: it "
        "never does.",
    )
    configurable: bool | None = Field(
        default=None, description="The owner/operator can change the timeout."
    )

    @field_validator("auto_logoff_minutes", mode="before")
    @classmethod
    def _minutes(cls, value: object) -> object:
        """Whole minutes from 1 to 1440, or none: said in one sentence, not as a union's errors."""
        fits = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1440
        if value is None or value == "none" or fits:
            return value
        raise ValueError(f"must be the minutes of inactivity (1 to 1440) or none, not {value!r}")


class AuditModel(Strict):
    """What an element's audit log records and how the owner gets it (MDS2 AUDT)."""

    events: list[AuditEvent] | None = Field(
        default=None, description="The events recorded; []: none of them."
    )
    export: list[AuditExport] | None = Field(
        default=None, description="How the owner/operator exports the log; []: not at all."
    )
    configurable: bool | None = Field(
        default=None, description="The owner/operator selects which events are recorded."
    )


class MalwareProtectionModel(Strict):
    """How an element's machine is kept free of malware (MDS2 MLDP, CSUP-4)."""

    hosts_executables: bool | None = Field(
        default=None, description="It can run software other than the manufacturer's image."
    )
    anti_malware: AntiMalware | None = None
    allow_listing: bool | None = Field(
        default=None, description="Application allow-listing restricts what may run."
    )
    intrusion_detection: bool | None = Field(
        default=None, description="A host-based intrusion detection/prevention system runs."
    )


class OperatingSystemModel(Strict):
    """The operating system an element runs on, and who provides and patches it (MDS2 CSUP-2)."""

    name: Annotated[str, StringConstraints(min_length=1)]
    version: str | None = None
    supplier: str | None = None
    provided_by: Provider | None = None
    patched_by: Provider | None = None


class BackupModel(Strict):
    """Backup, restore and factory reset of an element (MDS2 DTBK)."""

    targets: list[BackupTarget] | None = Field(
        default=None, description="Where it backs up to; []: no backup of its own."
    )
    configuration: bool | None = Field(
        default=None, description="Configuration and software can be backed up and restored."
    )
    integrity_check: bool | None = Field(
        default=None, description="A backup's integrity and authenticity are checked."
    )
    factory_reset: bool | None = None


class ElementModel(Strict):
    """A node of the data-flow diagram (process, data store or actor) and its security traits."""

    id: Id
    name: str
    type: ElementType
    boundary: Id | None = None
    function: Function | None = None
    safety_critical: bool | None = None
    patients: Annotated[int, Field(ge=0)] | None = None
    sbom: list[str] = []
    software: bool | None = None
    credentials: Credentials | None = None
    secure_boot: bool | None = None
    update: UpdateModel | None = None
    stores: list[Id] = []
    encryption_at_rest: bool | None = None
    security_logging: bool | None = None
    stores_logs: bool | None = None
    internet_facing: bool | None = None
    object_level_authorization: bool | None = None
    parses_untrusted_input: bool | None = None
    hazards: list[RefId] = []
    description: str | None = None
    host: Id | None = Field(
        default=None,
        description="The process (operating system, platform) whose machine this process or "
        "store runs on; co-hosted elements share its exposure, flows between them are in-host.",
    )
    power: PowerSource | None = Field(
        default=None, description="What powers the element's hardware."
    )
    actuator: bool | None = Field(
        default=None,
        description="Drives a physical actuator (motor, valve, heater, stimulator, emitter).",
    )
    hardware_only: bool | None = Field(
        default=None,
        description="Runs no software or firmware at all (a sensor, a motor driver): no STRIDE "
        "repudiation, no software questions. 'software: false' only says it is not yours.",
    )
    operated_by: Id | None = Field(
        default=None,
        description="The party (parties:) that operates the element; unstated: as its host or "
        "boundary, else the manufacturer.",
    )
    cra_scope: bool | None = Field(
        default=None,
        description="(Part of) a product with digital elements under the EU Cyber Resilience "
        "Act: placed on the market as its own product, not covered by the MDR/IVDR (a "
        "companion app, gateway, cloud or wellness service). Unstated: asked for cloud and "
        "mobile software when the device is sold in the EU.",
    )
    region: Region | None = Field(
        default=None,
        description="Where it runs or keeps its data (country code or cloud region id); "
        "unstated: as its host, else its boundary.",
    )
    retention: Duration | Literal["indefinite"] | None = Field(
        default=None,
        description="How long a data store keeps what it holds (ISO 8601 duration, or "
        "indefinite); unstated: each data item's own retention.",
    )
    session: SessionModel | None = None
    audit: AuditModel | None = None
    malware_protection: MalwareProtectionModel | None = None
    operating_system: OperatingSystemModel | Literal["none"] | None = None
    backup: BackupModel | None = None
    emergency_access: bool | None = Field(
        default=None, description="A break-glass login gives access in an emergency."
    )

    @field_validator("operating_system", mode="before")
    @classmethod
    def _os_or_none(cls, value: object) -> object:
        """A mapping or ``none``: a bare name says neither who provides nor who patches it."""
        if isinstance(value, str) and value != "none":
            raise ValueError(
                f"must be a mapping ({{name: {value}, provided_by: …, patched_by: …}}) or "
                f"none, not {value!r}"
            )
        return value

    @model_validator(mode="after")
    def _audit_agrees(self) -> ElementModel:
        """An audit log with events needs logging on; an emergency event, emergency access."""
        events = set(self.audit.events or ()) if self.audit else set()
        if events and self.security_logging is False:
            raise ValueError("audit.events lists events, but security_logging is false")
        if AuditEvent.EMERGENCY_ACCESS in events and self.emergency_access is False:
            raise ValueError("audit.events records emergency-access, but emergency_access is false")
        return self


class FlowModel(Strict):
    """A data flow between two elements and how it is protected."""

    id: Id
    name: str | None = None
    from_: Id = Field(alias="from")
    to: Id
    protocol: Protocol | None = None
    carries: Carries | None = None
    data: list[Id] = []
    authentication: Authentication | None = None
    encryption: Encryption | None = None
    replay_protection: bool | None = None
    certificate_validation: bool | None = None
    hazards: list[RefId] = []
    bidirectional: bool = Field(
        default=False,
        description="One link on which both ends send: threats are generated once, and each "
        "end is also a receiver.",
    )
    transport: Transport | None = Field(
        default=None,
        description="How the flow travels (in-host, wired, wireless, network); unstated, it "
        "follows from the protocol.",
    )
    transfer: TransferMechanism | None = Field(
        default=None,
        description="The GDPR Chapter V basis when the flow takes personal data out of the "
        "EU/EEA: adequacy, scc, bcr or art49.",
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class InterfaceModel(Strict):
    """An entry point of the attack surface on an element."""

    id: Id
    name: str | None = None
    element: Id
    kind: InterfaceKind | None = None
    protocol: Protocol | None = None
    port: Annotated[int, Field(ge=0, le=65535)] | None = None
    exposure: Exposure | None = None
    authentication: Authentication | None = None
    encryption: Encryption | None = None
    production: Production | None = None
    needed_for: list[Id] = []
    always_on: bool | None = None
    lockout: bool | None = Field(
        default=None,
        description="Failed logins are limited (account lockout, back-off or rate limit).",
    )


class DataModel(Strict):
    """A data item of the inventory (GDPR Art. 30): category, purpose, legal basis, retention."""

    id: Id
    name: str
    category: DataCategory
    subjects: str | None = None
    purpose: str | None = None
    legal_basis: LegalBasis | list[LegalBasis] | None = None
    retention: Duration | Literal["indefinite"] | None = None
    recipients: list[str] = []
    transfers: list[str] = []
    pseudonymised: bool | None = None
    status: DataStatus = Field(
        default=DataStatus.COLLECTED,
        description="retired: no longer collected; the item stays on record (with retired_on).",
    )
    retired_on: dt.date | None = Field(
        default=None, description="With status retired: the day the device stopped collecting it."
    )
    traits: list[DataTrait] = Field(
        default=[],
        description="What it reveals beyond its category: identifier (a persistent identifier of "
        "a patient or their device), location, timing, usage, pseudonym-key (maps pseudonyms back "
        "to identities). Read by the LINDDUN privacy rules.",
    )


class UseCaseModel(Strict):
    """Why data items and interfaces exist: what a use case needs."""

    id: Id
    name: str
    needs_data: list[Id] = []
    needs_interfaces: list[Id] = []
    rights: list[DataRight] | None = Field(
        default=None,
        description="Data-subject rights (GDPR Art. 15-20) the use case lets people exercise "
        "over the data it needs: access, rectification, erasure, portability.",
    )
    retention: Duration | Literal["indefinite"] | None = Field(
        default=None,
        description="How long the purpose needs its data (ISO 8601 duration, or indefinite: as "
        "long as it is kept): a store that keeps "
        "it longer than every use case needing it is a data-minimisation finding.",
    )


class ControlModel(Strict):
    """A security control: its category, what it applies to and what it mitigates."""

    id: Id
    name: str
    category: ControlCategory
    applies_to: list[Id] = []
    requirement: str | None = None
    verified_by: list[str] = []
    status: ControlStatus = ControlStatus.IMPLEMENTED
    mitigates: list[str] = []
    effect: dict[str, str] = {}
    superseded_by: str | None = Field(
        default=None,
        description="With status superseded: the design change that made the control "
        "unnecessary (change request, or the attribute now set).",
    )


class HazardModel(Strict):
    """An ISO 14971 hazard threats can be linked to."""

    id: RefId
    harm: str
    severity: HazardSeverity | None = None


class PolicyModel(Strict):
    """Risk acceptance, review and test intervals, and deadlines by severity."""

    risk_acceptance: RiskLevel = RiskLevel.MEDIUM
    review_interval_days: Annotated[int, Field(gt=0)] = 365
    pentest_interval_days: Annotated[int, Field(gt=0)] = 365
    cve_scan_interval_days: Annotated[int, Field(gt=0)] = 365
    data_max_age_days: Annotated[int, Field(gt=0)] = 7
    triage_days: SeverityDays = {"critical": 7, "high": 14, "medium": 30, "low": 90}
    remediation_days: SeverityDays = {"critical": 30, "high": 60, "medium": 180, "low": 365}
    risk_matrix: dict[
        Literal["low", "medium", "high", "critical"],
        dict[HazardSeverity | Literal["none"], RiskLevel],
    ] = {}
    gate: Gate = Field(
        default=Gate.MANDATORY,
        description="Which checklist items decide check's exit code: mandatory (the baseline "
        "items) or all.",
    )
    placeholders: list[Annotated[str, StringConstraints(min_length=1)]] = Field(
        default=list(PLACEHOLDERS),
        description="Words that stand for an id nobody has filled in yet (case-insensitive): "
        "a requirement, verification, evidence or approver made of them is a gap.",
    )


class ActivityModel(Strict):
    """Evidence of one secure-development activity (IEC 81001-5-1)."""

    activity: Activity
    evidence: str | None = None
    date: dt.date | None = None
    by: str | None = None
    version: str | None = Field(
        default=None, description="The release the evidence belongs to (device.version)."
    )
    sha256: Annotated[str, StringConstraints(pattern=r"^(sha256:)?[0-9a-f]{64}$")] | None = Field(
        default=None,
        description="The evidence file's sha256 when the activity was recorded: a file changed "
        "since is noticed.",
    )
    shared: bool = Field(
        default=False,
        description="The evidence file also documents other activities, on purpose (a combined "
        "report); without it one file cannot stand for activities of different kinds.",
    )


class ReviewModel(Strict):
    """A signed-off review of one checklist item (or of the release: item release-review)."""

    item: str
    date: dt.date
    by: str
    architecture_digest: str | None = None
    model_digest: str | None = Field(
        default=None, description="Written by medsec review: the design it saw (not evidence)."
    )
    register_digest: str | None = Field(
        default=None, description="Written by medsec review: the decisions of threats.yaml."
    )
    sbom_digest: str | None = Field(
        default=None, description="Written by medsec review: the SBOM files of the elements."
    )


PentestMethod = Literal[
    "black-box",
    "grey-box",
    "white-box",
    "network-scan",
    "vulnerability-scan",
    "web-application",
    "api",
    "wireless",
    "ble",
    "wifi",
    "hardware",
    "firmware-analysis",
    "reverse-engineering",
    "fuzzing",
    "source-code-review",
    "mobile-app",
    "cloud",
    "physical",
    "social-engineering",
    "threat-model-review",
    "other",
]


class PentestModel(Strict):
    """One penetration test engagement: who tested what, when, and how."""

    id: Id
    tester: str
    independent: bool | None = None
    independence_rationale: str | None = None
    tester_qualifications: list[str] = []
    start_date: dt.date | None = None
    date: dt.date = Field(description="End of testing.")
    duration_days: Annotated[float, Field(gt=0)] | None = None
    methods: list[PentestMethod] = []
    device_version: str | None = None
    scope: list[Id] = []
    reports: list[str] = []
    open_findings: Annotated[int, Field(ge=0)] | None = None


class PentestTargetModel(Strict):
    """A host, port or URL a tester saw, mapped to an interface or element."""

    host: str | None = Field(default=None, description="Host name, IP address or CIDR range.")
    port: Annotated[int, Field(ge=1, le=65535)] | None = None
    url: str | None = Field(default=None, description="URL prefix (scheme://host[:port]/path).")
    interface: Id | None = None
    element: Id | None = None


class GdprModel(Strict):
    """The DPIA screening and the DPIA."""

    dpia_screening: str | None = None
    dpia: str | None = None


class ProjectModel(Strict):
    """A medsec project (medsec.yaml): the device, its threat model and its evidence."""

    format: Literal["medsec/1"]
    device: DeviceModel
    boundaries: list[BoundaryModel] = []
    elements: list[ElementModel] = []
    flows: list[FlowModel] = []
    interfaces: list[InterfaceModel] = []
    data: list[DataModel] = []
    use_cases: list[UseCaseModel] = []
    controls: list[ControlModel] = []
    hazards: list[HazardModel] = []
    policy: PolicyModel = PolicyModel()
    activities: list[ActivityModel] = []
    reviews: list[ReviewModel] = []
    pentests: list[PentestModel] = []
    pentest_targets: list[PentestTargetModel] = []
    gdpr: GdprModel = GdprModel()
    parties: list[PartyModel] = []
