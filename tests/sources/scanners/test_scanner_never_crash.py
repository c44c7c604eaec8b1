"""Hypothesis: the scanner readers never crash: a report or an InputError, nothing else."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.sources.scanners.test_scanner_parsers import SAMPLES

from medsec.domain.errors import InputError
from medsec.domain.pentest import ReportFormat
from medsec.sources.scanners.registry import read

formats = st.sampled_from(list(ReportFormat))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.none() | formats)
def test_random_bytes(data: bytes, fmt: ReportFormat | None) -> None:
    with contextlib.suppress(InputError):
        read(data, source="fuzz", forced=fmt.value if fmt else None)


@settings(max_examples=400, deadline=None)
@given(formats, st.data())
def test_mutated_samples(fmt: ReportFormat, data: st.DataObject) -> None:
    sample = bytearray(SAMPLES[fmt])
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(sample) - 1))
        choice = data.draw(st.integers(0, 2))
        if choice == 0:
            sample[at] = data.draw(st.integers(0, 255))
        elif choice == 1:
            del sample[at : at + data.draw(st.integers(1, 20))]
        else:
            sample[at:at] = data.draw(st.binary(min_size=1, max_size=8))
    with contextlib.suppress(InputError):
        read(bytes(sample), source="fuzz", forced=data.draw(st.none() | st.just(fmt.value)))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 70000)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(
        [ReportFormat.ZAP_JSON, ReportFormat.SARIF, ReportFormat.NUCLEI, ReportFormat.BURP_API_JSON]
    ),
    st.data(),
)
def test_json_reports_with_wrong_types(fmt: ReportFormat, data: st.DataObject) -> None:
    import orjson

    first = SAMPLES[fmt].splitlines()[0] if fmt is ReportFormat.NUCLEI else SAMPLES[fmt]
    doc = orjson.loads(first)
    path = data.draw(st.sampled_from(_paths(doc)[1:]))
    node = doc
    for part in path[:-1]:
        node = node[part]  # type: ignore[index]
    node[path[-1]] = data.draw(json_values)  # type: ignore[index]
    with contextlib.suppress(InputError):
        read(orjson.dumps(doc), source="fuzz", forced=fmt.value)
