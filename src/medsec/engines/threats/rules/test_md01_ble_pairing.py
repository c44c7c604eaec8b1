from medsec.domain.vocabulary import Authentication, Encryption, Protocol
from medsec.engines.threats.rules._fixtures import flow, make_project, matches, unknowns
from medsec.engines.threats.rules.md01_ble_pairing import RULE


def test_just_works_fires_with_trigger() -> None:
    p = make_project(
        flows=[flow(protocol=Protocol.BLE, authentication=Authentication.BLE_JUST_WORKS)]
    )
    (m,) = matches(RULE, p)
    assert m.target.id == "f"
    assert [str(t) for t in m.triggers] == ["flows[f].authentication = ble-just-works"]


def test_legacy_encryption_fires_even_with_passkey() -> None:
    p = make_project(
        flows=[
            flow(
                protocol=Protocol.BLE,
                authentication=Authentication.BLE_PASSKEY,
                encryption=Encryption.BLE_LEGACY,
            )
        ]
    )
    assert len(matches(RULE, p)) == 1


def test_numeric_comparison_lesc_is_quiet() -> None:
    p = make_project(
        flows=[
            flow(
                protocol=Protocol.BLE,
                authentication=Authentication.BLE_NUMERIC_COMPARISON,
                encryption=Encryption.BLE_LESC,
            )
        ]
    )
    assert matches(RULE, p) == []
    assert unknowns(RULE, p) == []


def test_unknown_authentication_is_missing_information_not_a_threat() -> None:
    p = make_project(flows=[flow(protocol=Protocol.BLE)])
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["authentication"]


def test_other_protocols_ignored() -> None:
    p = make_project(flows=[flow(protocol=Protocol.HTTPS, authentication=Authentication.NONE)])
    assert list(RULE.check(p)) == []
