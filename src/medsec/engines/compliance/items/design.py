"""``security-by-design``: threat → control → requirement → verification, and clause 5 activities.

Sub-checks, named after the rule codes they report: ``controls_declared`` (no-controls),
per live threat ``threat_traced`` (untraced-threat), per control ``control_required``
(no-requirement), ``control_verified`` (unverified, verification-open), ``control_implemented``
(planned) and ``control_used`` (mitigates-nothing); per IEC 81001-5-1 clause 5 activity
``activity_recorded`` (activity-missing), ``evidence_present`` (no-evidence-file,
evidence-missing), ``activity_dated`` (undated, stale-release-review), ``activity_for_release``
(other-release, before-release), then the files themselves (``items/evidence.py``:
evidence-empty, evidence-unreadable, evidence-not-pinned, evidence-changed, evidence-shared,
future-date), and the release sign-off (``items/signoffs.py``: release-review-outdated).
Placeholder ids (``policy.placeholders``: TBD, TODO, xxx) count as no id; a
superseded control is on record, not a gap.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence, Set

from medsec.domain.checklist import ItemId, ItemMeta, ItemResult
from medsec.domain.model import ActivityRecord, Control, Project
from medsec.domain.paths import PROJECT_FILE, REGISTER_FILE
from medsec.domain.pentest import FindingState, TrackedFinding
from medsec.domain.threat import AssessedThreat, ThreatStatus
from medsec.domain.vocabulary import CLAUSE5_ACTIVITIES, Activity, ControlStatus, RiskLevel
from medsec.domain.wording import counted
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.fixes import command, edit, register_edit
from medsec.engines.compliance.items import evidence, signoffs
from medsec.engines.compliance.result import ItemBuilder
from medsec.engines.placeholders import is_placeholder, real

# a threat in one of these states needs no control
DECIDED_WITHOUT_CONTROL = (ThreatStatus.ACCEPTED, ThreatStatus.TRANSFERRED, ThreatStatus.AVOIDED)


class SecurityByDesign:
    """Threats traced to verified controls; secure-development activities evidenced."""

    meta = ItemMeta(
        id=ItemId.SECURITY_BY_DESIGN,
        title="Security by design",
        clauses=(
            "IEC 81001-5-1 5.1-5.5, 5.7.1",
            "FDA premarket V.B",
            "FD&C Act 524B(b)(2)",
            "MDR Annex I 17.2",
            "GDPR Art. 25, 32",
        ),
        mandatory=True,
    )

    def evaluate(self, ctx: CheckContext) -> ItemResult:
        """Judge the threat → control → requirement → verification chain, then the activities."""
        b = ItemBuilder(self.meta)
        p = ctx.project
        controls_declared(b, p)
        live = [t for t in ctx.threats if t.status is not ThreatStatus.OBSOLETE]
        for t in live:
            threat_traced(b, t, p.policy.risk_acceptance, ctx.unregistered, ctx.project_dir)
        _controls(b, ctx, live)
        for activity in CLAUSE5_ACTIVITIES:
            record = activity_recorded(b, p, activity)
            if record is not None:
                _activity_evidence(b, ctx, record)
        evidence.evidence_shared(b, p)
        signoffs.release_review_current(b, ctx)
        return b.result(
            "threats traced to verified controls; secure-development activities evidenced"
        )


def _controls(b: ItemBuilder, ctx: CheckContext, live: Sequence[AssessedThreat]) -> None:
    """Every control through its sub-checks, then the evidence of the traced chain."""
    p = ctx.project
    used = {c for t in live for c in t.controls}
    findings = {f.id: f for k in ctx.engagements for f in k.findings}
    retested = retested_findings(findings)
    words = p.policy.placeholders
    for c in p.controls:
        if control_superseded(b, c):
            continue
        control_required(b, c, words)
        control_verified(b, c, findings, retested.get(c.id, []), ctx.project_dir, words)
        control_implemented(b, c)
        control_used(b, c, used, obsolete_answered(c, ctx.threats))
    if retested:
        pairs = sorted(f"{c} ({', '.join(ids)})" for c, ids in retested.items())
        b.ok(f"controls verified by retested pentest findings: {'; '.join(pairs)}")
    traced = [t for t in live if t.controls]
    if traced:
        b.ok(f"{len(traced)} of {counted(len(live), 'threat')} traced to controls", REGISTER_FILE)


def retested_findings(findings: Mapping[str, TrackedFinding]) -> dict[str, list[str]]:
    """Control id → ids of the retest-passed pentest findings linked to it (they verify it)."""
    verified: dict[str, list[str]] = {}
    for f in findings.values():
        if f.state is FindingState.RETEST_PASSED:
            for c_id in f.controls:
                verified.setdefault(c_id, []).append(f.id)
    return verified


def controls_declared(b: ItemBuilder, p: Project) -> None:
    """no-controls: security controls exist, traced to requirements (the evidence counts them)."""
    if not p.controls:
        b.gap(
            "no-controls",
            "no security controls are declared",
            path=PROJECT_FILE,
            fix=edit(
                PROJECT_FILE,
                "controls[]",
                "id, category, applies_to, requirement, verified_by",
                note="one per security control",
            ),
        )
    requirements = {c.requirement for c in p.controls if c.requirement}
    if requirements:
        b.ok(
            f"{counted(len(requirements), 'security requirement')} behind "
            f"{counted(len(p.controls), 'control')}",
            PROJECT_FILE,
        )


def threat_traced(
    b: ItemBuilder,
    t: AssessedThreat,
    limit: RiskLevel,
    unregistered: Collection[str] = (),
    folder: str = ".",
) -> None:
    """untraced-threat: a threat above the acceptance threshold needs a control or a decision."""
    if (
        t.risk is not None
        and t.risk.rank > limit.rank
        and not t.controls
        and t.status not in DECIDED_WITHOUT_CONTROL
    ):
        b.gap(
            "untraced-threat",
            f"{t.id} ({t.risk.value} risk) is not traced to any control",
            subject=f"threat:{t.id}",
            path=REGISTER_FILE,
            line=t.entry.line,
            fix=register_edit(
                t.id,
                "controls",
                "[CONTROL-ID]",
                note=f"or a control in {PROJECT_FILE} whose applies_to names {t.threat.target.id}",
                unregistered=unregistered,
                folder=folder,
            ),
        )


def _at(c: Control) -> dict[str, object]:
    return {"subject": f"control:{c.id}", "path": PROJECT_FILE, "line": c.line}


def control_superseded(b: ItemBuilder, c: Control) -> bool:
    """A control a design change made unnecessary stays on record; it is judged no further."""
    if c.status is not ControlStatus.SUPERSEDED:
        return False
    b.ok(f"control '{c.id}' superseded by {c.superseded_by}", PROJECT_FILE)
    return True


def control_required(b: ItemBuilder, c: Control, placeholders: Sequence[str] = ()) -> None:
    """no-requirement: every control is traced to a security requirement (not a placeholder)."""
    if not c.requirement or is_placeholder(c.requirement, placeholders):
        held = f" ('{c.requirement}' is a placeholder)" if c.requirement else ""
        b.gap(
            "no-requirement",
            f"control '{c.id}' is not traced to a security requirement{held}",
            fix=edit(PROJECT_FILE, f"controls[{c.id}].requirement", "REQUIREMENT-ID"),
            **_at(c),
        )


def control_verified(
    b: ItemBuilder,
    c: Control,
    findings: Mapping[str, TrackedFinding],
    retested: list[str],
    folder: str = ".",
    placeholders: Sequence[str] = (),
) -> None:
    """unverified, verification-open: a test id or a retested pentest finding verifies it."""
    if not real(c.verified_by, placeholders) and not retested:
        held = f" (only placeholders: {', '.join(c.verified_by)})" if c.verified_by else ""
        b.gap(
            "unverified",
            f"control '{c.id}' has no verification (test id or pentest){held}",
            fix=edit(
                PROJECT_FILE,
                f"controls[{c.id}].verified_by",
                "[TEST-ID]",
                note="or link a retested pentest finding to it",
            ),
            **_at(c),
        )
    for ref in c.verified_by:
        found = findings.get(ref)
        if found is not None and found.state is not FindingState.RETEST_PASSED:
            b.gap(
                "verification-open",
                f"control '{c.id}' is verified by pentest finding '{ref}', which is "
                f"{found.state.value}, not retest-passed",
                fix=command(
                    "pentest",
                    "set",
                    ref,
                    folder,
                    "--state",
                    "retest-passed" if found.state is FindingState.FIXED else "fixed",
                    "--by",
                    "NAME",
                ),
                **_at(c),
            )


def control_implemented(b: ItemBuilder, c: Control) -> None:
    """planned: a control that is only planned does not protect the device yet."""
    if c.status is ControlStatus.PLANNED:
        b.gap(
            "planned",
            f"control '{c.id}' is planned, not implemented",
            fix=edit(PROJECT_FILE, f"controls[{c.id}].status", "implemented", note="once it is"),
            **_at(c),
        )


def obsolete_answered(c: Control, threats: Sequence[AssessedThreat]) -> list[str]:
    """Obsolete threats the control was for: a design change removed what it answered."""
    return [
        t.id
        for t in threats
        if t.status is ThreatStatus.OBSOLETE
        and (t.threat.rule in c.mitigates or t.id in c.mitigates)
        and (not c.applies_to or t.threat.target.id in c.applies_to)
    ]


def control_used(b: ItemBuilder, c: Control, used: Set[str], gone: Sequence[str] = ()) -> None:
    """mitigates-nothing: a control that answers no threat is untraced, or superseded by design.

    When the threats it was for are obsolete (``gone``), a design change made it unnecessary:
    the fix records it as superseded rather than asking to remove it.
    """
    if c.id in used:
        return
    if gone:
        fix = edit(
            PROJECT_FILE,
            f"controls[{c.id}].status",
            "superseded",
            note=f"with superseded_by: the design change that removed {', '.join(gone)}",
        )
    else:
        fix = edit(
            PROJECT_FILE,
            f"controls[{c.id}].applies_to",
            "[TARGET-ID]",
            note="or list the rules it mitigates; superseded (with superseded_by) if a design "
            "change made it unnecessary",
        )
    b.gap("mitigates-nothing", f"control '{c.id}' mitigates no threat", fix=fix, **_at(c))


def activity_recorded(b: ItemBuilder, p: Project, activity: Activity) -> ActivityRecord | None:
    """activity-missing: the clause 5 activity is recorded; returns its latest record."""
    records = [a for a in p.activities if a.activity is activity]
    if not records:
        b.gap(
            "activity-missing",
            f"no record of the activity '{activity.value}' (IEC 81001-5-1 clause 5)",
            subject=f"activity:{activity.value}",
            path=PROJECT_FILE,
            fix=edit(
                PROJECT_FILE,
                "activities[]",
                f"activity: {activity.value}, evidence: FILE, date: YYYY-MM-DD",
            ),
        )
        return None
    return max(records, key=lambda a: (a.date is not None, a.date))


def _activity_evidence(b: ItemBuilder, ctx: CheckContext, rec: ActivityRecord) -> None:
    """The sub-checks of one activity record and its evidence file."""
    p = ctx.project
    evidence_present(b, p, rec)
    activity_dated(b, p, rec)
    evidence.activity_not_future(b, rec, ctx.today)
    activity_for_release(b, p, rec)
    sarif = {f.path: f for f in ctx.sarif}.get(rec.evidence or "")
    fact = {f.path: f for f in ctx.evidence}.get(rec.evidence or "")
    sound = evidence.evidence_of_kind(b, rec, fact, sarif)
    evidence.evidence_pinned(b, rec, fact)
    if sound and rec.evidence in p.existing_files and rec.date is not None:
        detail = ""
        if sarif is not None and not sarif.problem:
            detail = (
                f"; {sarif.tool}: {counted(sarif.results, 'result')}, {sarif.open_results} open"
            )
        elif fact is not None and fact.detail:
            detail = f"; {fact.detail}"
        b.ok(f"{rec.activity.value}: {rec.evidence} ({rec.date}){detail}", rec.evidence)


def _on(rec: ActivityRecord) -> dict[str, object]:
    return {"subject": f"activity:{rec.activity.value}", "path": PROJECT_FILE, "line": rec.line}


def evidence_present(b: ItemBuilder, p: Project, rec: ActivityRecord) -> None:
    """no-evidence-file, evidence-missing: the record names an evidence file that exists."""
    if rec.evidence is None or is_placeholder(rec.evidence, p.policy.placeholders):
        held = f" ('{rec.evidence}' is a placeholder)" if rec.evidence else ""
        b.gap(
            "no-evidence-file",
            f"activity '{rec.activity.value}' names no evidence file{held}",
            fix=edit(PROJECT_FILE, f"activities[{rec.activity.value}].evidence", "FILE"),
            **_on(rec),
        )
    elif rec.evidence not in p.existing_files:
        b.gap(
            "evidence-missing",
            f"evidence '{rec.evidence}' of '{rec.activity.value}' does not exist",
            fix=edit(
                PROJECT_FILE,
                f"activities[{rec.activity.value}].evidence",
                note=f"correct the path, or add {rec.evidence} to the project",
            ),
            **_on(rec),
        )


def activity_dated(b: ItemBuilder, p: Project, rec: ActivityRecord) -> None:
    """undated, stale-release-review: dated, and a release review after the major version."""
    major = p.device.major_version_date
    if rec.date is None:
        b.gap(
            "undated",
            f"activity '{rec.activity.value}' has no date",
            fix=edit(PROJECT_FILE, f"activities[{rec.activity.value}].date", "YYYY-MM-DD"),
            **_on(rec),
        )
    elif major and rec.date < major and rec.activity is Activity.RELEASE_REVIEW:
        b.gap(
            "stale-release-review",
            f"the release review ({rec.date}) predates the current major version ({major})",
            fix=_repeat(rec),
            **_on(rec),
        )


def activity_for_release(b: ItemBuilder, p: Project, rec: ActivityRecord) -> None:
    """other-release, before-release: the evidence belongs to the current release."""
    major = p.device.major_version_date
    if rec.version is not None and rec.version != p.device.version:
        b.gap(
            "other-release",
            f"the evidence of '{rec.activity.value}' is for release {rec.version}, not "
            f"{p.device.version}",
            fix=edit(
                PROJECT_FILE,
                f"activities[{rec.activity.value}].version",
                p.device.version,
                note="with the evidence and date of the activity repeated for this release",
            ),
            **_on(rec),
        )
    elif (
        major
        and rec.date is not None
        and rec.date < major
        and rec.activity is not Activity.RELEASE_REVIEW
    ):
        b.gap(
            "before-release",
            f"the evidence of '{rec.activity.value}' ({rec.date}) predates the current major "
            f"version ({major})",
            fix=_repeat(rec),
            **_on(rec),
        )


def _repeat(rec: ActivityRecord) -> str:
    """The edit recording an activity repeated for this release: its new evidence and date."""
    return edit(
        PROJECT_FILE,
        f"activities[{rec.activity.value}].date",
        "YYYY-MM-DD",
        note="with the evidence of the activity repeated for this release",
    )


ITEM = SecurityByDesign()
