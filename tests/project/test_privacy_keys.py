"""Keys the LINDDUN privacy rules read: ``data[].traits`` and ``use_cases[].rights``."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.domain.errors import InputError
from medsec.domain.model import DataRight, DataTrait
from medsec.engines.threats.digest import model_digest
from medsec.project.loader import load_project

TRAITS = "    retention: P30D\n    traits: [timing, identifier, timing]\n"
RIGHTS = "needs_interfaces: [ble-gatt]}"


def test_traits_and_rights_load(tmp_path: Path) -> None:
    text = MINIMAL.replace("    retention: P30D\n", TRAITS).replace(
        RIGHTS, "needs_interfaces: [ble-gatt], rights: [access, rectification]}"
    )
    project = load_project(write_project(tmp_path, text))
    assert project.data[0].traits == (DataTrait.TIMING, DataTrait.IDENTIFIER)  # each once
    assert project.use_cases[0].rights == (DataRight.ACCESS, DataRight.RECTIFICATION)


def test_unstated_rights_are_unknown_an_empty_list_is_none(tmp_path: Path) -> None:
    assert load_project(write_project(tmp_path / "a")).use_cases[0].rights is None
    text = MINIMAL.replace(RIGHTS, "needs_interfaces: [ble-gatt], rights: []}")
    assert load_project(write_project(tmp_path / "b", text)).use_cases[0].rights == ()


def test_the_new_keys_leave_the_digest_of_a_model_without_them(tmp_path: Path) -> None:
    project = load_project(write_project(tmp_path / "a"))
    stated = MINIMAL.replace("    retention: P30D\n", "    retention: P30D\n    traits: []\n")
    assert model_digest(load_project(write_project(tmp_path / "b", stated))) == model_digest(
        project
    )


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("    retention: P30D\n", "    retention: P30D\n    traits: [locaton]\n", "traits"),
        (RIGHTS, "needs_interfaces: [ble-gatt], rights: [delete]}", "rights"),
    ],
)
def test_an_unknown_value_is_a_located_error(
    tmp_path: Path, old: str, new: str, where: str
) -> None:
    with pytest.raises(InputError) as caught:
        load_project(write_project(tmp_path, MINIMAL.replace(old, new)))
    text = str(caught.value)
    assert where in text and "medsec.yaml:" in text
