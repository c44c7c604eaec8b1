from medsec.domain.vocabulary import Carries, Protocol
from medsec.engines.threats.rules._fixtures import (
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
