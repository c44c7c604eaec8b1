from dataclasses import replace
from datetime import date

from medsec.domain.checklist import ItemStatus
from medsec.domain.model import ActivityRecord, Project
from medsec.domain.pentest import Finding, FindingState, Severity, TrackedFinding
from medsec.domain.threat import ThreatStatus
from medsec.domain.vocabulary import (
    CLAUSE5_ACTIVITIES,
    Activity,
    ControlCategory,
    ControlStatus,
    RiskLevel,
)
from medsec.engines.compliance.context import SarifFact
from medsec.engines.compliance.items import evidence
from medsec.engines.compliance.items._fixtures import builder, context, project, rules, threat
from medsec.engines.compliance.items.design import (
    ITEM,
    activity_dated,
    activity_for_release,
    activity_recorded,
    control_implemented,
    control_required,
    control_used,
    control_verified,
    controls_declared,
    evidence_present,
    obsolete_answered,
    retested_findings,
    threat_traced,
)
from medsec.engines.threats.rules._fixtures import control

GOOD = control(
    "lesc", ControlCategory.AUTHENTICATION, ("f",), requirement="SR-1", verified_by=("TC-1",)
)
MAJOR = date(2026, 6, 1)
SAST = ActivityRecord(Activity.STATIC_ANALYSIS, "ci/sast.sarif", date(2026, 9, 1))


def _tracked(ident: str, state: FindingState, *controls: str) -> TrackedFinding:
    f = Finding(f"fp-{ident}", ident, ident, Severity.HIGH, "manual")
    return TrackedFinding(f, state, controls=controls)


def _device(major: date | None = MAJOR) -> Project:
    p = project()
    return replace(p, device=replace(p.device, major_version_date=major))


def test_controls_declared() -> None:
    b = builder(ITEM)
    controls_declared(b, project())
    assert b.rules() == ["no-controls"]
    b = builder(ITEM)
    controls_declared(b, project(controls=(GOOD,)))
    assert b.rules() == []
    assert b.evidence[0].message == "1 security requirement behind 1 control"


def test_threat_traced() -> None:
    b = builder(ITEM)
    threat_traced(b, threat(risk=RiskLevel.HIGH), RiskLevel.MEDIUM)
    assert b.rules() == ["untraced-threat"]
    b = builder(ITEM)
    threat_traced(b, threat(risk=RiskLevel.HIGH, controls=("lesc",)), RiskLevel.MEDIUM)
    threat_traced(b, threat(risk=RiskLevel.HIGH, status=ThreatStatus.ACCEPTED), RiskLevel.MEDIUM)
    threat_traced(b, threat(risk=RiskLevel.MEDIUM), RiskLevel.MEDIUM)
    assert b.rules() == []


def test_control_required() -> None:
    b = builder(ITEM)
    control_required(b, replace(GOOD, requirement=None))
    assert b.rules() == ["no-requirement"]
    b = builder(ITEM)
    control_required(b, GOOD)
    assert b.rules() == []


def test_control_verified_by_a_test_or_a_retested_finding() -> None:
    bare = replace(GOOD, verified_by=())
    cited = replace(GOOD, verified_by=("PT-2",))
    findings = {"PT-2": _tracked("PT-2", FindingState.FIXED)}
    b = builder(ITEM)
    control_verified(b, bare, {}, [])
    control_verified(b, cited, findings, [])
    assert b.rules() == ["unverified", "verification-open"]
    b = builder(ITEM)
    control_verified(b, GOOD, {}, [])
    control_verified(b, bare, {}, ["PT-1"])
    assert b.rules() == []


def test_placeholder_ids_are_no_trace() -> None:
    """Issue 13, acceptance 5: ``requirement: TBD`` and ``verified_by: [TBD]`` trace nothing."""
    words = ("TBD", "TODO", "xxx")
    tbd = replace(GOOD, requirement="TBD", verified_by=("TBD", "TC-xxx"))
    b = builder(ITEM)
    control_required(b, tbd, words)
    control_verified(b, tbd, {}, [], ".", words)
    assert b.rules() == ["no-requirement", "unverified"]
    assert b.findings[0].message == (
        "control 'lesc' is not traced to a security requirement ('TBD' is a placeholder)"
    )
    assert b.findings[1].message.endswith("(only placeholders: TBD, TC-xxx)")
    b = builder(ITEM)
    control_required(b, tbd)  # no placeholder words: the ids count as given
    control_verified(b, replace(tbd, verified_by=("TBD", "TC-1")), {}, [], ".", words)
    assert b.rules() == []


def test_a_superseded_control_is_on_record_not_a_gap() -> None:
    gone = replace(
        GOOD, status=ControlStatus.SUPERSEDED, superseded_by="CR-7: UART removed", verified_by=()
    )
    p = project(controls=(gone,))
    r = ITEM.evaluate(context(p))
    assert not {"mitigates-nothing", "unverified", "planned"} & set(rules(r))
    assert "control 'lesc' superseded by CR-7: UART removed" in [e.message for e in r.evidence]


def test_a_control_orphaned_by_a_design_fix_is_to_be_recorded_as_superseded() -> None:
    debug = control("ctl-fuse", ControlCategory.CONFIDENTIALITY, ("uart",), mitigates=("MD-13",))
    gone = threat("MD-13@interface:uart", status=ThreatStatus.OBSOLETE)
    other = threat("MD-13@interface:jtag", status=ThreatStatus.OBSOLETE)  # not on its target
    assert obsolete_answered(debug, (gone, other)) == ["MD-13@interface:uart"]
    b = builder(ITEM)
    control_used(b, debug, set(), ["MD-13@interface:uart"])
    assert b.findings[0].fix == (
        "medsec.yaml: controls[ctl-fuse].status: superseded (with superseded_by: the design "
        "change that removed MD-13@interface:uart)"
    )
    b = builder(ITEM)
    control_used(b, debug, set())
    assert "remove it" not in (b.findings[0].fix or "")


def test_retested_findings_verify_their_controls() -> None:
    found = {
        "PT-1": _tracked("PT-1", FindingState.RETEST_PASSED, "lesc", "tls"),
        "PT-2": _tracked("PT-2", FindingState.FIXED, "lesc"),
    }
    assert retested_findings(found) == {"lesc": ["PT-1"], "tls": ["PT-1"]}


def test_control_implemented() -> None:
    b = builder(ITEM)
    control_implemented(b, replace(GOOD, status=ControlStatus.PLANNED))
    assert b.rules() == ["planned"]
    b = builder(ITEM)
    control_implemented(b, GOOD)
    assert b.rules() == []


def test_control_used() -> None:
    b = builder(ITEM)
    control_used(b, GOOD, set())
    assert b.rules() == ["mitigates-nothing"]
    b = builder(ITEM)
    control_used(b, GOOD, {"lesc"})
    assert b.rules() == []


def test_activity_recorded_takes_the_latest_dated_record() -> None:
    b = builder(ITEM)
    assert activity_recorded(b, project(), Activity.FUZZING) is None
    assert b.rules() == ["activity-missing"]
    undated = ActivityRecord(Activity.STATIC_ANALYSIS, "old.sarif")
    b = builder(ITEM)
    got = activity_recorded(b, project(activities=(SAST, undated)), Activity.STATIC_ANALYSIS)
    assert got == SAST and b.rules() == []


def test_evidence_present() -> None:
    b = builder(ITEM)
    evidence_present(b, project(), replace(SAST, evidence=None))
    evidence_present(b, project(), SAST)
    assert b.rules() == ["no-evidence-file", "evidence-missing"]
    b = builder(ITEM)
    evidence_present(b, project(existing_files=frozenset({"ci/sast.sarif"})), SAST)
    assert b.rules() == []
    todo = replace(SAST, evidence="ci/TODO.sarif")
    evidence_present(b, project(existing_files=frozenset({"ci/TODO.sarif"})), todo)
    assert b.rules() == ["no-evidence-file"]
    assert b.findings[0].message.endswith("('ci/TODO.sarif' is a placeholder)")


def test_activity_dated() -> None:
    review = ActivityRecord(Activity.RELEASE_REVIEW, "r.md", date(2026, 1, 1))
    b = builder(ITEM)
    activity_dated(b, _device(), replace(SAST, date=None))
    activity_dated(b, _device(), review)
    assert b.rules() == ["undated", "stale-release-review"]
    b = builder(ITEM)
    activity_dated(b, _device(None), review)
    activity_dated(b, _device(), replace(SAST, date=date(2026, 1, 1)))
    assert b.rules() == []  # no major version; not a release review


def test_activity_for_release() -> None:
    b = builder(ITEM)
    activity_for_release(b, _device(), replace(SAST, version="0.9.0"))
    activity_for_release(b, _device(), replace(SAST, date=date(2026, 1, 1)))
    assert b.rules() == ["other-release", "before-release"]
    b = builder(ITEM)
    activity_for_release(b, _device(), replace(SAST, version="1.0.0"))
    review = ActivityRecord(Activity.RELEASE_REVIEW, "r.md", date(2026, 1, 1))
    activity_for_release(b, _device(), review)
    assert b.rules() == []  # a release review is judged by activity_dated


def test_unreadable_sarif_is_a_gap_at_the_file() -> None:
    b = builder(ITEM)
    evidence.evidence_of_kind(b, SAST, None, SarifFact("ci/sast.sarif", problem="invalid JSON"))
    assert b.rules() == ["evidence-unreadable"]
    assert b.findings[0].path == "ci/sast.sarif"
    b = builder(ITEM)
    evidence.evidence_of_kind(b, SAST, None, SarifFact("ci/sast.sarif", "Semgrep", 5, 2))
    evidence.evidence_of_kind(b, SAST, None, None)
    assert b.rules() == []


def test_evaluate_passes_with_the_whole_chain_and_every_activity() -> None:
    records = tuple(
        ActivityRecord(a, f"ev/{a.value}.md", date(2026, 9, 1)) for a in CLAUSE5_ACTIVITIES
    )
    p = project(
        controls=(GOOD,),
        activities=records,
        existing_files=frozenset(r.evidence for r in records if r.evidence),
    )
    traced = threat(controls=("lesc",), status=ThreatStatus.MITIGATED)
    r = ITEM.evaluate(context(p, threats=(traced,)))
    assert r.status is ItemStatus.PASS, rules(r)
    assert "1 of 1 threat traced to controls" in [e.message for e in r.evidence]
    r = ITEM.evaluate(context(p))
    assert rules(r) == ["mitigates-nothing"]


def test_verification_fix_is_the_next_workflow_step_of_the_finding() -> None:
    cited = replace(GOOD, verified_by=("PT-2",))
    b = builder(ITEM)
    control_verified(b, cited, {"PT-2": _tracked("PT-2", FindingState.FIXED)}, [], "pump")
    control_verified(b, cited, {"PT-2": _tracked("PT-2", FindingState.OPEN)}, [], "pump")
    assert [f.fix for f in b.findings] == [
        "medsec pentest set PT-2 pump --state retest-passed --by NAME",
        "medsec pentest set PT-2 pump --state fixed --by NAME",
    ]


def test_control_and_activity_fixes_name_their_entry() -> None:
    b = builder(ITEM)
    control_required(b, replace(GOOD, requirement=None))
    threat_traced(b, threat(risk=RiskLevel.HIGH), RiskLevel.MEDIUM)
    assert [f.fix for f in b.findings] == [
        f"medsec.yaml: controls[{GOOD.id}].requirement: REQUIREMENT-ID",
        "threats.yaml: threats[MD-13@interface:jtag].controls: [CONTROL-ID] (or a control in "
        "medsec.yaml whose applies_to names jtag)",
    ]
