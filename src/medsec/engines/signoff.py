"""Sign-offs that expire on change: what a review covers, and whether it changed since.

``medsec review`` records, with each review, digests of what it saw
(:mod:`medsec.engines.threats.digest`): the architecture, the whole model, the people's part of
the threat register and the SBOM files. A review is stale for the parts it *covers* that no
longer match:

* the threat and risk analysis covers the architecture and the threat register
  (:data:`THREAT_ANALYSIS`);
* the release review covers the model, the threat register and the SBOMs (:data:`RELEASE`),
  and must also be newer than every other review: a release signed off before the threat
  model was reviewed again did not see that review.

A review recorded without a digest of a part it covers (by hand, or by an older medsec) is
reported as such, never taken as current. The release review may be an ``activities`` entry
(``release-review``, a dated document: no digests, so it is reported as not pinned) or a
``reviews`` entry ``item: release-review`` written by ``medsec review``; the later one counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from medsec.domain.model import ActivityRecord, Project, Review
from medsec.domain.vocabulary import Activity

RELEASE_REVIEW = Activity.RELEASE_REVIEW.value
THREAT_ANALYSIS = ("architecture", "register")
RELEASE = ("model", "register", "sboms")
WHAT = {
    "architecture": "the architecture",
    "model": "the model",
    "register": "the threat register",
    "sboms": "the SBOMs",
}


@dataclass(frozen=True)
class Digests:
    """Today's digests of what reviews cover (empty: not known, not compared)."""

    architecture: str = ""
    legacy_architecture: str = ""  # the rule before SBOM paths left the architecture digest
    model: str = ""
    register: str = ""
    sboms: str = ""


@dataclass(frozen=True)
class Change:
    """A part a review covers that does not match today: changed, or never recorded."""

    part: str  # architecture | model | register | sboms
    recorded: bool  # False: the review holds no digest of it

    def __str__(self) -> str:
        """``the threat register changed`` or ``no digest of the threat register``."""
        what = WHAT[self.part]
        return f"{what} changed" if self.recorded else f"no digest of {what}"

    def after(self, on: date) -> str:
        """The finding's message for a review of ``on``."""
        what = WHAT[self.part]
        if not self.recorded:
            return f"the review of {on} records no digest of {what}: it cannot show it saw it"
        current = {"architecture": "model", "sboms": "SBOMs"}.get(self.part, self.part)
        return f"{what} changed after the review of {on} (its digest does not match the current {current})"


def _recorded(review: Review, part: str) -> str | None:
    """The digest a review recorded for one part."""
    return {
        "architecture": review.architecture_digest,
        "model": review.model_digest,
        "register": review.register_digest,
        "sboms": review.sbom_digest,
    }[part]


def changes(review: Review, current: Digests, covers: Sequence[str]) -> tuple[Change, ...]:
    """The parts ``review`` covers that changed after it, or that it recorded no digest of.

    A part whose current digest is not known (empty) is not judged.
    """
    out = []
    for part in covers:
        now = getattr(current, part)
        if not now:
            continue
        recorded = _recorded(review, part)
        accepted = {now, current.legacy_architecture} if part == "architecture" else {now}
        if recorded is None:
            out.append(Change(part, recorded=False))
        elif recorded not in accepted:
            out.append(Change(part, recorded=True))
    return tuple(out)


def release_signoff(project: Project) -> Review | ActivityRecord | None:
    """The latest release sign-off: a ``release-review`` review, or the dated activity."""
    reviews: list[Review | ActivityRecord] = [
        r for r in project.reviews if r.item == RELEASE_REVIEW
    ]
    activities = [
        a
        for a in project.activities
        if a.activity is Activity.RELEASE_REVIEW and a.date is not None
    ]
    signed = [*reviews, *activities]
    return max(signed, key=lambda s: (s.date or date.min, isinstance(s, Review)), default=None)


def later_reviews(project: Project, on: date) -> tuple[Review, ...]:
    """Reviews of checklist items signed after ``on`` (a release review must follow them)."""
    return tuple(
        sorted(
            (r for r in project.reviews if r.item != RELEASE_REVIEW and r.date > on),
            key=lambda r: (r.date, r.item),
        )
    )


def release_problem(project: Project, current: Digests) -> str | None:
    """Why the latest release sign-off does not cover today's state; None: it does."""
    signed = release_signoff(project)
    if signed is None or signed.date is None:
        return None
    later = later_reviews(project, signed.date)
    if later:
        first = later[-1]
        return (
            f"the release review ({signed.date}) predates the review of {first.item} ({first.date})"
        )
    if isinstance(signed, ActivityRecord):
        if not any(getattr(current, part) for part in RELEASE):
            return None  # nothing known to compare with
        return (
            f"the release review ({signed.date}) records no digest of the model, the threat "
            "register and the SBOMs it covers"
        )
    found = changes(signed, current, RELEASE)
    if found:
        return f"since the release review ({signed.date}): {', '.join(map(str, found))}"
    return None
