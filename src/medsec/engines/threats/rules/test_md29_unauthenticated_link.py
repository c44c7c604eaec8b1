from medsec.domain.vocabulary import Authentication, Carries, Protocol, Transport
from medsec.engines.threats.rules._fixtures import (
    element,
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md29_unauthenticated_link import RULE


def test_unauthenticated_mqtt_fires() -> None:
    p = make_project(flows=[flow(protocol=Protocol.MQTTS, authentication=Authentication.NONE)])
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == ["flows[f].protocol = mqtts", "flows[f].authentication = none"]


def test_authenticated_and_other_rules_links_are_quiet() -> None:
    p = make_project(
        flows=[
            flow("a", protocol=Protocol.HTTPS, authentication=Authentication.MUTUAL_TLS),
            flow("b", protocol=Protocol.BLE, authentication=Authentication.NONE),  # MD-01
            flow("c", protocol=Protocol.DICOM, authentication=Authentication.NONE),  # MD-09
            flow("d", protocol=Protocol.INTERNAL, authentication=Authentication.NONE),
        ]
    )
    assert list(RULE.check(p)) == []


def test_unknowns_are_asked() -> None:
    p = make_project(flows=[flow("a"), flow("b", protocol=Protocol.CELLULAR)])
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [
        ("a", "protocol"),
        ("b", "authentication"),
    ]


def test_a_usb_cable_across_a_trust_boundary_is_a_link() -> None:
    laptop = element("laptop", boundary="lan")
    f = flow("usb", "laptop", "fw", protocol=Protocol.USB, authentication=Authentication.NONE)
    (m,) = matches(RULE, make_project(elements=[laptop, element()], flows=[f]))
    assert trigger_texts(m) == ["flows[usb].protocol = usb", "flows[usb].authentication = none"]


def test_a_cable_inside_one_boundary_or_host_is_not() -> None:
    sensor = element("sensor")  # same boundary as fw
    flows = [
        flow("a", "sensor", "fw", protocol=Protocol.SERIAL, authentication=Authentication.NONE),
        flow(
            "b",
            "sensor",
            "fw",
            protocol=Protocol.ETHERNET,
            transport=Transport.IN_HOST,
            authentication=Authentication.NONE,
        ),
    ]
    assert list(RULE.check(make_project(elements=[sensor, element()], flows=flows))) == []


def test_protocol_and_authentication_are_asked_in_one_round() -> None:
    laptop = element("laptop", boundary="lan")
    p = make_project(elements=[laptop, element()], flows=[flow("x", "laptop", "fw")])
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [
        ("x", "protocol"),
        ("x", "authentication"),
    ]


def test_a_stated_unknown_protocol_asks_for_the_transport() -> None:
    laptop = element("laptop", boundary="lan")
    f = flow("x", "laptop", "fw", protocol=Protocol.UNKNOWN)
    p = make_project(elements=[laptop, element()], flows=[f])
    assert [u.attribute for u in unknowns(RULE, p)] == ["transport", "authentication"]
    wired = flow("x", "laptop", "fw", protocol=Protocol.UNKNOWN, transport=Transport.WIRED)
    p = make_project(elements=[laptop, element()], flows=[wired])
    assert [u.attribute for u in unknowns(RULE, p)] == ["authentication"]


def test_commands_across_a_boundary_are_left_to_md35() -> None:
    laptop = element("laptop", boundary="lan")
    f = flow(
        "cmd",
        "laptop",
        "fw",
        protocol=Protocol.HTTPS,
        carries=Carries.COMMANDS,
        authentication=Authentication.NONE,
    )
    assert matches(RULE, make_project(elements=[laptop, element()], flows=[f])) == []
