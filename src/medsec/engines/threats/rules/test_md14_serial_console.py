from medsec.domain.vocabulary import Authentication, InterfaceKind, Production, Protocol
from medsec.engines.threats.rules._fixtures import (
    interface,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md14_serial_console import RULE


def test_open_uart_console_fires() -> None:
    p = make_project(
        interfaces=[
            interface(
                "uart",
                kind=InterfaceKind.SERIAL,
                protocol=Protocol.UART,
                authentication=Authentication.NONE,
                production=Production.ENABLED,
            )
        ]
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "interfaces[uart].authentication = none",
        "interfaces[uart].production = enabled",
    ]


def test_authenticated_or_disabled_console_is_quiet() -> None:
    p = make_project(
        interfaces=[
            interface(
                "a",
                kind=InterfaceKind.SERIAL,
                authentication=Authentication.PASSWORD,
                production=Production.ENABLED,
            ),
            interface(
                "b",
                kind=InterfaceKind.SERIAL,
                authentication=Authentication.NONE,
                production=Production.DISABLED,
            ),
        ]
    )
    assert list(RULE.check(p)) == []


def test_debug_uart_is_left_to_md13() -> None:
    p = make_project(
        interfaces=[
            interface(
                "dbg",
                kind=InterfaceKind.DEBUG,
                protocol=Protocol.UART,
                authentication=Authentication.NONE,
                production=Production.ENABLED,
            )
        ]
    )
    assert list(RULE.check(p)) == []


def test_unknown_authentication_is_asked() -> None:
    p = make_project(interfaces=[interface("uart", kind=InterfaceKind.SERIAL)])
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["authentication"]
