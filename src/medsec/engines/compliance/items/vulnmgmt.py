"""``vulnerability-management``: policy with deadlines, disclosure, assessments, VEX published.

Sub-checks, named after the rule codes they report: ``policy_written`` (no-policy,
policy-incomplete), ``disclosure_ready`` (no-contact, no-cvd-policy), ``assessments_kept``
(no-assessments), per finding of the latest scan ``kev_mitigated`` (kev-unmitigated),
``deadlines_met`` (triage-overdue, remediation-overdue) and ``rereviewed`` (rereview), then
``vex_published`` (no-vex).
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemMeta, ItemResult
from medsec.domain.model import Project
from medsec.domain.paths import PROJECT_FILE, VEX_DIR, VULNERABILITIES_FILE
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.result import ItemBuilder
from medsec.engines.vulnmgmt import VulnStatus

SEVERITIES = ("critical", "high", "medium", "low")


class VulnerabilityManagement:
    """A written policy with deadlines, a disclosure channel, kept assessments and VEX."""

    meta = ItemMeta(
        id=ItemId.VULNERABILITY_MANAGEMENT,
        title="Enhanced vulnerability management",
        clauses=(
            "IEC 81001-5-1 4.1.7, 6, 9",
            "FDA premarket V.A.6, VI.B",
            "FD&C Act 524B(b)(1)",
            "CRA Art. 14, Annex I Part II",
            "NIS-2 Art. 21(2)(e)",
        ),
        mandatory=False,
    )

    def evaluate(self, ctx: CheckContext) -> ItemResult:
        """Judge the policy, disclosure, assessments, deadlines of the latest scan and VEX."""
        b = ItemBuilder(self.meta)
        policy_written(b, ctx.project)
        disclosure_ready(b, ctx.project)
        assessments_kept(b, ctx)
        if ctx.vulnerability_scan is not None:
            for s in ctx.vulnerabilities:
                kev_mitigated(b, s)
                deadlines_met(b, s)
                rereviewed(b, s)
            late = [s for s in ctx.vulnerabilities if s.overdue_triage or s.overdue_remediation]
            if ctx.vulnerabilities and not late:
                where = ctx.vulnerability_scan
                b.ok(
                    f"{len(ctx.vulnerabilities)} findings of {where} within their deadlines", where
                )
        vex_published(b, ctx)
        return b.result("policy with deadlines, disclosure, assessments and VEX in place")


def policy_written(b: ItemBuilder, p: Project) -> None:
    """no-policy, policy-incomplete: triage and remediation deadlines per severity, written down."""
    if not p.policy_declared:
        b.gap(
            "no-policy",
            "no vulnerability policy is written down (medsec's defaults apply)",
            path=PROJECT_FILE,
            fix="state policy: with triage_days and remediation_days per severity",
        )
        return
    triage = dict(p.policy.triage_days)
    fix = dict(p.policy.remediation_days)
    lacking = [s for s in SEVERITIES if s not in triage or s not in fix]
    if lacking:
        b.gap(
            "policy-incomplete",
            f"the policy has no deadlines for: {', '.join(lacking)}",
            path=PROJECT_FILE,
        )
        return
    b.ok(
        "policy: triage "
        + ", ".join(f"{s} {triage[s]}d" for s in SEVERITIES)
        + "; remediation "
        + ", ".join(f"{s} {fix[s]}d" for s in SEVERITIES),
        PROJECT_FILE,
    )


def disclosure_ready(b: ItemBuilder, p: Project) -> None:
    """no-contact, no-cvd-policy: a security contact and a coordinated disclosure policy."""
    contact, policy = p.device.security_contact, p.device.disclosure_policy
    if not contact:
        b.gap(
            "no-contact",
            "no security contact for vulnerability reports",
            path=PROJECT_FILE,
            fix="set device.security_contact",
        )
    if not policy:
        b.gap(
            "no-cvd-policy",
            "no coordinated vulnerability disclosure policy",
            path=PROJECT_FILE,
            fix="set device.disclosure_policy",
        )
    if contact and policy:
        b.ok(f"disclosure: {contact}, {policy}", PROJECT_FILE)


def assessments_kept(b: ItemBuilder, ctx: CheckContext) -> None:
    """no-assessments: the assessments of vulnerability findings are kept in a file."""
    if ctx.vulnerability_assessments is None:
        b.gap(
            "no-assessments",
            f"no vulnerability assessments ({VULNERABILITIES_FILE}) are kept",
            path=VULNERABILITIES_FILE,
            fix="scan the SBOMs and assess every finding",
        )
    else:
        b.ok(
            f"{ctx.vulnerability_assessments} vulnerability assessments kept",
            VULNERABILITIES_FILE,
        )


def _label(s: VulnStatus) -> str:
    f = s.finding
    return f"{f.advisory} in {f.component.name} {f.component.version or ''}".rstrip()


def kev_mitigated(b: ItemBuilder, s: VulnStatus) -> None:
    """kev-unmitigated: a vulnerability on CISA's KEV list is remediated or mitigated."""
    if s.kev_unmitigated:
        b.fail(
            "kev-unmitigated",
            f"{_label(s)} is on CISA's KEV list and neither remediated nor mitigated",
            subject=f"finding:{s.finding.id}",
            path=VULNERABILITIES_FILE,
            fix="update the component, or record a workaround/mitigation",
        )


def deadlines_met(b: ItemBuilder, s: VulnStatus) -> None:
    """triage-overdue, remediation-overdue: triaged, then remediated, within the policy's days."""
    severity = s.finding.severity
    if s.overdue_triage:
        b.gap(
            "triage-overdue",
            f"{_label(s)} ({severity}) was not triaged by {s.deadlines.triage}",
            subject=f"finding:{s.finding.id}",
            path=VULNERABILITIES_FILE,
            fix=f"assess it in {VULNERABILITIES_FILE}",
        )
    elif s.overdue_remediation:
        b.gap(
            "remediation-overdue",
            f"{_label(s)} ({severity}, {s.state.value}) was not remediated by "
            f"{s.deadlines.remediation}",
            subject=f"finding:{s.finding.id}",
            path=VULNERABILITIES_FILE,
        )


def rereviewed(b: ItemBuilder, s: VulnStatus) -> None:
    """rereview: an old decision (e.g. not affected) is reviewed again when it falls due."""
    if s.rereview:
        b.gap(
            "rereview",
            f"{_label(s)}: {s.rereview}",
            subject=f"finding:{s.finding.id}",
            path=VULNERABILITIES_FILE,
        )


def vex_published(b: ItemBuilder, ctx: CheckContext) -> None:
    """no-vex: a VEX document is published for this release."""
    if not ctx.vex_documents:
        b.gap(
            "no-vex",
            "no VEX document is published for this release",
            path=f"{VEX_DIR}/",
            fix="export one with 'medsec vex' and publish it to customers",
        )
    else:
        b.ok(f"VEX published: {', '.join(ctx.vex_documents)}")


ITEM = VulnerabilityManagement()
