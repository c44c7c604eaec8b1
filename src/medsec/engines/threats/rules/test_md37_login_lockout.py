from medsec.domain.model import Interface
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
from medsec.engines.threats.rules.md37_login_lockout import RULE


def login(kind: InterfaceKind = InterfaceKind.NETWORK, **kw: object) -> Interface:
    base: dict[str, object] = {
        "protocol": Protocol.HTTPS,
        "exposure": Exposure.NETWORK,
        "authentication": Authentication.PASSWORD,
        "production": Production.ENABLED,
    }
    return interface("web-ui", "fw", kind, **{**base, **kw})


def test_lan_password_login_without_lockout_fires() -> None:
    (m,) = matches(RULE, make_project(interfaces=[login(lockout=False)]))
    assert trigger_texts(m) == [
        "interfaces[web-ui].authentication = password",
        "interfaces[web-ui].lockout = false",
        "interfaces[web-ui].exposure = network",
        "interfaces[web-ui].production = enabled",
    ]


def test_local_pin_pad_without_lockout_fires() -> None:
    pad = login(kind=InterfaceKind.USER_INTERFACE, exposure=Exposure.PHYSICAL, lockout=False)
    assert len(matches(RULE, make_project(interfaces=[pad]))) == 1


def test_secured_twins_are_quiet() -> None:
    p = make_project(
        interfaces=[
            login(lockout=True),
            login(authentication=Authentication.MFA, lockout=False),
            login(exposure=Exposure.INTERNET, lockout=False),  # MD-33
            login(production=Production.DISABLED, lockout=False),
        ]
    )
    assert list(RULE.check(p)) == []


def test_unstated_lockout_is_asked() -> None:
    p = make_project(interfaces=[login()])
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["lockout"]
