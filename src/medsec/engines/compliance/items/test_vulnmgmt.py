from dataclasses import replace

from medsec.domain.checklist import ItemStatus
from medsec.domain.model import Policy, Project
from medsec.engines.compliance.context import VexFact
from medsec.engines.compliance.items._fixtures import builder, context, project, rules, vuln
from medsec.engines.compliance.items.vulnmgmt import (
    ITEM,
    assessments_kept,
    deadlines_met,
    disclosure_ready,
    kev_mitigated,
    policy_written,
    rereviewed,
    vex_published,
)


def _ready() -> Project:
    """A project with a written policy and a disclosure channel."""
    p = project(policy_declared=True)
    device = replace(p.device, security_contact="psirt@acme.example", disclosure_policy="https://x")
    return replace(p, device=device)


def test_policy_written() -> None:
    b = builder(ITEM)
    policy_written(b, project())
    policy_written(b, project(policy_declared=True, policy=Policy(triage_days=(("critical", 7),))))
    assert b.rules() == ["no-policy", "policy-incomplete"]
    assert b.findings[1].message == "the policy has no deadlines for: high, medium, low"
    b = builder(ITEM)
    policy_written(b, project(policy_declared=True))
    assert b.rules() == [] and b.evidence[0].message.startswith("policy: triage critical")


def test_disclosure_ready() -> None:
    b = builder(ITEM)
    disclosure_ready(b, project())
    assert b.rules() == ["no-contact", "no-cvd-policy"]
    b = builder(ITEM)
    disclosure_ready(b, _ready())
    assert b.rules() == [] and b.evidence[0].message == "disclosure: psirt@acme.example, https://x"


def test_assessments_kept() -> None:
    b = builder(ITEM)
    assessments_kept(b, context())
    assert b.rules() == ["no-assessments"]
    b = builder(ITEM)
    assessments_kept(b, context(vulnerability_assessments=0))
    assert b.rules() == []


def test_kev_mitigated() -> None:
    b = builder(ITEM)
    kev_mitigated(b, vuln(kev_unmitigated=True))
    assert b.rules() == ["kev-unmitigated"]
    assert b.findings[0].message.startswith("CVE-2024-0001 in zlib 1.2.11 is on CISA's KEV list")
    b = builder(ITEM)
    kev_mitigated(b, vuln())
    assert b.rules() == []


def test_deadlines_met() -> None:
    b = builder(ITEM)
    deadlines_met(b, vuln(overdue_triage=True, overdue_remediation=True))
    deadlines_met(b, vuln(overdue_remediation=True))
    assert b.rules() == ["triage-overdue", "remediation-overdue"]  # triage first, once each
    b = builder(ITEM)
    deadlines_met(b, vuln())
    assert b.rules() == []


def test_rereviewed() -> None:
    b = builder(ITEM)
    rereviewed(b, vuln(rereview="not affected decided 2025-01-02: review it again"))
    assert b.rules() == ["rereview"]
    b = builder(ITEM)
    rereviewed(b, vuln())
    assert b.rules() == []


def test_vex_published() -> None:
    b = builder(ITEM)
    vex_published(b, context())
    assert b.rules() == ["no-vex"] and b.findings[0].path == "records/vex/"
    b = builder(ITEM)
    vex_published(b, context(vex_documents=("records/vex/1.0.0.cdx.json",)))
    assert b.rules() == []


def test_a_vex_document_counts_when_it_reads_and_covers_the_findings() -> None:
    """Issue 13, acceptance 5: ``{}`` under records/vex is no VEX document published."""
    path = "records/vex/vex.cdx.json"
    found = vuln("GHSA-aaaa-bbbb-cccc")
    found = replace(found, finding=replace(found.finding, aliases=("CVE-2024-0001",)))
    b = builder(ITEM)
    empty = VexFact(path, problem="not a VEX document: no bomFormat, OpenVEX @context or CSAF")
    vex_published(b, context(vex_documents=(path,), vex_read=(empty,), project_dir="pump"))
    assert b.rules() == ["vex-unreadable"]
    assert b.findings[0].fix == f"medsec vex pump --format cyclonedx -o pump/{path}"
    b = builder(ITEM)
    other = VexFact(path, frozenset({"CVE-2023-9999"}), 1)
    vex_published(b, context(vex_documents=(path,), vex_read=(other,), vulnerabilities=(found,)))
    assert b.rules() == ["vex-incomplete"]
    assert b.findings[0].message.endswith(
        "1 finding(s) of the latest scan: GHSA-aaaa-bbbb-cccc@pkg:generic/zlib"
    )
    b = builder(ITEM)
    by_alias = VexFact("records/vex/b.json", frozenset({"CVE-2024-0001"}), 1)
    vex_published(
        b,
        context(
            vex_documents=(path, by_alias.path),
            vex_read=(other, by_alias),
            vulnerabilities=(found,),
        ),
    )
    assert b.rules() == []
    assert b.evidence[0].message.startswith("VEX published: ")


def test_evaluate_judges_deadlines_only_with_a_scan() -> None:
    ready = context(
        _ready(),
        vulnerability_assessments=1,
        vex_documents=("records/vex/a.json",),
        vulnerabilities=(vuln(kev_unmitigated=True),),
    )
    assert ITEM.evaluate(ready).status is ItemStatus.PASS  # no scan record: nothing to judge
    r = ITEM.evaluate(replace(ready, vulnerability_scan="records/scans/a.json"))
    assert r.status is ItemStatus.FAIL and rules(r) == ["kev-unmitigated"]
    assert "1 findings of records/scans/a.json within their deadlines" in [
        e.message for e in r.evidence
    ]


def test_the_vex_fix_writes_where_the_check_looks() -> None:
    b = builder(ITEM)
    vex_published(b, context(project_dir="infusion-pump"))
    vex_published(b, context())  # run inside the project folder
    assert [f.fix for f in b.findings] == [
        "medsec vex infusion-pump --format cyclonedx -o infusion-pump/records/vex/vex.cdx.json",
        "medsec vex . --format cyclonedx -o records/vex/vex.cdx.json",
    ]


def test_without_assessments_the_scan_starts_them() -> None:
    b = builder(ITEM)
    assessments_kept(b, context(project_dir="pump"))
    assert b.findings[0].fix == "medsec scan pump"


def test_rereview_fixes_name_the_key_that_clears_them() -> None:
    b = builder(ITEM)
    rereviewed(b, vuln(rereview="assessed for version 1.2.0, now 1.2.11: re-review"))
    rereviewed(b, vuln(rereview="next review was due 2026-10-01"))
    rereviewed(b, vuln(rereview="not_affected decision of 2025-01-01 is older than a year"))
    entry = "vulnerabilities.yaml: vulnerabilities[CVE-2024-0001@pkg:generic/zlib]"
    assert [f.fix for f in b.findings] == [
        f"{entry}.component_version: '1.2.11' (after assessing it again for 1.2.11)",
        f"{entry}.next_review: YYYY-MM-DD (re-reviewed)",
        f"{entry}.date: YYYY-MM-DD (the day of the re-review)",
    ]
