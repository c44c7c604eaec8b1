from dataclasses import replace
from datetime import date

from medsec.domain.checklist import ItemStatus
from medsec.domain.model import Policy, Review
from medsec.domain.threat import MissingInformation, Target, TargetKind, ThreatStatus
from medsec.domain.vocabulary import Decision, RiskLevel
from medsec.engines.compliance.items._fixtures import (
    DIGEST,
    builder,
    context,
    project,
    rules,
    threat,
)
from medsec.engines.compliance.items.threat_risk import (
    ITEM,
    assessment_sound,
    below_threshold,
    decided,
    information_complete,
    register_current,
    review_current,
    scored,
)

DECIDED = threat(decision=Decision.MITIGATE, status=ThreatStatus.MITIGATED)


def _review(on: date, digest: str | None = DIGEST) -> Review:
    return Review("threat-risk-analysis", on, "J. Doe", digest)


def test_register_current() -> None:
    b = builder(ITEM)
    register_current(b, context(), [])
    register_current(b, context(register_exists=True, unregistered=("MD-01@flow:f",)), [])
    assert b.rules() == ["no-register", "register-out-of-date"]
    assert "(e.g. MD-01@flow:f)" in b.findings[1].message
    b = builder(ITEM)
    register_current(b, context(register_exists=True), [DECIDED])
    assert b.rules() == [] and len(b.evidence) == 1


def test_information_complete() -> None:
    gap = MissingInformation(Target(TargetKind.FLOW, "f"), ("authentication",), ("MD-29",))
    b = builder(ITEM)
    information_complete(b, context(missing=(gap,)))
    assert b.rules() == ["missing-information"]
    assert b.findings[0].message == "flow 'f' does not state: authentication"
    b = builder(ITEM)
    information_complete(b, context())
    assert b.rules() == []


def test_scored() -> None:
    b = builder(ITEM)
    scored(b, [threat(scored=False), DECIDED])
    assert b.rules() == ["unscored"]
    b = builder(ITEM)
    scored(b, [DECIDED])
    assert b.rules() == [] and len(b.evidence) == 1


def test_decided_groups_per_target() -> None:
    undecided = [threat(f"MD-{n:02}@interface:jtag") for n in range(1, 6)]
    b = builder(ITEM)
    decided(b, [*undecided, threat("MD-29@flow:f")])
    assert b.rules() == ["no-decision", "no-decision"]
    assert b.findings[0].subject == "flow:f"
    assert b.findings[1].message.startswith("5 threat(s) on interface:jtag have no risk decision")
    assert b.findings[1].message.endswith("MD-04@interface:jtag, …)")
    b = builder(ITEM)
    decided(b, [DECIDED])
    assert b.rules() == []


def test_below_threshold() -> None:
    b = builder(ITEM)
    below_threshold(b, threat(risk=RiskLevel.HIGH), RiskLevel.MEDIUM)
    assert b.rules() == ["open-above-threshold"]
    b = builder(ITEM)
    below_threshold(b, threat(risk=RiskLevel.MEDIUM), RiskLevel.MEDIUM)
    below_threshold(b, DECIDED, RiskLevel.LOW)  # not open
    below_threshold(b, threat(residual_risk=RiskLevel.LOW), RiskLevel.MEDIUM)  # residual counts
    assert b.rules() == []


def test_assessment_sound() -> None:
    b = builder(ITEM)
    assessment_sound(b, threat(problems=("invalid CVSS vector",)))
    assert b.rules() == ["assessment-problem"]
    b = builder(ITEM)
    assessment_sound(b, DECIDED)
    assert b.rules() == []


def test_review_current() -> None:
    today = date(2026, 11, 27)
    cases = {
        "no-review": (),
        "review-stale": (_review(date(2025, 1, 1)),),
        "architecture-changed": (_review(today, "sha256:old"),),
    }
    for rule, reviews in cases.items():
        b = builder(ITEM)
        review_current(b, context(project(reviews=reviews)))
        assert b.rules() == [rule]
    b = builder(ITEM)
    other_item = Review("security-concept", today, "J. Doe", DIGEST)
    review_current(b, context(project(reviews=(_review(date(2026, 1, 5)), other_item))))
    assert b.rules() == []
    assert b.evidence[0].message == "reviewed 2026-01-05 by J. Doe, architecture unchanged since"


def test_evaluate_interleaves_threshold_and_problems_per_threat() -> None:
    a = threat("MD-01@interface:a", problems=("bad vector",), decision=Decision.MITIGATE)
    c = threat("MD-02@interface:c", decision=Decision.MITIGATE)
    obsolete = threat("MD-03@interface:x", status=ThreatStatus.OBSOLETE)
    p = project(
        policy=Policy(risk_acceptance=RiskLevel.MEDIUM), reviews=(_review(date(2026, 9, 1)),)
    )
    r = ITEM.evaluate(context(p, threats=(a, c, obsolete), register_exists=True))
    assert r.status is ItemStatus.FAIL
    assert rules(r) == ["open-above-threshold", "assessment-problem", "open-above-threshold"]
    assert r.summary.startswith("2 failure(s), 1 gap(s)")
    quiet = replace(c, status=ThreatStatus.MITIGATED)
    r = ITEM.evaluate(context(p, threats=(quiet,), register_exists=True))
    assert (
        r.status is ItemStatus.PASS and r.summary == "1 threats scored and decided; review current"
    )
