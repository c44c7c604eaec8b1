from medsec.domain.vocabulary import Encryption, Production, Protocol
from medsec.engines.threats.rules._fixtures import (
    interface,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md26_cleartext_service import RULE


def test_enabled_telnet_fires() -> None:
    p = make_project(
        interfaces=[interface("telnet", protocol=Protocol.TELNET, production=Production.ENABLED)]
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == [
        "interfaces[telnet].protocol = telnet",
        "interfaces[telnet].production = enabled",
    ]


def test_secure_or_disabled_services_are_quiet() -> None:
    p = make_project(
        interfaces=[
            interface("ssh", protocol=Protocol.SSH, production=Production.ENABLED),
            interface("ftp", protocol=Protocol.FTP, production=Production.DISABLED),
            interface(
                "http",
                protocol=Protocol.HTTP,
                encryption=Encryption.IPSEC,
                production=Production.ENABLED,
            ),
        ]
    )
    assert list(RULE.check(p)) == []


def test_unknown_production_is_asked() -> None:
    p = make_project(interfaces=[interface("snmp", protocol=Protocol.SNMP)])
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["production"]
