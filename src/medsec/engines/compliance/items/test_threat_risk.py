from dataclasses import replace
from datetime import date

from medsec.domain.checklist import ItemStatus
from medsec.domain.model import Policy, Review
from medsec.domain.threat import CvssScore, MissingInformation, Target, TargetKind, ThreatStatus
from medsec.domain.vocabulary import Decision, RiskLevel, Severity
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
    problem_fix,
    register_current,
    residual_acceptable,
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
    assert b.findings[0].message.startswith("1 threat on flow:f has no risk decision")
    assert b.findings[1].message.startswith("5 threats on interface:jtag have no risk decision")
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


def test_residual_acceptable() -> None:
    low = CvssScore("3.1", "CVSS:3.1/AV:P/AC:H/PR:H/UI:N/S:U/C:N/I:L/A:N", 1.8, Severity.LOW)
    medium = CvssScore("3.1", "CVSS:3.1/AV:N/AC:H/PR:H/UI:N/S:U/C:H/I:H/A:N", 5.9, Severity.MEDIUM)
    high_left = replace(DECIDED, residual_risk=RiskLevel.HIGH, residual_v3_1=medium)
    b = builder(ITEM)
    residual_acceptable(b, high_left, RiskLevel.MEDIUM)
    assert b.rules() == ["residual-above-threshold"]
    f = b.findings[0]
    assert f.message == (
        "MD-13@interface:jtag is mitigated, but its residual risk (high) stays above the "
        "acceptance threshold (medium)"
    )
    assert f.subject == "threat:MD-13@interface:jtag" and f.line == 12
    assert f.fix == (
        "medsec.yaml: controls[CONTROL-ID].effect: {METRIC: VALUE} (the CVSS metrics a stronger "
        "control lowers; or state the residual vector in threats.yaml, or accept it with "
        "rationale, approver, date, expires and benefit_risk)"
    )
    # a low residual score that the hazard keeps high: acceptance is what is left to do
    b = builder(ITEM)
    by_hazard = replace(high_left, residual_v3_1=low, safety="catastrophic")
    residual_acceptable(b, by_hazard, RiskLevel.MEDIUM)
    assert (b.findings[0].fix or "").startswith(
        "threats.yaml: threats[MD-13@interface:jtag].decision: accept (the residual CVSS is "
        "already low (1.8); the catastrophic hazard keeps the risk high in the risk matrix"
    )
    b = builder(ITEM)
    residual_acceptable(b, replace(high_left, controls=("ctl-x",)), RiskLevel.MEDIUM)
    assert (b.findings[0].fix or "").startswith("medsec.yaml: controls[ctl-x].effect: ")
    b = builder(ITEM)
    residual_acceptable(b, replace(high_left, residual_risk=RiskLevel.MEDIUM), RiskLevel.MEDIUM)
    residual_acceptable(b, replace(high_left, status=ThreatStatus.OPEN), RiskLevel.MEDIUM)
    residual_acceptable(b, replace(high_left, status=ThreatStatus.ACCEPTED), RiskLevel.MEDIUM)
    residual_acceptable(b, replace(high_left, residual_risk=None), RiskLevel.MEDIUM)
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
    assert r.summary.startswith("2 failures, 1 gap:")
    quiet = replace(c, status=ThreatStatus.MITIGATED, residual_risk=RiskLevel.MEDIUM)
    r = ITEM.evaluate(context(p, threats=(quiet,), register_exists=True))
    assert (
        r.status is ItemStatus.PASS and r.summary == "1 threat scored and decided; review current"
    )
    still_high = replace(quiet, residual_risk=RiskLevel.HIGH)
    r = ITEM.evaluate(context(p, threats=(still_high,), register_exists=True))
    assert r.status is ItemStatus.GAP and rules(r) == ["residual-above-threshold"]


def test_register_and_review_fixes_are_commands_on_the_project() -> None:
    at = context(project_dir="pump")
    b = builder(ITEM)
    register_current(b, at, [])
    register_current(b, replace(at, register_exists=True, unregistered=("MD-01@flow:f",)), [])
    review_current(b, at)
    assert [f.fix for f in b.findings] == [
        "medsec threats pump",
        "medsec threats pump",
        "medsec review pump --item threat-risk-analysis --by NAME",
    ]


def test_threat_edits_name_the_entry_and_register_a_new_threat_first() -> None:
    new = threat("MD-40@element:cpu", risk=RiskLevel.HIGH)
    b = builder(ITEM)
    below_threshold(b, threat(risk=RiskLevel.HIGH), RiskLevel.MEDIUM)
    below_threshold(b, new, RiskLevel.MEDIUM, ("MD-40@element:cpu",), "pump")
    assert [f.fix for f in b.findings] == [
        "threats.yaml: threats[MD-13@interface:jtag].controls: [CONTROL-ID] (an implemented "
        "control that brings the residual risk down to medium or below)",
        "threats.yaml: threats[MD-40@element:cpu].controls: [CONTROL-ID] (register it first: "
        "medsec threats pump; an implemented control that brings the residual risk down to "
        "medium or below)",
    ]


def test_missing_information_names_the_model_entry() -> None:
    gap = MissingInformation(Target(TargetKind.FLOW, "f"), ("authentication", "encryption"), ())
    b = builder(ITEM)
    information_complete(b, context(missing=(gap,)))
    assert b.findings[0].fix == (
        "medsec.yaml: flows[f]: state authentication, encryption (so the threat rules can decide)"
    )


def test_each_assessment_problem_gets_its_edit() -> None:
    cases = {
        "decision is mitigate but no control is named or traced": "threats.yaml: "
        "threats[T].controls: [CONTROL-ID]",
        "controls not implemented yet: ctl-a, ctl-b": "medsec.yaml: controls[ctl-a].status: "
        "implemented (once it is)",
        "control not implemented yet: ctl-c": "medsec.yaml: controls[ctl-c].status: "
        "implemented (once it is)",
        "acceptance needs approver, date and expires": "threats.yaml: threats[T].approver: "
        "who decides (name, role)",
        "acceptance needs expires": "threats.yaml: threats[T].expires: YYYY-MM-DD (when it is "
        "decided again)",
        "acceptance expired on 2026-01-01: decide again": "threats.yaml: threats[T].expires: "
        "YYYY-MM-DD (after deciding again: approver, date)",
        "accepted above the acceptance threshold (medium, risk high) needs benefit_risk: the "
        "benefit-risk analysis that justifies it": "threats.yaml: threats[T].benefit_risk: the "
        "benefit-risk analysis (document id, ISO 14971 7.4)",
        "decision avoid needs a rationale": "threats.yaml: threats[T].rationale: why",
        "transfer needs party and approver": "threats.yaml: threats[T].party: PARTY-ID "
        "(declared under parties: in medsec.yaml)",
        "transfer to unknown party 'hsp' (not declared under parties)": "medsec.yaml: "
        "parties[]: id: hsp, name: NAME, kind: hospital|supplier",
        "transfer to 'hospital', but element pump-fw is operated by the manufacturer: a risk "
        "goes only to the party that operates its target": "threats.yaml: threats[T].decision: "
        "mitigate (only the party operating the target takes it)",
        "control superseded, it answers nothing: ctl-a": "threats.yaml: threats[T].controls: "
        "[CONTROL-ID] of a control in place",
        "controls superseded, they answer nothing: ctl-a, ctl-b": "threats.yaml: "
        "threats[T].controls: [CONTROL-ID] of a control in place",
        "unknown control: ctl-x": "threats.yaml: threats[T].controls: ids declared under "
        "controls: in medsec.yaml",
        "unknown controls: ctl-x, ctl-y": "threats.yaml: threats[T].controls: ids declared under "
        "controls: in medsec.yaml",
        "accepted although its risk (high) is above the acceptance threshold (medium)": "threats"
        ".yaml: threats[T].decision: mitigate, with an implemented control",
        "a vector medsec cannot score": "threats.yaml: threats[T] (a vector medsec cannot score)",
    }
    assert {p: problem_fix("T", p) for p in cases} == cases


def test_unverified_control_fix_names_verified_by() -> None:
    problem = "controls implemented but not verified (no verified_by): ctl-a, ctl-b"
    assert problem_fix("MD-01@x", problem) == "medsec.yaml: controls[ctl-a].verified_by: [TEST-ID]"
