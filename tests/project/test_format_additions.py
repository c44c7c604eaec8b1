"""Keys added for context-aware threats: hosts, bidirectional flows, transports, lockout,
power, actuators, atomic updates, optional interface kinds and hazard severities, with the
located errors their mistakes give (exit code 3 on the command line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.cli.exit_codes import ExitCode
from medsec.cli.main import main
from medsec.domain.errors import InputError
from medsec.domain.vocabulary import PowerSource, Protocol, Transport
from medsec.project.loader import load_project

EXTRA_ELEMENTS = """\
  - {id: ws-os, name: Workstation OS, type: process, boundary: ward, power: mains}
  - {id: viewer, name: Viewer, type: process, host: ws-os, actuator: false}
  - {id: cache, name: Image cache, type: data_store, host: viewer}
  - {id: nurse, name: Nurse, type: actor}
  - {id: it, name: Hospital IT, type: actor}
flows:
"""


def project_with(tmp_path: Path, elements: str = EXTRA_ELEMENTS, flows: str = "") -> Path:
    text = MINIMAL.replace("flows:\n", elements, 1)
    if flows:
        text = text.replace("interfaces:\n", flows + "interfaces:\n", 1)
    return write_project(tmp_path, text)


def problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_project(folder)
    return [str(p) for p in info.value.problems]


def line_of(folder: Path, needle: str) -> int:
    lines = (folder / "medsec.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_new_keys_load(tmp_path: Path) -> None:
    flows = (
        "  - {id: view-ws, from: viewer, to: ws-os, bidirectional: true, transport: in-host}\n"
        "  - {id: cable, from: ws-os, to: pump-fw, protocol: wired}\n"
    )
    text = (
        MINIMAL.replace("flows:\n", EXTRA_ELEMENTS, 1)
        .replace("interfaces:\n", flows + "interfaces:\n", 1)
        .replace("    exposure: adjacent\n", "    exposure: adjacent\n    lockout: false\n")
        .replace("    kind: wireless\n", "")
        .replace("{id: HAZ-1, harm: Overdose, severity: critical}", "{id: HAZ-1, harm: Overdose}")
        .replace(
            "update: {signed: true, rollback_protection: true, channel: https}",
            "update: {signed: true, rollback_protection: true, channel: https, atomic: true}",
        )
    )
    p = load_project(write_project(tmp_path, text))
    assert p.element("viewer").host == "ws-os"
    assert p.element("viewer").boundary == "ward"  # inherited from its host
    assert p.element("cache").boundary == "ward"  # through two hosts
    assert p.element("ws-os").power is PowerSource.MAINS
    assert p.element("viewer").actuator is False
    assert p.element("pump-fw").update is not None and p.element("pump-fw").update.atomic
    two_way = next(f for f in p.flows if f.id == "view-ws")
    assert two_way.bidirectional and two_way.transport is Transport.IN_HOST
    assert next(f for f in p.flows if f.id == "cable").protocol is Protocol.WIRED
    (gatt,) = p.interfaces
    assert gatt.kind is None and gatt.lockout is False
    assert p.hazards[0].severity is None


def test_unknown_host_is_located_with_a_suggestion(tmp_path: Path) -> None:
    folder = project_with(tmp_path, EXTRA_ELEMENTS.replace("host: ws-os", "host: ws-so"))
    (msg,) = problems(folder)
    n = line_of(folder, "host: ws-so")
    assert f"medsec.yaml:{n}: elements[3].host: unknown host 'ws-so'" in msg
    assert "did you mean 'ws-os'?" in msg


def test_host_must_be_another_process_and_actors_have_none(tmp_path: Path) -> None:
    elements = (
        EXTRA_ELEMENTS.replace("host: viewer}", "host: cache}")
        .replace(
            "{id: nurse, name: Nurse, type: actor}",
            "{id: nurse, name: N, type: actor, host: ws-os}",
        )
        .replace(
            "{id: ws-os, name: Workstation OS, type: process,",
            "{id: ws-os, name: W, type: process, host: nurse,",
        )
    )
    msgs = problems(project_with(tmp_path, elements))
    assert any("elements[2].host: host 'nurse' is not a process (type actor)" in m for m in msgs)
    assert any("elements[4].host: element 'cache' cannot be its own host" in m for m in msgs)
    assert any("elements[5].host: an actor has no host" in m for m in msgs)


def test_a_cycle_of_hosts_is_located(tmp_path: Path) -> None:
    elements = EXTRA_ELEMENTS.replace(
        "type: process, boundary: ward, power: mains}", "type: process, host: viewer}"
    )
    folder = project_with(tmp_path, elements)
    msgs = problems(folder)
    assert any(
        f"medsec.yaml:{line_of(folder, 'id: ws-os')}: elements[2].host: element 'ws-os' is its own host"
        in m
        for m in msgs
    )
    assert any("elements[3].host: element 'viewer' is its own host" in m for m in msgs)


def test_bidirectional_flow_between_two_actors_is_an_error(tmp_path: Path) -> None:
    flows = "  - {id: chat, from: nurse, to: it, bidirectional: true}\n"
    folder = project_with(tmp_path, flows=flows)
    (msg,) = problems(folder)
    n = line_of(folder, "id: chat")
    assert f"medsec.yaml:{n}: flows[1].bidirectional: flow 'chat' joins two actors" in msg


def test_a_flow_repeating_a_bidirectional_one_is_an_error(tmp_path: Path) -> None:
    flows = (
        "  - {id: there, from: viewer, to: pump-fw, protocol: https, bidirectional: true}\n"
        "  - {id: back, from: pump-fw, to: viewer, protocol: https}\n"
        "  - {id: other, from: pump-fw, to: viewer, protocol: hl7-mllp}\n"
    )
    folder = project_with(tmp_path, flows=flows)
    (msg,) = problems(folder)
    assert "flows[2].id: flow 'back' repeats flow 'there' (flows[1])" in msg
    assert "drop bidirectional: true" in msg


def test_one_way_flows_in_both_directions_stay_allowed(tmp_path: Path) -> None:
    flows = (
        "  - {id: there, from: viewer, to: pump-fw, protocol: https}\n"
        "  - {id: back, from: pump-fw, to: viewer, protocol: https}\n"
    )
    assert len(load_project(project_with(tmp_path, flows=flows)).flows) == 3


def test_unquoted_comma_in_a_flow_mapping_gets_a_quoting_hint(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "  - {id: program, name: Program an infusion, needs_data",
        "  - {id: program, name: Program, check an infusion, needs_data",
    )
    (msg,) = problems(write_project(tmp_path, text))
    assert "use_cases[0].check an infusion: unknown key 'check an infusion'" in msg
    assert 'quote it (name: "Program, check an infusion")' in msg


def test_a_missing_comma_in_a_flow_list_is_named(tmp_path: Path) -> None:
    text = MINIMAL.replace("needs_data: [dose]", "needs_data: [dose weight]")
    (msg,) = problems(write_project(tmp_path, text))
    assert "invalid id 'dose weight'" in msg and "is a comma missing" in msg


def test_block_style_unknown_keys_keep_the_usual_suggestion(tmp_path: Path) -> None:
    text = MINIMAL.replace("    secure_boot: true\n", "    secure_bot:\n", 1)
    (msg,) = problems(write_project(tmp_path, text))
    assert "did you mean 'secure_boot'?" in msg and "comma" not in msg


def test_reference_errors_exit_3_on_the_command_line(tmp_path: Path) -> None:
    folder = project_with(tmp_path, EXTRA_ELEMENTS.replace("host: ws-os", "host: nowhere"))
    assert main(["validate", str(folder)]) == int(ExitCode.BAD_INPUT) == 3
