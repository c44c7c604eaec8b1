"""The report's sign-off tables: every transfer and acceptance, every blanket support claim."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from medsec.domain.component import SupportLevel, SupportRule
from medsec.domain.model import Party
from medsec.domain.threat import AssessedThreat, Assessment, ThreatStatus
from medsec.domain.vocabulary import Decision, PartyKind
from medsec.engines.compliance.items._fixtures import project, threat
from medsec.outputs.report.signoff import blanket_claims, decisions

TRANSFER = Assessment(
    decision=Decision.TRANSFER,
    party="hospital",
    rationale="IEC 80001-1 agreement",
    approver="A. Lindqvist",
    date=date(2026, 9, 10),
)
ACCEPT = Assessment(
    decision=Decision.ACCEPT,
    rationale="enclosure sealed",
    approver="A. Lindqvist",
    date=date(2026, 9, 12),
    expires=date(2027, 6, 30),
    benefit_risk="BRA-7",
)


def _decided(tid: str, a: Assessment, status: ThreatStatus, *problems: str) -> AssessedThreat:
    t = threat(tid, status=status, decision=a.decision, problems=problems)
    return replace(t, entry=replace(t.entry, assessment=a))


def test_every_transfer_and_acceptance_is_listed_with_who_when_and_whether_it_holds() -> None:
    p = project(parties=(Party("hospital", "St. Elsewhere", PartyKind.HOSPITAL),))
    threats = (
        _decided("STRIDE-I@element:log", ACCEPT, ThreatStatus.ACCEPTED),
        _decided(
            "MD-05@element:fw",
            replace(TRANSFER, approver=None),
            ThreatStatus.OPEN,
            "transfer needs approver",
        ),
        _decided("STRIDE-S@element:ehr", TRANSFER, ThreatStatus.TRANSFERRED),
        threat("MD-13@interface:uart"),  # undecided: not a decision to sign
        _decided("MD-11@element:srv", ACCEPT, ThreatStatus.OBSOLETE),  # gone: nothing to sign
    )
    section = decisions(p, threats)
    assert [r[0] for r in section.rows] == [
        "MD-05@element:fw",
        "STRIDE-S@element:ehr",
        "STRIDE-I@element:log",
    ]
    fw, ehr, log = section.rows
    assert ehr == (
        "STRIDE-S@element:ehr",
        "transfer",
        "hospital (St. Elsewhere)",
        "A. Lindqvist",
        "2026-09-10",
        "IEC 80001-1 agreement",
        "yes",
    )
    assert fw[3] == "not stated" and fw[6] == "no: transfer needs approver"
    assert log[2] == "until 2027-06-30" and log[5] == "enclosure sealed (BRA-7)"
    assert decisions(p, ()).rows == ()


def test_blanket_claims_are_listed_with_the_components_they_decide() -> None:
    pypi = SupportRule("support.yaml:40", purl="pkg:pypi/*", level=SupportLevel.SUPPORT)
    section = blanket_claims(((pypi, 20),))
    assert section.rows == (("support.yaml:40", "pkg:pypi/*", "20", "support", "-", "none"),)
    assert blanket_claims(()).rows == ()


def test_threats_decided_alike_share_one_row() -> None:
    p = project()
    privacy = replace(ACCEPT, rationale="needed for the record", benefit_risk=None)
    threats = (
        _decided("LINDDUN-L@element:log", privacy, ThreatStatus.ACCEPTED),
        _decided("LINDDUN-L@flow:hl7", privacy, ThreatStatus.ACCEPTED),
        _decided("LINDDUN-I@flow:hl7", replace(privacy, approver="DPO"), ThreatStatus.ACCEPTED),
    )
    rows = decisions(p, threats).rows
    assert [r[0] for r in rows] == [
        "LINDDUN-I@flow:hl7",
        "LINDDUN-L@element:log, LINDDUN-L@flow:hl7 (2 threats)",
    ]
    assert rows[1][1:] == (
        "accept",
        "until 2027-06-30",
        "A. Lindqvist",
        "2026-09-12",
        "needed for the record",
        "yes",
    )
