from medsec.domain.model import Boundary, Interface
from medsec.domain.vocabulary import BoundaryKind, InterfaceKind, Production, Protocol
from medsec.engines.threats.rules._fixtures import (
    BOUNDARIES,
    element,
    interface,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.mp03_radio_presence import RULE


def ble(iid: str = "adv", owner: str = "patch", **kw: object) -> Interface:
    kw.setdefault("production", Production.ENABLED)
    return interface(
        iid,
        owner,
        InterfaceKind.WIRELESS,
        protocol=Protocol.BLE,
        **kw,
    )


def test_always_advertising_wearable_fires() -> None:
    p = make_project(elements=[element("patch", patients=1)], interfaces=[ble(always_on=True)])
    (m,) = matches(RULE, p)
    assert m.target.id == "adv"
    assert sorted(trigger_texts(m)) == [
        "elements[patch].patients = 1",
        "interfaces[adv].always_on = true",
        "interfaces[adv].protocol = ble",
    ]


def test_home_device_fires_whatever_its_patients() -> None:
    home = [element("hub", boundary="house", patients=4)]
    p = make_project(
        elements=home,
        interfaces=[ble("adv", "hub", always_on=True)],
        boundaries=[*BOUNDARIES, Boundary(id="house", name="Home", kind=BoundaryKind.HOME)],
    )
    (m,) = matches(RULE, p)
    assert "elements[hub].boundary = house (home)" in trigger_texts(m)


def test_privacy_secured_twin_is_quiet() -> None:
    # advertises on demand only; switched off; Wi-Fi (no beacon); a ward server of many patients
    p = make_project(
        elements=[element("patch", patients=1), element("server", patients=40)],
        interfaces=[
            ble(always_on=False),
            ble("old", production=Production.DISABLED, always_on=True),
            interface(
                "wifi", "patch", InterfaceKind.WIRELESS, protocol=Protocol.WIFI, always_on=True
            ),
            ble("srv", "server", always_on=True),
        ],
    )
    assert list(RULE.check(p)) == []


def test_unstated_facts_are_asked() -> None:
    p = make_project(
        elements=[element("patch", patients=1), element("other")],
        interfaces=[
            ble(),
            interface("radio", "patch", InterfaceKind.WIRELESS),
            ble("x", "other", always_on=True),
        ],
    )
    assert matches(RULE, p) == []
    assert sorted((u.target.id, u.attribute) for u in unknowns(RULE, p)) == [
        ("adv", "always_on"),
        ("other", "patients"),
        ("radio", "protocol"),
    ]
