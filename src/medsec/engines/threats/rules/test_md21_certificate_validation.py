from medsec.domain.vocabulary import Encryption, Protocol
from medsec.engines.threats.rules._fixtures import (
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md21_certificate_validation import RULE


def test_tls_without_validation_fires() -> None:
    p = make_project(
        flows=[
            flow(
                protocol=Protocol.MQTTS,
                encryption=Encryption.TLS1_2,
                certificate_validation=False,
            )
        ]
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == ["flows[f].certificate_validation = false"]


def test_validated_tls_is_quiet() -> None:
    p = make_project(flows=[flow(protocol=Protocol.HTTPS, certificate_validation=True)])
    assert list(RULE.check(p)) == []


def test_non_tls_links_are_not_asked() -> None:
    p = make_project(
        flows=[
            flow("a", protocol=Protocol.HTTP),
            flow("b", protocol=Protocol.BLE, encryption=Encryption.BLE_LESC),
            flow("c", protocol=Protocol.HTTPS, encryption=Encryption.NONE),
        ]
    )
    assert list(RULE.check(p)) == []


def test_unknown_validation_is_asked_for_tls() -> None:
    p = make_project(
        flows=[flow("a", protocol=Protocol.HTTPS), flow("b", encryption=Encryption.TLS1_3)]
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [
        ("a", "certificate_validation"),
        ("b", "certificate_validation"),
    ]
