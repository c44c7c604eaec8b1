"""Placeholder ids are no ids: whole values and parts, case-insensitive, the words configurable."""

from __future__ import annotations

from medsec.domain.model import PLACEHOLDERS
from medsec.engines.placeholders import is_placeholder, real, stated


def test_a_placeholder_is_the_value_or_one_of_its_parts() -> None:
    for value in ("TBD", "tbd", " TODO ", "xxx", "SR-TBD", "TC_XXX", "docs/TODO.pdf"):
        assert is_placeholder(value, PLACEHOLDERS), value
    for value in ("SR-12", "TC-BLE-004", "pt-2026", "docs/threat-model-3.2.0.pdf", "TBDX", ""):
        assert not is_placeholder(value, PLACEHOLDERS), value
    assert not is_placeholder(None, PLACEHOLDERS)


def test_the_words_come_from_the_policy() -> None:
    assert is_placeholder("SR-NN", ("NN",))
    assert not is_placeholder("SR-TBD", ("NN",))


def test_real_and_stated() -> None:
    assert real(["TBD", "TC-1", "TODO"], PLACEHOLDERS) == ("TC-1",)
    assert stated("A. Lindqvist", PLACEHOLDERS)
    assert not stated("TBD", PLACEHOLDERS)
    assert not stated("  ", PLACEHOLDERS)
    assert not stated(None, PLACEHOLDERS)
