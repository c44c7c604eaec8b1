"""``vulnerability-management``: policy with deadlines, disclosure, assessments, VEX published.

Sub-checks, named after the rule codes they report: ``policy_written`` (no-policy,
policy-incomplete), ``disclosure_ready`` (no-contact, no-cvd-policy), ``assessments_kept``
(no-assessments), per finding of the latest scan ``kev_mitigated`` (kev-unmitigated),
``deadlines_met`` (triage-overdue, remediation-overdue) and ``rereviewed`` (rereview), then
``vex_published`` (no-vex, vex-unreadable, vex-incomplete). From the day CRA Art. 14 applies
(11 September 2026): ``cra_scope_stated`` (cra-scope-unknown) and, per actively exploited
finding of the latest scan on a CRA-scope element, ``cra_reported`` (cra-report-overdue,
cra-report-due): the clock itself is :mod:`medsec.engines.cra_reporting`.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemMeta, ItemResult
from medsec.domain.finding_id import product_key
from medsec.domain.model import Project
from medsec.domain.paths import PROJECT_FILE, VEX_DIR, VULNERABILITIES_FILE
from medsec.domain.wording import counted
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.fixes import command, edit, inside, listed
from medsec.engines.compliance.items.cve import ASSESSED
from medsec.engines.compliance.result import ItemBuilder
from medsec.engines.cra_reporting import (
    APPLIES_FROM,
    CraClock,
    ReportState,
    applies,
    clocks,
    describe,
    in_scope,
    scope_unknown,
    sold_in_eu,
)
from medsec.engines.vulnmgmt import VulnStatus, elements_of, finding_label

SEVERITIES = ("critical", "high", "medium", "low")
VEX_FILE = f"{VEX_DIR}/vex.cdx.json"  # where the VEX fix writes the document (CycloneDX)


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
                    f"{counted(len(ctx.vulnerabilities), 'finding')} of {where} within their "
                    "deadlines",
                    where,
                )
        cra_reporting(b, ctx)
        vex_published(b, ctx)
        return b.result("policy with deadlines, disclosure, assessments and VEX in place")


def policy_written(b: ItemBuilder, p: Project) -> None:
    """no-policy, policy-incomplete: triage and remediation deadlines per severity, written down."""
    if not p.policy_declared:
        b.gap(
            "no-policy",
            "no vulnerability policy is written down (medsec's defaults apply)",
            path=PROJECT_FILE,
            fix=edit(
                PROJECT_FILE,
                "policy.triage_days",
                "{critical: 7, high: 14, medium: 30, low: 90}",
                note="and policy.remediation_days, in days per severity",
            ),
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
            fix=edit(
                PROJECT_FILE,
                "policy.triage_days",
                f"add {', '.join(lacking)}",
                note="and the same in policy.remediation_days",
            ),
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
            fix=edit(PROJECT_FILE, "device.security_contact", "an e-mail address or URL"),
        )
    if not policy:
        b.gap(
            "no-cvd-policy",
            "no coordinated vulnerability disclosure policy",
            path=PROJECT_FILE,
            fix=edit(PROJECT_FILE, "device.disclosure_policy", "the URL of the policy"),
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
            fix=command("scan", ctx.project_dir),
        )
    else:
        b.ok(
            f"{ctx.vulnerability_assessments} vulnerability assessments kept",
            VULNERABILITIES_FILE,
        )


def _label(s: VulnStatus) -> str:
    return finding_label(s.finding)


def kev_mitigated(b: ItemBuilder, s: VulnStatus) -> None:
    """kev-unmitigated: a vulnerability on CISA's KEV list is remediated or mitigated."""
    if s.kev_unmitigated:
        b.fail(
            "kev-unmitigated",
            f"{_label(s)} is on CISA's KEV list and neither remediated nor mitigated",
            subject=f"finding:{s.finding.id}",
            path=VULNERABILITIES_FILE,
            fix=edit(
                VULNERABILITIES_FILE,
                f"vulnerabilities[{s.finding.id}].responses",
                "[workaround_available]",
                note="or update the component and scan again",
            ),
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
            fix=edit(VULNERABILITIES_FILE, f"vulnerabilities[{s.finding.id}].state", ASSESSED),
        )
    elif s.overdue_remediation:
        b.gap(
            "remediation-overdue",
            f"{_label(s)} ({severity}, {s.state.value}) was not remediated by "
            f"{s.deadlines.remediation}",
            subject=f"finding:{s.finding.id}",
            path=VULNERABILITIES_FILE,
            fix=edit(
                VULNERABILITIES_FILE,
                f"vulnerabilities[{s.finding.id}].state",
                "resolved",
                note="once the update ships; or scan again after updating the component",
            ),
        )


def rereviewed(b: ItemBuilder, s: VulnStatus) -> None:
    """rereview: an old decision (e.g. not affected) is reviewed again when it falls due."""
    if s.rereview:
        b.gap(
            "rereview",
            f"{_label(s)}: {s.rereview}",
            subject=f"finding:{s.finding.id}",
            path=VULNERABILITIES_FILE,
            fix=_rereview_fix(s, s.rereview),
        )


def _rereview_fix(s: VulnStatus, why: str) -> str:
    """What a re-review updates: the version assessed, the next review date, or the date."""
    entry = f"vulnerabilities[{s.assessed_as or s.finding.id}]"
    version = s.finding.component.version
    if version and why.startswith("assessed for version"):
        products = elements_of(s.finding)
        other = (
            f"; or, when this product differs, its own decision under "
            f"{product_key(s.finding.id, products[0])}"
            if products and s.assessed_as in (None, s.finding.id)
            else ""
        )
        return edit(
            VULNERABILITIES_FILE,
            f"{entry}.component_version",
            f"'{version}'",
            note=f"after assessing it again for {version}{other}",
        )
    if why.startswith("next review"):
        return edit(VULNERABILITIES_FILE, f"{entry}.next_review", "YYYY-MM-DD", note="re-reviewed")
    return edit(
        VULNERABILITIES_FILE, f"{entry}.date", "YYYY-MM-DD", note="the day of the re-review"
    )


def cra_reporting(b: ItemBuilder, ctx: CheckContext) -> None:
    """CRA Art. 14, from the day it applies: scope stated, then each clock of the latest scan."""
    p = ctx.project
    if not applies(ctx.today):
        if sold_in_eu(p) or in_scope(p):
            b.ok(f"CRA Art. 14 reporting applies from {APPLIES_FROM}: not judged before")
        return
    cra_scope_stated(b, p)
    if ctx.vulnerability_scan is None:
        return
    found = clocks(p, ctx.vulnerabilities, ctx.today)
    for c in found:
        cra_reported(b, c)
    if in_scope(p) and not found:
        b.ok(
            "CRA Art. 14: no actively exploited vulnerability (KEV-listed or stated) on the "
            f"CRA-scope elements {', '.join(in_scope(p))} in {ctx.vulnerability_scan}",
            ctx.vulnerability_scan,
        )


def cra_scope_stated(b: ItemBuilder, p: Project) -> None:
    """cra-scope-unknown: cloud and mobile software of an EU device states its CRA scope."""
    for e in scope_unknown(p):
        b.gap(
            "cra-scope-unknown",
            f"element '{e.id}' does not state: cra_scope (sold in the EU, cloud or mobile "
            "software: is it a product with digital elements under the CRA?)",
            subject=f"element:{e.id}",
            path=PROJECT_FILE,
            line=e.line,
            fix=edit(
                PROJECT_FILE,
                f"elements[{e.id}].cra_scope",
                "true|false",
                note="true: placed on the market as a product of its own, not a medical device "
                "or accessory under the MDR/IVDR; false: part of the medical device",
            ),
        )
    stated = [
        f"{e.id} ({'in' if e.cra_scope else 'out'})" for e in p.elements if e.cra_scope is not None
    ]
    if stated:
        b.ok(f"CRA scope stated: {', '.join(stated)}", PROJECT_FILE)


# where Art. 14 reports go (Art. 14(1), 16): said in each fix hint
_SENT_TO = "to the CSIRT coordinator and ENISA via the CRA single reporting platform"


def cra_reported(b: ItemBuilder, c: CraClock) -> None:
    """cra-report-overdue, cra-report-due: the Art. 14 reports of an exploited finding sent."""
    b.ok(describe(c), VULNERABILITIES_FILE)
    f = c.finding
    where = f"{finding_label(f)} on {', '.join(c.elements)} ({c.exploited}, aware {c.aware})"
    overdue, due = c.in_state(ReportState.OVERDUE), c.in_state(ReportState.DUE)
    if overdue:
        b.fail(
            "cra-report-overdue",
            f"{where}: CRA Art. 14 "
            + ", ".join(f"{r.kind.words} overdue since {r.due}" for r in overdue),
            subject=f"finding:{f.id}",
            path=VULNERABILITIES_FILE,
            fix=edit(
                VULNERABILITIES_FILE,
                f"vulnerabilities[{c.record}].{overdue[0].key}",
                "YYYY-MM-DD",
                note=f"send the {overdue[0].kind.words} {_SENT_TO}, then record the day sent",
            ),
        )
    if due:
        b.gap(
            "cra-report-due",
            f"{where}: CRA Art. 14 " + ", ".join(f"{r.kind.words} due by {r.due}" for r in due),
            subject=f"finding:{f.id}",
            path=VULNERABILITIES_FILE,
            fix=edit(
                VULNERABILITIES_FILE,
                f"vulnerabilities[{c.record}].{due[0].key}",
                "YYYY-MM-DD",
                note=f"send the {due[0].kind.words} by {due[0].due} {_SENT_TO}, then record "
                "the day sent",
            ),
        )


def _vex_fix(ctx: CheckContext, path: str = VEX_FILE) -> str:
    """The command that writes the VEX document of the latest scan to ``path``."""
    fmt = "openvex" if "openvex" in path else "csaf" if "csaf" in path else "cyclonedx"
    target = inside(ctx.project_dir, path)
    return command("vex", ctx.project_dir, "--format", fmt, "-o", target)


def vex_published(b: ItemBuilder, ctx: CheckContext) -> None:
    """no-vex, vex-unreadable, vex-incomplete: a VEX document that reads and covers the findings.

    A file under the VEX folders counts only when it is a VEX document medsec reads (``{}`` is
    not) and, together with the others, states every finding of the latest scan.
    """
    if not ctx.vex_documents:
        b.gap(
            "no-vex",
            "no VEX document is published for this release",
            path=f"{VEX_DIR}/",
            fix=_vex_fix(ctx),
        )
        return
    for fact in ctx.vex_read:
        if fact.problem:
            b.gap(
                "vex-unreadable",
                f"'{fact.path}' is no VEX document: {fact.problem}",
                path=fact.path,
                fix=_vex_fix(ctx, fact.path),
            )
    good = [f for f in ctx.vex_read if not f.problem]
    if ctx.vex_read and not good:
        return
    covered = frozenset().union(*(f.covers for f in good))
    missing = [s.finding.id for s in ctx.vulnerabilities if not _covered(s, covered)]
    if good and missing:
        b.gap(
            "vex-incomplete",
            f"the VEX published states nothing about {counted(len(missing), 'finding')} of the "
            "latest "
            f"scan: {listed(missing)}",
            path=good[-1].path,
            fix=_vex_fix(ctx, good[-1].path),
        )
        return
    b.ok(f"VEX published: {', '.join(ctx.vex_documents)}")


def _covered(s: VulnStatus, covered: frozenset[str]) -> bool:
    """Whether a statement names the finding, its advisory or one of its aliases."""
    f = s.finding
    return bool({f.id, f.advisory, *f.aliases} & covered)


ITEM = VulnerabilityManagement()
