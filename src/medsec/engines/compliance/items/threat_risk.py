"""``threat-risk-analysis``: STRIDE per element, CVSS per threat, decisions, a current review.

Sub-checks, named after the rule codes they report: ``register_current`` (no-register,
register-out-of-date), ``information_complete`` (missing-information), ``scored`` (unscored),
``decided`` (no-decision), per threat ``below_threshold`` (open-above-threshold),
``residual_acceptable`` (residual-above-threshold) and ``assessment_sound``
(assessment-problem), then ``review_current`` (no-review, review-stale, architecture-changed).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Sequence

from medsec.domain.checklist import ItemId, ItemMeta, ItemResult
from medsec.domain.paths import PROJECT_FILE, REGISTER_FILE
from medsec.domain.threat import AssessedThreat, TargetKind, ThreatStatus
from medsec.domain.vocabulary import RiskLevel, Severity
from medsec.domain.wording import agree, counted
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.fixes import command, edit, register_edit
from medsec.engines.compliance.result import ItemBuilder
from medsec.engines.signoff import THREAT_ANALYSIS, changes

_SHOWN_UNSCORED = 5
_SHOWN_UNDECIDED = 4
# medsec.yaml section of each kind of threat target
SECTIONS = {
    TargetKind.ELEMENT: "elements",
    TargetKind.FLOW: "flows",
    TargetKind.INTERFACE: "interfaces",
    TargetKind.BOUNDARY: "boundaries",
    TargetKind.DEVICE: "device",
}
# what to edit for a problem of a threat's assessment, by the start of its text
# (engines/threats/assess.py, decisions.py); a problem saying what it "needs" names the key;
# anything else: the threat's register entry as the problem says
PROBLEM_FIXES: tuple[tuple[str, str, str | None], ...] = (
    ("decision is mitigate but no control", "controls", "[CONTROL-ID]"),
    ("unknown control", "controls", "ids declared under controls: in medsec.yaml"),
    ("control superseded", "controls", "[CONTROL-ID] of a control in place"),
    ("controls superseded", "controls", "[CONTROL-ID] of a control in place"),
    ("acceptance expired", "expires", "YYYY-MM-DD (after deciding again: approver, date)"),
    ("accepted although", "decision", "mitigate, with an implemented control"),
    ("transfer to '", "decision", "mitigate (only the party operating the target takes it)"),
)
# what to put in a key a decision needs
NEEDED_VALUES = {
    "party": "PARTY-ID (declared under parties: in medsec.yaml)",
    "rationale": "why",
    "approver": "who decides (name, role)",
    "date": "YYYY-MM-DD",
    "expires": "YYYY-MM-DD (when it is decided again)",
    "benefit_risk": "the benefit-risk analysis (document id, ISO 14971 7.4)",
}
_NEEDS = re.compile(r"\bneeds (?:a )?([a-z_]+)")
# the controls a threat's assessment names as not implemented, or implemented without a test
_CONTROLS_LISTED = re.compile(
    r"controls? (not implemented yet|implemented but not verified \(no verified_by\)): (.+)"
)


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
        scored(b, live, ctx.project_dir)
        decided(b, live, ctx.unregistered, ctx.project_dir)
        for t in live:
            below_threshold(
                b, t, ctx.project.policy.risk_acceptance, ctx.unregistered, ctx.project_dir
            )
            residual_acceptable(b, t, ctx.project.policy.risk_acceptance)
            assessment_sound(b, t)
        review_current(b, ctx)
        return b.result(f"{counted(len(live), 'threat')} scored and decided; review current")


def register_current(b: ItemBuilder, ctx: CheckContext, live: Sequence[AssessedThreat]) -> None:
    """no-register, register-out-of-date: threats.yaml exists and holds every generated threat."""
    if not ctx.register_exists:
        b.gap(
            "no-register",
            "there is no threat register yet",
            path=REGISTER_FILE,
            fix=command("threats", ctx.project_dir),
        )
    elif ctx.unregistered:
        b.gap(
            "register-out-of-date",
            f"{counted(len(ctx.unregistered), 'generated threat')} "
            f"{agree(len(ctx.unregistered), 'is', 'are')} not in {REGISTER_FILE} yet "
            f"(e.g. {ctx.unregistered[0]})",
            path=REGISTER_FILE,
            fix=command("threats", ctx.project_dir),
        )
    else:
        p = ctx.project
        baseline = sum(1 for t in live if t.threat.baseline and not t.threat.linddun)
        privacy = sum(1 for t in live if t.threat.baseline and t.threat.linddun)
        linddun = f" and {privacy} LINDDUN-per-element" if privacy else ""
        kinds = "threat" if baseline == 1 and not privacy else "threats"
        b.ok(
            f"{counted(len(live), 'threat')} registered, {baseline} STRIDE-per-element{linddun} "
            f"{kinds} for {counted(len(p.elements), 'element')} and {counted(len(p.flows), 'flow')}",
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
            fix=edit(
                PROJECT_FILE,
                f"{SECTIONS[m.target.kind]}[{m.target.id}]"
                if m.target.kind is not TargetKind.DEVICE
                else SECTIONS[m.target.kind],
                f"state {', '.join(m.attributes)}",
                note="so the threat rules can decide",
            ),
        )


def scored(b: ItemBuilder, live: Sequence[AssessedThreat], folder: str = ".") -> None:
    """unscored: every live threat has a valid CVSS vector (3.1 or 4.0)."""
    unscored = [t.id for t in live if t.v3_1 is None and t.v4_0 is None]
    if unscored:
        b.gap(
            "unscored",
            f"{counted(len(unscored), 'threat')} {agree(len(unscored), 'has', 'have')} "
            f"no valid CVSS vector: "
            f"{', '.join(unscored[:_SHOWN_UNSCORED])}",
            path=REGISTER_FILE,
            fix=command("threats", "score", unscored[0], folder),
        )
    elif live:
        b.ok(f"every one of {counted(len(live), 'threat')} has a CVSS vector", REGISTER_FILE)


def decided(
    b: ItemBuilder,
    live: Sequence[AssessedThreat],
    unregistered: Collection[str] = (),
    folder: str = ".",
) -> None:
    """no-decision: every live threat has a risk decision; one gap per target lacking some."""
    undecided: dict[str, list[str]] = defaultdict(list)
    for t in live:
        if t.decision is None:
            undecided[f"{t.threat.target.kind.value}:{t.threat.target.id}"].append(t.id)
    for subject, ids in sorted(undecided.items()):
        more = ", …)" if len(ids) > _SHOWN_UNDECIDED else ")"
        b.gap(
            "no-decision",
            f"{counted(len(ids), 'threat')} on {subject} {agree(len(ids), 'has', 'have')} "
            f"no risk decision "
            f"({', '.join(ids[:_SHOWN_UNDECIDED])}{more}",
            subject=subject,
            path=REGISTER_FILE,
            fix=register_edit(
                ids[0],
                "decision",
                "mitigate|accept|transfer|avoid",
                note="each threat listed; mitigate names its controls",
                unregistered=unregistered,
                folder=folder,
            ),
        )


def below_threshold(
    b: ItemBuilder,
    t: AssessedThreat,
    limit: RiskLevel,
    unregistered: Collection[str] = (),
    folder: str = ".",
) -> None:
    """open-above-threshold: an open threat above the acceptance threshold is a failure."""
    level = t.residual_risk or t.risk
    if t.status is ThreatStatus.OPEN and level is not None and level.rank > limit.rank:
        b.fail(
            "open-above-threshold",
            f"{t.id} is open with {level.value} risk, above the acceptance threshold ({limit.value})",
            subject=f"threat:{t.id}",
            path=REGISTER_FILE,
            line=t.entry.line,
            fix=register_edit(
                t.id,
                "controls",
                "[CONTROL-ID]",
                note="an implemented control that brings the residual risk down to "
                f"{limit.value} or below",
                unregistered=unregistered,
                folder=folder,
            ),
        )


def residual_acceptable(b: ItemBuilder, t: AssessedThreat, limit: RiskLevel) -> None:
    """residual-above-threshold: a mitigated threat whose residual risk stays above the threshold."""
    level = t.residual_risk
    if t.status is not ThreatStatus.MITIGATED or level is None or level.rank <= limit.rank:
        return
    b.gap(
        "residual-above-threshold",
        f"{t.id} is mitigated, but its residual risk ({level.value}) stays above the "
        f"acceptance threshold ({limit.value})",
        subject=f"threat:{t.id}",
        path=REGISTER_FILE,
        line=t.entry.line,
        fix=_residual_fix(t, level),
    )


def _residual_fix(t: AssessedThreat, level: RiskLevel) -> str:
    """The edit: accept what the hazard alone keeps high, else state a stronger control effect."""
    score = t.residual_v3_1 or t.residual_v4_0
    accept = "accept it with rationale, approver, date, expires and benefit_risk"
    if t.safety and score is not None and score.severity.rank <= Severity.LOW.rank:
        return edit(
            REGISTER_FILE,
            f"threats[{t.id}].decision",
            "accept",
            note=f"the residual CVSS is already {score.severity.value} ({score.score:.1f}); "
            f"the {t.safety} hazard keeps the risk {level.value} in the risk matrix: after a "
            f"benefit-risk review, {accept}",
        )
    control = t.controls[0] if t.controls else "CONTROL-ID"
    return edit(
        PROJECT_FILE,
        f"controls[{control}].effect",
        "{METRIC: VALUE}",
        note=f"the CVSS metrics a stronger control lowers; or state the residual vector in "
        f"{REGISTER_FILE}, or {accept}",
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
            fix=problem_fix(t.id, problem),
        )


def problem_fix(threat: str, problem: str) -> str:
    """The edit that answers one problem of a threat's assessment."""
    listed = _CONTROLS_LISTED.match(problem)
    if listed and listed[1] == "not implemented yet":
        first = listed[2].split(", ")[0]
        return edit(PROJECT_FILE, f"controls[{first}].status", "implemented", note="once it is")
    if listed:
        first = listed[2].split(", ")[0]
        return edit(PROJECT_FILE, f"controls[{first}].verified_by", "[TEST-ID]")
    if problem.startswith("transfer to unknown party"):
        party = problem.split("'")[1]
        return edit(PROJECT_FILE, "parties[]", f"id: {party}, name: NAME, kind: hospital|supplier")
    for start, key, value in PROBLEM_FIXES:
        if problem.startswith(start):
            return edit(REGISTER_FILE, f"threats[{threat}].{key}", value)
    needed = _NEEDS.search(problem)
    if needed and needed[1] in NEEDED_VALUES:
        key = needed[1]
        return edit(REGISTER_FILE, f"threats[{threat}].{key}", NEEDED_VALUES[key])
    return edit(REGISTER_FILE, f"threats[{threat}]", note=problem)


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
            fix=_review(ctx),
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
            fix=_review(ctx),
        )
    elif found := changes(last, ctx.current, THREAT_ANALYSIS):
        for change in found:  # architecture-changed, register-changed
            b.gap(
                f"{change.part}-changed",
                change.after(last.date),
                path=PROJECT_FILE,
                line=last.line,
                fix=_review(ctx),
            )
    else:
        seen = "architecture and threat register" if ctx.digests else "architecture"
        b.ok(f"reviewed {last.date} by {last.by}, {seen} unchanged since", PROJECT_FILE)


def _review(ctx: CheckContext) -> str:
    """The command that records a review of today's architecture (after reviewing it)."""
    item = ItemId.THREAT_RISK_ANALYSIS.value
    return command("review", ctx.project_dir, "--item", item, "--by", "NAME")


ITEM = ThreatRiskAnalysis()
