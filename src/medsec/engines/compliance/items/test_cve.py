from dataclasses import replace
from datetime import date

from medsec.domain.checklist import ItemStatus
from medsec.domain.coverage import EcosystemCoverage, Uncovered
from medsec.engines.compliance.context import ScanRecordFact
from medsec.engines.compliance.items._fixtures import builder, context, project, rules, vuln
from medsec.engines.compliance.items.cve import (
    ITEM,
    data_current,
    ecosystems_covered,
    elements_scanned,
    findings_assessed,
    scan_current,
    scan_recorded,
)
from medsec.engines.threats.rules._fixtures import element

SCAN = ScanRecordFact("records/scans/b.json", date(2026, 11, 1), 1, ("fw",), 3, 0, coverage=())


def test_scan_recorded_returns_the_latest() -> None:
    b = builder(ITEM)
    assert scan_recorded(b, context()) is None
    assert b.rules() == ["no-scan"]
    older = replace(SCAN, path="records/scans/a.json", date=date(2026, 1, 1))
    b = builder(ITEM)
    assert scan_recorded(b, context(scans=(SCAN, older))) == SCAN
    assert b.rules() == []


def test_scan_current() -> None:
    b = builder(ITEM)
    scan_current(b, context(), replace(SCAN, date=date(2025, 11, 1)))
    assert b.rules() == ["scan-stale"]
    b = builder(ITEM)
    scan_current(b, context(), SCAN)
    assert b.rules() == [] and b.evidence[0].message == "last scan 2026-11-01 (26 days ago)"


def test_data_current() -> None:
    b = builder(ITEM)
    data_current(b, context(), replace(SCAN, data_age_days=None))
    data_current(b, context(), replace(SCAN, data_age_days=8))
    assert b.rules() == ["no-snapshot", "old-data"]
    b = builder(ITEM)
    data_current(b, context(), replace(SCAN, data_age_days=7))
    assert b.rules() == []


def test_elements_scanned() -> None:
    p = project(elements=(element("fw", sbom=("a.json",)), element("gw", sbom=("b.json",))))
    b = builder(ITEM)
    elements_scanned(b, context(p), SCAN)
    assert b.rules() == ["not-scanned"]
    assert b.findings[0].message == "elements not covered by the last scan: gw"
    b = builder(ITEM)
    elements_scanned(b, context(p), replace(SCAN, elements=("fw", "gw")))
    assert b.rules() == []


def test_findings_assessed() -> None:
    b = builder(ITEM)
    findings_assessed(b, context(), replace(SCAN, unassessed=2))
    assert b.rules() == ["unassessed"]
    assert b.findings[0].message == "2 of 3 findings have no assessment"
    b = builder(ITEM)
    findings_assessed(b, context(), SCAN)
    assert b.rules() == [] and b.evidence[0].message == "all 3 findings assessed"


def test_findings_assessed_with_todays_assessments() -> None:
    """The latest scan is judged with today's vulnerabilities.yaml, not the states it recorded."""
    today = context(vulnerability_scan=SCAN.path, vulnerabilities=(vuln(triaged=False),))
    b = builder(ITEM)
    findings_assessed(b, today, SCAN)
    assert b.findings[0].message == "1 of 3 findings have no assessment"
    b = builder(ITEM)
    findings_assessed(b, replace(today, vulnerabilities=(vuln(),)), replace(SCAN, unassessed=3))
    assert b.rules() == []


def test_evaluate() -> None:
    r = ITEM.evaluate(context())
    assert r.status is ItemStatus.GAP and rules(r) == ["no-scan"]
    assert ITEM.evaluate(context(scans=(SCAN,))).status is ItemStatus.PASS


def test_fixes_scan_the_project_as_the_user_named_it() -> None:
    b = builder(ITEM)
    at = context(project_dir="devices/pump")
    scan_recorded(b, at)
    scan_current(b, at, replace(SCAN, date=date(2025, 11, 1)))
    data_current(b, at, replace(SCAN, data_age_days=8))
    assert [f.fix for f in b.findings] == [
        "medsec scan devices/pump",
        "medsec scan devices/pump",
        "medsec db update && medsec scan devices/pump",
    ]


def test_the_unassessed_fix_names_the_first_finding_in_triage() -> None:
    """A stub (in_triage) is no assessment: its finding is the one to assess first."""
    stub = vuln("CVE-2024-0002", triaged=False)
    today = context(vulnerability_scan=SCAN.path, vulnerabilities=(vuln(), stub))
    b = builder(ITEM)
    findings_assessed(b, today, SCAN)
    assert b.findings[0].message == "1 of 3 findings have no assessment"
    assert b.findings[0].fix == (
        "vulnerabilities.yaml: vulnerabilities[CVE-2024-0002@pkg:generic/zlib].state: "
        "not_affected|exploitable|resolved|false_positive (each finding in_triage, with "
        "justification or responses, author and date)"
    )


def test_ecosystems_covered_needs_data_for_every_ecosystem_scanned() -> None:
    maven = EcosystemCoverage("Maven", 14, 0, uncovered=(Uncovered("okio@3.6.0", "sbom/a.json"),))
    pypi = EcosystemCoverage("PyPI", 21, 7)
    b = builder(ITEM)
    ecosystems_covered(b, context(project_dir="p"), replace(SCAN, coverage=(maven, pypi)))
    assert b.rules() == ["no-data"]
    assert b.findings[0].message == (
        "no vulnerability data for Maven: the database held 0 Maven advisories and no CPE to "
        "match against NVD (1 component: okio@3.6.0)"
    )
    assert b.findings[0].fix == "medsec db update && medsec scan p"
    b = builder(ITEM)
    ecosystems_covered(b, context(), replace(SCAN, coverage=None))
    assert b.rules() == ["coverage-unknown"]
    b = builder(ITEM)
    github = EcosystemCoverage("GitHub Actions", 2, 0, by_cpe=2)
    own = EcosystemCoverage("generic", 4, 0, own=4)
    ecosystems_covered(b, context(), replace(SCAN, coverage=(github, pypi, own)))
    assert b.rules() == []
    assert b.evidence[0].message == (
        "advisories held for every ecosystem scanned: GitHub Actions (0; 2 by CPE), PyPI (7), "
        "generic (0; 4 own)"
    )
