from medsec.domain.vocabulary import Authentication, InterfaceKind, Production
from medsec.engines.threats.rules._fixtures import (
    interface,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md15_usb_service import RULE


def test_unauthenticated_usb_service_fires() -> None:
    p = make_project(
        interfaces=[
            interface(
                "usb",
                kind=InterfaceKind.USB,
                authentication=Authentication.NONE,
                production=Production.ENABLED,
            )
        ]
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "interfaces[usb].authentication = none",
        "interfaces[usb].production = enabled",
    ]


def test_certificate_gated_usb_is_quiet() -> None:
    p = make_project(
        interfaces=[
            interface(
                "usb",
                kind=InterfaceKind.USB,
                authentication=Authentication.CERTIFICATE,
                production=Production.ENABLED,
            )
        ]
    )
    assert list(RULE.check(p)) == []


def test_unknown_production_is_asked_when_open() -> None:
    p = make_project(
        interfaces=[
            interface("usb", kind=InterfaceKind.USB, authentication=Authentication.NONE),
            interface("usb2", kind=InterfaceKind.USB, production=Production.ENABLED),
        ]
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [
        ("usb", "production"),
        ("usb2", "authentication"),
    ]
