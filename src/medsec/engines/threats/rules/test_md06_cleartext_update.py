from medsec.domain.model import Update
from medsec.domain.vocabulary import Carries, Encryption, Protocol
from medsec.engines.threats.rules._fixtures import (
    element,
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md06_cleartext_update import RULE


def test_http_update_channel_fires() -> None:
    p = make_project(elements=[element(update=Update(signed=True, channel=Protocol.HTTP))])
    (m,) = matches(RULE, p)
    assert m.target.id == "fw"
    assert trigger_texts(m) == ["elements[fw].update.channel = http"]


def test_code_over_cleartext_flow_fires() -> None:
    p = make_project(
        elements=[element(update=Update(channel=Protocol.HTTPS))],
        flows=[flow("dl", "cdn", "fw", protocol=Protocol.FTP, carries=Carries.CODE)],
    )
    (m,) = matches(RULE, p)
    assert m.target.id == "dl"
    assert trigger_texts(m) == ["flows[dl].carries = code", "flows[dl].protocol = ftp"]


def test_https_update_is_quiet() -> None:
    p = make_project(
        elements=[element(update=Update(channel=Protocol.HTTPS))],
        flows=[
            flow(
                "dl",
                "cdn",
                "fw",
                protocol=Protocol.HTTPS,
                carries=Carries.CODE,
                encryption=Encryption.TLS1_3,
            )
        ],
    )
    assert list(RULE.check(p)) == []


def test_unknown_channel_and_encryption_are_asked() -> None:
    p = make_project(
        elements=[element(update=Update(signed=True))],
        flows=[flow("dl", "cdn", "fw", protocol=Protocol.WIFI, carries=Carries.CODE)],
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [
        ("fw", "update.channel"),
        ("dl", "encryption"),
    ]
