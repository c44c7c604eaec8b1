from dataclasses import replace
from datetime import date

from medsec.domain.model import (
    DataItem,
    Party,
    PartyRole,
    Project,
    Review,
    TransferMechanism,
)
from medsec.domain.threat import AssessedThreat, Assessment, Linddun, ThreatStatus
from medsec.domain.vocabulary import BoundaryKind, DataCategory, Decision, PartyKind
from medsec.engines.compliance.items._fixtures import builder, context, threat
from medsec.engines.compliance.items.gdpr import ITEM
from medsec.engines.compliance.items.gdpr_privacy import (
    dpia_current,
    latest_review,
    privacy_decided,
    regions_known,
    transfers_covered,
)
from medsec.engines.privacy.screening import screen
from medsec.engines.signoff import Digests
from medsec.engines.threats.rules._fixtures import (
    BOUNDARIES,
    data_item,
    element,
    flow,
    make_project,
)

MRN = replace(data_item("mrn", DataCategory.HEALTH), subjects="patients")
NOW = Digests("sha256:arch", "sha256:arch", "sha256:model-now", "sha256:reg", "sha256:sbom")


def _dpia_project(*reviews: Review) -> Project:
    """Health data of patients (a DPIA is required) and a DPIA file."""
    return replace(
        make_project(data=(MRN,)),
        dpia="gdpr/dpia.md",
        existing_files=frozenset({"gdpr/dpia.md"}),
        reviews=reviews,
    )


def _review(day: int, model: str | None) -> Review:
    return Review("gdpr-readiness", date(2026, 11, day), "E. Fischer (DPO)", model_digest=model)


def test_dpia_current_needs_a_signoff_on_todays_model() -> None:
    cases = {
        "dpia-unpinned": _dpia_project(),
        "dpia-outdated": _dpia_project(_review(2, "sha256:model-before")),
    }
    for rule, p in cases.items():
        b = builder(ITEM)
        dpia_current(b, context(p, digests=NOW), screen(p))
        assert b.rules() == [rule]
    unpinned = _dpia_project(_review(2, None))  # a review written by hand: no digest
    b = builder(ITEM)
    dpia_current(b, context(unpinned, digests=NOW), screen(unpinned))
    assert b.rules() == ["dpia-unpinned"]
    assert "records no model digest" in b.findings[0].message
    current = _dpia_project(_review(2, "sha256:model-before"), _review(20, "sha256:model-now"))
    b = builder(ITEM)
    dpia_current(b, context(current, digests=NOW), screen(current))
    assert b.rules() == []
    assert b.evidence[0].message == "DPIA signed off on 2026-11-20 against the current model"


def test_dpia_current_is_not_judged_without_a_required_recorded_dpia() -> None:
    no_file = replace(_dpia_project(), existing_files=frozenset())
    visitors = replace(
        _dpia_project(), data=(replace(MRN, category=DataCategory.PERSONAL, subjects="visitors"),)
    )
    for p in (no_file, visitors):
        b = builder(ITEM)
        dpia_current(b, context(p, digests=NOW), screen(p))
        assert b.rules() == [] and b.evidence == []


def test_latest_review_is_the_latest_gdpr_signoff() -> None:
    other = Review("threat-risk-analysis", date(2026, 12, 1), "A. Lindqvist")
    p = _dpia_project(_review(2, "a"), other, _review(9, "b"), _review(9, "c"))
    found = latest_review(p)
    assert found is not None and found.model_digest == "c"
    assert latest_review(_dpia_project(other)) is None


def _cloud_project(region: str | None, **flow_kw: object) -> Project:
    """A pump uploading the MRN to a cloud service, the cloud in ``region``."""
    boundaries = tuple(
        replace(b, region=region) if b.kind is BoundaryKind.CLOUD else b for b in BOUNDARIES
    )
    return make_project(
        elements=(element("fw"), element("svc", boundary="cloud")),
        flows=(flow("up", "fw", "svc", data=("mrn",), **flow_kw),),
        data=(MRN,),
        boundaries=boundaries,
    )


def test_regions_known_for_clouds_receiving_personal_data() -> None:
    b = builder(ITEM)
    regions_known(b, _cloud_project(None))
    assert b.rules() == ["region-unknown"]
    assert b.findings[0].fix is not None and "boundaries[cloud].region" in b.findings[0].fix
    b = builder(ITEM)
    regions_known(b, _cloud_project("eu-central-1"))
    regions_known(b, replace(_cloud_project(None), data=(data_item("t", DataCategory.TECHNICAL),)))
    assert b.rules() == []


def test_transfers_covered_by_a_mechanism_that_holds() -> None:
    weak = {
        "no mechanism": _cloud_project("us-east-1"),
        "no adequacy for India": _cloud_project("ap-south-1", transfer=TransferMechanism.ADEQUACY),
    }
    for why, p in weak.items():
        b = builder(ITEM)
        transfers_covered(b, p)
        assert b.rules() == ["transfer-uncovered"], why
        assert b.findings[0].fix is not None and "flows[up].transfer" in b.findings[0].fix
    b = builder(ITEM)
    transfers_covered(b, _cloud_project("us-east-1", transfer=TransferMechanism.SCC))
    transfers_covered(b, _cloud_project("us-east-1", transfer=TransferMechanism.ADEQUACY))
    transfers_covered(b, _cloud_project("eu-central-1"))  # inside the EU: no transfer
    assert b.rules() == []
    assert len(b.evidence) == 2


def test_a_party_mechanism_covers_what_it_operates() -> None:
    vendor = Party("vendor", "Analytics Inc.", PartyKind.SUPPLIER, role=PartyRole.PROCESSOR)
    p = _cloud_project("us-east-1")
    p = replace(
        p,
        parties=(replace(vendor, transfer=TransferMechanism.SCC),),
        boundaries=tuple(
            replace(b, operated_by="vendor") if b.id == "cloud" else b for b in p.boundaries
        ),
    )
    b = builder(ITEM)
    assert transfers_covered(b, p)[0].mechanism_by == "parties[vendor].transfer"
    assert b.rules() == []


def _privacy(tid: str, **assessment: object) -> AssessedThreat:
    """A LINDDUN threat with the given assessment keys."""
    t = threat(f"{tid}@element:db")
    generated = replace(t.threat, linddun=(Linddun.DATA_DISCLOSURE,))
    a = Assessment(**assessment)  # type: ignore[arg-type]
    decision = a.decision
    return replace(t, entry=replace(t.entry, threat=generated, assessment=a), decision=decision)


def test_privacy_decided_every_decision_says_why() -> None:
    weak = [
        _privacy("LINDDUN-DD"),  # no decision
        _privacy("LINDDUN-L", decision=Decision.ACCEPT),  # no rationale
        _privacy("LINDDUN-I", decision=Decision.MITIGATE),  # mitigate, no control
    ]
    b = builder(ITEM)
    privacy_decided(b, context(threats=tuple(weak)))
    assert b.rules() == ["privacy-undecided", "privacy-unjustified"]
    assert "(LINDDUN-L@element:db, LINDDUN-I@element:db)" in b.findings[1].message
    strong = [
        _privacy("LINDDUN-L", decision=Decision.ACCEPT, rationale="pseudonymised per hospital"),
        replace(_privacy("LINDDUN-I", decision=Decision.MITIGATE), controls=("ctl-pseudo",)),
        threat("STRIDE-I@element:db"),  # a security threat: threat-risk-analysis judges it
        replace(_privacy("LINDDUN-D"), status=ThreatStatus.OBSOLETE),
    ]
    b = builder(ITEM)
    privacy_decided(b, context(threats=tuple(strong)))
    assert b.rules() == []
    assert b.evidence[0].message == "2 privacy (LINDDUN) threats decided, each with its reason"


def test_evaluate_reports_the_privacy_subchecks() -> None:
    item: DataItem = replace(
        MRN,
        purpose="p",
        legal_basis=("art6-1c", "art9-2h"),
        retention="P30D",
        recipients=("hospital",),
    )
    p = replace(_cloud_project("us-east-1"), data=(item,))
    r = ITEM.evaluate(context(p, threats=(_privacy("LINDDUN-DD"),), digests=NOW))
    found = [f.rule.split("/", 1)[1] for f in r.findings]
    assert found == ["no-dpia", "transfer-uncovered", "privacy-undecided", "art32-transit"]
