"""VEX exports say how each finding was found: matcher, confidence, record, snapshot, range.

CycloneDX as ``medsec:match`` properties, OpenVEX as ``medsec-match:`` lines of
``status_notes``, CSAF as a ``details`` note per product; every document still validates
against its official schema, and importing medsec's own document does not turn those lines into
an assessment's detail.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from tests.engines.vex_samples import ASSESSMENTS, FINDINGS, ISSUED, PRODUCT
from tests.outputs.vex import vex_schemas

from medsec.domain.vex import Statement
from medsec.domain.vulnerability import Confidence, MatchDetail, Matcher
from medsec.engines.csaf_checks import mandatory
from medsec.engines.vex import vex_statements
from medsec.outputs.vex import csaf, cyclonedx, openvex
from medsec.sources.vex.detect import read

OSV = MatchDetail(
    Matcher.PURL_OSV,
    Confidence.HIGH,
    "GHSA-f96h-pmfr-66vw",
    "PyPI/starlette ECOSYSTEM: introduced 0, fixed 0.40.0",
    "osv:37ba249c9d940e15",
)
NVD = MatchDetail(
    Matcher.CPE_NVD,
    Confidence.LOW,
    "CVE-2022-37434",
    "cpe:2.3:a:zlib:zlib:*:*:*:*:*:*:*:* [versionEndIncluding 1.2.12]",
    "nvd:c987883941703456",
)
UNDETERMINED = MatchDetail(
    Matcher.PURL_OSV,
    Confidence.UNDETERMINED,
    "CVE-2024-47874",
    "not evaluated: '0.36.x' is not a valid PyPI version",
    None,
)
OSV_LINE = (
    "purl-osv, confidence high, GHSA-f96h-pmfr-66vw in snapshot osv:37ba249c9d940e15: "
    "PyPI/starlette ECOSYSTEM: introduced 0, fixed 0.40.0"
)
NVD_LINE = (
    "cpe-nvd, confidence low, CVE-2022-37434 in snapshot nvd:c987883941703456: "
    "cpe:2.3:a:zlib:zlib:*:*:*:*:*:*:*:* [versionEndIncluding 1.2.12]"
)
UNDETERMINED_LINE = (
    "purl-osv, confidence undetermined, CVE-2024-47874 in snapshot not recorded: "
    "not evaluated: '0.36.x' is not a valid PyPI version"
)


def statements() -> tuple[Statement, ...]:
    """The samples, the zlib finding found through NVD and starlette through OSV (and a record
    that could not be evaluated)."""
    found = {
        FINDINGS[0].id: (NVD,),
        FINDINGS[4].id: (OSV, UNDETERMINED),
    }
    findings = [replace(f, details=found.get(f.id, f.details)) for f in FINDINGS]
    return vex_statements(findings, ASSESSMENTS, PRODUCT)


def test_cyclonedx_properties_name_each_match(shared: Path) -> None:
    doc = json.loads(cyclonedx.render(statements(), PRODUCT, ISSUED))
    assert vex_schemas.cyclonedx_errors(doc) == []
    by_id = {v["id"]: v for v in doc["vulnerabilities"]}
    matches = {
        vid: [p["value"] for p in v.get("properties", []) if p["name"] == "medsec:match"]
        for vid, v in by_id.items()
    }
    assert matches["CVE-2022-37434"] == [NVD_LINE]
    assert matches["GHSA-f96h-pmfr-66vw"] == [OSV_LINE, UNDETERMINED_LINE]
    assert matches["CVE-2024-5535"] == []  # a finding without recorded provenance says nothing
    # the person's decision stays the analysis detail
    assert by_id["CVE-2022-37434"]["analysis"]["detail"].startswith("Only reachable")


def test_openvex_status_notes_name_each_match(shared: Path) -> None:
    doc = json.loads(openvex.render(statements(), PRODUCT, ISSUED))
    assert vex_schemas.openvex_errors(doc) == []
    by_id = {s["vulnerability"]["name"]: s for s in doc["statements"]}
    zlib_notes = by_id["CVE-2022-37434"]["status_notes"].splitlines()
    assert zlib_notes[0] == f"medsec-match: {NVD_LINE}"
    starlette = by_id["GHSA-f96h-pmfr-66vw"]["status_notes"].splitlines()
    assert starlette[:2] == [f"medsec-match: {OSV_LINE}", f"medsec-match: {UNDETERMINED_LINE}"]
    assert starlette[-1].startswith("medsec-cyclonedx:")  # the tag stays the last line


def test_csaf_notes_name_each_match(shared: Path) -> None:
    doc = json.loads(csaf.render(statements(), PRODUCT, ISSUED))
    assert vex_schemas.csaf_errors(doc) == []
    assert mandatory(doc) == ()
    notes = {
        n["title"]: n
        for v in doc["vulnerabilities"]
        for n in v["notes"]
        if n["title"].startswith("medsec match")
    }
    (zlib,) = [n for t, n in notes.items() if "zlib" in t]
    assert zlib["category"] == "details" and zlib["text"] == NVD_LINE
    (starlette,) = [n for t, n in notes.items() if "starlette" in t and "0.36.3" in t]
    assert starlette["text"] == f"{OSV_LINE}\n{UNDETERMINED_LINE}"


def test_importing_our_own_documents_leaves_the_match_lines_out() -> None:
    for render in (cyclonedx.render, openvex.render, csaf.render):
        text = render(statements(), PRODUCT, ISSUED)
        document = read(text.encode(), source="own.json")
        for s in document.statements:
            assert "medsec-match" not in (s.detail or "")
            assert "in snapshot" not in (s.detail or "")
        details = {s.vulnerability: s.detail for s in document.statements}
        assert details["CVE-2022-37434"] == (
            "Only reachable through inflateGetHeader(), which nothing calls."
        )
