from __future__ import annotations

from datetime import date

from medsec.domain.model import Policy
from medsec.domain.vulnerability import (
    ComponentRef,
    Finding,
    Justification,
    Response,
    VexState,
    VulnAssessment,
)
from medsec.engines.vulnmgmt import deadlines, metrics, status, statuses

POLICY = Policy()
SEEN = date(2026, 1, 1)


def finding(severity: str = "high", kev: bool = False, version: str = "1.2.11") -> Finding:
    return Finding(
        id="CVE-2022-37434@pkg:generic/zlib",
        advisory="CVE-2022-37434",
        aliases=(),
        component=ComponentRef("zlib", version, "pkg:generic/zlib@" + version),
        summary="heap overflow in inflateGetHeader",
        fixed_versions=("1.2.13",),
        severity=severity,
        cvss_vector=None,
        cvss_score=None,
        kev=kev,
        epss=None,
        details=(),
    )


def test_deadlines_follow_policy_and_kev_gets_the_shortest() -> None:
    assert deadlines(finding("high"), POLICY, SEEN).triage == date(2026, 1, 15)
    assert deadlines(finding("low"), POLICY, SEEN).remediation == date(2027, 1, 1)
    kev = deadlines(finding("low", kev=True), POLICY, SEEN)
    assert kev.triage == date(2026, 1, 8) and kev.remediation == date(2026, 1, 31)
    assert deadlines(finding("unknown"), POLICY, SEEN).triage == date(2026, 1, 8)


def test_overdue_and_kev_unmitigated() -> None:
    s = status(finding(kev=True), None, POLICY, SEEN, date(2026, 3, 1))
    assert s.overdue_triage and s.overdue_remediation and s.kev_unmitigated
    assessed = VulnAssessment(
        finding="x",
        state=VexState.EXPLOITABLE,
        responses=(Response.WORKAROUND_AVAILABLE,),
        date=SEEN,
    )
    s = status(finding(kev=True), assessed, POLICY, SEEN, date(2026, 3, 1))
    assert s.triaged and not s.overdue_triage and not s.kev_unmitigated and s.overdue_remediation


def test_rereview_when_version_changes_or_decision_is_old() -> None:
    old = VulnAssessment(
        finding="x",
        state=VexState.NOT_AFFECTED,
        justification=Justification.CODE_NOT_REACHABLE,
        date=date(2025, 1, 1),
        component_version="1.2.11",
    )
    assert "older than a year" in (
        status(finding(), old, POLICY, SEEN, date(2026, 6, 1)).rereview or ""
    )
    moved = status(finding(version="1.2.12"), old, POLICY, SEEN, date(2025, 6, 1))
    assert "now 1.2.12" in (moved.rereview or "")


def test_metrics() -> None:
    closed = VulnAssessment(
        finding="CVE-2022-37434@pkg:generic/zlib", state=VexState.RESOLVED, date=date(2026, 1, 11)
    )
    current = statuses(
        [finding()], {closed.finding: closed}, POLICY, {closed.finding: SEEN}, date(2026, 2, 1)
    )
    m = metrics(current, {closed.finding: closed}, {"CVE-1@pkg:x": date(2026, 1, 20)})
    assert (m.findings, m.closed, m.share_closed) == (2, 2, 1.0)
    assert m.mean_days_to_triage == 10 and m.mean_days_to_remediate == 10 and m.overdue == 0


def test_metrics_never_negative_for_decisions_before_the_scan() -> None:
    early = VulnAssessment(
        finding="CVE-2022-37434@pkg:generic/zlib",
        state=VexState.NOT_AFFECTED,
        date=date(2025, 12, 1),
    )
    current = statuses([finding()], {early.finding: early}, POLICY, {early.finding: SEEN}, SEEN)
    m = metrics(current, {early.finding: early}, {})
    assert m.mean_days_to_triage == 0 and m.mean_days_to_remediate == 0
