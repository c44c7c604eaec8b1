from medsec.domain.vocabulary import (
    Authentication,
    Exposure,
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
from medsec.engines.threats.rules.md33_internet_exposure import RULE


def test_password_portal_on_internet_fires() -> None:
    p = make_project(
        interfaces=[
            interface(
                "portal",
                kind=InterfaceKind.API,
                protocol=Protocol.HTTPS,
                exposure=Exposure.INTERNET,
                authentication=Authentication.PASSWORD,
                production=Production.ENABLED,
            )
        ]
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "interfaces[portal].exposure = internet",
        "interfaces[portal].authentication = password",
        "interfaces[portal].production = enabled",
    ]


def test_strong_authentication_or_no_internet_is_quiet() -> None:
    p = make_project(
        interfaces=[
            interface(
                "a",
                exposure=Exposure.INTERNET,
                authentication=Authentication.MFA,
                production=Production.ENABLED,
            ),
            interface(
                "b",
                exposure=Exposure.NETWORK,
                authentication=Authentication.NONE,
                production=Production.ENABLED,
            ),
        ]
    )
    assert list(RULE.check(p)) == []


def test_unknowns_are_asked() -> None:
    p = make_project(
        interfaces=[
            interface("a", kind=InterfaceKind.API),
            interface("b", exposure=Exposure.INTERNET),
            interface("c", kind=InterfaceKind.USB),
        ]
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [
        ("a", "exposure"),
        ("b", "authentication"),
    ]
