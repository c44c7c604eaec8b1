from medsec.domain.vocabulary import ControlCategory, ControlStatus, Protocol
from medsec.engines.threats.rules._fixtures import (
    control,
    element,
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md24_wireless_dos import RULE

CGM = element("cgm-rx", safety_critical=True)


def test_wireless_link_to_safety_critical_element_fires() -> None:
    p = make_project(
        elements=[CGM], flows=[flow("alarm", "sensor", "cgm-rx", protocol=Protocol.BLE)]
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "flows[alarm].protocol = ble",
        "elements[cgm-rx].safety_critical = true",
        "controls = no implemented resilience control applies",
    ]


def test_implemented_resilience_control_quiets_it() -> None:
    for applies_to in ("alarm", "cgm-rx"):
        p = make_project(
            elements=[CGM],
            flows=[flow("alarm", "sensor", "cgm-rx", protocol=Protocol.BLE)],
            controls=[control("hb", ControlCategory.RESILIENCE, (applies_to,))],
        )
        assert list(RULE.check(p)) == []


def test_planned_or_other_controls_do_not_count() -> None:
    p = make_project(
        elements=[CGM],
        flows=[flow("alarm", "sensor", "cgm-rx", protocol=Protocol.BLE)],
        controls=[
            control("hb", ControlCategory.RESILIENCE, ("alarm",), status=ControlStatus.PLANNED),
            control("enc", ControlCategory.CRYPTOGRAPHY, ("alarm",)),
        ],
    )
    assert len(matches(RULE, p)) == 1


def test_wired_or_non_critical_links_are_quiet() -> None:
    p = make_project(
        elements=[CGM, element("log", safety_critical=False)],
        flows=[
            flow("a", "sensor", "cgm-rx", protocol=Protocol.ETHERNET),
            flow("b", "sensor", "log", protocol=Protocol.WIFI),
        ],
    )
    assert list(RULE.check(p)) == []


def test_unknown_safety_criticality_is_asked() -> None:
    p = make_project(
        elements=[element("rx")], flows=[flow("a", "sensor", "rx", protocol=Protocol.NFC)]
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [("rx", "safety_critical")]
