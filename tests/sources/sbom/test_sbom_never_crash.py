"""Hypothesis: the SBOM readers never crash on arbitrary input: a result or an InputError."""

from __future__ import annotations

import contextlib

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from medsec.domain.errors import InputError
from medsec.sources.sbom.registry import read

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=30,
)
keys = st.sampled_from(
    [
        "bomFormat",
        "specVersion",
        "components",
        "dependencies",
        "metadata",
        "name",
        "version",
        "purl",
        "bom-ref",
        "ref",
        "dependsOn",
        "properties",
        "hashes",
        "licenses",
        "supplier",
        "spdxVersion",
        "packages",
        "relationships",
        "SPDXID",
        "@graph",
        "@context",
        "documents",
        "filename",
    ]
)
sbom_like = st.recursive(
    st.none()
    | st.integers(-(2**63), 2**63 - 1)
    | st.text(max_size=10)
    | st.sampled_from(["CycloneDX", "1.6", "SPDX-2.3"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=6),
    max_leaves=40,
)


def _read(data: bytes) -> None:
    with contextlib.suppress(InputError):
        read(data, source="fuzz")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_bytes(data: bytes) -> None:
    _read(data)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_any_json(value: object) -> None:
    _read(orjson.dumps(value))


@settings(max_examples=300, deadline=None)
@given(
    sbom_like,
    st.sampled_from(
        [
            {"bomFormat": "CycloneDX"},
            {"spdxVersion": "SPDX-2.3"},
            {"@context": "spdx", "@graph": []},
            {},
        ]
    ),
)
def test_sbom_shaped_json(value: object, marker: dict[str, object]) -> None:
    doc = (
        {**value, **marker}
        if isinstance(value, dict)
        else {**marker, "components": value, "packages": value}
    )
    _read(orjson.dumps(doc))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_text_formats(text: str) -> None:
    for head in (
        "SPDXVersion: SPDX-2.2\n",
        "spdxVersion: SPDX-2.3\n",
        "name,version\n",
        '"PACKAGE","VERSION"\n',
        "format: medsec-components/1\n",
    ):
        _read((head + text).encode())
