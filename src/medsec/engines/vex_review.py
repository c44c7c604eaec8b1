"""Which VEX decisions must be reviewed again (pure).

- a ``not_affected`` (or ``false_positive``) decision older than a year, or without a date;
- a decision made for another version of the component than the one the latest scan found
  (decisions are carried to new SBOM versions by finding id, never silently);
- a decision whose own ``next_review`` date has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from medsec.domain.finding_id import product_key, split_finding_id, split_product
from medsec.domain.vex import ReviewDue, ReviewReason
from medsec.domain.vulnerability import Finding, VexState, VulnAssessment
from medsec.engines.vulnmgmt import elements_of

REREVIEW_DAYS = 365
NOT_AFFECTED = frozenset({VexState.NOT_AFFECTED, VexState.FALSE_POSITIVE})


def _yearly(fid: str, a: VulnAssessment, today: dt.date) -> ReviewDue | None:
    """A not-affected decision without a date, or older than REREVIEW_DAYS, is due again."""
    if a.state not in NOT_AFFECTED:
        return None
    if a.date is None:
        return ReviewDue(
            fid,
            ReviewReason.YEARLY,
            f"{a.state.value} decision has no date: re-review and date it",
            a.line,
        )
    age = (today - a.date).days
    if age > REREVIEW_DAYS:
        return ReviewDue(
            fid,
            ReviewReason.YEARLY,
            f"{a.state.value} decision of {a.date} is {age} days old: re-review "
            f"(at least every {REREVIEW_DAYS} days)",
            a.line,
        )
    return None


def _version(fid: str, a: VulnAssessment, current: Collection[str]) -> ReviewDue | None:
    """A decision made for a version none of the current components has is due again."""
    if not a.component_version or not current or a.component_version in current:
        return None
    changed = sorted(set(current))
    return ReviewDue(
        fid,
        ReviewReason.VERSION_CHANGED,
        f"version changed: re-review (assessed for {a.component_version}, "
        f"now {', '.join(changed)})",
        a.line,
    )


def review_due(
    assessments: Mapping[str, VulnAssessment],
    today: dt.date,
    findings: Sequence[Finding] = (),
    *,
    components: Mapping[str, Collection[str]] | None = None,
) -> tuple[ReviewDue, ...]:
    """Every reason to re-review, sorted by finding id.

    ``findings`` are the latest scan's; ``components`` (versionless purl or name -> versions in
    the current SBOMs) stands in for a finding the scan does not have, or when there is no scan.
    """
    versions: dict[str, list[str]] = {}
    for f in findings:
        if f.component.version:
            versions.setdefault(f.id, []).append(f.component.version)
            for element in elements_of(f):  # what a decision keyed to one product sees
                versions.setdefault(product_key(f.id, element), []).append(f.component.version)
    components = components or {}
    out: list[ReviewDue] = []
    for fid in sorted(assessments):
        a = assessments[fid]
        for flag in (
            _yearly(fid, a, today),
            _version(
                fid,
                a,
                versions.get(fid)
                or components.get(split_finding_id(split_product(fid)[0]).subject or "", ()),
            ),
            (
                ReviewDue(fid, ReviewReason.DUE, f"next review was due {a.next_review}", a.line)
                if a.next_review is not None and a.next_review < today
                else None
            ),
        ):
            if flag is not None:
                out.append(flag)
    return tuple(out)
