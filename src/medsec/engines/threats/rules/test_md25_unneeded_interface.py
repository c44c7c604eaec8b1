from medsec.domain.vocabulary import InterfaceKind, Production
from medsec.engines.threats.rules._fixtures import (
    interface,
    make_project,
    matches,
    trigger_texts,
    unknowns,
    use_case,
)
from medsec.engines.threats.rules.md25_unneeded_interface import RULE


def test_enabled_unneeded_interface_fires() -> None:
    p = make_project(
        interfaces=[interface("snmp", production=Production.ENABLED)],
        use_cases=[use_case("monitoring")],
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "interfaces[snmp].needed_for = none",
        "use_cases.needs_interfaces = no use case lists snmp",
        "interfaces[snmp].production = enabled",
    ]


def test_needed_or_switched_off_interfaces_are_quiet() -> None:
    p = make_project(
        interfaces=[
            interface("a", production=Production.ENABLED),
            interface("b", production=Production.ENABLED, needed_for=("calibration",)),
            interface("c", kind=InterfaceKind.DEBUG, production=Production.REMOVED),
        ],
        use_cases=[use_case("monitoring", interfaces=("a",))],
    )
    assert list(RULE.check(p)) == []


def test_unknowns_are_asked() -> None:
    no_use_cases = make_project(interfaces=[interface("a", production=Production.ENABLED)])
    assert matches(RULE, no_use_cases) == []
    assert [u.attribute for u in unknowns(RULE, no_use_cases)] == ["needed_for"]
    no_production = make_project(interfaces=[interface("a")], use_cases=[use_case()])
    assert matches(RULE, no_production) == []
    assert [u.attribute for u in unknowns(RULE, no_production)] == ["production"]
