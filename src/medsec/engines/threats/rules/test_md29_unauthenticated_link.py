from medsec.domain.vocabulary import Authentication, Protocol
from medsec.engines.threats.rules._fixtures import (
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
