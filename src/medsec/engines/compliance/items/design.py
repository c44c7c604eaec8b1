"""``security-by-design``: threat → control → requirement → verification, and clause 5 activities."""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemResult
from medsec.domain.pentest import FindingState
from medsec.domain.threat import ThreatStatus
from medsec.domain.vocabulary import CLAUSE5_ACTIVITIES, Activity, ControlStatus
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.result import ItemBuilder

PROJECT = "medsec.yaml"


def evaluate(ctx: CheckContext) -> ItemResult:
    b = ItemBuilder(ItemId.SECURITY_BY_DESIGN)
    p = ctx.project
    if not p.controls:
        b.gap(
            "no-controls",
            "no security controls are declared",
            path=PROJECT,
            fix="declare controls with their requirement and verification",
        )
    requirements = {c.requirement for c in p.controls if c.requirement}
    if requirements:
        b.ok(
            f"{len(requirements)} security requirements behind {len(p.controls)} controls", PROJECT
        )
    limit = p.policy.risk_acceptance
    live = [t for t in ctx.threats if t.status is not ThreatStatus.OBSOLETE]
    for t in live:
        if (
            t.risk is not None
            and t.risk.rank > limit.rank
            and not t.controls
            and t.status
            not in (
                ThreatStatus.ACCEPTED,
                ThreatStatus.TRANSFERRED,
                ThreatStatus.AVOIDED,
            )
        ):
            b.gap(
                "untraced-threat",
                f"{t.id} ({t.risk.value} risk) is not traced to any control",
                subject=f"threat:{t.id}",
                path="threats.yaml",
                line=t.entry.line,
                fix="name a control in the register or declare one that applies to the target",
            )
    used = {c for t in live for c in t.controls}
    findings = {f.id: f for k in ctx.engagements for f in k.findings}
    verified_by_findings: dict[str, list[str]] = {}
    for f in findings.values():
        if f.state is FindingState.RETEST_PASSED:
            for c_id in f.controls:
                verified_by_findings.setdefault(c_id, []).append(f.id)
    for c in p.controls:
        subject = f"control:{c.id}"
        if not c.requirement:
            b.gap(
                "no-requirement",
                f"control '{c.id}' is not traced to a security requirement",
                subject=subject,
                path=PROJECT,
                line=c.line,
                fix="set controls[].requirement",
            )
        retested = verified_by_findings.get(c.id, [])
        if not c.verified_by and not retested:
            b.gap(
                "unverified",
                f"control '{c.id}' has no verification (test id or pentest)",
                subject=subject,
                path=PROJECT,
                line=c.line,
                fix="set controls[].verified_by, or link a retested pentest finding to it",
            )
        for ref in c.verified_by:
            found = findings.get(ref)
            if found is not None and found.state is not FindingState.RETEST_PASSED:
                b.gap(
                    "verification-open",
                    f"control '{c.id}' is verified by pentest finding '{ref}', which is "
                    f"{found.state.value}, not retest-passed",
                    subject=subject,
                    path=PROJECT,
                    line=c.line,
                    fix="have the finding retested",
                )
        if c.status is ControlStatus.PLANNED:
            b.gap(
                "planned",
                f"control '{c.id}' is planned, not implemented",
                subject=subject,
                path=PROJECT,
                line=c.line,
            )
        if c.id not in used:
            b.gap(
                "mitigates-nothing",
                f"control '{c.id}' mitigates no threat",
                subject=subject,
                path=PROJECT,
                line=c.line,
                fix="apply it to a target, list the rules it mitigates, or remove it",
            )
    if verified_by_findings:
        pairs = sorted(f"{c} ({', '.join(ids)})" for c, ids in verified_by_findings.items())
        b.ok(f"controls verified by retested pentest findings: {'; '.join(pairs)}")
    traced = [t for t in live if t.controls]
    if traced:
        b.ok(f"{len(traced)} of {len(live)} threats traced to controls", "threats.yaml")
    _activities(b, ctx)
    return b.result("threats traced to verified controls; secure-development activities evidenced")


def _activities(b: ItemBuilder, ctx: CheckContext) -> None:
    p = ctx.project
    sarif_files = {f.path: f for f in ctx.sarif}
    for activity in CLAUSE5_ACTIVITIES:
        records = [a for a in p.activities if a.activity is activity]
        if not records:
            b.gap(
                "activity-missing",
                f"no record of the activity '{activity.value}' (IEC 81001-5-1 clause 5)",
                subject=f"activity:{activity.value}",
                path=PROJECT,
                fix="add it under activities: with its evidence file and date",
            )
            continue
        rec = max(records, key=lambda a: (a.date is not None, a.date))
        subject = f"activity:{activity.value}"
        if rec.evidence is None:
            b.gap(
                "no-evidence-file",
                f"activity '{activity.value}' names no evidence file",
                subject=subject,
                path=PROJECT,
                line=rec.line,
                fix="set activities[].evidence",
            )
        elif rec.evidence not in p.existing_files:
            b.gap(
                "evidence-missing",
                f"evidence '{rec.evidence}' of '{activity.value}' does not exist",
                subject=subject,
                path=PROJECT,
                line=rec.line,
                fix="commit the file or correct the path",
            )
        if rec.date is None:
            b.gap(
                "undated",
                f"activity '{activity.value}' has no date",
                subject=subject,
                path=PROJECT,
                line=rec.line,
            )
        elif (
            p.device.major_version_date
            and rec.date < p.device.major_version_date
            and activity.value in ("release-review",)
        ):
            b.gap(
                "stale-release-review",
                f"the release review ({rec.date}) predates the current major "
                f"version ({p.device.major_version_date})",
                subject=subject,
                path=PROJECT,
                line=rec.line,
            )
        if rec.version is not None and rec.version != p.device.version:
            b.gap(
                "other-release",
                f"the evidence of '{activity.value}' is for release {rec.version}, not "
                f"{p.device.version}",
                subject=subject,
                path=PROJECT,
                line=rec.line,
                fix="repeat the activity for this release and record it",
            )
        elif (
            p.device.major_version_date
            and rec.date is not None
            and rec.date < p.device.major_version_date
            and activity is not Activity.RELEASE_REVIEW
        ):
            b.gap(
                "before-release",
                f"the evidence of '{activity.value}' ({rec.date}) predates the current major "
                f"version ({p.device.major_version_date})",
                subject=subject,
                path=PROJECT,
                line=rec.line,
                fix="repeat the activity for this release",
            )
        sarif = sarif_files.get(rec.evidence or "")
        if sarif is not None and sarif.problem:
            b.gap(
                "evidence-unreadable",
                f"evidence '{rec.evidence}' of '{activity.value}' is not readable SARIF: "
                f"{sarif.problem}",
                subject=subject,
                path=rec.evidence,
                fix="export the SAST results again as SARIF 2.1",
            )
        if rec.evidence in p.existing_files and rec.date is not None:
            detail = ""
            if sarif is not None and not sarif.problem:
                detail = f"; {sarif.tool}: {sarif.results} result(s), {sarif.open_results} open"
            b.ok(f"{activity.value}: {rec.evidence} ({rec.date}){detail}", rec.evidence)
