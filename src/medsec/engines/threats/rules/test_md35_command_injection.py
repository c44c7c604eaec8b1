from medsec.domain.model import Flow
from medsec.domain.vocabulary import (
    Authentication,
    Carries,
    ElementType,
    Function,
    Protocol,
    Transport,
)
from medsec.engines.threats.rules._fixtures import (
    element,
    flow,
    make_project,
    matches,
    trigger_texts,
    unknowns,
)
from medsec.engines.threats.rules.md35_command_injection import RULE

# a scanner console on the hospital network drives the gantry inside the device
CONSOLE = element("console", boundary="lan", function=Function.CLINICAL_WORKFLOW)
GANTRY = element("gantry", function=Function.DIAGNOSIS, actuator=True)


def commands(**kw: object) -> Flow:
    return flow("cmd", "console", "gantry", carries=Carries.COMMANDS, **kw)


def test_unauthenticated_commands_across_a_boundary_fire() -> None:
    f = commands(protocol=Protocol.ETHERNET, authentication=Authentication.NONE)
    (m,) = matches(RULE, make_project(elements=[CONSOLE, GANTRY], flows=[f]))
    assert trigger_texts(m) == [
        "flows[cmd].carries = commands",
        "flows[cmd].authentication = none",
        "elements[console].boundary = lan",
        "elements[gantry].boundary = box",
        "elements[gantry].actuator = true",
    ]
    assert m.detail == ""


def test_a_dedicated_cable_of_unknown_protocol_still_fires() -> None:
    f = commands(protocol=Protocol.WIRED, authentication=Authentication.BLE_JUST_WORKS)
    assert len(matches(RULE, make_project(elements=[CONSOLE, GANTRY], flows=[f]))) == 1


def test_bidirectional_link_names_the_status_way_too() -> None:
    f = commands(protocol=Protocol.USB, authentication=Authentication.NONE, bidirectional=True)
    (m,) = matches(RULE, make_project(elements=[CONSOLE, GANTRY], flows=[f]))
    assert "status" in m.detail


def test_secured_twin_is_quiet() -> None:
    f = commands(protocol=Protocol.ETHERNET, authentication=Authentication.MUTUAL_TLS)
    assert list(RULE.check(make_project(elements=[CONSOLE, GANTRY], flows=[f]))) == []


def test_commands_within_one_boundary_or_host_are_quiet() -> None:
    inside = element("console", function=Function.CLINICAL_WORKFLOW)  # same boundary "box"
    f = commands(protocol=Protocol.CAN, authentication=Authentication.NONE)
    assert list(RULE.check(make_project(elements=[inside, GANTRY], flows=[f]))) == []
    in_host = commands(
        protocol=Protocol.OTHER, authentication=Authentication.NONE, transport=Transport.IN_HOST
    )
    assert list(RULE.check(make_project(elements=[CONSOLE, GANTRY], flows=[in_host]))) == []


def test_flows_other_rules_name_are_left_to_them() -> None:
    pump = element("pump", function=Function.THERAPY)  # MD-23
    ui = element("ui", boundary=None, type=ElementType.ACTOR)
    flows = [
        flow("a", "console", "pump", carries=Carries.COMMANDS, authentication=Authentication.NONE),
        flow(
            "b",
            "console",
            "gantry",
            carries=Carries.COMMANDS,
            protocol=Protocol.HL7_MLLP,  # MD-09
            authentication=Authentication.NONE,
        ),
        flow(
            "c",
            "ui",
            "gantry",
            carries=Carries.COMMANDS,
            protocol=Protocol.USER_INTERFACE,  # a person at the device
            authentication=Authentication.NONE,
        ),
        flow("d", "console", "gantry", carries=Carries.DATA, authentication=Authentication.NONE),
    ]
    p = make_project(elements=[CONSOLE, GANTRY, pump, ui], flows=flows)
    assert matches(RULE, p) == []


def test_authentication_and_protocol_are_asked_in_one_round() -> None:
    p = make_project(elements=[CONSOLE, GANTRY], flows=[commands()])
    assert matches(RULE, p) == []
    assert [u.attribute for u in unknowns(RULE, p)] == ["authentication", "protocol"]


def test_a_network_side_bus_into_the_device_is_md34s() -> None:
    f = commands(protocol=Protocol.SERIAL, authentication=Authentication.NONE)
    assert matches(RULE, make_project(elements=[CONSOLE, GANTRY], flows=[f])) == []
