from dataclasses import replace
from datetime import date

from medsec.domain.checklist import ItemStatus
from medsec.domain.model import Policy, Project
from medsec.domain.vulnerability import ComponentRef, CraReports, VexState, VulnAssessment
from medsec.engines.compliance.context import VexFact
from medsec.engines.compliance.fixes import edit_target
from medsec.engines.compliance.items._fixtures import builder, context, project, rules, vuln
from medsec.engines.compliance.items.vulnmgmt import (
    ITEM,
    assessments_kept,
    cra_reporting,
    cra_scope_stated,
    deadlines_met,
    disclosure_ready,
    kev_mitigated,
    policy_written,
    rereviewed,
    vex_published,
)
from medsec.engines.threats.rules._fixtures import element
from medsec.engines.vulnmgmt import VulnStatus


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
        "1 finding of the latest scan: GHSA-aaaa-bbbb-cccc@pkg:generic/zlib"
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
    assert "1 finding of records/scans/a.json within their deadlines" in [
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


# --- CRA Art. 14 (cra_scope_stated, cra_reported, cra_reporting) ----------------------------

SCAN = "records/scans/2026-11-27.json"
STARLETTE = "CVE-2024-47874@pkg:pypi/starlette"


def _cra(*, scope: bool | None = True, markets: tuple[str, ...] = ("EU",)) -> Project:
    """A device sold in ``markets`` with a cloud portal whose CRA scope is ``scope``."""
    p = _ready()
    portal = element("portal", boundary="cloud", cra_scope=scope)
    return replace(p, elements=(portal,), device=replace(p.device, markets=markets))


def _exploited(**decision: object) -> VulnStatus:
    """A KEV finding on the portal, first seen 2026-11-20, with the decision given."""
    s = vuln("CVE-2024-47874", kev_unmitigated=False)
    found = replace(
        s.finding,
        id=STARLETTE,
        kev=True,
        component=ComponentRef("starlette", "0.36.3", element="portal"),
    )
    assessment = VulnAssessment(STARLETTE, VexState.EXPLOITABLE, **decision)  # type: ignore[arg-type]
    return replace(
        s,
        finding=found,
        first_seen=date(2026, 11, 20),
        assessed_as=STARLETTE,
        assessment=assessment,
    )


def _cra_rules(p: Project, *found: VulnStatus) -> tuple[list[str], list[str]]:
    """(rules, evidence) of the CRA sub-checks on ``p`` with the latest scan holding ``found``."""
    b = builder(ITEM)
    cra_reporting(b, context(p, vulnerabilities=found, vulnerability_scan=SCAN))
    return b.rules(), [e.message for e in b.evidence]


def test_cra_scope_stated() -> None:
    b = builder(ITEM)
    cra_scope_stated(b, _cra(scope=None))
    assert b.rules() == ["cra-scope-unknown"]
    f = b.findings[0]
    assert (f.subject, f.path) == ("element:portal", "medsec.yaml")
    assert f.fix is not None and edit_target(f.fix) == ("medsec.yaml", "elements[portal].cra_scope")
    b = builder(ITEM)
    cra_scope_stated(b, _cra(scope=False))
    cra_scope_stated(b, _cra(scope=None, markets=("US",)))  # not sold in the EU: not asked
    assert b.rules() == []
    assert [e.message for e in b.evidence] == ["CRA scope stated: portal (out)"]


def test_cra_reported_fails_overdue_reports_and_gaps_due_ones() -> None:
    weak = _exploited(fix_available=date(2026, 11, 25))  # nothing sent: two overdue, one due
    rules, evidence = _cra_rules(_cra(), weak)
    assert rules == ["cra-report-overdue", "cra-report-due"]
    assert evidence[-1].startswith("CRA Art. 14 clock: CVE-2024-47874 in starlette 0.36.3 on")
    b = builder(ITEM)
    cra_reporting(b, context(_cra(), vulnerabilities=(weak,), vulnerability_scan=SCAN))
    overdue, due = b.findings
    assert overdue.message == (
        "CVE-2024-47874 in starlette 0.36.3 on portal (on CISA's KEV list, aware 2026-11-20): "
        "CRA Art. 14 early warning overdue since 2026-11-20, vulnerability notification overdue "
        "since 2026-11-22"
    )
    assert overdue.fix is not None and "CSIRT coordinator and ENISA" in overdue.fix
    assert edit_target(overdue.fix) == (
        "vulnerabilities.yaml",
        f"vulnerabilities[{STARLETTE}].cra_reports.early_warning",
    )
    assert due.message.endswith("CRA Art. 14 final report due by 2026-12-09")
    assert due.fix is not None and "by 2026-12-09" in due.fix


def test_cra_reported_is_quiet_once_every_report_is_sent() -> None:
    sent = CraReports(date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 26))
    rules, evidence = _cra_rules(
        _cra(), _exploited(fix_available=date(2026, 11, 25), cra_reports=sent)
    )
    assert rules == []
    assert evidence[-1].endswith(
        "final report (fix available 2026-11-25: fix_available) due "
        "2026-12-09: done, sent 2026-11-26"
    )


def test_cra_reporting_needs_scope_and_the_day_art_14_applies() -> None:
    assert _cra_rules(_cra(scope=False), _exploited())[0] == []
    assert _cra_rules(_cra(scope=None), _exploited())[0] == ["cra-scope-unknown"]  # asked, no clock
    rules, evidence = _cra_rules(
        _cra(), replace(_exploited(), finding=replace(_exploited().finding, kev=False))
    )
    assert rules == [] and evidence[-1] == (
        "CRA Art. 14: no actively exploited vulnerability (KEV-listed or stated) on the "
        f"CRA-scope elements portal in {SCAN}"
    )
    b = builder(ITEM)
    early = context(
        _cra(scope=None),
        today=date(2026, 9, 10),
        vulnerabilities=(_exploited(),),
        vulnerability_scan=SCAN,
    )
    cra_reporting(b, early)
    assert b.rules() == []
    assert [e.message for e in b.evidence] == [
        "CRA Art. 14 reporting applies from 2026-09-11: not judged before"
    ]


def test_evaluate_fails_a_weak_cra_project_and_passes_its_secured_twin() -> None:
    base: dict[str, object] = {
        "vulnerability_assessments": 1,
        "vex_documents": ("records/vex/a.json",),
        "vulnerability_scan": SCAN,
    }
    weak = ITEM.evaluate(context(_cra(), vulnerabilities=(_exploited(),), **base))
    assert weak.status is ItemStatus.FAIL
    assert rules(weak) == ["cra-report-overdue"]  # final report open: no fix yet
    sent = CraReports(date(2026, 11, 20), date(2026, 11, 22))
    secured = ITEM.evaluate(
        context(_cra(), vulnerabilities=(_exploited(cra_reports=sent),), **base)
    )
    assert secured.status is ItemStatus.PASS, rules(secured)
    assert any("final report: open until a fix is available" in e.message for e in secured.evidence)
