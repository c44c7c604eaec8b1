"""The STRIDE baseline leaves out what is noise: in-host flows, lone actors, R of pure hardware."""

from __future__ import annotations

from dataclasses import replace

from medsec.domain.model import Hazard, Project
from medsec.domain.vocabulary import HazardSeverity, Protocol, Transport
from medsec.engines.threats.engine import generate
from medsec.engines.threats.rules._fixtures import actor, element, flow, make_project


def letters(project: Project, target: str) -> set[str]:
    return {
        s.value
        for t in generate(project, rules=()).threats
        if t.target.id == target
        for s in t.stride
    }


def test_flows_between_co_hosted_processes_get_no_threats() -> None:
    os = element("os")
    p = make_project(
        elements=[os, element("ui", host="os"), element("db-client", host="os")],
        flows=[flow("ipc", "ui", "db-client"), flow("out", "ui", "lan-peer")],
    )
    assert letters(p, "ipc") == set()
    assert letters(p, "out") == set("TID")
    asked = {m.target.id for m in generate(p, rules=()).missing}
    assert "ipc" not in asked  # nor is the protocol of an in-host flow asked
    assert "out" in asked


def test_internal_flows_are_in_host_unless_a_transport_says_otherwise() -> None:
    a, b = element("a"), element("b")
    internal = flow("spi", "a", "b", protocol=Protocol.INTERNAL)
    assert letters(make_project(elements=[a, b], flows=[internal]), "spi") == set()
    wired = replace(internal, transport=Transport.WIRED)
    assert letters(make_project(elements=[a, b], flows=[wired]), "spi") == set("TID")


def test_actors_without_flows_get_nothing() -> None:
    p = make_project(
        elements=[actor("visitor"), actor("nurse"), element("fw")],
        flows=[flow("ui", "nurse", "fw", protocol=Protocol.USER_INTERFACE)],
    )
    assert letters(p, "visitor") == set()
    assert letters(p, "nurse") == {"S", "R"}


def test_only_hardware_without_any_software_has_no_repudiation() -> None:
    p = make_project(
        elements=[
            element("motor", hardware_only=True),
            element("hl7-engine", software=False),  # the hospital's software, not ours
            element("fw"),
        ]
    )
    assert letters(p, "motor") == set("STIDE")
    assert letters(p, "hl7-engine") == set("STRIDE")
    assert letters(p, "fw") == set("STRIDE")


def test_a_bidirectional_flow_gets_one_set_of_threats() -> None:
    p = make_project(
        elements=[element("a"), element("b", boundary="lan")],
        flows=[flow("link", "a", "b", protocol=Protocol.ETHERNET, bidirectional=True)],
    )
    threats = [t for t in generate(p, rules=()).threats if t.target.id == "link"]
    assert sorted(t.id for t in threats) == [
        "STRIDE-D@link",
        "STRIDE-I@link",
        "STRIDE-T@link",
    ]
    assert str(threats[0].triggers[0]) == "flows[link] = a <-> b"


def test_a_hazard_without_severity_is_asked_once_on_the_device() -> None:
    p = replace(
        make_project(elements=[element(function=None)]),
        hazards=(Hazard("HAZ-1", "Overdose"), Hazard("HAZ-2", "Delay", HazardSeverity.SERIOUS)),
    )
    asked = {(m.target.id, m.attributes) for m in generate(p, rules=()).missing}
    assert asked == {("dev", ("hazards[HAZ-1].severity",)), ("fw", ("function",))}
