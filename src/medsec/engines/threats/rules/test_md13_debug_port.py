from medsec.domain.model import Interface
from medsec.domain.vocabulary import InterfaceKind, Production, Protocol
from medsec.engines.threats.rules._fixtures import (
    interface,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md13_debug_port import RULE


def test_enabled_jtag_fires() -> None:
    p = make_project(
        interfaces=[
            interface(
                "jtag",
                kind=InterfaceKind.DEBUG,
                protocol=Protocol.JTAG,
                production=Production.ENABLED,
            )
        ]
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "interfaces[jtag].kind = debug",
        "interfaces[jtag].protocol = jtag",
        "interfaces[jtag].production = enabled",
    ]


def test_swd_declared_as_serial_still_counts() -> None:
    p = make_project(
        interfaces=[
            interface(
                "swd",
                kind=InterfaceKind.SERIAL,
                protocol=Protocol.SWD,
                production=Production.ENABLED,
            )
        ]
    )
    assert len(matches(RULE, p)) == 1


def test_removed_or_disabled_ports_are_quiet() -> None:
    p = make_project(
        interfaces=[
            interface("a", kind=InterfaceKind.DEBUG, production=Production.REMOVED),
            interface("b", kind=InterfaceKind.DEBUG, production=Production.DISABLED),
            interface("c", kind=InterfaceKind.NETWORK, production=Production.ENABLED),
        ]
    )
    assert list(RULE.check(p)) == []


def test_unknown_production_is_asked() -> None:
    p = make_project(interfaces=[interface("jtag", kind=InterfaceKind.DEBUG)])
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["production"]


def test_unstated_kind_is_asked_unless_the_protocol_tells() -> None:
    p = make_project(
        interfaces=[
            Interface(id="port", element="fw", protocol=Protocol.UART),
            Interface(
                id="probe", element="fw", protocol=Protocol.SWD, production=Production.ENABLED
            ),
            Interface(id="gone", element="fw", production=Production.REMOVED),
        ]
    )
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [("port", "kind")]
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "interfaces[probe].protocol = swd",
        "interfaces[probe].production = enabled",
    ]
