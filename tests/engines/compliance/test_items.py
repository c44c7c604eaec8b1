from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from tests.helpers import MINIMAL, write_project

from medsec.domain.checklist import ItemId, ItemStatus
from medsec.domain.model import Pentest, Review
from medsec.engines.compliance.checklist import evaluate
from medsec.engines.compliance.context import CheckContext, SbomFact, ScanRecordFact
from medsec.engines.compliance.items import (
    concept,
    cve,
    gdpr,
    minimisation,
    pentest,
    sbom,
    threat_risk,
    vulnmgmt,
)
from medsec.engines.threats.digest import architecture_digest
from medsec.project.loader import load_project
from medsec.services.threats import analyse

TODAY = date(2026, 11, 27)


def context(folder: Path, **kw: object) -> CheckContext:
    project = load_project(folder)
    result = analyse(project, folder, TODAY)
    ctx = CheckContext(
        project=project,
        today=TODAY,
        threats=result.threats,
        missing=result.missing,
        architecture_digest=architecture_digest(project),
        register_exists=(folder / "threats.yaml").exists(),
        unregistered=result.summary.new,
    )
    return replace(ctx, **kw)  # type: ignore[arg-type]


def messages(result: object) -> list[str]:
    return [f.message for f in result.findings]  # type: ignore[attr-defined]


def test_all_nine_items_always_reported(minimal: Path) -> None:
    cl = evaluate(context(minimal))
    assert [i.id for i in cl.items] == list(ItemId)
    assert all(i.findings for i in cl.items if i.status is not ItemStatus.PASS)
    assert not cl.mandatory_pass


def test_threat_risk_needs_register_decisions_and_current_review(minimal: Path) -> None:
    r = threat_risk.ITEM.evaluate(context(minimal))
    assert r.status is ItemStatus.FAIL  # open high-risk threats on a therapy element
    text = " ".join(messages(r))
    assert "no threat register" in text and "no recorded review" in text
    assert "above the acceptance threshold" in text


def test_review_digest_must_match(minimal: Path) -> None:
    ctx = context(minimal)
    p = ctx.project
    stale = replace(
        p, reviews=(Review("threat-risk-analysis", TODAY, "J. Doe", "sha256:" + "0" * 64),)
    )
    r = threat_risk.ITEM.evaluate(replace(ctx, project=stale))
    assert any("architecture changed" in m for m in messages(r))
    fresh = replace(
        p, reviews=(Review("threat-risk-analysis", TODAY, "J. Doe", ctx.architecture_digest),)
    )
    r = threat_risk.ITEM.evaluate(replace(ctx, project=fresh))
    assert not any("review" in m for m in messages(r))


def test_sbom_gap_for_software_without_sbom_and_pass_with_facts(minimal: Path) -> None:
    ctx = context(minimal)
    r = sbom.ITEM.evaluate(ctx)
    assert r.status is ItemStatus.GAP
    assert "element 'pump-fw' has no SBOM" in messages(r)
    p = replace(
        ctx.project,
        elements=tuple(replace(e, sbom=(f"sbom/{e.id}.json",)) for e in ctx.project.elements),
        existing_files=frozenset({"sbom/pump-fw.json", "sbom/tablet.json"}),
    )
    facts = tuple(SbomFact(e, f"sbom/{e}.json", True, 10, 10, 0) for e in ("pump-fw", "tablet"))
    r = sbom.ITEM.evaluate(replace(ctx, project=p, sboms=facts))
    assert r.status is ItemStatus.PASS and len(r.evidence) == 2


def test_cve_analysis_needs_a_recent_scan_on_fresh_data(minimal: Path) -> None:
    ctx = context(minimal)
    assert cve.ITEM.evaluate(ctx).status is ItemStatus.GAP
    old = ScanRecordFact("records/scans/a.json", date(2025, 1, 1), 30, ("pump-fw",), 3, 1)
    text = " ".join(messages(cve.ITEM.evaluate(replace(ctx, scans=(old,)))))
    assert "days old" in text and "data 30 days old" in text and "1 of 3 findings" in text


def test_pentest_independence_scope_and_findings(minimal: Path) -> None:
    ctx = context(minimal)
    assert pentest.ITEM.evaluate(ctx).status is ItemStatus.GAP
    own = Pentest("pt", "ACME Medical GmbH internal red team", date(2026, 10, 1), independent=True)
    r = pentest.ITEM.evaluate(replace(ctx, project=replace(ctx.project, pentests=(own,))))
    assert r.status is ItemStatus.FAIL
    ext = Pentest(
        "pt",
        "Example Labs B.V.",
        date(2026, 10, 1),
        True,
        "no ties",
        scope=(),
        reports=(),
        open_findings=0,
    )
    r = pentest.ITEM.evaluate(replace(ctx, project=replace(ctx.project, pentests=(ext,))))
    assert any("outside the scope" in m and "ble-gatt" in m for m in messages(r))


def test_concept_debug_port_enabled_fails(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "data:\n",
        "  - {id: jtag, element: pump-fw, kind: debug, protocol: jtag, exposure: physical,"
        " authentication: none, production: enabled, needed_for: [program]}\ndata:\n",
    )
    r = concept.ITEM.evaluate(context(write_project(tmp_path, text)))
    assert r.status is ItemStatus.FAIL
    assert any("debug port 'jtag'" in m for m in messages(r))


def test_gdpr_and_minimisation(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "use_cases:",
        "  - id: mrn\n    name: Patient id\n    category: health\n    subjects: patients\n"
        "    purpose: identify\n    legal_basis: art6-1c\n    retention: indefinite\n    recipients: [hospital]\n"
        "use_cases:",
    )
    ctx = context(write_project(tmp_path, text))
    g = gdpr.ITEM.evaluate(ctx)
    assert any("Art. 9(2)" in m for m in messages(g)) and any("DPIA" in m for m in messages(g))
    m = minimisation.ITEM.evaluate(ctx)
    assert "data 'mrn' is needed by no use case" in messages(m)
    assert any("bounded retention" in x for x in messages(m))


def test_vulnerability_management_policy_and_vex(minimal: Path) -> None:
    r = vulnmgmt.ITEM.evaluate(context(minimal))
    text = " ".join(messages(r))
    assert "no vulnerability policy" in text and "no VEX" in text
    assert "security contact" not in text
