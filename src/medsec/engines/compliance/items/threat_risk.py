"""``threat-risk-analysis``: STRIDE per element, CVSS per threat, decisions, a current review.

Sub-checks, named after the rule codes they report: ``register_current`` (no-register,
register-out-of-date), ``information_complete`` (missing-information), ``scored`` (unscored),
``decided`` (no-decision), per threat ``below_threshold`` (open-above-threshold) and
``assessment_sound`` (assessment-problem), then ``review_current`` (no-review, review-stale,
architecture-changed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from medsec.domain.checklist import ItemId, ItemMeta, ItemResult
from medsec.domain.paths import PROJECT_FILE, REGISTER_FILE
from medsec.domain.threat import AssessedThreat, ThreatStatus
from medsec.domain.vocabulary import RiskLevel
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.result import ItemBuilder

_SHOWN_UNSCORED = 5
_SHOWN_UNDECIDED = 4


class ThreatRiskAnalysis:
    """Every threat found, scored and decided; the analysis reviewed since the last change."""

    meta = ItemMeta(
        id=ItemId.THREAT_RISK_ANALYSIS,
        title="Threat and risk analysis (STRIDE, CVSS)",
        clauses=(
            "IEC 81001-5-1 4.2, 7.1-7.5",
            "FDA premarket V.A, V.A.1, V.A.2",
            "MDR Annex I 14.2(d), 17.2",
            "MDCG 2019-16 3.2-3.5",
        ),
        mandatory=True,
    )

    def evaluate(self, ctx: CheckContext) -> ItemResult:
        """Judge the register, the scores and decisions of live threats, and the review."""
        b = ItemBuilder(self.meta)
        live = [t for t in ctx.threats if t.status is not ThreatStatus.OBSOLETE]
        register_current(b, ctx, live)
        information_complete(b, ctx)
        scored(b, live)
        decided(b, live)
        for t in live:
            below_threshold(b, t, ctx.project.policy.risk_acceptance)
            assessment_sound(b, t)
        review_current(b, ctx)
        return b.result(f"{len(live)} threats scored and decided; review current")


def register_current(b: ItemBuilder, ctx: CheckContext, live: Sequence[AssessedThreat]) -> None:
    """no-register, register-out-of-date: threats.yaml exists and holds every generated threat."""
    if not ctx.register_exists:
        b.gap(
            "no-register",
            "there is no threat register yet",
            path=REGISTER_FILE,
            fix=f"run 'medsec threats --write' and assess the threats in {REGISTER_FILE}",
        )
    elif ctx.unregistered:
        b.gap(
            "register-out-of-date",
            f"{len(ctx.unregistered)} generated threat(s) are not in {REGISTER_FILE} yet "
            f"(e.g. {ctx.unregistered[0]})",
            path=REGISTER_FILE,
            fix="run 'medsec threats --write' to add them, then assess them",
        )
    else:
        p = ctx.project
        baseline = sum(1 for t in live if t.threat.baseline)
        b.ok(
            f"{len(live)} threats registered, {baseline} STRIDE-per-element threats for "
            f"{len(p.elements)} elements and {len(p.flows)} flows",
            REGISTER_FILE,
        )


def information_complete(b: ItemBuilder, ctx: CheckContext) -> None:
    """missing-information: one gap per target whose unstated attributes the rules needed."""
    for m in ctx.missing:
        b.gap(
            "missing-information",
            f"{m.target.kind.value} '{m.target.id}' does not state: {', '.join(m.attributes)}",
            subject=f"{m.target.kind.value}:{m.target.id}",
            path=PROJECT_FILE,
            fix="state these attributes so the threat rules can decide",
        )


def scored(b: ItemBuilder, live: Sequence[AssessedThreat]) -> None:
    """unscored: every live threat has a valid CVSS vector (3.1 or 4.0)."""
    unscored = [t.id for t in live if t.v3_1 is None and t.v4_0 is None]
    if unscored:
        b.gap(
            "unscored",
            f"{len(unscored)} threat(s) have no valid CVSS vector: "
            f"{', '.join(unscored[:_SHOWN_UNSCORED])}",
            path=REGISTER_FILE,
            fix="fix the vector or answer the rubric with 'medsec threats score ID'",
        )
    elif live:
        b.ok(f"every one of {len(live)} threats has a CVSS vector", REGISTER_FILE)


def decided(b: ItemBuilder, live: Sequence[AssessedThreat]) -> None:
    """no-decision: every live threat has a risk decision; one gap per target lacking some."""
    undecided: dict[str, list[str]] = defaultdict(list)
    for t in live:
        if t.decision is None:
            undecided[f"{t.threat.target.kind.value}:{t.threat.target.id}"].append(t.id)
    for subject, ids in sorted(undecided.items()):
        more = ", …)" if len(ids) > _SHOWN_UNDECIDED else ")"
        b.gap(
            "no-decision",
            f"{len(ids)} threat(s) on {subject} have no risk decision "
            f"({', '.join(ids[:_SHOWN_UNDECIDED])}{more}",
            subject=subject,
            path=REGISTER_FILE,
            fix="set decision mitigate|accept|transfer|avoid, or declare a control that covers them",
        )


def below_threshold(b: ItemBuilder, t: AssessedThreat, limit: RiskLevel) -> None:
    """open-above-threshold: an open threat above the acceptance threshold is a failure."""
    level = t.residual_risk or t.risk
    if t.status is ThreatStatus.OPEN and level is not None and level.rank > limit.rank:
        b.fail(
            "open-above-threshold",
            f"{t.id} is open with {level.value} risk, above the acceptance threshold ({limit.value})",
            subject=f"threat:{t.id}",
            path=REGISTER_FILE,
            line=t.entry.line,
            fix="add an implemented control or a signed-off acceptance",
        )


def assessment_sound(b: ItemBuilder, t: AssessedThreat) -> None:
    """assessment-problem: what was wrong with a threat's assessment when it was computed."""
    for problem in t.problems:
        b.gap(
            "assessment-problem",
            f"{t.id}: {problem}",
            subject=f"threat:{t.id}",
            path=REGISTER_FILE,
            line=t.entry.line,
        )


def review_current(b: ItemBuilder, ctx: CheckContext) -> None:
    """no-review, review-stale, architecture-changed: a recent review of today's architecture."""
    reviews = sorted(
        (r for r in ctx.project.reviews if r.item == ItemId.THREAT_RISK_ANALYSIS.value),
        key=lambda r: r.date,
    )
    if not reviews:
        b.gap(
            "no-review",
            "the threat and risk analysis has no recorded review",
            path=PROJECT_FILE,
            fix="after reviewing, run 'medsec review --item threat-risk-analysis --by NAME'",
        )
        return
    last = reviews[-1]
    age = (ctx.today - last.date).days
    interval = ctx.project.policy.review_interval_days
    if age > interval:
        b.gap(
            "review-stale",
            f"last review {last.date} is {age} days old (limit {interval})",
            path=PROJECT_FILE,
            line=last.line,
            fix="review the analysis again and record it",
        )
    elif last.architecture_digest != ctx.architecture_digest:
        b.gap(
            "architecture-changed",
            f"the architecture changed after the review of {last.date} "
            "(its digest does not match the current model)",
            path=PROJECT_FILE,
            line=last.line,
            fix="review the changed elements and flows, then record a new review",
        )
    else:
        b.ok(f"reviewed {last.date} by {last.by}, architecture unchanged since", PROJECT_FILE)


ITEM = ThreatRiskAnalysis()
