"""Fuzz: the SBOM readers (``registry.read``) and the support file only ever raise InputError."""

from __future__ import annotations

from hypothesis import given
from tests.fuzz.mutate import (
    confused_json,
    confused_yaml,
    fuzz_settings,
    mutated,
    only_input_errors,
)
from tests.fuzz.seeds import SBOM, SBOM_JSON, SBOM_YAML, SUPPORT

from medsec.sources.sbom import registry, support


def _read(data: bytes) -> object:
    return registry.read(data, source="fuzz")


@fuzz_settings(1200)
@given(mutated(list(SBOM.values())))
def test_sbom_bytes(data: bytes) -> None:
    only_input_errors(_read, data)


@fuzz_settings(800)
@given(confused_json(list(SBOM_JSON.values())))
def test_sbom_json_type_confusion(data: bytes) -> None:
    only_input_errors(_read, data)


@fuzz_settings(300)
@given(confused_yaml(list(SBOM_YAML.values())))
def test_sbom_yaml_type_confusion(data: bytes) -> None:
    only_input_errors(_read, data)


@fuzz_settings(300)
@given(mutated([SUPPORT]))
def test_support_file(data: bytes) -> None:
    only_input_errors(lambda d: support.parse(d, source="fuzz"), data)
