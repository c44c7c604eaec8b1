from medsec.domain.vocabulary import (
    Authentication,
    Encryption,
    InterfaceKind,
    Production,
    Protocol,
)
from medsec.engines.threats.rules._fixtures import (
    interface,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md02_ble_open_interface import RULE


def test_just_works_gatt_server_fires() -> None:
    p = make_project(
        interfaces=[
            interface(
                "gatt",
                kind=InterfaceKind.WIRELESS,
                protocol=Protocol.BLE,
                authentication=Authentication.BLE_JUST_WORKS,
                encryption=Encryption.BLE_LEGACY,
                production=Production.ENABLED,
            )
        ]
    )
    (m,) = matches(RULE, p)
    assert m.target.id == "gatt"
    assert trigger_texts(m) == [
        "interfaces[gatt].authentication = ble-just-works",
        "interfaces[gatt].encryption = ble-legacy",
        "interfaces[gatt].production = enabled",
    ]


def test_numeric_comparison_lesc_is_quiet() -> None:
    p = make_project(
        interfaces=[
            interface(
                "gatt",
                kind=InterfaceKind.WIRELESS,
                protocol=Protocol.BLE,
                authentication=Authentication.BLE_NUMERIC_COMPARISON,
                encryption=Encryption.BLE_LESC,
                production=Production.ENABLED,
            )
        ]
    )
    assert list(RULE.check(p)) == []


def test_disabled_interface_is_quiet() -> None:
    p = make_project(
        interfaces=[
            interface(
                "gatt",
                kind=InterfaceKind.WIRELESS,
                protocol=Protocol.BLE,
                authentication=Authentication.NONE,
                production=Production.DISABLED,
            )
        ]
    )
    assert list(RULE.check(p)) == []


def test_unknown_authentication_and_production_are_asked() -> None:
    p = make_project(
        interfaces=[
            interface("a", kind=InterfaceKind.WIRELESS, protocol=Protocol.BLE),
            interface(
                "b",
                kind=InterfaceKind.WIRELESS,
                protocol=Protocol.BLE,
                authentication=Authentication.NONE,
            ),
        ]
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [
        ("a", "authentication"),
        ("b", "production"),
    ]
