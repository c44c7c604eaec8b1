"""Fuzz: the SBOM readers (``registry.read``) and the support file only ever raise InputError.

The budget is fixed (see ``mutate.py``): derandomized examples, each at most 256 KiB. The
byte fuzzer once took 12 s where it now takes 2: a mutant of 64 KB of newlines made the
SPDX tag-value sniffer backtrack quadratically (2-5 s per read); its regression test is below.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from tests.fuzz.mutate import (
    MAX_MUTANT,
    confused_json,
    confused_yaml,
    fuzz_settings,
    mutated,
    only_input_errors,
)
from tests.fuzz.seeds import SBOM, SBOM_JSON, SBOM_YAML, SUPPORT

from medsec.domain.errors import InputError
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


def test_a_head_of_newlines_is_sniffed_in_linear_time() -> None:
    data = b"SP" + b"\n" * 65_000  # the slow mutant: 2-5 s per read before, 2 ms now
    start = time.perf_counter()
    with pytest.raises(InputError, match="not an SBOM"):
        registry.read(data, source="fuzz")
    assert time.perf_counter() - start < 0.5, "sniffing is not linear in the head's length"


@fuzz_settings(30)
@given(mutated([b"[" * (MAX_MUTANT - 8)]))
def test_every_mutant_is_capped(data: bytes) -> None:
    assert len(data) <= MAX_MUTANT
