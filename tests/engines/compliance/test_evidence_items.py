"""independent-pentest, security-by-design and security-concept with findings, scans, records."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from tests.engines.compliance.test_items import TODAY, context, messages
from tests.helpers import MINIMAL, write_project

from medsec.domain.checklist import ItemStatus
from medsec.domain.model import ActivityRecord, Pentest
from medsec.domain.pentest import (
    EngagementFindings,
    Finding,
    FindingState,
    Location,
    Retest,
    Service,
    Severity,
    TrackedFinding,
)
from medsec.domain.surface import SurfaceRecord
from medsec.domain.vocabulary import Activity
from medsec.engines.compliance.context import CheckContext, SarifFact
from medsec.engines.compliance.items import concept, design, pentest
from medsec.engines.surface.score import surface

EXTERNAL = Pentest(
    "pt",
    "Example Labs B.V.",
    date(2026, 10, 1),
    True,
    "no ties to the manufacturer",
    scope=("ble-gatt",),
    reports=("pentests/pt/report.csv",),
)


def finding(ident: str, state: FindingState, **kw: object) -> TrackedFinding:
    severity = kw.pop("severity", Severity.HIGH)
    f = Finding(f"fp-{ident}", ident, f"finding {ident}", severity, "manual", **kw)  # type: ignore[arg-type]
    return TrackedFinding(f, state, line=7)


def with_pentest(
    ctx: CheckContext, *findings: TrackedFinding, test: Pentest = EXTERNAL
) -> CheckContext:
    project = replace(
        ctx.project,
        pentests=(test,),
        existing_files=ctx.project.existing_files | {"pentests/pt/report.csv"},
    )
    kept = EngagementFindings("pt", "pentests/pt/findings.yaml", tuple(findings))
    return replace(ctx, project=project, engagements=(kept,))


def test_pentest_passes_when_independent_current_in_scope_and_closed(minimal: Path) -> None:
    accepted = replace(
        finding("PT-2", FindingState.RISK_ACCEPTED),
        rationale="label data only",
        approver="QA",
        expires=date(2027, 6, 30),
    )
    retested = replace(
        finding("PT-1", FindingState.RETEST_PASSED),
        change="PR-7",
        retest=Retest(date(2026, 10, 20), tester="Example Labs", report="pentests/pt/report.csv"),
    )
    ctx = with_pentest(
        context(minimal),
        retested,
        accepted,
        finding("PT-3", FindingState.OPEN, severity=Severity.INFO),
    )
    r = pentest.ITEM.evaluate(ctx)
    assert r.status is ItemStatus.PASS, messages(r)
    assert any("1 retest-passed, 1 accepted, 1 informational" in e.message for e in r.evidence)


def test_pentest_findings_must_be_retested_or_validly_accepted(minimal: Path) -> None:
    expired = replace(
        finding("PT-4", FindingState.RISK_ACCEPTED),
        rationale="r",
        approver="QA",
        expires=date(2026, 1, 1),
    )
    ctx = with_pentest(
        context(minimal),
        finding("PT-1", FindingState.OPEN),
        replace(finding("PT-2", FindingState.FIXED), change="PR-2"),
        finding("PT-3", FindingState.RISK_ACCEPTED),
        expired,
    )
    r = pentest.ITEM.evaluate(ctx)
    rules = [f.rule.split("/")[1] for f in r.findings]
    assert rules == [
        "open-findings",
        "not-retested",
        "acceptance-expired",
        "acceptance-incomplete",
    ]
    assert "PT-1 (high)" in r.findings[0].message
    assert r.findings[0].path == "pentests/pt/findings.yaml" and r.findings[0].line == 7


def test_pentest_within_interval_or_newer_than_the_major_version(minimal: Path) -> None:
    ctx = context(minimal)
    old = replace(EXTERNAL, date=date(2024, 1, 1))

    def stale(major: date | None) -> list[str]:
        device = replace(ctx.project.device, major_version_date=major)
        c = with_pentest(replace(ctx, project=replace(ctx.project, device=device)), test=old)
        return [m for m in messages(pentest.ITEM.evaluate(c)) if "days old" in m]

    assert stale(None) and stale(date(2025, 1, 1))  # old and before the major release
    assert not stale(date(2023, 6, 1))  # old, but newer than the current major version
    recent = replace(EXTERNAL, date=date(2026, 9, 1))
    device = replace(ctx.project.device, major_version_date=date(2026, 10, 1))
    c = with_pentest(replace(ctx, project=replace(ctx.project, device=device)), test=recent)
    assert not [m for m in messages(pentest.ITEM.evaluate(c)) if "days old" in m]


def test_pentest_finding_on_an_undeclared_host(minimal: Path) -> None:
    loose = finding(
        "PT-9", FindingState.RETEST_PASSED, locations=(Location(host="10.9.9.9", port=22),)
    )
    r = pentest.ITEM.evaluate(with_pentest(context(minimal), loose))
    assert any(f.rule == "independent-pentest/undeclared-host" for f in r.findings)


def test_stated_open_findings_still_count_without_a_findings_file(minimal: Path) -> None:
    ctx = context(minimal)
    stated = replace(EXTERNAL, open_findings=2)
    project = replace(ctx.project, pentests=(stated,))
    said = messages(pentest.ITEM.evaluate(replace(ctx, project=project)))
    assert any("2 findings of" in m and " are not fixed" in m for m in said)
    one = replace(ctx.project, pentests=(replace(EXTERNAL, open_findings=1),))
    said = messages(pentest.ITEM.evaluate(replace(ctx, project=one)))
    assert any("1 finding of" in m and " is not fixed" in m for m in said)


TARGETS = (
    MINIMAL
    + """pentest_targets:
  - {host: 10.0.0.5, element: pump-fw}
"""
)


def _record(version: str, score: float, rationale: str | None = None) -> SurfaceRecord:
    return SurfaceRecord(f"records/surface/{version}.json", version, None, score, (), (), rationale)


def test_concept_observed_ports_and_surface_records(tmp_path: Path) -> None:
    ctx = context(write_project(tmp_path, TARGETS))
    assert "no attack-surface figures are recorded for this release (1.0.0)" in messages(
        concept.ITEM.evaluate(ctx)
    )
    scan = (Service("10.0.0.5", 23, "tcp", "telnet"),)
    current = surface(ctx.project, scan).score
    r = concept.ITEM.evaluate(
        replace(ctx, services=scan, surface_history=(_record("1.0.0", current),))
    )
    assert r.status is ItemStatus.GAP
    assert messages(r) == ["undeclared open port 23/tcp (telnet) on pump-fw"]
    stale = concept.ITEM.evaluate(replace(ctx, surface_history=(_record("1.0.0", 99.0),)))
    assert any("out of date (recorded score 99.0, now 4.0)" in m for m in messages(stale))
    grew = (_record("0.9.0", 1.0), _record("1.0.0", 4.0))
    assert any(
        "grew from 1.0 (0.9.0) to 4.0" in m
        for m in messages(concept.ITEM.evaluate(replace(ctx, surface_history=grew)))
    )
    explained = (_record("0.9.0", 1.0), _record("1.0.0", 4.0, "BLE added for the tablet"))
    r = concept.ITEM.evaluate(replace(ctx, surface_history=explained))
    assert r.status is ItemStatus.PASS, messages(r)
    assert any("rationale: BLE added" in e.message for e in r.evidence)


def test_design_counts_retested_findings_as_verification(minimal: Path) -> None:
    ctx = context(minimal)
    control = replace(ctx.project.controls[0], verified_by=())
    project = replace(ctx.project, controls=(control,))
    base = replace(ctx, project=project)
    assert any("has no verification" in m for m in messages(design.ITEM.evaluate(base)))
    linked = replace(finding("PT-1", FindingState.RETEST_PASSED), controls=(control.id,))
    r = design.ITEM.evaluate(replace(base, engagements=(EngagementFindings("pt", "p", (linked,)),)))
    assert not any("has no verification" in m for m in messages(r))
    assert any("ble-lesc (PT-1)" in e.message for e in r.evidence)
    cited = replace(control, verified_by=("PT-2",))
    still_open = finding("PT-2", FindingState.FIXED)
    r = design.ITEM.evaluate(
        replace(
            base,
            project=replace(project, controls=(cited,)),
            engagements=(EngagementFindings("pt", "p", (still_open,)),),
        )
    )
    assert any("verified by pentest finding 'PT-2', which is fixed" in m for m in messages(r))


def test_design_sarif_evidence_and_release(minimal: Path) -> None:
    ctx = context(minimal)
    records = (
        ActivityRecord(Activity.STATIC_ANALYSIS, "ci/sast.sarif", date(2026, 9, 1)),
        ActivityRecord(Activity.CODE_REVIEW, "ci/review.md", date(2026, 9, 1), version="0.9.0"),
        ActivityRecord(Activity.FUZZING, "ci/fuzz.sarif", date(2026, 9, 1)),
    )
    project = replace(
        ctx.project,
        activities=records,
        existing_files=frozenset({"ci/sast.sarif", "ci/review.md", "ci/fuzz.sarif"}),
    )
    facts = (
        SarifFact("ci/sast.sarif", "Semgrep", 5, 2),
        SarifFact("ci/fuzz.sarif", problem="invalid JSON"),
    )
    r = design.ITEM.evaluate(replace(ctx, project=project, sarif=facts))
    evidence = [e.message for e in r.evidence]
    assert "static-analysis: ci/sast.sarif (2026-09-01); Semgrep: 5 results, 2 open" in evidence
    text = messages(r)
    assert "the evidence of 'code-review' is for release 0.9.0, not 1.0.0" in text
    assert any("'ci/fuzz.sarif' of 'fuzzing' is not readable SARIF" in m for m in text)
    assert TODAY  # the shared evaluation date of these tests
