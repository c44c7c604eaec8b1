from medsec.domain.model import Interface
from medsec.domain.vocabulary import InterfaceKind, PowerSource, Production, Protocol
from medsec.engines.threats.rules._fixtures import (
    element,
    interface,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md39_battery_exhaustion import RULE


def radio(**kw: object) -> Interface:
    base: dict[str, object] = {"protocol": Protocol.BLE, "production": Production.ENABLED}
    return interface("ble", "fw", InterfaceKind.WIRELESS, **{**base, **kw})


def test_always_listening_radio_on_battery_fires() -> None:
    p = make_project(
        elements=[element(power=PowerSource.BATTERY)], interfaces=[radio(always_on=True)]
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == ["elements[fw].power = battery", "interfaces[ble].always_on = true"]


def test_power_stated_on_the_host_counts() -> None:
    os = element("os", power=PowerSource.BATTERY)
    app = element("app", host="os")
    p = make_project(
        elements=[os, app],
        interfaces=[interface("ble", "app", protocol=Protocol.BLE, always_on=True)],
    )
    (m,) = matches(RULE, p)
    assert m.target.id == "app"
    assert "elements[os].power = battery" in trigger_texts(m)


def test_secured_twins_are_quiet() -> None:
    quiet = [
        make_project(
            elements=[element(power=PowerSource.BATTERY)], interfaces=[radio(always_on=False)]
        ),
        make_project(
            elements=[element(power=PowerSource.MAINS)], interfaces=[radio(always_on=True)]
        ),
        make_project(
            elements=[element(power=PowerSource.BATTERY)],
            interfaces=[radio(always_on=True, production=Production.REMOVED)],
        ),
    ]
    assert [list(RULE.check(p)) for p in quiet] == [[], [], []]


def test_power_is_asked_first_then_listening() -> None:
    p = make_project(elements=[element()], interfaces=[radio()])
    assert [u.attribute for u in unknowns(RULE, p)] == ["power"]
    p = make_project(elements=[element(power=PowerSource.BATTERY)], interfaces=[radio()])
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["always_on"]
