"""Fuzz: the VEX readers (``detect.read``: CycloneDX, OpenVEX, CSAF) only ever raise InputError."""

from __future__ import annotations

from hypothesis import given
from tests.fuzz.mutate import (
    confused_json,
    confused_yaml,
    fuzz_settings,
    mutated,
    only_input_errors,
)
from tests.fuzz.seeds import VEX, VEX_JSON, VEX_YAML

from medsec.sources.vex.detect import read


def _read(data: bytes) -> object:
    return read(data, source="fuzz")


@fuzz_settings(900)
@given(mutated(list(VEX.values())))
def test_vex_bytes(data: bytes) -> None:
    only_input_errors(_read, data)


@fuzz_settings(700)
@given(confused_json(list(VEX_JSON.values())))
def test_vex_json_type_confusion(data: bytes) -> None:
    only_input_errors(_read, data)


@fuzz_settings(200)
@given(confused_yaml(list(VEX_YAML.values())))
def test_vex_yaml_type_confusion(data: bytes) -> None:
    only_input_errors(_read, data)
