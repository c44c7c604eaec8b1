from medsec.domain.vocabulary import Exposure, Production, Protocol
from medsec.engines.threats.rules._fixtures import (
    element,
    flow,
    interface,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md17_remote_session_logging import RULE


def test_unlogged_remote_interface_fires() -> None:
    p = make_project(
        elements=[element("fw", security_logging=False)],
        interfaces=[
            interface(
                "ssh",
                protocol=Protocol.SSH,
                exposure=Exposure.NETWORK,
                production=Production.ENABLED,
            )
        ],
    )
    (m,) = matches(RULE, p)
    assert m.target.id == "ssh"
    assert trigger_texts(m) == [
        "interfaces[ssh].protocol = ssh",
        "elements[fw].security_logging = false",
    ]


def test_unlogged_remote_flow_from_cloud_fires() -> None:
    p = make_project(
        elements=[element("fw", security_logging=False), element("vendor", boundary="cloud")],
        flows=[flow("vpn", "vendor", "fw", protocol=Protocol.VPN)],
    )
    (m,) = matches(RULE, p)
    assert m.target.id == "vpn"
    assert trigger_texts(m) == [
        "flows[vpn].protocol = vpn",
        "elements[fw].security_logging = false",
    ]


def test_logged_sessions_are_quiet() -> None:
    p = make_project(
        elements=[element("fw", security_logging=True), element("vendor", boundary="cloud")],
        interfaces=[interface("ssh", protocol=Protocol.SSH, production=Production.ENABLED)],
        flows=[flow("vpn", "vendor", "fw", protocol=Protocol.VPN)],
    )
    assert list(RULE.check(p)) == []


def test_unknown_logging_is_asked_on_the_element() -> None:
    p = make_project(
        elements=[element("fw")],
        interfaces=[interface("rdp", protocol=Protocol.RDP, production=Production.ENABLED)],
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [("fw", "security_logging")]
