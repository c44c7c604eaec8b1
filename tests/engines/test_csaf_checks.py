"""CSAF 2.0 mandatory tests (§6.1) against the OASIS test cases and the CSAF fixtures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import shared_dir

from medsec.engines.csaf_checks import MANDATORY, mandatory
from medsec.engines.csaf_checks.document import valid_language

CSAF = shared_dir() / "fixtures" / "vex" / "csaf" / "csaf_2.0"
VALIDATOR = CSAF / "test" / "validator" / "data"
FIXTURES = shared_dir() / "fixtures" / "vex"

# every CSAF document among the VEX fixtures -> the mandatory tests it fails (none: valid)
EXPECTED: dict[str, set[str]] = {
    "csaf/csaf_2.0/examples/csaf/bsi-2022-0001.json": set(),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-01-a-001.json": set(),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-01-f-001.json": set(),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-01-na-001.json": set(),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-01-ui-001.json": set(),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-02-na-001.json": set(),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-03-ms-001.json": set(),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-04-001.json": set(),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-05-001.json": set(),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-06-001.json": set(),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-07-001.json": set(),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-08-001.json": set(),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-09-001.json": set(),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/sec-vex-2022-0001.json": set(),
    "csaf/csaf_2.0/examples/csaf/rhsa-2019_1862.json": set(),
    "csaf/csaf_2.0/examples/csaf/rhsa-2021_5186.json": set(),
    "csaf/csaf_2.0/examples/csaf/rhsa-2021_5217.json": set(),
    # go-vex's test document: relates to an undefined product 'ABC', an invalid purl
    # (pkg:maven/@1.3.4) and known_affected without a remediation
    "openvex-go-vex/pkg/csaf/testdata/csaf.json": {"6.1.1", "6.1.13", "6.1.27.10"},
    "openvex-go-vex/pkg/vex/testdata/csaf.json": set(),
    "openvex-trivy/pkg/vex/testdata/csaf-relationships.json": set(),
}


def _load(path: Path) -> Any:
    if not path.exists():
        pytest.skip(f"shared fixtures not found at {path} (set MEDSEC_SHARED)")
    return json.loads(path.read_text("utf-8"))


def _cases() -> list[tuple[str, str, bool]]:
    path = VALIDATOR / "testcases.json"
    if not path.exists():
        return []
    out = []
    for test in json.loads(path.read_text())["tests"]:
        if test["group"] != "mandatory":
            continue
        for case in test.get("failures", []) + test.get("valid", []):
            out.append((test["id"], case["name"], bool(case["valid"])))
    return out


def test_every_required_test_is_implemented() -> None:
    required = {
        f"6.1.{n}" for n in (1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 21, 22, 24, 33)
    }
    required |= {"6.1.27.9", "6.1.27.10", "6.1.27.11"}
    assert required <= set(MANDATORY)
    assert len(MANDATORY) == 43  # 6.1.1 - 6.1.33 with 6.1.27.1 - 6.1.27.11


@pytest.mark.parametrize(("test_id", "name", "valid"), _cases(), ids=lambda v: str(v))
def test_oasis_test_case(shared: Path, test_id: str, name: str, valid: bool) -> None:
    failures = mandatory(_load(VALIDATOR / name))
    if valid:
        assert failures == (), [str(f) for f in failures]
    else:
        assert test_id in {f.test for f in failures}, [str(f) for f in failures]


def test_oasis_test_cases_are_there(shared: Path) -> None:
    assert len(_cases()) >= 140


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_fixture_documents(shared: Path, rel: str) -> None:
    failures = mandatory(_load(FIXTURES / rel))
    assert {f.test for f in failures} == EXPECTED[rel], [str(f) for f in failures]


def test_failures_name_the_place() -> None:
    doc = {
        "document": {"category": "csaf_vex", "lang": "EZ", "tracking": {}},
        "product_tree": {"full_product_names": [{"product_id": "A", "name": "A"}]},
        "vulnerabilities": [
            {
                "cve": "CVE-2021-0001",
                "notes": [{"category": "description", "text": "x"}],
                "product_status": {"known_affected": ["A"], "known_not_affected": ["A", "B"]},
                "cwe": {"id": "CWE-79", "name": "Improper Input Validation"},
            }
        ],
    }
    found = {(f.test, f.path) for f in mandatory(doc)}
    assert ("6.1.1", "/vulnerabilities/0/product_status/known_not_affected/1") in found
    assert ("6.1.6", "/vulnerabilities/0/product_status") in found
    assert ("6.1.11", "/vulnerabilities/0/cwe/name") in found
    assert ("6.1.12", "/document/lang") in found
    assert ("6.1.27.9", "/vulnerabilities/0/product_status/known_not_affected/0") in found
    assert ("6.1.27.10", "/vulnerabilities/0/product_status/known_affected/0") in found
    assert mandatory(doc, only=["6.1.12"]) == tuple(f for f in mandatory(doc) if f.test == "6.1.12")


@pytest.mark.parametrize(
    ("tag", "ok"),
    [
        ("en", True),
        ("en-US", True),
        ("de-CH-1996", True),
        ("EZ", False),
        ("x-private", True),
        ("gsw", True),
        ("e", False),
        ("en--US", False),
    ],
)
def test_language_tags(tag: str, ok: bool) -> None:
    assert valid_language(tag) is ok
