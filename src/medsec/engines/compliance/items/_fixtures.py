"""Small builders for the checklist item tests that live beside each item.

A test builds a :class:`CheckContext` from domain values (no files, no services), runs one
sub-check into a fresh :class:`ItemBuilder` and looks at the rule codes it recorded.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from medsec.domain.checklist import ItemResult
from medsec.domain.model import Project
from medsec.domain.threat import (
    AssessedThreat,
    Assessment,
    CvssScore,
    RegisterEntry,
    Target,
    TargetKind,
    Threat,
    ThreatStatus,
)
from medsec.domain.vocabulary import RiskLevel, Severity
from medsec.domain.vulnerability import ComponentRef, Finding, VexState
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.item import ChecklistItem
from medsec.engines.compliance.result import ItemBuilder
from medsec.engines.threats.rules._fixtures import make_project
from medsec.engines.vulnmgmt import Deadlines, VulnStatus

TODAY = date(2026, 11, 27)
DIGEST = "sha256:" + "a" * 64
SCORE = CvssScore("3.1", "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8, Severity.MEDIUM)


def project(**parts: object) -> Project:
    """The test device with the given parts (tuples of domain values, policy, pentests…)."""
    return replace(make_project(), **parts)  # type: ignore[arg-type]


def context(p: Project | None = None, **kw: object) -> CheckContext:
    """A context for ``p`` (default: an empty project) on :data:`TODAY`, with ``kw`` replaced."""
    base = CheckContext(
        project=p if p is not None else project(),
        today=TODAY,
        threats=(),
        missing=(),
        architecture_digest=DIGEST,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def builder(item: ChecklistItem) -> ItemBuilder:
    """A fresh builder for one of ``item``'s sub-checks."""
    return ItemBuilder(item.meta)


def rules(result: ItemResult) -> list[str]:
    """The rule codes of a result's findings, without the item prefix."""
    return [f.rule.split("/", 1)[1] for f in result.findings]


def threat(
    tid: str = "MD-13@interface:jtag",
    *,
    risk: RiskLevel | None = RiskLevel.HIGH,
    status: ThreatStatus = ThreatStatus.OPEN,
    scored: bool = True,
    **kw: object,
) -> AssessedThreat:
    """An assessed threat on ``interface:jtag``; ``kw`` replaces fields of the assessed threat."""
    rule, _, target = tid.partition("@")
    kind, _, ident = target.partition(":")
    generated = Threat(
        id=tid,
        rule=rule,
        title=rule,
        stride=(),
        target=Target(TargetKind(kind), ident),
        baseline=False,
        description="",
        mitigation="",
    )
    base = AssessedThreat(
        entry=RegisterEntry(generated, Assessment(), line=12),
        v3_1=SCORE if scored else None,
        v4_0=None,
        safety=None,
        risk=risk,
        residual_v3_1=None,
        residual_v4_0=None,
        residual_risk=None,
        status=status,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def vuln(advisory: str = "CVE-2024-0001", *, severity: str = "high", **kw: object) -> VulnStatus:
    """A finding of the latest scan with its state; ``kw`` replaces fields of the status."""
    finding = Finding(
        id=f"{advisory}@pkg:generic/zlib",
        advisory=advisory,
        aliases=(),
        component=ComponentRef("zlib", "1.2.11"),
        summary="",
        fixed_versions=(),
        severity=severity,
        cvss_vector=None,
        cvss_score=None,
        kev=False,
        epss=None,
        details=(),
    )
    base = VulnStatus(
        finding=finding,
        state=VexState.IN_TRIAGE,
        first_seen=date(2026, 11, 1),
        deadlines=Deadlines(date(2026, 11, 15), date(2026, 12, 31)),
        triaged=True,
        closed=False,
        overdue_triage=False,
        overdue_remediation=False,
        kev_unmitigated=False,
        rereview=None,
    )
    return replace(base, **kw)  # type: ignore[arg-type]
