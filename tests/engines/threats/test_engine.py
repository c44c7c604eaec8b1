from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.helpers import MINIMAL, write_project

from medsec.domain.threat import Assessment, CvssSource, Stride, ThreatStatus
from medsec.domain.vocabulary import Decision, Protocol, RiskLevel
from medsec.engines.threats.assess import assess, assess_all
from medsec.engines.threats.engine import generate
from medsec.engines.threats.register import merge
from medsec.engines.threats.vectors import protocol_av
from medsec.project.loader import load_project

TODAY = date(2026, 11, 27)


def test_stride_per_element_counts(minimal: Path) -> None:
    analysis = generate(load_project(minimal), rules=())
    by_target: dict[str, set[str]] = {}
    for t in analysis.threats:
        by_target.setdefault(t.target.id, set()).update(s.value for s in t.stride)
    assert by_target["pump-fw"] == set("STRIDE")
    assert by_target["tablet-to-pump"] == set("TID")
    assert all(t.baseline for t in analysis.threats)
    assert [t.id for t in analysis.threats] == sorted(t.id for t in analysis.threats)


def test_actor_and_log_store(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "flows:",
        "  - {id: nurse, name: Nurse, type: actor}\n"
        "  - {id: visitor, name: Visitor, type: actor}\n"
        "  - {id: log, name: Event log, type: data_store, boundary: box, function: other, stores_logs: true}\n"
        "flows:\n"
        "  - {id: nurse-ui, from: nurse, to: tablet, protocol: user-interface}",
    )
    analysis = generate(load_project(write_project(tmp_path, text)), rules=())

    def letters(tid):
        return {s.value for t in analysis.threats if t.target.id == tid for s in t.stride}

    assert letters("nurse") == {"S", "R"}
    assert letters("visitor") == set()  # an actor no flow reaches threatens nothing
    assert letters("log") == {"T", "I", "D", "R"}


def test_protocol_attack_vector_follows_the_rubric() -> None:
    assert protocol_av(Protocol.HL7_MLLP) == "N"
    assert protocol_av(Protocol.BLE) == "A"
    assert protocol_av(Protocol.NFC) == "L"
    assert protocol_av(Protocol.JTAG) == "P"
    assert protocol_av(None) == "N"


def test_unknown_function_is_one_missing_information_finding(tmp_path: Path) -> None:
    text = MINIMAL.replace("    function: clinical-workflow\n", "")
    analysis = generate(load_project(write_project(tmp_path, text)), rules=())
    assert [(m.target.id, m.attributes) for m in analysis.missing] == [("tablet", ("function",))]


def test_baseline_threats_traced_to_controls_by_category(minimal: Path) -> None:
    project = load_project(minimal)
    entries, _ = merge(generate(project, rules=()).threats, (), TODAY)
    assessed = {t.id: t for t in assess_all(project, entries)}
    spoof = assessed["STRIDE-T@tablet-to-pump"]
    assert spoof.controls == ()  # authentication covers S, not T
    flows_s = [t for t in assessed.values() if t.threat.target.id == "tablet-to-pump"]
    assert all(Stride.SPOOFING not in t.threat.stride for t in flows_s)


def test_risk_uses_linked_hazard(minimal: Path) -> None:
    project = load_project(minimal)
    entries, _ = merge(generate(project, rules=()).threats, (), TODAY)
    t = {x.id: x for x in assess_all(project, entries)}["STRIDE-E@pump-fw"]
    assert t.safety == "critical"
    assert t.v3_1 is not None and t.v3_1.severity.value == "high"
    assert t.risk is RiskLevel.HIGH


def test_status_rules(minimal: Path) -> None:
    project = load_project(minimal)
    entries, _ = merge(generate(project, rules=()).threats, (), TODAY)
    entry = next(e for e in entries if e.threat.id == "STRIDE-E@pump-fw")

    def status(a: Assessment) -> tuple[ThreatStatus, tuple[str, ...]]:
        from dataclasses import replace

        r = assess(project, replace(entry, assessment=a))
        return r.status, r.problems

    assert status(Assessment())[0] is ThreatStatus.OPEN
    st, probs = status(Assessment(decision=Decision.ACCEPT))
    assert st is ThreatStatus.OPEN and "approver" in probs[0]
    st, probs = status(
        Assessment(decision=Decision.ACCEPT, rationale="r", approver="QA", date=TODAY)
    )
    assert st is ThreatStatus.OPEN and probs[0] == "acceptance needs expires"
    assert "above the acceptance threshold" in probs[1]
    assert (
        status(Assessment(decision=Decision.MITIGATE, controls=("ble-lesc",)))[0]
        is ThreatStatus.MITIGATED
    )
    st, probs = status(Assessment(decision=Decision.MITIGATE, controls=("nope",)))
    assert st is ThreatStatus.OPEN and any("unknown control" in p for p in probs)
    st, _ = status(
        Assessment(
            cvss_v3_1="CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", cvss_source=CvssSource.MANUAL
        )
    )
    r = assess(project, entry)
    assert r.v3_1 is not None and r.v3_1.vector != "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N"


def test_control_effect_gives_residual(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "    verified_by: [TC-1]\n",
        "    verified_by: [TC-1]\n"
        "  - id: hardening\n    name: Least privilege\n    category: authorization\n"
        "    applies_to: [pump-fw]\n    requirement: SR-2\n    verified_by: [TC-2]\n    effect: {PR: H}\n",
    )
    project = load_project(write_project(tmp_path, text))
    entries, _ = merge(generate(project, rules=()).threats, (), TODAY)
    t = {x.id: x for x in assess_all(project, entries)}["STRIDE-E@pump-fw"]
    assert t.controls == ("hardening",) and t.status is ThreatStatus.MITIGATED
    assert t.residual_v3_1 is not None and "/PR:H/" in t.residual_v3_1.vector
    assert t.v3_1 is not None and t.residual_v3_1.score < t.v3_1.score


def test_ids_stable_under_reordering(tmp_path: Path) -> None:
    """Threat ids come from content: reordering the model changes no id and no output order."""
    import random
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
    from dataclasses import replace

    from synthetic_model import model

    project = load_project(write_project(tmp_path / "a", model(60)))
    first = generate(project)
    rnd = random.Random(3)
    elements = list(project.elements)
    flows = list(project.flows)
    rnd.shuffle(elements)
    rnd.shuffle(flows)
    shuffled = replace(project, elements=tuple(elements), flows=tuple(flows))
    second = generate(shuffled)
    assert [t.id for t in first.threats] == [t.id for t in second.threats]
    assert [t.triggers for t in first.threats] == [t.triggers for t in second.threats]
    assert first.missing == second.missing
