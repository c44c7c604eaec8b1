"""The example project's hand-written advisories parse and match its SBOMs as documented."""

from __future__ import annotations

from tests.conftest import EXAMPLE

from medsec.domain.advisory import Advisory
from medsec.domain.vulnerability import Matcher
from medsec.engines.matching.matcher import MatchResult, match_component, merge_findings
from medsec.sources.advisories import nvd, osv
from medsec.sources.sbom.registry import read

FOLDER = EXAMPLE / "advisories"


def example_advisories() -> list[Advisory]:
    found = [osv.parse(p.read_bytes(), source=p.name) for p in sorted(FOLDER.glob("*.json"))]
    for path in sorted((FOLDER / "nvd").glob("*.json")):
        found.extend(nvd.parse(path.read_bytes(), source=path.name).advisories)
    return found


def test_example_advisories_match_as_the_readme_says() -> None:
    advisories = example_advisories()
    assert len(advisories) == 15
    results: list[MatchResult] = []
    for sbom in sorted((EXAMPLE / "sbom").glob("*.json")):
        document = read(sbom.read_bytes(), source=sbom.name).document
        for component in document.components:
            results.extend(match_component(component, advisories, snapshot="example"))
    findings = merge_findings(results)
    by_matcher = {
        matcher: sorted({f.advisory for f in findings if f.details[0].matcher is matcher})
        for matcher in Matcher
    }
    assert by_matcher[Matcher.PURL_OSV] == [
        "CVE-2024-12797",
        "CVE-2024-3651",
        "CVE-2024-39689",
        "CVE-2024-47874",
        "CVE-2025-43859",
    ]
    assert by_matcher[Matcher.CPE_NVD] == [
        "CVE-2022-40303",
        "CVE-2023-52160",
        "CVE-2024-2511",
        "CVE-2024-2961",
        "CVE-2024-6197",
    ]
    starlette = next(f for f in findings if f.advisory == "CVE-2024-47874")
    assert starlette.aliases == ("GHSA-f96h-pmfr-66vw",)
    assert starlette.fixed_versions == ("0.40.0",)
    assert starlette.severity == "high"
