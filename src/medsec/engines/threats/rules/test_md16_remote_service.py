from medsec.domain.model import Interface
from medsec.domain.vocabulary import (
    Authentication,
    Exposure,
    InterfaceKind,
    Production,
    Protocol,
)
from medsec.engines.threats.rules._fixtures import (
    element,
    flow,
    interface,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md16_remote_service import RULE


def test_always_on_vpn_with_password_fires() -> None:
    p = make_project(
        elements=[element("fw")],
        interfaces=[
            interface(
                "vpn",
                protocol=Protocol.VPN,
                exposure=Exposure.INTERNET,
                always_on=True,
                authentication=Authentication.PASSWORD,
                production=Production.ENABLED,
            )
        ],
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "interfaces[vpn].exposure = internet",
        "interfaces[vpn].always_on = true",
        "interfaces[vpn].authentication = password",
        "interfaces[vpn].production = enabled",
    ]


def test_always_on_device_listener_fires_only_with_weak_authentication() -> None:
    def listener(iid: str, auth: Authentication) -> Interface:
        return interface(
            iid,
            protocol=Protocol.HTTPS,
            exposure=Exposure.NETWORK,
            always_on=True,
            authentication=auth,
            production=Production.ENABLED,
        )

    p = make_project(
        elements=[element("fw")],
        interfaces=[
            listener("web", Authentication.TOKEN),
            listener("wifi", Authentication.CERTIFICATE),  # EAP-TLS client: always on by need
        ],
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "interfaces[web].exposure = network",
        "interfaces[web].always_on = true",
        "interfaces[web].authentication = token",
        "interfaces[web].production = enabled",
    ]


def test_rdp_from_vendor_cloud_with_shared_key_fires() -> None:
    p = make_project(
        elements=[element("fw"), element("vendor", boundary="cloud")],
        flows=[
            flow(
                "rdp",
                "vendor",
                "fw",
                protocol=Protocol.RDP,
                authentication=Authentication.SHARED_KEY,
            )
        ],
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "flows[rdp].protocol = rdp",
        "flows[rdp].authentication = shared-key",
    ]


def test_on_demand_mfa_access_and_cloud_apis_are_quiet() -> None:
    p = make_project(
        elements=[element("fw"), element("api", boundary="cloud")],
        interfaces=[
            interface(
                "vpn",
                protocol=Protocol.VPN,
                exposure=Exposure.NETWORK,
                always_on=False,
                authentication=Authentication.MFA,
                production=Production.ENABLED,
            ),
            interface(
                "api",
                "api",
                kind=InterfaceKind.API,
                protocol=Protocol.HTTPS,
                exposure=Exposure.INTERNET,
                always_on=True,
                authentication=Authentication.MUTUAL_TLS,
                production=Production.ENABLED,
            ),
            interface(
                "ssh",
                protocol=Protocol.SSH,
                exposure=Exposure.PHYSICAL,
                authentication=Authentication.PASSWORD,
                production=Production.ENABLED,
            ),
        ],
    )
    assert list(RULE.check(p)) == []


def test_unknowns_are_asked() -> None:
    p = make_project(
        elements=[element("fw"), element("vendor", boundary="cloud")],
        interfaces=[
            interface("a", protocol=Protocol.SSH),
            interface("b", protocol=Protocol.SSH, exposure=Exposure.NETWORK),
        ],
        flows=[flow("vpn", "vendor", "fw", protocol=Protocol.VPN)],
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [
        ("a", "exposure"),
        ("b", "always_on"),
        ("b", "authentication"),
        ("vpn", "authentication"),
    ]
