"""The report's vulnerability table says how each finding was found (matcher, confidence,
record, data snapshot, matched range): the provenance the scan record keeps."""

from __future__ import annotations

import datetime as dt

from medsec.domain.model import Policy
from medsec.domain.vulnerability import ComponentRef, Confidence, Finding, MatchDetail, Matcher
from medsec.engines.vulnmgmt import statuses
from medsec.outputs.scan.report_section import report_section

TODAY = dt.date(2026, 11, 27)


def _finding(*details: MatchDetail) -> Finding:
    return Finding(
        id="CVE-2024-47874@pkg:pypi/starlette",
        advisory="CVE-2024-47874",
        aliases=("GHSA-f96h-pmfr-66vw",),
        component=ComponentRef("starlette", "0.36.3", "pkg:pypi/starlette@0.36.3"),
        summary="DoS via multipart",
        fixed_versions=("0.40.0",),
        severity="high",
        cvss_vector=None,
        cvss_score=None,
        kev=False,
        epss=None,
        details=details,
    )


def test_each_finding_names_its_matches() -> None:
    osv = MatchDetail(
        Matcher.PURL_OSV,
        Confidence.HIGH,
        "GHSA-f96h-pmfr-66vw",
        "PyPI/starlette ECOSYSTEM: introduced 0, fixed 0.40.0",
        "osv:37ba249c9d940e15",
    )
    nvd = MatchDetail(
        Matcher.CPE_NVD,
        Confidence.LOW,
        "CVE-2024-47874",
        "cpe:2.3:a:encode:starlette:*:*:*:*:*:python:*:* [versionEndExcluding 0.40.0]",
        None,  # a record written before snapshots were kept
    )
    found = statuses([_finding(osv, nvd)], {}, Policy(), {}, TODAY)
    section = report_section(found, "records/scans/2026-11-27.json", None)
    assert section.columns[-1] == "Found by"
    (row,) = section.rows
    assert row[-1] == (
        "purl-osv, confidence high, GHSA-f96h-pmfr-66vw in snapshot osv:37ba249c9d940e15: "
        "PyPI/starlette ECOSYSTEM: introduced 0, fixed 0.40.0; "
        "cpe-nvd, confidence low, CVE-2024-47874 in snapshot not recorded: "
        "cpe:2.3:a:encode:starlette:*:*:*:*:*:python:*:* [versionEndExcluding 0.40.0]"
    )
    assert len(row) == len(section.columns)
