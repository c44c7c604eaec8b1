"""Fuzz: ``db import``'s reading (``collect`` on a file, then every record) and the feed
parsers only ever raise InputError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from tests.fuzz.mutate import (
    confused_json,
    confused_yaml,
    fuzz_settings,
    mutated,
    only_input_errors,
)
from tests.fuzz.seeds import ADVISORIES, ADVISORY_JSON, ADVISORY_YAML

from medsec.sources.advisories import epss, kev, nvd
from medsec.sources.advisories.collect import collect

# osv.parse is reached through collect (osv.load measures YAML nesting before libyaml, which
# would crash on a recursion bomb); the feed parsers below are also called directly
PARSERS = (nvd.parse, kev.parse, epss.parse)


def _collect(data: bytes, name: str = "record.yaml") -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        for skip in (False, True):
            collection = collect(path, skip_invalid=skip)
            for _ in collection.records:
                pass


def _parse_all(data: bytes) -> None:
    for parse in PARSERS:
        only_input_errors(lambda d, parse=parse: parse(d, source="fuzz"), data)


@fuzz_settings(500)
@given(mutated(list(ADVISORIES.values())))
def test_collect_bytes(data: bytes) -> None:
    only_input_errors(_collect, data)


@fuzz_settings(600)
@given(mutated(list(ADVISORIES.values())))
def test_feed_parsers_bytes(data: bytes) -> None:
    _parse_all(data)


@fuzz_settings(600)
@given(confused_json(list(ADVISORY_JSON.values())))
def test_json_type_confusion(data: bytes) -> None:
    only_input_errors(lambda d: _collect(d, "record.json"), data)
    _parse_all(data)


@fuzz_settings(200)
@given(confused_yaml(list(ADVISORY_YAML.values())))
def test_yaml_type_confusion(data: bytes) -> None:
    only_input_errors(_collect, data)
