"""VEX readers: malformed input is an InputError that names the place; never a crash."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medsec.domain.errors import InputError
from medsec.domain.vex import VexDocument
from medsec.domain.vulnerability import Justification, Response, VexState
from medsec.sources.vex.detect import read


def cdx(vulns: list[Any], **extra: Any) -> bytes:
    return json.dumps(
        {"bomFormat": "CycloneDX", "specVersion": "1.5", "vulnerabilities": vulns, **extra}
    ).encode()


def openvex(statements: list[Any]) -> bytes:
    return json.dumps(
        {
            "@context": "https://openvex.dev/ns/v0.2.0",
            "@id": "https://example.com/vex/1",
            "author": "A",
            "timestamp": "2026-01-01T00:00:00Z",
            "version": 1,
            "statements": statements,
        }
    ).encode()


def problem(data: bytes) -> str:
    with pytest.raises(InputError) as caught:
        read(data, source="vex.json")
    text = caught.value.diagnostics()
    assert text.startswith("vex.json")
    return text


def test_malformed_json_has_a_line() -> None:
    assert "vex.json:3: malformed JSON" in problem(b'{\n  "bomFormat": "CycloneDX",\n  oops\n}')


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01binary", "not a VEX document"),
        (b'{"spdxVersion": "SPDX-2.3"}', "not a VEX document"),
        (b"[1, 2]", "not an object"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "XML that is not CycloneDX"),
        (b"just: yaml\n", "not a VEX document"),
        (cdx([], specVersion="9.9"), "specVersion: unsupported specVersion '9.9'"),
        (cdx({"x": 1}), "vulnerabilities: vulnerabilities must be a list"),  # type: ignore[arg-type]
        (
            cdx([{"analysis": {"state": "in_triage"}}]),
            "/vulnerabilities/0/id: a vulnerability needs",
        ),
    ],
)
def test_refused_with_a_reason(data: bytes, expected: str) -> None:
    assert expected in problem(data)


def test_unknown_cyclonedx_code_names_field_and_suggests() -> None:
    text = problem(cdx([{"id": "CVE-1", "analysis": {"state": "not_afected"}}]))
    assert "/vulnerabilities/0/analysis/state: unknown state 'not_afected'" in text
    assert "did you mean 'not_affected'?" in text
    text = problem(
        cdx([{"id": "CVE-1", "analysis": {"state": "not_affected", "response": ["patch"]}}])
    )
    assert "/vulnerabilities/0/analysis/response/0: unknown response 'patch'" in text


def test_dependency_track_upper_case_is_read_and_kept() -> None:
    doc = read(
        cdx(
            [
                {
                    "id": "CVE-1",
                    "analysis": {
                        "state": "NOT_AFFECTED",
                        "justification": "CODE_NOT_REACHABLE",
                        "response": ["WILL_NOT_FIX"],
                    },
                    "affects": [{"ref": "pkg:npm/left-pad@1.0.0"}],
                }
            ]
        ),
        source="dt.json",
    )
    (s,) = doc.statements
    assert s.state is VexState.NOT_AFFECTED
    assert s.justification is Justification.CODE_NOT_REACHABLE
    assert s.responses == (Response.WILL_NOT_FIX,)
    assert ("cyclonedx", "state", "NOT_AFFECTED") in s.original
    assert s.finding == "CVE-1@pkg:npm/left-pad" and s.component is not None
    assert s.component.version == "1.0.0"


def test_vulnerability_without_analysis_is_in_triage_with_a_warning() -> None:
    doc = read(cdx([{"id": "CVE-1"}]), source="bom.json")
    assert doc.statements[0].state is VexState.IN_TRIAGE
    assert any("no analysis" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ({"vulnerability": {"name": "CVE-1"}}, "/statements/0/status: unknown status ''"),
        ({"vulnerability": {"name": "CVE-1"}, "status": "affectd"}, "did you mean 'affected'?"),
        (
            {"vulnerability": {"name": "CVE-1"}, "status": "not_affected", "justification": "nope"},
            "/statements/0/justification: unknown justification 'nope'",
        ),
        ({"status": "fixed"}, "/statements/0/vulnerability: a statement needs"),
        (
            {"vulnerability": {"name": "CVE-1"}, "status": "fixed", "products": [{}]},
            "/statements/0/products/0: a product needs an @id or identifiers",
        ),
    ],
)
def test_openvex_problems_are_located(statement: dict[str, Any], expected: str) -> None:
    assert expected in problem(openvex([statement]))


def test_csaf_problems_are_located() -> None:
    doc = {
        "document": {"category": "csaf_vex", "csaf_version": "2.0"},
        "vulnerabilities": [{"product_status": {"fixed": ["A"]}}],
    }
    assert "/vulnerabilities/0/cve: a vulnerability needs a cve or ids" in problem(
        json.dumps(doc).encode()
    )
    doc["document"]["csaf_version"] = "1.2"  # type: ignore[index]
    assert "unsupported csaf_version '1.2'" in problem(json.dumps(doc).encode())


def test_xml_entities_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><vulnerabilities/></bom>'
    )
    assert "refused: the XML declares entities" in problem(bomb)


def test_medsec_urn_and_bom_link_references() -> None:
    doc = read(
        cdx(
            [
                {
                    "id": "CVE-1",
                    "analysis": {"state": "resolved"},
                    "affects": [
                        {"ref": "urn:medsec:component:safety%20fw@1.4.0"},
                        {"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:pypi/idna@3.6"},
                    ],
                }
            ]
        ),
        source="x",
    )
    a, b = doc.statements
    assert (a.component and a.component.name, a.component and a.component.version) == (
        "safety fw",
        "1.4.0",
    )
    assert b.finding == "CVE-1@pkg:pypi/idna"


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
_KEYS = [
    "vulnerabilities",
    "analysis",
    "affects",
    "statements",
    "products",
    "product_status",
    "product_tree",
    "state",
    "status",
    "id",
    "ref",
    "@id",
    "cve",
    "flags",
    "remediations",
]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["cdx", "openvex", "csaf"]),
    st.dictionaries(st.sampled_from(_KEYS), _JSONISH, max_size=5),
)
def test_readers_never_crash(kind: str, body: dict[str, Any]) -> None:
    base: dict[str, Any] = {
        "cdx": {"bomFormat": "CycloneDX", "specVersion": "1.6"},
        "openvex": {"@context": "https://openvex.dev/ns/v0.2.0"},
        "csaf": {"document": {"csaf_version": "2.0", "category": "csaf_vex"}},
    }[kind]
    data = json.dumps({**base, **body}).encode()
    try:
        result = read(data, source="fuzz.json")
    except InputError as error:
        assert error.problems
    else:
        assert isinstance(result, VexDocument)


@settings(max_examples=60)
@given(st.binary(max_size=200))
def test_random_bytes_never_crash(data: bytes) -> None:
    with contextlib.suppress(InputError):
        read(data, source="fuzz")


def test_mutated_fixtures_never_crash(shared: Any) -> None:
    """Real documents with random nodes replaced: a document or an InputError, nothing else."""
    import copy
    import random

    files = sorted(
        p for p in (shared / "fixtures" / "vex").rglob("*.json") if "validator" not in p.parts
    )
    values: list[Any] = [None, True, 1, 1.5, "", "x", [], {}, [1], {"a": 1}, "CVE-1", [{}], [None]]
    rng = random.Random(20261127)

    def paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        out = [here]
        children = (
            node.items()
            if isinstance(node, dict)
            else enumerate(node)
            if isinstance(node, list)
            else []
        )
        for key, child in children:
            out.extend(paths(child, (*here, key)))
        return out

    for _ in range(400):
        doc = json.loads(rng.choice(files).read_bytes())
        for path in rng.sample(paths(doc)[1:], k=min(2, len(paths(doc)) - 1)):
            target = doc
            try:
                for key in path[:-1]:
                    target = target[key]
                target[path[-1]] = copy.deepcopy(rng.choice(values))
            except (KeyError, IndexError, TypeError):
                continue
        with contextlib.suppress(InputError):
            read(json.dumps(doc).encode(), source="mutated.json")
