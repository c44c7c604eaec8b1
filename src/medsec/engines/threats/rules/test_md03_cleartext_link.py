from medsec.domain.vocabulary import Carries, Encryption, Protocol
from medsec.engines.threats.rules._fixtures import (
    element,
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md03_cleartext_link import RULE


def test_plain_http_fires_on_protocol() -> None:
    p = make_project(flows=[flow(protocol=Protocol.HTTP)])
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == ["flows[f].protocol = http"]


def test_wifi_without_encryption_fires() -> None:
    p = make_project(flows=[flow(protocol=Protocol.WIFI, encryption=Encryption.NONE)])
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == ["flows[f].encryption = none"]


def test_encrypted_links_are_quiet() -> None:
    p = make_project(
        flows=[
            flow("a", protocol=Protocol.HTTPS),
            flow("b", protocol=Protocol.MQTT, encryption=Encryption.TLS1_3),
            flow("c", protocol=Protocol.WIFI, encryption=Encryption.WPA3),
        ]
    )
    assert list(RULE.check(p)) == []


def test_links_owned_by_other_rules_are_left_alone() -> None:
    p = make_project(
        flows=[
            flow("ble", protocol=Protocol.BLE, encryption=Encryption.NONE),  # MD-01
            flow("hl7", protocol=Protocol.HL7_MLLP, encryption=Encryption.NONE),  # MD-08
            flow("fw", protocol=Protocol.HTTP, carries=Carries.CODE),  # MD-06
            flow("bus", protocol=Protocol.CAN, encryption=Encryption.NONE),  # not a link
        ]
    )
    assert list(RULE.check(p)) == []


def test_unknown_protocol_and_encryption_are_asked() -> None:
    p = make_project(flows=[flow("a"), flow("b", protocol=Protocol.ETHERNET)])
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [
        ("a", "protocol"),
        ("b", "encryption"),
    ]


def test_a_serial_line_to_another_boundary_in_cleartext_fires() -> None:
    monitor = element("monitor", boundary="lan")
    f = flow("rs232", "fw", "monitor", protocol=Protocol.SERIAL, encryption=Encryption.NONE)
    (m,) = matches(RULE, make_project(elements=[element(), monitor], flows=[f]))
    assert trigger_texts(m) == ["flows[rs232].encryption = none"]


def test_co_hosted_processes_have_no_link() -> None:
    os = element("os")
    a = element("a", host="os")
    b = element("b", host="os", boundary="lan")  # even in another boundary: same machine
    f = flow("ipc", "a", "b", protocol=Protocol.HTTP)
    assert list(RULE.check(make_project(elements=[os, a, b], flows=[f]))) == []
