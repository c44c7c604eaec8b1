"""Every scan format shows a "could not evaluate" finding as such, with the reason."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import pytest

from medsec.domain.errors import Diagnostic
from medsec.domain.model import Policy
from medsec.domain.vulnerability import ComponentRef, Confidence, Finding, MatchDetail, Matcher
from medsec.engines.vulnmgmt import VulnStatus, statuses
from medsec.outputs.scan import RENDERERS, ScanReport

TODAY = dt.date(2026, 11, 27)
REASON = (
    "not evaluated: 'latest' is not a valid SemVer version: "
    "ECOSYSTEM: introduced 0, fixed 2.0.0 not evaluated"
)


def _finding(confidence: Confidence, matched: str) -> Finding:
    return Finding(
        id="GHSA-1@pkg:npm/pkg",
        advisory="GHSA-1",
        aliases=(),
        component=ComponentRef("pkg", "latest", "pkg:npm/pkg@latest", sbom="sbom/app.cdx.json"),
        summary="prototype pollution",
        fixed_versions=("2.0.0",),
        severity="high",
        cvss_vector=None,
        cvss_score=None,
        kev=False,
        epss=None,
        details=(MatchDetail(Matcher.PURL_OSV, confidence, "GHSA-1", matched, "osv:1"),),
    )


@dataclass(frozen=True)
class _Scan:
    statuses: tuple[VulnStatus, ...]
    date: dt.date = TODAY
    device: str | None = None
    elements: tuple[str, ...] = ()
    components: int = 1
    snapshots: tuple[object, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()
    notes: tuple[str, ...] = field(default=())
    coverage: tuple[object, ...] = ()


def _render(name: str, finding: Finding) -> str:
    scan = _Scan(statuses([finding], {}, Policy(), {}, TODAY))
    out = RENDERERS[name].render(ScanReport(scan, "sbom/app.cdx.json"))
    assert isinstance(out, str)
    return out


@pytest.mark.parametrize("name", ["text", "markdown"])
def test_tables_say_could_not_evaluate_and_why(name: str) -> None:
    out = _render(name, _finding(Confidence.UNDETERMINED, REASON))
    assert "could not evaluate; record names fix 2.0.0" in out
    assert "GHSA-1 on pkg latest: " + REASON.replace("|", "\\|") in out
    plain = _render(name, _finding(Confidence.HIGH, "npm/pkg ECOSYSTEM: introduced 0, fixed 2.0.0"))
    assert "could not evaluate" not in plain.lower()


def test_sarif_marks_the_result_and_keeps_the_reason() -> None:
    doc = json.loads(_render("sarif", _finding(Confidence.UNDETERMINED, REASON)))
    (result,) = doc["runs"][0]["results"]
    assert result["properties"]["evaluation"] == "could not evaluate"
    assert result["properties"]["reason"] == REASON
    assert result["message"]["text"].startswith("pkg latest may be affected by GHSA-1 (high)")


def test_json_is_the_record_with_confidence_undetermined() -> None:
    doc = json.loads(_render("json", _finding(Confidence.UNDETERMINED, REASON)))
    (finding,) = doc["findings"]
    assert finding["confidence"] == "undetermined"
    assert finding["state"] == "in_triage"  # assessable like any finding
    assert finding["provenance"][0]["matched"] == REASON
