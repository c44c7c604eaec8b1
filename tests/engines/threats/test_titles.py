"""Threat titles name what is at stake, from function, carries, data and protocol; ids stay."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from medsec.domain.vocabulary import (
    Authentication,
    Carries,
    DataCategory,
    Encryption,
    Function,
    Protocol,
)
from medsec.engines.threats.engine import generate
from medsec.engines.threats.rules._fixtures import actor, data_item, element, flow, make_project
from medsec.engines.threats.titles import PROTOCOL_NAMES
from medsec.project.loader import load_project

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "infusion-pump"


def titles(project: object, *, rules: bool = True) -> dict[str, str]:
    analysis = generate(project) if rules else generate(project, rules=())  # type: ignore[arg-type]
    return {t.id: t.title for t in analysis.threats}


def test_every_protocol_reads_in_a_title() -> None:
    assert set(PROTOCOL_NAMES) == set(Protocol)


def test_example_baseline_titles_say_what_is_at_stake() -> None:
    found = titles(load_project(EXAMPLE), rules=False)
    assert found["STRIDE-T@tablet-to-pump"] == (
        "Tampered commands over BLE reach the pump controller firmware and change therapy"
    )
    assert found["STRIDE-I@pump-to-hl7"] == (
        "Patient data over HL7 to the hospital HL7 interface engine read in transit"
    )
    assert found["STRIDE-D@pump-fw"] == (
        "The pump controller firmware made unavailable, interrupting therapy"
    )
    assert (
        found["STRIDE-I@pump-log"] == "Patient data disclosed from the pump event and infusion log"
    )
    # no baseline title is the old template "Tampering of X"
    assert not [t for t in found.values() if " of " in t.split(" ", 2)[1:2]]
    assert not [t for t in found.values() if t.startswith(("Tampering of", "Spoofing of"))]


def test_forged_results_sent_to_the_ehr_lead_to_misdiagnosis() -> None:
    p = make_project(
        elements=[
            element("scanner", function=Function.DIAGNOSIS, name="Scanner console"),
            replace(actor("ehr"), name="EHR", boundary="lan"),
        ],
        flows=[
            flow(
                "results",
                "scanner",
                "ehr",
                protocol=Protocol.HL7_MLLP,
                carries=Carries.DATA,
                data=("report",),
                authentication=Authentication.NONE,
                encryption=Encryption.NONE,
            )
        ],
        data=[data_item("report", DataCategory.HEALTH)],
    )
    found = titles(p)
    assert (
        found["MD-36@results"] == "Forged diagnostic results sent to the EHR lead to misdiagnosis"
    )
    assert found["STRIDE-T@results"] == (
        "Tampered diagnostic results over HL7 reach the EHR and lead to misdiagnosis"
    )


def test_titles_follow_the_model_but_ids_do_not() -> None:
    p = make_project(
        elements=[element("fw", function=Function.THERAPY), element("app", boundary="phone")],
        flows=[flow("prog", "app", "fw", protocol=Protocol.BLE, carries=Carries.COMMANDS)],
    )
    renamed = replace(p, elements=tuple(replace(e, name=f"New {e.id}") for e in p.elements))
    before, after = titles(p), titles(renamed)
    assert set(before) == set(after)
    assert before["STRIDE-T@prog"] != after["STRIDE-T@prog"]
    assert (
        after["STRIDE-T@prog"] == "Tampered commands over BLE reach the new fw and change therapy"
    )
