"""Results of the nine checklist items (DESIGN.md §1)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ItemStatus(StrEnum):
    PASS = "pass"  # noqa: S105 - status value
    GAP = "gap"
    FAIL = "fail"


class ItemId(StrEnum):
    """Stable ids of the checklist items, in checklist order (users write them in reviews)."""

    THREAT_RISK_ANALYSIS = "threat-risk-analysis"
    SECURITY_BY_DESIGN = "security-by-design"
    SBOM = "sbom"
    CVE_ANALYSIS = "cve-analysis"
    INDEPENDENT_PENTEST = "independent-pentest"
    GDPR_READINESS = "gdpr-readiness"
    DATA_MINIMISATION = "data-minimisation"
    SECURITY_CONCEPT = "security-concept"
    VULNERABILITY_MANAGEMENT = "vulnerability-management"


@dataclass(frozen=True)
class ItemMeta:
    """What a checklist item is: its stable id, title, the clauses it serves, mandatory or not.

    Mandatory items are the baseline for anyone selling connected devices in the EU/US;
    the others go beyond it. Each item states this once, in its own module.
    """

    id: ItemId
    title: str
    clauses: tuple[str, ...]
    mandatory: bool


@dataclass(frozen=True)
class CheckFinding:
    """One reason an item is not a pass, with where to look and what to do."""

    message: str
    severity: ItemStatus  # GAP or FAIL
    subject: str | None = None  # e.g. "element:pump-fw"
    path: str | None = None  # file the evidence lives in / should live in
    line: int | None = None
    fix: str | None = None
    rule: str = ""  # e.g. "threat-risk-analysis/unscored-threat"


@dataclass(frozen=True)
class Evidence:
    """A fact that supports the item: what was checked and where it was found."""

    message: str
    path: str | None = None


@dataclass(frozen=True)
class ItemResult:
    id: ItemId
    title: str
    mandatory: bool
    status: ItemStatus
    summary: str
    findings: tuple[CheckFinding, ...]
    evidence: tuple[Evidence, ...]
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class Checklist:
    items: tuple[ItemResult, ...]

    @property
    def mandatory_pass(self) -> bool:
        return all(i.status is ItemStatus.PASS for i in self.items if i.mandatory)
