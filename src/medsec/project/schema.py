"""Pydantic models of ``medsec.yaml`` (format ``medsec/1``): the file contract.

Keys and vocabulary values are a contract with users and their scripts: add freely, never
rename without still accepting the old name (use ``validation_alias=AliasChoices(new, old)``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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
    HazardSeverity,
    InterfaceKind,
    Production,
    Protocol,
    RiskLevel,
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
Duration = Annotated[
    str,
    StringConstraints(pattern=r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$"),
]
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


class UpdateModel(Strict):
    """How an element's software is updated: signed, rollback-protected, over which channel."""

    signed: bool | None = None
    rollback_protection: bool | None = None
    channel: Protocol | Literal["none"] | None = None


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

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class InterfaceModel(Strict):
    """An entry point of the attack surface on an element."""

    id: Id
    name: str | None = None
    element: Id
    kind: InterfaceKind
    protocol: Protocol | None = None
    port: Annotated[int, Field(ge=0, le=65535)] | None = None
    exposure: Exposure | None = None
    authentication: Authentication | None = None
    encryption: Encryption | None = None
    production: Production | None = None
    needed_for: list[Id] = []
    always_on: bool | None = None


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


class UseCaseModel(Strict):
    """Why data items and interfaces exist: what a use case needs."""

    id: Id
    name: str
    needs_data: list[Id] = []
    needs_interfaces: list[Id] = []


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


class HazardModel(Strict):
    """An ISO 14971 hazard threats can be linked to."""

    id: RefId
    harm: str
    severity: HazardSeverity


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


class ActivityModel(Strict):
    """Evidence of one secure-development activity (IEC 81001-5-1)."""

    activity: Activity
    evidence: str | None = None
    date: dt.date | None = None
    by: str | None = None
    version: str | None = Field(
        default=None, description="The release the evidence belongs to (device.version)."
    )


class ReviewModel(Strict):
    """A signed-off review of one checklist item."""

    item: str
    date: dt.date
    by: str
    architecture_digest: str | None = None


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
