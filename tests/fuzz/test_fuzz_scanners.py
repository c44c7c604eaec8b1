"""Fuzz: the scanner importers (``registry.read``, sniffed or forced) only raise InputError."""

from __future__ import annotations

import orjson
from hypothesis import given
from hypothesis import strategies as st
from tests.fuzz.mutate import confused_json, fuzz_settings, mutated, only_input_errors
from tests.fuzz.seeds import SCANNERS

from medsec.domain.pentest import ReportFormat
from medsec.sources.scanners.registry import read

_JSON = [
    orjson.loads(SCANNERS[f.value])
    for f in (ReportFormat.ZAP_JSON, ReportFormat.SARIF, ReportFormat.BURP_API_JSON)
]


@fuzz_settings(1200)
@given(mutated(list(SCANNERS.values())), st.none() | st.sampled_from(list(ReportFormat)))
def test_scanner_bytes(data: bytes, forced: ReportFormat | None) -> None:
    only_input_errors(
        lambda d: read(d, source="fuzz", forced=forced.value if forced else None), data
    )


@fuzz_settings(600)
@given(confused_json(_JSON))
def test_scanner_json_type_confusion(data: bytes) -> None:
    only_input_errors(lambda d: read(d, source="fuzz"), data)
