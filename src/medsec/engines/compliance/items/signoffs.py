"""Sub-checks of sign-offs that expire on change, shared by the items that hold sign-offs.

``release_review_current`` (release-review-outdated), for ``security-by-design``: the latest
release sign-off is newer than every other review and saw today's model, threat register and
SBOMs (:mod:`medsec.engines.signoff` judges; here it becomes a finding with its fix). The
threat and risk analysis judges its own review in ``threat_risk.review_current``.
"""

from __future__ import annotations

from medsec.domain.paths import PROJECT_FILE
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.fixes import command
from medsec.engines.compliance.result import ItemBuilder
from medsec.engines.signoff import RELEASE_REVIEW, release_problem, release_signoff


def release_review_current(b: ItemBuilder, ctx: CheckContext) -> None:
    """release-review-outdated: the release was signed off after everything it covers."""
    signed = release_signoff(ctx.project)
    if signed is None:
        return  # no release review at all: activity-missing says so
    why = release_problem(ctx.project, ctx.current)
    if why is None:
        b.ok(
            f"release reviewed {signed.date} by {signed.by}; model, threat register and SBOMs "
            "unchanged since",
            PROJECT_FILE,
        )
        return
    b.gap(
        "release-review-outdated",
        why,
        path=PROJECT_FILE,
        line=signed.line,
        fix=command("review", ctx.project_dir, "--item", RELEASE_REVIEW, "--by", "NAME"),
    )
