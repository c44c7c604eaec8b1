"""The API's request and response models (pydantic: data enters and leaves here, STYLE §1).

Each response model has a ``of(...)`` constructor from the service value it shows, so the
routes stay thin and the OpenAPI schema (``/api/openapi.json``) documents every field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["pass", "gap", "fail"]


class _Model(BaseModel):
    """Every API model: unknown fields in a request are refused, never ignored."""

    model_config = ConfigDict(extra="forbid")


class EndOfSupport(_Model):
    """A component whose support ends within 12 months."""

    component: str
    date: dt.date | None


class ReleaseSummaryOut(_Model):
    """The dashboard figures of one device version (precomputed by the server)."""

    repository: str
    device_id: str
    device_name: str
    version: str
    commit: str
    released_at: dt.datetime | None
    items: dict[str, Status] = Field(description="checklist item id -> pass, gap or fail")
    open_critical: int
    open_kev: int
    overdue: int
    end_of_support_12m: list[EndOfSupport]
    pentest_age_days: int | None
    last_cve_analysis: dt.date | None
    surface_score: float | None
    findings: int
    computed_at: dt.datetime
    problems: list[str] = Field(default_factory=list, description="why figures are missing")


class TrendPointOut(_Model):
    """One release on a device's trend: findings and attack-surface score."""

    version: str
    released_at: dt.datetime | None
    findings: int
    critical: int
    surface_score: float | None


class RepositoryOut(_Model):
    """A registered project repository."""

    name: str
    project_dir: str
    branch: str
    release_pattern: str


class DeviceOut(_Model):
    """One device: its repository, every version's summary (oldest first) and its trend."""

    repository: RepositoryOut
    versions: list[ReleaseSummaryOut]
    trend: list[TrendPointOut]


class CheckItemOut(_Model):
    """One checklist item as ``medsec check`` judges it."""

    id: str
    title: str
    mandatory: bool
    status: Status
    summary: str


class CheckOut(_Model):
    """The checklist of one version and the exit status ``medsec check`` would give."""

    repository: str
    version: str
    commit: str
    gate: str
    exit_status: int = Field(description="0: every item of the gate passes; 1: one does not")
    items: list[CheckItemOut]


class FindingOut(_Model):
    """One vulnerability finding of a version's latest scan record, with its status."""

    id: str
    advisory: str
    component: str
    severity: str
    kev: bool
    state: str
    closed: bool
    overdue_triage: bool
    overdue_remediation: bool


class FindingsOut(_Model):
    """The findings of the latest scan record kept in the project at that version."""

    repository: str
    version: str
    record: str | None
    findings: list[FindingOut]


class ScanOut(_Model):
    """The latest monitoring scan of a version (table ``release_scans``), None fields if none."""

    repository: str
    version: str
    scanned_at: dt.datetime | None
    commit: str | None
    findings: int | None
    critical: int | None
    kev: int | None
    record_path: str | None
    record_commit: str | None
    result: Any = Field(default=None, description="finding ids with severity and KEV (JSON)")


class CvssOut(_Model):
    """A CVSS vector with its base score and severity."""

    version: str
    vector: str
    score: float
    severity: str


class HazardOut(_Model):
    """An ISO 14971 hazard a threat can lead to."""

    id: str
    harm: str
    severity: str | None


class PendingApprovalOut(_Model):
    """A risk acceptance in threats.yaml waiting for an approver's signature, with what the
    approver judges it by: inherent and residual CVSS and risk, hazards, controls, expiry,
    who proposed it and when (the git author of its ``decision`` line), and where the threat
    is in the report."""

    threat_id: str
    title: str
    target: str
    rationale: str | None
    expires: dt.date | None
    rule: str = ""
    categories: list[str] = Field(default_factory=list, description="STRIDE / LINDDUN")
    cvss: list[CvssOut] = Field(default_factory=list, description="inherent, before controls")
    residual: list[CvssOut] = Field(default_factory=list, description="after the controls")
    risk: str | None = None
    residual_risk: str | None = None
    safety: str | None = Field(default=None, description="highest linked hazard severity")
    hazards: list[HazardOut] = Field(default_factory=list)
    controls: list[str] = Field(default_factory=list)
    status: str | None = None
    problems: list[str] = Field(default_factory=list)
    benefit_risk: str | None = None
    first_seen: dt.date | None = None
    decided: dt.date | None = Field(default=None, description="the date in the register entry")
    proposed_by: str | None = Field(default=None, description="git author of the decision")
    proposed_at: dt.datetime | None = None
    proposed_in: str | None = Field(default=None, description="the commit of the decision")
    report: str | None = Field(default=None, description="the threat in the head's report")


class FindingChoiceOut(_Model):
    """A vulnerability finding that may be assessed, with the versions it is in."""

    id: str
    advisory: str
    component: str
    severity: str
    kev: bool
    state: str = Field(description="its VEX state now (in_triage until assessed)")
    assessed: bool = Field(description="vulnerabilities.yaml has a decision for it")
    closed: bool
    overdue: bool
    versions: list[str] = Field(description="released versions and 'current' it is found in")


class ScanSourceOut(_Model):
    """A scan record the findings to assess were read from."""

    version: str
    record: str
    scanned: dt.date
    findings: int


class AssessableOut(_Model):
    """Every finding that may be assessed on the branch head, not yet assessed first."""

    repository: str
    head: str
    sources: list[ScanSourceOut]
    findings: list[FindingChoiceOut]


class PentestChoiceOut(_Model):
    """A pentest finding of an engagement (pentests/ID/findings.yaml) and its state."""

    engagement: str
    id: str
    title: str
    severity: str
    state: str
    approver: str | None
    expires: dt.date | None


class RevisionChoiceOut(_Model):
    """A recorded revision of a document and its signatures."""

    number: int
    date: dt.date
    signatures: list[str]


class DocumentChoiceOut(_Model):
    """A document with recorded revisions (records/documents/ID.json), newest revision first."""

    id: str
    title: str | None
    revisions: list[RevisionChoiceOut]


class ChangeOut(_Model):
    """What a change made: the commit on the project's branch and the audit entry."""

    commit: str
    paths: list[str]
    audit_seq: int


class ApprovalIn(_Model):
    """Approve a risk acceptance: the meaning of the signature is recorded with it."""

    threat_id: str = Field(min_length=1, max_length=400)
    meaning: str = Field(min_length=1, max_length=400)
    expected_head: str | None = Field(default=None, max_length=64)


class AssessmentIn(_Model):
    """Assess one vulnerability finding (a VEX state with its justification)."""

    finding_id: str = Field(min_length=1, max_length=600)
    state: str = Field(min_length=1, max_length=40)
    justification: str | None = Field(default=None, max_length=200)
    detail: str | None = Field(default=None, max_length=4000)
    expected_head: str | None = Field(default=None, max_length=64)


class PentestStateIn(_Model):
    """Move one pentest finding in its workflow (open, fixed, retest-passed, risk-accepted)."""

    engagement: str = Field(min_length=1, max_length=200)
    finding_id: str = Field(min_length=1, max_length=200)
    state: str = Field(min_length=1, max_length=40)
    note: str | None = Field(default=None, max_length=4000)
    change: str | None = Field(default=None, max_length=400, description="fixed: the fix's ref")
    rationale: str | None = Field(default=None, max_length=4000, description="risk-accepted")
    expires: dt.date | None = Field(default=None, description="risk-accepted: decide again by")
    retest: str | None = Field(default=None, max_length=400, description="retest-passed: report")
    expected_head: str | None = Field(default=None, max_length=64)


class SignatureIn(_Model):
    """Sign one revision of a project document, with the meaning of the signature."""

    document: str = Field(min_length=1, max_length=400)
    revision: str = Field(min_length=1, max_length=100)
    meaning: str = Field(min_length=1, max_length=400)
    expected_head: str | None = Field(default=None, max_length=64)


class UploadOut(_Model):
    """An uploaded file, read by medsec's hardened readers and committed to the project."""

    kind: Literal["sbom", "pentest"]
    path: str
    commit: str
    audit_seq: int | None
    warnings: list[str]
    components: int | None = None
    findings: int | None = None


class AuditEntryOut(_Model):
    """One entry of the audit trail."""

    seq: int
    at: dt.datetime
    actor: str
    action: str
    target: str
    before: str | None
    after: str | None
    details: dict[str, Any]
    hash: str


class AuditOut(_Model):
    """The audit trail (newest first, one page) and the result of verifying the whole chain."""

    ok: bool
    entries_checked: int
    problems: list[str]
    entries: list[AuditEntryOut]


class AccountOut(_Model):
    """An account (never its password hash)."""

    id: int
    username: str
    display_name: str
    email: str | None
    role: str
    disabled: bool


class TokenOut(_Model):
    """An API token's record (never the token itself, which is shown once at creation)."""

    id: int
    name: str
    repository: str
    scopes: list[str]
    expires_at: dt.datetime
    revoked: bool


class TokenCreatedOut(_Model):
    """A new API token: shown this once."""

    token: str
    repository: str
    scopes: list[str]


class TokenIn(_Model):
    """Create an API token for one repository."""

    account_id: int
    repository: str = Field(min_length=1, max_length=200)
    scopes: list[Literal["read", "upload"]] = Field(min_length=1)
    days: int = Field(default=90, ge=1, le=366)


class ErrorOut(_Model):
    """An error: what went wrong and what to do."""

    detail: str
