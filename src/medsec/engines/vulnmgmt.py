"""Vulnerability management: deadlines from the policy, overdue lists, re-review, FDA metrics.

A finding's decision is the one keyed to its product (``<finding id>@<element>``) when there is
one, else the one keyed to the finding id (:func:`assessment_for`).

Deadlines count from the day a finding was first seen in a scan. KEV-listed vulnerabilities get
the shortest deadlines of the policy (those of ``critical``), whatever their CVSS severity; a
finding of unknown severity is treated as critical until someone triages it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean

from medsec.domain.finding_id import product_key
from medsec.domain.model import Policy
from medsec.domain.vulnerability import Finding, Response, VexState, VulnAssessment

CLOSED = frozenset(
    {
        VexState.RESOLVED,
        VexState.RESOLVED_WITH_PEDIGREE,
        VexState.NOT_AFFECTED,
        VexState.FALSE_POSITIVE,
    }
)
MITIGATING = frozenset({Response.WORKAROUND_AVAILABLE, Response.ROLLBACK})
REREVIEW_DAYS = 365


@dataclass(frozen=True)
class Deadlines:
    """When a finding must be triaged and remediated."""

    triage: date
    remediation: date


@dataclass(frozen=True)
class VulnStatus:
    """Where one finding stands against the policy on a given day."""

    finding: Finding
    state: VexState
    first_seen: date
    deadlines: Deadlines
    triaged: bool
    closed: bool
    overdue_triage: bool
    overdue_remediation: bool
    kev_unmitigated: bool
    rereview: str | None  # why the decision must be reviewed again, if it must
    assessed_as: str | None = None  # the key of its decision: finding id, or finding id@product
    assessment: VulnAssessment | None = None  # that decision (CRA Art. 14 keys: cra_reporting)


def _days(table: tuple[tuple[str, int], ...], severity: str) -> int:
    """Days the policy gives a severity; the shortest of the table when it names none."""
    values = dict(table)
    if severity in values:
        return values[severity]
    return min(values.values()) if values else 0


def deadlines(finding: Finding, policy: Policy, first_seen: date) -> Deadlines:
    """Triage and remediation deadlines: KEV and unknown severity count as critical."""
    severity = (
        "critical"
        if finding.kev or finding.severity not in ("critical", "high", "medium", "low")
        else (finding.severity)
    )
    if finding.severity == "none" and not finding.kev:
        severity = "low"
    return Deadlines(
        first_seen + timedelta(days=_days(policy.triage_days, severity)),
        first_seen + timedelta(days=_days(policy.remediation_days, severity)),
    )


def finding_label(finding: Finding) -> str:
    """How a finding is named to people: ``CVE-2024-2511 in openssl 3.0.13``."""
    version = finding.component.version or ""
    return f"{finding.advisory} in {finding.component.name} {version}".rstrip()


def elements_of(finding: Finding) -> tuple[str, ...]:
    """The elements (products) a finding's component belongs to (an SBOM may be shared)."""
    element = finding.component.element
    return tuple(e for e in element.split(", ") if e) if element else ()


def assessment_for(
    finding: Finding, assessments: Mapping[str, VulnAssessment]
) -> VulnAssessment | None:
    """The decision on a finding: one keyed to its product first, then the finding id's."""
    for element in elements_of(finding):
        keyed = assessments.get(product_key(finding.id, element))
        if keyed is not None:
            return keyed
    return assessments.get(finding.id)


def rereview_reason(finding: Finding, assessment: VulnAssessment | None, today: date) -> str | None:
    """Why a finding's decision must be looked at again (version, due date, age), if so."""
    if assessment is None:
        return None
    version = finding.component.version
    if assessment.component_version and version and assessment.component_version != version:
        return f"assessed for version {assessment.component_version}, now {version}: re-review"
    if assessment.next_review and assessment.next_review < today:
        return f"next review was due {assessment.next_review}"
    if (
        assessment.state is VexState.NOT_AFFECTED
        and assessment.date is not None
        and (today - assessment.date).days > REREVIEW_DAYS
    ):
        return f"not_affected decision of {assessment.date} is older than a year: re-review"
    return None


def status(
    finding: Finding,
    assessment: VulnAssessment | None,
    policy: Policy,
    first_seen: date,
    today: date,
) -> VulnStatus:
    """A finding's state, deadlines and overdue flags on ``today``."""
    due = deadlines(finding, policy, first_seen)
    state = assessment.state if assessment else VexState.IN_TRIAGE
    triaged = assessment is not None and state is not VexState.IN_TRIAGE
    closed = state in CLOSED
    mitigated = closed or (assessment is not None and bool(set(assessment.responses) & MITIGATING))
    return VulnStatus(
        finding=finding,
        state=state,
        first_seen=first_seen,
        deadlines=due,
        triaged=triaged,
        closed=closed,
        overdue_triage=not triaged and today > due.triage,
        overdue_remediation=not closed and today > due.remediation,
        kev_unmitigated=finding.kev and not mitigated,
        rereview=rereview_reason(finding, assessment, today),
        assessed_as=assessment.finding if assessment else None,
        assessment=assessment,
    )


def statuses(
    findings: Sequence[Finding],
    assessments: Mapping[str, VulnAssessment],
    policy: Policy,
    first_seen: Mapping[str, date],
    today: date,
) -> tuple[VulnStatus, ...]:
    """Status of every finding, by finding id; a finding never seen before counts from today."""
    return tuple(
        status(f, assessment_for(f, assessments), policy, first_seen.get(f.id, today), today)
        for f in sorted(findings, key=lambda f: f.id)
    )


@dataclass(frozen=True)
class Metrics:
    """FDA postmarket figures over the scan history."""

    findings: int
    closed: int
    share_closed: float | None
    mean_days_to_triage: float | None
    mean_days_to_remediate: float | None
    overdue: int


def metrics(
    current: Sequence[VulnStatus],
    assessments: Mapping[str, VulnAssessment],
    fixed_since: Mapping[str, date],
) -> Metrics:
    """``fixed_since``: finding id -> the first scan it no longer appeared in (patched)."""
    triage_days: list[int] = []
    remediate: list[int] = []
    for s in current:
        decided = assessment_for(s.finding, assessments)
        if decided is None or decided.date is None:
            continue
        # a decision taken before any scan showed the finding (a supplier's VEX, a proactive
        # analysis) took no time after discovery: 0 days, never negative
        if s.triaged:
            triage_days.append(max(0, (decided.date - s.first_seen).days))
        if s.closed:
            remediate.append(max(0, (decided.date - s.first_seen).days))
    total = len(current) + len(fixed_since)
    closed = sum(1 for s in current if s.closed) + len(fixed_since)
    return Metrics(
        findings=total,
        closed=closed,
        share_closed=(closed / total) if total else None,
        mean_days_to_triage=mean(triage_days) if triage_days else None,
        mean_days_to_remediate=mean(remediate) if remediate else None,
        overdue=sum(1 for s in current if s.overdue_triage or s.overdue_remediation),
    )
