"""VEX exports: valid against the official schemas, CSAF's mandatory tests pass, deterministic,
and equal to the golden files (MEDSEC_UPDATE_GOLDEN=1 rewrites them after a reviewed change)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from tests.engines.vex_samples import ASSESSMENTS, FINDINGS, ISSUED, PRODUCT
from tests.outputs.vex import vex_schemas

from medsec.domain.vex import ProductInfo, Statement
from medsec.engines.csaf_checks import mandatory
from medsec.engines.vex import assessment_statements, vex_statements
from medsec.outputs.vex import csaf, cyclonedx, openvex

GOLDEN = Path(__file__).parent / "golden"
Renderer = Callable[[Sequence[Statement], ProductInfo, Any], str]
FORMATS: dict[str, tuple[Renderer, Callable[[Any], list[str]]]] = {
    "cyclonedx": (cyclonedx.render, vex_schemas.cyclonedx_errors),
    "openvex": (openvex.render, vex_schemas.openvex_errors),
    "csaf": (csaf.render, vex_schemas.csaf_errors),
}


def statements() -> tuple[Statement, ...]:
    return vex_statements(FINDINGS, ASSESSMENTS, PRODUCT)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_valid_against_the_official_schema(shared: Path, fmt: str) -> None:
    render, errors = FORMATS[fmt]
    document = json.loads(render(statements(), PRODUCT, ISSUED))
    assert errors(document) == []
    alone = json.loads(render(assessment_statements(ASSESSMENTS, PRODUCT), PRODUCT, ISSUED))
    assert errors(alone) == []


def test_csaf_export_passes_the_mandatory_tests() -> None:
    for source in (statements(), assessment_statements(ASSESSMENTS, PRODUCT)):
        document = json.loads(csaf.render(source, PRODUCT, ISSUED))
        assert mandatory(document) == ()


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_golden_file_and_deterministic(fmt: str) -> None:
    render, _ = FORMATS[fmt]
    text = render(statements(), PRODUCT, ISSUED)
    assert text == render(statements(), PRODUCT, ISSUED)  # byte-identical for identical input
    path = GOLDEN / f"{fmt}.json"
    if os.environ.get("MEDSEC_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_cyclonedx_content() -> None:
    doc = json.loads(cyclonedx.render(statements(), PRODUCT, ISSUED))
    assert doc["specVersion"] == "1.6" and doc["metadata"]["component"]["type"] == "device"
    by_id = {v["id"]: v for v in doc["vulnerabilities"]}
    zlib = by_id["CVE-2022-37434"]
    assert zlib["analysis"]["justification"] == "protected_at_perimeter"
    assert zlib["analysis"]["firstIssued"] == "2025-06-16T00:00:00Z"
    assert zlib["ratings"][0]["method"] == "CVSSv31" and zlib["ratings"][0]["score"] == 9.8
    assert zlib["cwes"] == [787] and zlib["affects"] == [{"ref": "pkg:generic/zlib@1.3.1"}]
    assert "recommendation" in zlib
    wpa = by_id["CVE-2023-52160"]
    props = {p["name"]: p["value"] for p in wpa["properties"]}
    assert props == {"medsec:safety": "controlled", "medsec:hazards": "HAZ-1"}
    assert by_id["CVE-2023-0001"]["analysis"] == {"state": "in_triage"}
    refs = {c["bom-ref"] for c in doc["components"]}
    assert "urn:medsec:component:safety-fw@1.4.0" in refs
    assert by_id["GHSA-f96h-pmfr-66vw"]["ratings"][0]["method"] == "CVSSv4"


def test_openvex_content() -> None:
    doc = json.loads(openvex.render(statements(), PRODUCT, ISSUED))
    by_name = {s["vulnerability"]["name"]: s for s in doc["statements"]}
    assert doc["@id"].startswith("https://acme.example/vex/acme-pump-")
    fp = by_name["CVE-2020-99999"]
    assert fp["status"] == "not_affected" and "false positive" in fp["impact_statement"]
    assert "state=false_positive" in fp["status_notes"]  # carried, not lost
    wpa = by_name["CVE-2023-52160"]
    assert wpa["action_statement"].startswith("Rogue access point")
    assert "response=update,workaround_available" in wpa["status_notes"]
    assert by_name["GHSA-f96h-pmfr-66vw"]["vulnerability"]["aliases"] == ["CVE-2024-47874"]
    assert by_name["CVE-2018-7489"]["status"] == "fixed"


def test_csaf_content() -> None:
    doc = json.loads(csaf.render(statements(), PRODUCT, ISSUED))
    meta = doc["document"]
    assert meta["category"] == "csaf_vex" and meta["tracking"]["status"] == "final"
    assert meta["tracking"]["id"] == "acme-pump-3.2.0-vex"
    assert meta["tracking"]["current_release_date"] == "2026-11-27T09:30:00Z"
    assert meta["publisher"] == {
        "category": "vendor",
        "name": "ACME Medical GmbH",
        "namespace": "https://acme.example",
        "contact_details": "psirt@acme.example",
    }
    vulns = {v.get("cve") or v["ids"][0]["text"]: v for v in doc["vulnerabilities"]}
    zlib = vulns["CVE-2022-37434"]
    assert zlib["flags"][0]["label"] == "vulnerable_code_cannot_be_controlled_by_adversary"
    assert zlib["cwe"] == {"id": "CWE-787", "name": "Out-of-bounds Write"}
    assert zlib["scores"][0]["cvss_v3"]["baseSeverity"] == "CRITICAL"
    assert zlib["product_status"] == {"known_not_affected": ["acme-pump-3.2.0:zlib-1.3.1"]}
    ghsa = vulns["GHSA-f96h-pmfr-66vw"]
    assert "cve" not in ghsa and [i["text"] for i in ghsa["ids"]] == [
        "GHSA-f96h-pmfr-66vw",
        "CVE-2024-47874",
    ]
    assert "scores" not in ghsa  # CVSS 4.0 has no place in CSAF 2.0
    assert {r["category"] for r in ghsa["remediations"]} == {
        "no_fix_planned",
        "none_available",
        "vendor_fix",
    }
    assert vulns["CVE-2020-99999"]["scores"][0]["cvss_v2"]["baseScore"] == 7.5
    untriaged = vulns["CVE-2023-0001"]["product_status"]
    assert untriaged == {"under_investigation": ["acme-pump-3.2.0:starlette-0.36.3"]}
