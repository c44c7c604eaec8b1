"""``vulnerability-management``: policy with deadlines, disclosure, assessments, VEX published."""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemResult
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.result import ItemBuilder

PROJECT = "medsec.yaml"
SEVERITIES = ("critical", "high", "medium", "low")


def evaluate(ctx: CheckContext) -> ItemResult:
    b = ItemBuilder(ItemId.VULNERABILITY_MANAGEMENT)
    p = ctx.project
    if not p.policy_declared:
        b.gap(
            "no-policy",
            "no vulnerability policy is written down (medsec's defaults apply)",
            path=PROJECT,
            fix="state policy: with triage_days and remediation_days per severity",
        )
    else:
        triage = dict(p.policy.triage_days)
        fix = dict(p.policy.remediation_days)
        lacking = [s for s in SEVERITIES if s not in triage or s not in fix]
        if lacking:
            b.gap(
                "policy-incomplete",
                f"the policy has no deadlines for: {', '.join(lacking)}",
                path=PROJECT,
            )
        else:
            b.ok(
                "policy: triage "
                + ", ".join(f"{s} {triage[s]}d" for s in SEVERITIES)
                + "; remediation "
                + ", ".join(f"{s} {fix[s]}d" for s in SEVERITIES),
                PROJECT,
            )
    if not p.device.security_contact:
        b.gap(
            "no-contact",
            "no security contact for vulnerability reports",
            path=PROJECT,
            fix="set device.security_contact",
        )
    if not p.device.disclosure_policy:
        b.gap(
            "no-cvd-policy",
            "no coordinated vulnerability disclosure policy",
            path=PROJECT,
            fix="set device.disclosure_policy",
        )
    if p.device.security_contact and p.device.disclosure_policy:
        b.ok(f"disclosure: {p.device.security_contact}, {p.device.disclosure_policy}", PROJECT)
    if ctx.vulnerability_assessments is None:
        b.gap(
            "no-assessments",
            "no vulnerability assessments (vulnerabilities.yaml) are kept",
            path="vulnerabilities.yaml",
            fix="scan the SBOMs and assess every finding",
        )
    else:
        b.ok(
            f"{ctx.vulnerability_assessments} vulnerability assessments kept",
            "vulnerabilities.yaml",
        )
    _deadlines(b, ctx)
    if not ctx.vex_documents:
        b.gap(
            "no-vex",
            "no VEX document is published for this release",
            path="records/vex/",
            fix="export one with 'medsec vex' and publish it to customers",
        )
    else:
        b.ok(f"VEX published: {', '.join(ctx.vex_documents)}")
    return b.result("policy with deadlines, disclosure, assessments and VEX in place")


def _deadlines(b: ItemBuilder, ctx: CheckContext) -> None:
    """Every open vulnerability triaged in time, KEV ones mitigated, old decisions re-reviewed."""
    where = ctx.vulnerability_scan
    if where is None:
        return
    for s in ctx.vulnerabilities:
        f = s.finding
        subject = f"finding:{f.id}"
        label = f"{f.advisory} in {f.component.name} {f.component.version or ''}".rstrip()
        if s.kev_unmitigated:
            b.fail(
                "kev-unmitigated",
                f"{label} is on CISA's KEV list and neither remediated nor mitigated",
                subject=subject,
                path="vulnerabilities.yaml",
                fix="update the component, or record a workaround/mitigation",
            )
        if s.overdue_triage:
            b.gap(
                "triage-overdue",
                f"{label} ({f.severity}) was not triaged by {s.deadlines.triage}",
                subject=subject,
                path="vulnerabilities.yaml",
                fix="assess it in vulnerabilities.yaml",
            )
        elif s.overdue_remediation:
            b.gap(
                "remediation-overdue",
                f"{label} ({f.severity}, {s.state.value}) was not remediated by "
                f"{s.deadlines.remediation}",
                subject=subject,
                path="vulnerabilities.yaml",
            )
        if s.rereview:
            b.gap(
                "rereview", f"{label}: {s.rereview}", subject=subject, path="vulnerabilities.yaml"
            )
    late = [s for s in ctx.vulnerabilities if s.overdue_triage or s.overdue_remediation]
    if ctx.vulnerabilities and not late:
        b.ok(f"{len(ctx.vulnerabilities)} findings of {where} within their deadlines", where)
