from medsec.domain.vocabulary import Authentication, Protocol
from medsec.engines.threats.rules._fixtures import (
    element,
    flow,
    make_project,
    matches,
    store,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md34_bus_bridge import RULE

ELEMENTS = [
    element("comms"),
    element("motor"),
    element("gw", boundary="lan"),
    store("log"),
]


def test_wifi_module_bridging_to_can_fires() -> None:
    p = make_project(
        elements=ELEMENTS,
        flows=[
            flow("lan-in", "his", "comms", protocol=Protocol.WIFI),
            flow(
                "can",
                "comms",
                "motor",
                protocol=Protocol.CAN,
                authentication=Authentication.NONE,
            ),
        ],
    )
    (m,) = matches(RULE, p)
    assert m.target.id == "can"
    assert trigger_texts(m) == [
        "flows[can].protocol = can",
        "flows[can].authentication = none",
        "flows[lan-in].protocol = wifi",
    ]


def test_network_element_on_device_bus_fires() -> None:
    p = make_project(
        elements=ELEMENTS,
        flows=[
            flow(
                "ser",
                "gw",
                "motor",
                protocol=Protocol.SERIAL,
                authentication=Authentication.NONE,
            )
        ],
    )
    (m,) = matches(RULE, p)
    assert "elements[gw].boundary = lan (network)" in trigger_texts(m)


def test_authenticated_bus_or_isolated_sender_is_quiet() -> None:
    p = make_project(
        elements=ELEMENTS,
        flows=[
            flow("lan-in", "his", "comms", protocol=Protocol.WIFI),
            flow(
                "can",
                "comms",
                "motor",
                protocol=Protocol.CAN,
                authentication=Authentication.SHARED_KEY,
            ),
            flow(
                "internal",
                "motor",
                "comms",
                protocol=Protocol.INTERNAL,
                authentication=Authentication.NONE,
            ),
            flow(
                "to-log",
                "comms",
                "log",
                protocol=Protocol.INTERNAL,
                authentication=Authentication.NONE,
            ),
        ],
    )
    assert list(RULE.check(p)) == []


def test_unknown_authentication_is_asked() -> None:
    p = make_project(
        elements=ELEMENTS, flows=[flow("ser", "gw", "motor", protocol=Protocol.SERIAL)]
    )
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["authentication"]
