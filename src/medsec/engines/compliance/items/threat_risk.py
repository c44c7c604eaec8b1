"""``threat-risk-analysis``: STRIDE per element, CVSS per threat, decisions, a current review."""

from __future__ import annotations

from collections import defaultdict

from medsec.domain.checklist import ItemId, ItemResult
from medsec.domain.threat import ThreatStatus
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.result import ItemBuilder

REGISTER = "threats.yaml"
PROJECT = "medsec.yaml"


def evaluate(ctx: CheckContext) -> ItemResult:
    b = ItemBuilder(ItemId.THREAT_RISK_ANALYSIS)
    p = ctx.project
    live = [t for t in ctx.threats if t.status is not ThreatStatus.OBSOLETE]
    if not ctx.register_exists:
        b.gap(
            "no-register",
            "there is no threat register yet",
            path=REGISTER,
            fix="run 'medsec threats --write' and assess the threats in threats.yaml",
        )
    elif ctx.unregistered:
        b.gap(
            "register-out-of-date",
            f"{len(ctx.unregistered)} generated threat(s) are not in threats.yaml yet "
            f"(e.g. {ctx.unregistered[0]})",
            path=REGISTER,
            fix="run 'medsec threats --write' to add them, then assess them",
        )
    else:
        baseline = sum(1 for t in live if t.threat.baseline)
        b.ok(
            f"{len(live)} threats registered, {baseline} STRIDE-per-element threats for "
            f"{len(p.elements)} elements and {len(p.flows)} flows",
            REGISTER,
        )
    for m in ctx.missing:
        b.gap(
            "missing-information",
            f"{m.target.kind.value} '{m.target.id}' does not state: {', '.join(m.attributes)}",
            subject=f"{m.target.kind.value}:{m.target.id}",
            path=PROJECT,
            fix="state these attributes so the threat rules can decide",
        )
    unscored = [t.id for t in live if t.v3_1 is None and t.v4_0 is None]
    if unscored:
        b.gap(
            "unscored",
            f"{len(unscored)} threat(s) have no valid CVSS vector: {', '.join(unscored[:5])}",
            path=REGISTER,
            fix="fix the vector or answer the rubric with 'medsec threats score ID'",
        )
    elif live:
        b.ok(f"every one of {len(live)} threats has a CVSS vector", REGISTER)
    undecided: dict[str, list[str]] = defaultdict(list)
    for t in live:
        if t.decision is None:
            undecided[f"{t.threat.target.kind.value}:{t.threat.target.id}"].append(t.id)
    for subject, ids in sorted(undecided.items()):
        b.gap(
            "no-decision",
            f"{len(ids)} threat(s) on {subject} have no risk decision ({', '.join(ids[:4])}"
            + (", …)" if len(ids) > 4 else ")"),
            subject=subject,
            path=REGISTER,
            fix="set decision mitigate|accept|transfer|avoid, or declare a control that covers them",
        )
    limit = p.policy.risk_acceptance
    for t in live:
        level = t.residual_risk or t.risk
        if t.status is ThreatStatus.OPEN and level is not None and level.rank > limit.rank:
            b.fail(
                "open-above-threshold",
                f"{t.id} is open with {level.value} risk, above the acceptance threshold ({limit.value})",
                subject=f"threat:{t.id}",
                path=REGISTER,
                line=t.entry.line,
                fix="add an implemented control or a signed-off acceptance",
            )
        for problem in t.problems:
            b.gap(
                "assessment-problem",
                f"{t.id}: {problem}",
                subject=f"threat:{t.id}",
                path=REGISTER,
                line=t.entry.line,
            )
    _review(b, ctx)
    return b.result(f"{len(live)} threats scored and decided; review current")


def _review(b: ItemBuilder, ctx: CheckContext) -> None:
    reviews = sorted(
        (r for r in ctx.project.reviews if r.item == ItemId.THREAT_RISK_ANALYSIS.value),
        key=lambda r: r.date,
    )
    if not reviews:
        b.gap(
            "no-review",
            "the threat and risk analysis has no recorded review",
            path=PROJECT,
            fix="after reviewing, run 'medsec review --item threat-risk-analysis --by NAME'",
        )
        return
    last = reviews[-1]
    age = (ctx.today - last.date).days
    if age > ctx.project.policy.review_interval_days:
        b.gap(
            "review-stale",
            f"last review {last.date} is {age} days old "
            f"(limit {ctx.project.policy.review_interval_days})",
            path=PROJECT,
            line=last.line,
            fix="review the analysis again and record it",
        )
    elif last.architecture_digest != ctx.architecture_digest:
        b.gap(
            "architecture-changed",
            f"the architecture changed after the review of {last.date} "
            "(its digest does not match the current model)",
            path=PROJECT,
            line=last.line,
            fix="review the changed elements and flows, then record a new review",
        )
    else:
        b.ok(f"reviewed {last.date} by {last.by}, architecture unchanged since", PROJECT)
