"""Sign-offs that expire on change: digests of what a review covers, and the staleness rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from medsec.domain.model import ActivityRecord, Project, Review
from medsec.domain.threat import Assessment, RegisterEntry
from medsec.domain.vocabulary import Activity, Decision
from medsec.engines.compliance.items._fixtures import builder, context, project, threat
from medsec.engines.compliance.items.threat_risk import ITEM, review_current
from medsec.engines.signoff import Digests, changes, release_problem, release_signoff
from medsec.engines.threats.digest import (
    architecture_digest,
    architecture_matches,
    legacy_architecture_digest,
    model_digest,
    register_digest,
)
from medsec.engines.threats.rules._fixtures import element, make_project

DAY = date(2026, 9, 14)
NOW = Digests("sha256:arch", "sha256:legacy", "sha256:model", "sha256:register", "sha256:sboms")


def _project() -> Project:
    return make_project(elements=(element("fw"),))


def _with_sbom(p: Project, *paths: str) -> Project:
    return replace(p, elements=tuple(replace(e, sbom=paths) for e in p.elements))


def test_an_sbom_path_or_a_description_is_not_architecture() -> None:
    p = _project()
    assert architecture_digest(p) == legacy_architecture_digest(p)  # nothing left out: same
    with_sbom = _with_sbom(p, "sbom/fw.cdx.json")
    described = replace(p, elements=tuple(replace(e, description="x") for e in p.elements))
    assert (
        architecture_digest(with_sbom) == architecture_digest(p) == architecture_digest(described)
    )
    assert legacy_architecture_digest(with_sbom) != legacy_architecture_digest(p)
    renamed = replace(p, elements=tuple(replace(e, boundary="other") for e in p.elements))
    assert architecture_digest(renamed) != architecture_digest(p)


def test_a_digest_recorded_by_the_old_rule_still_matches() -> None:
    old = _with_sbom(_project(), "sbom/fw.cdx.json")
    recorded = legacy_architecture_digest(old)  # what medsec review wrote before
    assert architecture_matches(recorded, old)
    assert architecture_matches(architecture_digest(old), old)
    moved = _with_sbom(old, "sbom/fw-2.cdx.json")  # an old digest with SBOM paths: flagged
    assert not architecture_matches(recorded, moved)
    assert architecture_matches(architecture_digest(old), moved)  # a new one: unchanged
    assert not architecture_matches(None, old)


def test_the_model_digest_leaves_the_evidence_out() -> None:
    p = _project()
    reviewed = replace(p, reviews=(Review("threat-risk-analysis", DAY, "QA"),))
    assert model_digest(reviewed) == model_digest(p)
    assert model_digest(_with_sbom(p, "sbom/fw.cdx.json")) != model_digest(p)


def test_the_register_digest_covers_the_decisions_not_the_generated_facts() -> None:
    entry = threat().entry
    decided = replace(entry, assessment=Assessment(decision=Decision.MITIGATE, controls=("c",)))
    retitled = replace(entry, threat=replace(entry.threat, title="new wording"))
    assert register_digest([entry]) == register_digest([retitled])
    assert register_digest([entry]) != register_digest([decided])
    other = RegisterEntry(replace(entry.threat, id="MD-99@x"), Assessment())
    assert register_digest([entry]) != register_digest([entry, other])


def test_changes_names_what_changed_and_what_was_never_recorded() -> None:
    review = Review("threat-risk-analysis", DAY, "QA", "sha256:legacy", register_digest="old")
    found = changes(review, NOW, ("architecture", "register", "sboms"))
    assert [(c.part, c.recorded) for c in found] == [("register", True), ("sboms", False)]
    assert found[0].after(DAY) == (
        "the threat register changed after the review of 2026-09-14 (its digest does not match "
        "the current register)"
    )
    assert changes(review, Digests("sha256:legacy"), ("architecture", "register")) == ()


def test_the_release_review_follows_every_review_and_saw_todays_state() -> None:
    activity = ActivityRecord(Activity.RELEASE_REVIEW, "docs/r.md", DAY, "QA")
    p = replace(_project(), activities=(activity,))
    assert release_signoff(p) == activity
    assert "records no digest of the model" in (release_problem(p, NOW) or "")
    signed = Review(
        "release-review", date(2026, 10, 1), "QA", None, None, "sha256:model", "sha256:register"
    )
    p = replace(p, reviews=(replace(signed, sbom_digest="sha256:sboms"),))
    assert release_signoff(p) is p.reviews[0] and release_problem(p, NOW) is None
    assert release_problem(p, replace(NOW, model="sha256:new")) == (
        "since the release review (2026-10-01): the model changed"
    )
    later = Review("threat-risk-analysis", date(2026, 11, 1), "QA")
    p = replace(p, reviews=(*p.reviews, later))
    assert release_problem(p, NOW) == (
        "the release review (2026-10-01) predates the review of threat-risk-analysis (2026-11-01)"
    )


def test_the_threat_analysis_review_covers_the_architecture_and_the_register() -> None:
    today = date(2026, 11, 27)
    digests = Digests("sha256:arch", "sha256:legacy", register="sha256:reg")
    review = Review(
        "threat-risk-analysis", today, "QA", "sha256:legacy", register_digest="sha256:reg"
    )
    cases = {
        (): review,
        ("register-changed",): replace(review, register_digest="sha256:old"),
        ("architecture-changed", "register-changed"): replace(
            review, architecture_digest="sha256:x", register_digest=None
        ),
    }
    for expected, recorded in cases.items():
        b = builder(ITEM)
        review_current(b, context(project(reviews=(recorded,)), digests=digests))
        assert tuple(b.rules()) == expected, expected
    b = builder(ITEM)
    review_current(
        b, context(project(reviews=(replace(review, register_digest=None),)), digests=digests)
    )
    assert b.findings[0].message == (
        "the review of 2026-11-27 records no digest of the threat register: it cannot show it "
        "saw it"
    )
