from medsec.domain.vocabulary import Authentication, Carries, Function, Protocol
from medsec.engines.threats.rules._fixtures import (
    element,
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md23_therapy_command_auth import RULE


def test_unauthenticated_dose_command_fires_on_the_controller() -> None:
    p = make_project(
        elements=[element("pump", function=Function.THERAPY)],
        flows=[
            flow(
                "app-to-pump",
                "app",
                "pump",
                protocol=Protocol.BLE,
                carries=Carries.COMMANDS,
                authentication=Authentication.BLE_JUST_WORKS,
            )
        ],
    )
    (m,) = matches(RULE, p)
    assert m.target.id == "pump"
    assert trigger_texts(m) == [
        "elements[pump].function = therapy",
        "flows[app-to-pump].carries = commands",
        "flows[app-to-pump].authentication = ble-just-works",
    ]


def test_authenticated_commands_and_local_ui_are_quiet() -> None:
    p = make_project(
        elements=[element("pump", function=Function.THERAPY)],
        flows=[
            flow(
                "a",
                "app",
                "pump",
                protocol=Protocol.BLE,
                carries=Carries.COMMANDS,
                authentication=Authentication.BLE_NUMERIC_COMPARISON,
            ),
            flow(
                "b",
                "keypad",
                "pump",
                protocol=Protocol.USER_INTERFACE,
                carries=Carries.COMMANDS,
                authentication=Authentication.NONE,
            ),
        ],
    )
    assert list(RULE.check(p)) == []


def test_non_therapy_elements_are_left_alone() -> None:
    p = make_project(
        elements=[element("monitor", function=Function.MONITORING)],
        flows=[
            flow(
                "a",
                "app",
                "monitor",
                protocol=Protocol.WIFI,
                carries=Carries.COMMANDS,
                authentication=Authentication.NONE,
            )
        ],
    )
    assert list(RULE.check(p)) == []


def test_unknowns_are_asked() -> None:
    p = make_project(
        elements=[element("pump", function=Function.THERAPY), element("box")],
        flows=[
            flow("a", "app", "pump", protocol=Protocol.WIFI, carries=Carries.COMMANDS),
            flow(
                "b",
                "app",
                "box",
                protocol=Protocol.WIFI,
                carries=Carries.COMMANDS,
                authentication=Authentication.NONE,
            ),
        ],
    )
    assert matches(RULE, p) == []
    assert [(u.target.id, u.attribute) for u in unknowns(RULE, p)] == [
        ("a", "authentication"),
        ("box", "function"),
    ]
