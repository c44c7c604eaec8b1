"""LINDDUN per element: the privacy baseline, its vectors, hazards, decisions and frameworks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.domain.model import Project
from medsec.domain.threat import Assessment, Framework, Linddun, RegisterEntry, ThreatStatus
from medsec.domain.vocabulary import Decision
from medsec.engines.compliance.items._fixtures import builder
from medsec.engines.compliance.items.threat_risk import ITEM, assessment_sound
from medsec.engines.threats.assess import assess, linked_hazards
from medsec.engines.threats.engine import generate
from medsec.engines.threats.frameworks import merge_scoped
from medsec.engines.threats.register import merge
from medsec.engines.threats.rules import PRIVACY_RULES, RULES
from medsec.project.loader import load_project

TODAY = date(2026, 12, 1)
HEALTH = MINIMAL.replace(
    "    category: technical\n", "    category: health\n    subjects: patients\n"
)
STORE = HEALTH.replace(
    "flows:",
    "  - {id: log, name: Pump log, type: data_store, boundary: box, function: phi, stores: [dose]}\n"
    "  - {id: nurse, name: Nurse, type: actor, boundary: ward}\n"
    "flows:\n"
    "  - {id: nurse-ui, from: nurse, to: tablet, protocol: user-interface, data: [dose]}\n"
    "  - {id: tablet-copy, from: tablet, to: nurse, protocol: user-interface, data: [dose]}",
)


def _project(tmp_path: Path, text: str) -> Project:
    return load_project(write_project(tmp_path / "p", text))


def _linddun(project: Project) -> dict[str, set[str]]:
    """LINDDUN letters per target of the privacy baseline."""
    found: dict[str, set[str]] = {}
    for t in generate(project, rules=()).threats:
        if t.framework is Framework.LINDDUN:
            found.setdefault(t.target.id, set()).update(c.letter for c in t.linddun)
    return found


def test_no_personal_data_no_privacy_threats(tmp_path: Path) -> None:
    project = _project(tmp_path, MINIMAL)  # dose is technical data
    assert _linddun(project) == {}
    assert all(t.framework is Framework.STRIDE for t in generate(project).threats)


def test_credentials_alone_are_not_privacy_data(tmp_path: Path) -> None:
    text = MINIMAL.replace("    category: technical\n", "    category: credential\n")
    assert _linddun(_project(tmp_path, text)) == {}


def test_the_linddun_mapping_per_element_type(tmp_path: Path) -> None:
    found = _linddun(_project(tmp_path, STORE))
    six = {"L", "I", "NR", "D", "DD", "NC"}
    assert found == {
        "pump-fw": six,
        "tablet": six,
        "log": six,  # stores personal data, no flow needed
        "nurse": {"L", "I", "U"},  # actors: L, I, U
        "tablet-to-pump": six,  # crosses ward → box
    }  # nurse-ui and tablet-copy stay inside the ward: their ends carry the threats


def test_ids_titles_triggers_and_the_register_keys(tmp_path: Path) -> None:
    threats = {t.id: t for t in generate(_project(tmp_path, STORE), rules=()).threats}
    t = threats["LINDDUN-DD@tablet-to-pump"]
    assert t.rule == "LINDDUN-DD" and t.baseline and t.stride == ()
    assert t.linddun == (Linddun.DATA_DISCLOSURE,)
    assert t.title == "More patient data over BLE to the pump firmware than needed"
    assert [str(x) for x in t.triggers] == ["flows[tablet-to-pump].data = dose (health)"]
    assert t.crossing == "ward → box"
    log = threats["LINDDUN-NR@log"]
    assert [str(x) for x in log.triggers] == ["elements[log].stores = dose (health)"]
    assert "LINDDUN-U@nurse" in threats and "LINDDUN-U@tablet" not in threats


def test_vectors_data_disclosure_from_the_data_the_others_c_low(tmp_path: Path) -> None:
    threats = {t.id: t for t in generate(_project(tmp_path, STORE), rules=()).threats}
    log_dd = threats["LINDDUN-DD@log"].default_v3_1 or ""
    assert "/C:H/I:N/A:N" in log_dd  # health data kept in the log: as STRIDE I
    assert "/C:L/I:N/A:N" in (threats["LINDDUN-L@log"].default_v3_1 or "")
    # the BLE link is strongly encrypted: a disclosure on the link reads only metadata
    assert "/C:L/" in (threats["LINDDUN-DD@tablet-to-pump"].default_v3_1 or "")
    for t in threats.values():
        if t.framework is Framework.LINDDUN:
            assert "/UI:N/" in (t.default_v3_1 or "")  # the processing happens anyway
            assert {b.metric for b in t.cvss_basis} >= {"AV", "AC", "PR", "UI", "C"}


def test_privacy_threats_take_only_the_hazards_their_entry_names(tmp_path: Path) -> None:
    project = _project(tmp_path, STORE)  # pump-fw is linked to HAZ-1 (overdose)
    by_id = {t.id: t for t in generate(project, rules=()).threats}
    security = RegisterEntry(by_id["STRIDE-I@pump-fw"], Assessment())
    privacy = RegisterEntry(by_id["LINDDUN-I@pump-fw"], Assessment())
    assert [h.id for h in linked_hazards(project, security)] == ["HAZ-1"]
    assert linked_hazards(project, privacy) == ()
    named = replace(privacy, assessment=Assessment(hazards=("HAZ-1",)))
    assert [h.id for h in linked_hazards(project, named)] == ["HAZ-1"]


@pytest.mark.parametrize(
    ("decision", "needs"),
    [
        (Decision.ACCEPT, "acceptance needs rationale"),
        (Decision.TRANSFER, "transfer needs party and rationale"),
        (Decision.AVOID, "decision avoid needs a rationale"),
    ],
)
def test_a_privacy_decision_without_rationale_is_a_gap(
    tmp_path: Path, decision: Decision, needs: str
) -> None:
    project = _project(tmp_path, STORE)
    threat = next(t for t in generate(project, rules=()).threats if t.id == "LINDDUN-L@log")
    entry = RegisterEntry(threat, Assessment(decision=decision, approver="DPO", date=TODAY))
    assessed = assess(project, entry, today=TODAY)
    assert assessed.status is ThreatStatus.OPEN
    assert any(p.startswith(needs) for p in assessed.problems), assessed.problems
    b = builder(ITEM)
    assessment_sound(b, assessed)
    assert b.rules() == ["assessment-problem"]
    with_reason = replace(entry.assessment, rationale="the log is the clinical record")
    if decision is Decision.AVOID:
        assert assess(project, replace(entry, assessment=with_reason)).status is (
            ThreatStatus.AVOIDED
        )


def test_frameworks_pick_baselines_and_rule_libraries(tmp_path: Path) -> None:
    project = _project(tmp_path, STORE)
    both = generate(project).threats
    stride = generate(project, frameworks=(Framework.STRIDE,)).threats
    linddun = generate(project, frameworks=(Framework.LINDDUN,)).threats
    assert stride == tuple(t for t in both if t.framework is Framework.STRIDE)
    assert linddun == tuple(t for t in both if t.framework is Framework.LINDDUN)
    assert linddun and all(not t.stride for t in linddun)
    # the old behaviour: STRIDE per element and the security rules, nothing else
    old = generate(project, rules=RULES, frameworks=(Framework.STRIDE,)).threats
    assert stride == old
    assert {r.meta.id for r in PRIVACY_RULES}.isdisjoint(t.rule for t in stride)


def test_a_one_framework_merge_leaves_the_other_entries_alone(tmp_path: Path) -> None:
    project = _project(tmp_path, STORE)
    entries, _ = merge(generate(project).threats, (), TODAY)
    decided = tuple(
        replace(e, assessment=Assessment(decision=Decision.AVOID, rationale="r"))
        if e.threat.linddun
        else e
        for e in entries
    )
    stride = generate(project, frameworks=(Framework.STRIDE,)).threats
    whole, scoped, summary = merge_scoped(stride, decided, TODAY, (Framework.STRIDE,))
    assert whole == decided  # privacy entries kept as they were: not obsolete, decisions kept
    assert all(e.threat.framework is Framework.STRIDE for e in scoped)
    assert summary.unchanged == len(scoped) and not summary.obsolete


def test_the_register_line_counts_both_baselines() -> None:
    from medsec.domain.threat import AssessedThreat
    from medsec.engines.compliance.items._fixtures import context, threat
    from medsec.engines.compliance.items.threat_risk import register_current

    def baseline(tid: str, *linddun: Linddun) -> AssessedThreat:
        t = threat(tid)
        generated = replace(t.threat, baseline=True, linddun=linddun)
        return replace(t, entry=replace(t.entry, threat=generated))

    live = [
        baseline("STRIDE-S@element:fw"),
        baseline("LINDDUN-L@element:fw", Linddun.LINKING),
        baseline("LINDDUN-I@element:fw", Linddun.IDENTIFYING),
        threat("MP-05@device:dev"),
    ]
    b = builder(ITEM)
    register_current(b, context(register_exists=True), live)
    (line,) = [e.message for e in b.evidence]
    assert line.startswith("4 threats registered, 1 STRIDE-per-element and 2 LINDDUN-per-element")
    b = builder(ITEM)
    register_current(b, context(register_exists=True), live[:1])  # no privacy: as before
    assert b.evidence[0].message.startswith("1 threat registered, 1 STRIDE-per-element threat for")


def test_a_privacy_control_answers_by_name_and_lowers_through_its_effect(tmp_path: Path) -> None:
    control = (
        "  - id: pseudo\n    name: Pseudonymised log export\n    category: confidentiality\n"
        "    applies_to: [log]\n    requirement: SR-9\n    verified_by: [TC-9]\n"
        "    mitigates: [LINDDUN-DD, LINDDUN-L]\n"
    )
    text = STORE.replace("controls:\n", "controls:\n" + control + "    effect: {C: L}\n")
    project = _project(tmp_path / "a", text)
    by_id = {t.id: t for t in generate(project).threats}
    dd = assess(project, RegisterEntry(by_id["LINDDUN-DD@log"], Assessment()), today=TODAY)
    assert dd.controls == ("pseudo",) and dd.status is ThreatStatus.MITIGATED
    assert dd.v3_1 is not None and dd.residual_v3_1 is not None
    assert "/C:H/" in dd.v3_1.vector and "/C:L/" in dd.residual_v3_1.vector
    # not named: LINDDUN-I is not traced by the category (confidentiality answers STRIDE I only)
    assert assess(project, RegisterEntry(by_id["LINDDUN-I@log"], Assessment())).controls == ()
    idle = _project(tmp_path / "b", STORE.replace("controls:\n", "controls:\n" + control))
    by_id = {t.id: t for t in generate(idle).threats}
    dd = assess(idle, RegisterEntry(by_id["LINDDUN-DD@log"], Assessment()), today=TODAY)
    assert dd.residual_v3_1 == dd.v3_1
    assert [str(n) for n in dd.residual_idle] == [
        "pseudo: no effect stated, and confidentiality has no default effect on a privacy threat"
    ]
