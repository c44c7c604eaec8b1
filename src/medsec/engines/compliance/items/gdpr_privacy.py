"""``gdpr-readiness`` sub-checks of privacy engineering: DPIA currency, transfers, privacy threats.

``dpia_current`` (dpia-unpinned, dpia-outdated): a DPIA the screening requires is signed off
against the model, and the model has not changed since: the latest ``reviews`` entry of
``gdpr-readiness`` (``medsec review --item gdpr-readiness``, the data protection officer's
sign-off of the DPIA) records the model digest, and it is today's. ``regions_known``
(region-unknown): a cloud boundary that receives personal data states where it is.
``transfers_covered`` (transfer-uncovered): every transfer of personal data out of the EU/EEA has
a mechanism that holds for its destination. ``privacy_decided`` (privacy-undecided,
privacy-unjustified): every privacy (LINDDUN) threat of the register has a decision that says
why.
"""

from __future__ import annotations

from collections.abc import Sequence

from medsec.domain.checklist import ItemId
from medsec.domain.model import Project, Review
from medsec.domain.paths import PROJECT_FILE, REGISTER_FILE
from medsec.domain.threat import AssessedThreat
from medsec.domain.vocabulary import BoundaryKind
from medsec.domain.wording import agree, counted
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.fixes import command, commands, edit, register_edit
from medsec.engines.compliance.result import ItemBuilder
from medsec.engines.privacy.risks import privacy_threats, undecided, unjustified
from medsec.engines.privacy.screening import Screening
from medsec.engines.privacy.transfers import Transfer, location, personal_items, transfers
from medsec.engines.signoff import changes

_SHOWN = 4
ITEM = ItemId.GDPR_READINESS.value


def latest_review(p: Project) -> Review | None:
    """The latest sign-off of ``gdpr-readiness`` (the DPIA's), by date, the later entry on a tie."""
    found = [(r.date, n, r) for n, r in enumerate(p.reviews) if r.item == ITEM]
    return max(found, key=lambda x: (x[0], x[1]))[2] if found else None


def dpia_current(b: ItemBuilder, ctx: CheckContext, screening: Screening) -> None:
    """dpia-unpinned, dpia-outdated: a required DPIA was signed off on today's model."""
    p = ctx.project
    if not screening.required or not p.dpia or p.dpia not in p.existing_files:
        return
    review = latest_review(p)
    review_fix = command("review", ctx.project_dir, "--item", ITEM, "--by", "NAME")
    if review is None or review.model_digest is None:
        b.gap(
            "dpia-unpinned",
            f"the DPIA ({p.dpia}) is not signed off against the model "
            + (
                "(no gdpr-readiness review)"
                if review is None
                else f"(the review of {review.date} records no model digest)"
            )
            + ": medsec cannot show it describes today's processing",
            path=PROJECT_FILE,
            line=review.line if review else None,
            fix=review_fix,
        )
        return
    changed = changes(review, ctx.current, ("model",))
    if changed:
        b.gap(
            "dpia-outdated",
            f"the DPIA ({p.dpia}) is older than the last model change: "
            f"{changed[0].after(review.date)}",
            path=PROJECT_FILE,
            line=review.line,
            fix=commands(
                command("docs", "build", ctx.project_dir, "--doc", "dpia", "--format", "md"),
                review_fix,
            ),
        )
    elif ctx.current.model:
        b.ok(f"DPIA signed off on {review.date} against the current model", PROJECT_FILE)


def regions_known(b: ItemBuilder, p: Project) -> None:
    """region-unknown: a cloud boundary that receives personal data says where it is."""
    personal = personal_items(p)
    unknown: dict[str, list[str]] = {}
    for f in p.flows:
        target = p.find_element(f.target)
        if target is None or not any(d in personal for d in f.data):
            continue
        if (
            p.in_boundary_kind(target.id, BoundaryKind.CLOUD.value)
            and location(p, target.id) is None
        ):
            unknown.setdefault(target.boundary or target.id, []).append(f.id)
    for where, flows in unknown.items():
        b.gap(
            "region-unknown",
            f"personal data goes to the cloud '{where}' (flows {', '.join(flows)}), which "
            "states no region: medsec cannot tell whether it leaves the EU/EEA",
            subject=f"boundary:{where}",
            path=PROJECT_FILE,
            line=(p.boundary(where) or p.find_element(where) or _NoLine).line,
            fix=edit(
                PROJECT_FILE,
                f"boundaries[{where}].region",
                "eu-central-1|DE|…",
                note="the country or cloud region its data is kept in",
            ),
        )


class _NoLine:
    """Stands in for an entity without a line."""

    line = None


def transfers_covered(b: ItemBuilder, p: Project) -> tuple[Transfer, ...]:
    """transfer-uncovered: personal data leaves the EU/EEA only with a mechanism that holds."""
    found = transfers(p)
    for t in found:
        if t.covered and t.mechanism is not None:
            b.ok(
                f"{t.kind} {t.subject}: transfer to {t.country} covered by "
                f"{t.mechanism.value} ({t.mechanism_by})",
                PROJECT_FILE,
            )
            continue
        key = f"flows[{t.subject}].transfer" if t.kind == "flow" else "parties[PARTY].transfer"
        b.gap(
            "transfer-uncovered",
            f"{t.kind} '{t.subject}' takes {', '.join(t.data)} to {t.destination.place.label} "
            f"({t.destination.stated_by}): {t.problem}",
            subject=f"{t.kind if t.kind == 'flow' else 'element'}:{t.subject}",
            path=PROJECT_FILE,
            line=t.line,
            fix=edit(
                PROJECT_FILE,
                key,
                "scc|bcr|adequacy|art49",
                note="the GDPR Chapter V basis of the transfer; adequacy only where the "
                "Commission decided it",
            ),
        )
    return found


def _ids(threats: Sequence[AssessedThreat]) -> str:
    """The first threat ids, with an ellipsis when there are more."""
    more = ", …" if len(threats) > _SHOWN else ""
    return ", ".join(t.id for t in threats[:_SHOWN]) + more


def privacy_decided(b: ItemBuilder, ctx: CheckContext) -> None:
    """privacy-undecided, privacy-unjustified: privacy threats decided, each saying why."""
    privacy = privacy_threats(ctx.threats)
    if not privacy:
        return
    open_ = undecided(privacy)
    if open_:
        b.gap(
            "privacy-undecided",
            f"{len(open_)} of {len(privacy)} privacy (LINDDUN) threats have no risk decision "
            f"({_ids(open_)})",
            path=REGISTER_FILE,
            fix=register_edit(
                open_[0].id,
                "decision",
                "mitigate|accept|transfer|avoid",
                note="with the rationale: the DPIA's measures and residual risk come from it",
                unregistered=ctx.unregistered,
                folder=ctx.project_dir,
            ),
        )
    bare = unjustified(privacy)
    if bare:
        b.gap(
            "privacy-unjustified",
            f"{counted(len(bare), 'privacy threat decision')} "
            f"{agree(len(bare), 'does', 'do')} not say why: no rationale, or mitigate "
            f"without a control ({_ids(bare)})",
            path=REGISTER_FILE,
            fix=register_edit(
                bare[0].id,
                "rationale",
                "why",
                note="accept, transfer and avoid need a rationale; mitigate names its controls",
                unregistered=ctx.unregistered,
                folder=ctx.project_dir,
            ),
        )
    if not open_ and not bare:
        b.ok(
            f"{len(privacy)} privacy (LINDDUN) threats decided, each with its reason", REGISTER_FILE
        )
