"""``hardware_only: true``: an element with no software at all, validated against its neighbours."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.cli.exit_codes import ExitCode
from medsec.cli.main import main
from medsec.domain.errors import InputError
from medsec.project.loader import load_project

ELEMENTS = """\
  - {id: motor, name: Motor driver, type: process, boundary: box, hardware_only: true}
  - {id: nurse, name: Nurse, type: actor}
flows:
"""


def _folder(tmp_path: Path, elements: str = ELEMENTS) -> Path:
    return write_project(tmp_path, MINIMAL.replace("flows:\n", elements, 1))


def test_hardware_only_loads_and_is_not_software(tmp_path: Path) -> None:
    motor = load_project(_folder(tmp_path)).element("motor")
    assert motor.hardware_only is True
    assert motor.is_software is False  # no SBOM asked, no software questions


def test_hardware_only_contradicting_software_true_is_located(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path, ELEMENTS.replace("hardware_only: true", "hardware_only: true, software: true")
    )
    with pytest.raises(InputError) as info:
        load_project(folder)
    (problem,) = [str(p) for p in info.value.problems]
    assert (
        "elements[2].hardware_only: element 'motor' is stated both hardware_only: true" in problem
    )
    assert main(["check", str(folder)]) == ExitCode.BAD_INPUT


def test_hardware_only_on_an_actor_is_an_error(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        ELEMENTS.replace(
            "{id: nurse, name: Nurse, type: actor}",
            "{id: nurse, name: Nurse, type: actor, hardware_only: true}",
        ),
    )
    with pytest.raises(InputError) as info:
        load_project(folder)
    assert any("elements[3].hardware_only: an actor" in str(p) for p in info.value.problems)
