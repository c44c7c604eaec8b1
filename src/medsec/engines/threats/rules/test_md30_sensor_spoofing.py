from medsec.domain.vocabulary import Authentication, Carries, Function, Protocol
from medsec.engines.threats.rules._fixtures import (
    element,
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md30_sensor_spoofing import RULE


def test_unauthenticated_readings_fire() -> None:
    p = make_project(
        elements=[element("rx", function=Function.MONITORING)],
        flows=[
            flow(
                "cgm",
                "sensor",
                "rx",
                protocol=Protocol.PROPRIETARY_RF,
                carries=Carries.DATA,
                authentication=Authentication.NONE,
            )
        ],
    )
    (m,) = matches(RULE, p)
    assert m.target.id == "rx"
    assert trigger_texts(m) == [
        "elements[rx].function = monitoring",
        "flows[cgm].carries = data",
        "flows[cgm].authentication = none",
    ]


def test_authenticated_or_internal_readings_are_quiet() -> None:
    p = make_project(
        elements=[element("rx", function=Function.DIAGNOSIS)],
        flows=[
            flow(
                "a",
                "sensor",
                "rx",
                protocol=Protocol.BLE,
                carries=Carries.DATA,
                authentication=Authentication.BLE_OOB,
            ),
            flow(
                "b",
                "adc",
                "rx",
                protocol=Protocol.INTERNAL,
                carries=Carries.DATA,
                authentication=Authentication.NONE,
            ),
        ],
    )
    assert list(RULE.check(p)) == []


def test_non_clinical_elements_are_left_alone() -> None:
    p = make_project(
        elements=[element("rx", function=Function.OTHER)],
        flows=[flow(protocol=Protocol.WIFI, target="rx", authentication=Authentication.NONE)],
    )
    assert list(RULE.check(p)) == []


def test_unknowns_are_asked() -> None:
    p = make_project(
        elements=[element("rx", function=Function.MONITORING)],
        flows=[
            flow("a", "s1", "rx", protocol=Protocol.WIFI),
            flow("b", "s2", "rx", protocol=Protocol.WIFI, authentication=Authentication.NONE),
        ],
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [
        ("a", "authentication"),
        ("b", "carries"),
    ]
