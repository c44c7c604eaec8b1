from medsec.domain.vocabulary import Carries, Protocol, Transport
from medsec.engines.threats.rules._fixtures import (
    element,
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md22_command_replay import RULE


def test_commands_without_replay_protection_fire() -> None:
    p = make_project(
        flows=[flow(protocol=Protocol.BLE, carries=Carries.COMMANDS, replay_protection=False)]
    )
    (m,) = matches(RULE, p)
    assert trigger_texts(m) == ["flows[f].carries = commands", "flows[f].replay_protection = false"]


def test_protected_commands_and_data_are_quiet() -> None:
    p = make_project(
        flows=[
            flow("a", protocol=Protocol.BLE, carries=Carries.COMMANDS, replay_protection=True),
            flow("b", protocol=Protocol.BLE, carries=Carries.DATA, replay_protection=False),
            flow("c", protocol=Protocol.USER_INTERFACE, carries=Carries.COMMANDS),
        ]
    )
    assert list(RULE.check(p)) == []


def test_unknown_replay_protection_is_asked() -> None:
    p = make_project(flows=[flow(protocol=Protocol.WIFI, carries=Carries.COMMANDS)])
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["replay_protection"]


def test_in_host_commands_are_not_replayed_over_a_link() -> None:
    os = element("os")
    ui = element("ui", host="os")
    f = flow("ipc", "ui", "os", protocol=Protocol.GRPC, carries=Carries.COMMANDS)
    wired = flow(
        "spi",
        "ui",
        "os",
        protocol=Protocol.INTERNAL,
        transport=Transport.WIRED,
        carries=Carries.COMMANDS,
        replay_protection=False,
    )
    assert list(RULE.check(make_project(elements=[os, ui], flows=[f]))) == []
    # internal stays local for MD-22 whatever the transport (its owner rule is MD-34)
    assert list(RULE.check(make_project(elements=[os, ui], flows=[wired]))) == []
