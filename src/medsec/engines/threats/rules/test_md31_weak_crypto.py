from medsec.domain.vocabulary import Encryption, InterfaceKind, Production, Protocol
from medsec.engines.threats.rules._fixtures import (
    flow,
    interface,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md31_weak_crypto import RULE


def test_legacy_tls_and_proprietary_crypto_fire() -> None:
    p = make_project(
        flows=[
            flow("a", protocol=Protocol.HTTPS, encryption=Encryption.TLS1_1),
            flow("b", protocol=Protocol.PROPRIETARY_RF, encryption=Encryption.PROPRIETARY),
        ],
        interfaces=[
            interface(
                "web",
                protocol=Protocol.HTTPS,
                encryption=Encryption.TLS1_0,
                production=Production.ENABLED,
            )
        ],
    )
    found = {m.target.id: trigger_texts(m) for m in matches(RULE, p)}
    assert found == {
        "a": ["flows[a].encryption = tls1.1"],
        "b": ["flows[b].encryption = proprietary"],
        "web": ["interfaces[web].encryption = tls1.0", "interfaces[web].production = enabled"],
    }


def test_modern_crypto_and_cases_of_other_rules_are_quiet() -> None:
    p = make_project(
        flows=[
            flow("a", protocol=Protocol.HTTPS, encryption=Encryption.TLS1_3),
            flow("b", protocol=Protocol.BLE, encryption=Encryption.BLE_LEGACY),  # MD-01
            flow("c", protocol=Protocol.HL7_MLLP, encryption=Encryption.TLS1_0),  # MD-08
            flow("d", protocol=Protocol.HTTP),  # cleartext: MD-03
        ],
        interfaces=[
            interface(
                "gatt",
                kind=InterfaceKind.WIRELESS,
                protocol=Protocol.BLE,
                encryption=Encryption.BLE_LEGACY,  # MD-02
                production=Production.ENABLED,
            ),
            interface("old", encryption=Encryption.TLS1_0, production=Production.REMOVED),
        ],
    )
    assert list(RULE.check(p)) == []


def test_unknown_encryption_is_asked() -> None:
    p = make_project(
        flows=[flow("a", protocol=Protocol.HTTPS)],
        interfaces=[interface("net", kind=InterfaceKind.NETWORK)],
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [
        ("a", "encryption"),
        ("net", "encryption"),
    ]
