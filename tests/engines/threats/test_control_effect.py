"""Residual vectors: which implemented control lowers which metric, and why others lower none."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import MINIMAL, write_project

from medsec.domain.errors import InputError
from medsec.domain.model import Control
from medsec.domain.threat import AssessedThreat, Assessment, Stride, ThreatStatus
from medsec.domain.vocabulary import ControlCategory, ControlStatus, Decision, RiskLevel
from medsec.engines.threats.assess import assess, assess_all
from medsec.engines.threats.control_effect import (
    COVERS,
    DEFAULT_EFFECT,
    Offer,
    lower,
    offers,
    residual,
)
from medsec.engines.threats.engine import generate
from medsec.engines.threats.register import merge
from medsec.engines.threats.scoring import metrics, score
from medsec.project.loader import load_project

TODAY = date(2026, 11, 27)
V3 = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N"
V4 = "CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N"
SPOOF = (Stride.SPOOFING,)


def _control(cid: str, category: ControlCategory, **kw: object) -> Control:
    return replace(Control(cid, cid, category), **kw)  # type: ignore[arg-type]


def test_every_category_has_a_default_and_covers_exactly_its_letters() -> None:
    assert set(DEFAULT_EFFECT) == set(ControlCategory)
    assert all(COVERS[c] == frozenset(DEFAULT_EFFECT[c]) and COVERS[c] for c in ControlCategory)


def test_every_default_effect_lowers_a_high_impact_network_vector() -> None:
    worst = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
    for category, letters in DEFAULT_EFFECT.items():
        for letter in letters:
            lowered, changes = lower(worst, "3.1", offers(_control("c", category), (letter,)))
            assert changes, (category, letter)
            assert score(lowered).score < score(worst).score, (category, letter)


def test_authentication_on_spoofing_sets_pr_high_in_both_versions() -> None:
    r = residual((V3, V4), [(_control("auth", ControlCategory.AUTHENTICATION), True)], SPOOF, "x")
    assert r.v3_1 == V3.replace("PR:N", "PR:H") and r.v4_0 == V4.replace("PR:N", "PR:H")
    assert [str(c) for c in r.changes] == [
        "PR:N→H by auth (default: authentication on S)",
        "PR:N→H by auth (default: authentication on S)",
    ]
    assert [c.version for c in r.changes] == ["3.1", "4.0"] and r.counted and r.idle == ()


def test_v3_impact_names_set_v4_vulnerable_system_metrics() -> None:
    crypto = _control("enc", ControlCategory.CRYPTOGRAPHY)
    r = residual((V3, V4), [(crypto, True)], (Stride.INFORMATION_DISCLOSURE,), "x")
    assert "/C:L/" in (r.v3_1 or "") and "/VC:L/" in (r.v4_0 or "")
    assert {(c.version, c.metric) for c in r.changes} == {("3.1", "C"), ("4.0", "VC")}


def test_planned_elsewhere_and_uncovered_controls_lower_nothing_and_say_why() -> None:
    planned = _control("p", ControlCategory.AUTHENTICATION, status=ControlStatus.PLANNED)
    elsewhere = _control("e", ControlCategory.AUTHENTICATION, applies_to=("other",))
    logging = _control("l", ControlCategory.LOGGING)
    r = residual(
        (V3, V4), [(planned, True), (elsewhere, False), (logging, True)], SPOOF, "element pump"
    )
    assert (r.v3_1, r.v4_0, r.changes) == (V3, V4, ())
    assert [str(n) for n in r.idle] == [
        "p: planned: it lowers nothing until it is implemented",
        "e: not in effect on element pump (its applies_to does not name it)",
        "l: no effect stated, and logging has no default effect on STRIDE S",
    ]
    assert r.counted  # the logging control is implemented and in effect
    assert not residual((V3, V4), [(planned, True)], SPOOF, "x").counted


def test_stated_effect_replaces_the_default_and_never_raises_a_metric() -> None:
    stated = _control("s", ControlCategory.AUTHENTICATION, effect=(("AC", "H"), ("AV", "L")))
    r = residual((V3, None), [(stated, True)], SPOOF, "x")
    assert r.v3_1 == V3.replace("AV:N", "AV:L") and r.v4_0 is None  # PR untouched: no default
    assert [str(c) for c in r.changes] == ["AV:N→L by s (effect)"]
    raising = _control("r", ControlCategory.AUTHENTICATION, effect=(("AV", "N"),))
    local = V3.replace("AV:N", "AV:L")
    r = residual((local, None), [(raising, True)], SPOOF, "x")
    assert r.v3_1 == local and r.changes == ()
    assert [n.reason for n in r.idle] == [
        "AV:N lowers nothing: the vector is already there or lower"
    ]


def test_lowest_value_wins_and_names_the_first_control_offering_it() -> None:
    a = _control("a", ControlCategory.AUTHENTICATION, effect=(("PR", "L"),))
    b = _control("b", ControlCategory.AUTHENTICATION)  # default PR:H
    c = _control("c", ControlCategory.AUTHORIZATION, effect=(("PR", "H"),))
    d = _control("d", ControlCategory.INTEGRITY, effect=(("I", "L"),))
    r = residual((V3, None), [(a, True), (b, True), (c, True), (d, True)], SPOOF, "x")
    assert [str(x) for x in r.changes] == [
        "PR:N→H by b (default: authentication on S)",
        "I:H→L by d (effect)",
    ]
    assert [str(n) for n in r.idle] == [
        "a: PR:L lowers nothing further than b",
        "c: PR:H lowers nothing further than b",
    ]


def test_a_metric_absent_from_the_version_is_ignored() -> None:
    v4_only = [Offer("x", "AT", "P", "effect"), Offer("x", "UI", "P", "effect")]
    assert lower(V3, "3.1", v4_only) == (V3, [])  # no AT in 3.1; UI:P is not a 3.1 value
    lowered, changes = lower(V4, "4.0", v4_only)
    assert metrics(lowered)["AT"] == "P" and metrics(lowered)["UI"] == "P" and len(changes) == 2


_V3_VALUES = {
    "AV": "NALP",
    "AC": "LH",
    "PR": "NLH",
    "UI": "NR",
    "S": "UC",
    "C": "NLH",
    "I": "NLH",
    "A": "NLH",
}


@given(
    st.fixed_dictionaries({k: st.sampled_from(v) for k, v in _V3_VALUES.items()}),
    st.lists(
        st.sampled_from([(k, v) for k, values in _V3_VALUES.items() for v in values]),
        max_size=6,
    ),
)
def test_a_residual_never_scores_above_the_inherent_vector(
    base: dict[str, str], effect: list[tuple[str, str]]
) -> None:
    vector = "CVSS:3.1/" + "/".join(f"{k}:{v}" for k, v in base.items())
    lowered, _ = lower(vector, "3.1", [Offer("c", k, v, "effect") for k, v in effect])
    assert score(lowered).score <= score(vector).score


# --- through assess: the trace decides which controls are in effect -------------------------


def _assessed(tmp_path: Path, controls: str) -> dict[str, AssessedThreat]:
    text = MINIMAL.replace("    verified_by: [TC-1]\n", "    verified_by: [TC-1]\n" + controls)
    project = load_project(write_project(tmp_path, text))
    entries, _ = merge(generate(project, rules=()).threats, (), TODAY)
    return {t.id: t for t in assess_all(project, entries)}


def test_traced_default_effects_move_residual_risk_below_inherent(tmp_path: Path) -> None:
    threats = _assessed(
        tmp_path,
        "  - id: fail-safe\n    name: Fail-safe\n    category: resilience\n"
        "    applies_to: [pump-fw]\n    requirement: SR-2\n    verified_by: [TC-2]\n"
        "  - id: roles\n    name: Roles\n    category: authorization\n"
        "    applies_to: [pump-fw]\n    requirement: SR-3\n    verified_by: [TC-3]\n"
        "    status: planned\n",
    )
    dos = threats["STRIDE-D@pump-fw"]
    assert dos.status is ThreatStatus.MITIGATED
    assert dos.residual_v3_1 is not None and dos.residual_v3_1.vector.endswith("/A:L")
    assert dos.residual_risk and dos.risk and dos.residual_risk.rank < dos.risk.rank
    eop = threats["STRIDE-E@pump-fw"]  # answered only by the planned control: no reduction
    assert eop.residual_v3_1 == eop.v3_1
    assert [n.reason[:7] for n in eop.residual_idle] == ["planned"]


def test_named_control_not_in_effect_on_the_target_lowers_nothing(tmp_path: Path) -> None:
    project = load_project(write_project(tmp_path))
    entries, _ = merge(generate(project, rules=()).threats, (), TODAY)
    entry = next(e for e in entries if e.threat.id == "STRIDE-S@pump-fw")
    named = Assessment(decision=Decision.MITIGATE, controls=("ble-lesc",))
    r = assess(project, replace(entry, assessment=named))
    assert r.status is ThreatStatus.MITIGATED and r.residual_v3_1 == r.v3_1
    assert [str(n) for n in r.residual_idle] == [
        "ble-lesc: not in effect on element pump-fw (its applies_to does not name it)"
    ]
    # the same control on its own target: spoofing of the tablet link's peer is lowered
    on_target = replace(project.controls[0], applies_to=("pump-fw",))
    r = assess(replace(project, controls=(on_target,)), replace(entry, assessment=named))
    assert r.residual_v3_1 is not None and "/PR:H/" in r.residual_v3_1.vector


def test_stated_residual_wins_and_acceptance_with_a_control_is_no_problem(
    tmp_path: Path,
) -> None:
    project = load_project(write_project(tmp_path))
    entries, _ = merge(generate(project, rules=()).threats, (), TODAY)
    entry = next(e for e in entries if e.threat.id == "STRIDE-S@pump-fw")
    lesc = replace(project.controls[0], applies_to=("pump-fw",))
    project = replace(project, controls=(lesc,))
    stated = "CVSS:3.1/AV:P/AC:H/PR:H/UI:N/S:U/C:N/I:L/A:N"
    r = assess(project, replace(entry, assessment=Assessment(residual_v3_1=stated)))
    assert r.residual_v3_1 is not None and r.residual_v3_1.vector == stated
    assert {c.version for c in r.residual_changes} == {"4.0"}  # 3.1 stated, 4.0 derived
    accept = Assessment(
        decision=Decision.ACCEPT,
        rationale="r",
        approver="QA",
        date=TODAY,
        expires=TODAY.replace(year=TODAY.year + 1),
        benefit_risk="BRA-7",
    )
    r = assess(project, replace(entry, assessment=accept))
    assert r.status is ThreatStatus.ACCEPTED and r.residual_risk is RiskLevel.HIGH
    assert r.problems == ()  # above the threshold, but a control works on it, and a BRA
    r = assess(project, replace(entry, assessment=replace(accept, benefit_risk=None)))
    assert r.status is ThreatStatus.OPEN and "needs benefit_risk" in r.problems[0]


def test_an_effect_value_outside_the_metric_is_a_located_error(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "    verified_by: [TC-1]\n", "    verified_by: [TC-1]\n    effect: {PR: X}\n"
    )
    with pytest.raises(InputError) as info:
        load_project(write_project(tmp_path, text))
    (msg,) = [str(p) for p in info.value.problems]
    assert "controls[0].effect.PR: 'X' is not a value of CVSS metric PR" in msg
    assert "use one of N, L, H" in msg
