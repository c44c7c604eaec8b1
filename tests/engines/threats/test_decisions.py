"""Risk decisions with accountability: who operates a target, what a transfer and an accept need."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from medsec.domain.model import Boundary, Party, Project
from medsec.domain.threat import Assessment, Target, TargetKind
from medsec.domain.vocabulary import BoundaryKind, Decision, PartyKind, RiskLevel
from medsec.engines.threats.decisions import acceptance_problems, operators, transfer_problems
from medsec.engines.threats.rules._fixtures import (
    BOUNDARIES,
    element,
    flow,
    interface,
    make_project,
    store,
)

TODAY = date(2026, 12, 1)
HOSPITAL = Party("hospital", "St. Elsewhere", PartyKind.HOSPITAL)
# the hospital runs its network and, nested in it, its data centre
LAN = replace(BOUNDARIES[1], operated_by="hospital")
DC = Boundary("dc", "Data centre", BoundaryKind.NETWORK, parent="lan")


def _project() -> Project:
    p = make_project(
        elements=(
            element("fw"),  # the manufacturer's firmware, in the device
            element("engine", boundary="dc"),  # hospital's, through its boundary's parent
            store("log", boundary=None, host="fw"),
            store("cache", boundary=None, host="engine"),
            element("vm-app", boundary="box", operated_by="hospital"),  # stated on the element
        ),
        flows=(
            flow("fw-to-engine", "fw", "engine"),
            flow("engine-to-app", "engine", "vm-app"),
        ),
        interfaces=(interface("uart", "fw"), interface("mllp", "engine")),
        boundaries=(BOUNDARIES[0], LAN, *BOUNDARIES[2:], DC),
    )
    return replace(p, parties=(HOSPITAL,))


def _target(kind: TargetKind, ident: str) -> Target:
    return Target(kind, ident)


def test_who_operates_each_kind_of_target() -> None:
    p = _project()
    e, f, i, b = TargetKind.ELEMENT, TargetKind.FLOW, TargetKind.INTERFACE, TargetKind.BOUNDARY
    assert operators(p, _target(e, "fw")) == (None,)
    assert operators(p, _target(e, "engine")) == ("hospital",)  # boundary chain dc -> lan
    assert operators(p, _target(e, "log")) == (None,)  # a hosted store runs where its host runs
    assert operators(p, _target(e, "cache")) == ("hospital",)
    assert operators(p, _target(e, "vm-app")) == ("hospital",)
    assert operators(p, _target(f, "fw-to-engine")) == (None, "hospital")
    assert operators(p, _target(f, "engine-to-app")) == ("hospital", "hospital")
    assert operators(p, _target(i, "uart")) == (None,)
    assert operators(p, _target(i, "mllp")) == ("hospital",)
    assert operators(p, _target(b, "dc")) == ("hospital",)
    assert operators(p, Target(TargetKind.DEVICE, "dev")) == (None,)


TRANSFER = Assessment(
    decision=Decision.TRANSFER,
    party="hospital",
    rationale="IEC 80001-1 responsibility agreement",
    approver="A. Lindqvist",
    date=date(2026, 9, 10),
)


def test_a_transfer_holds_only_for_what_the_party_operates() -> None:
    p = _project()
    assert transfer_problems(p, _target(TargetKind.ELEMENT, "engine"), TRANSFER) == []
    assert transfer_problems(p, _target(TargetKind.FLOW, "engine-to-app"), TRANSFER) == []
    (own,) = transfer_problems(p, _target(TargetKind.ELEMENT, "fw"), TRANSFER)
    assert own == (
        "transfer to 'hospital', but element fw is operated by the manufacturer: a risk goes "
        "only to the party that operates its target"
    )
    (half,) = transfer_problems(p, _target(TargetKind.FLOW, "fw-to-engine"), TRANSFER)
    assert "operated by 'hospital' (St. Elsewhere) and the manufacturer" in half


def test_a_transfer_with_one_sentence_is_no_transfer() -> None:
    """Issue 13, acceptance 1: decision and rationale alone name no party, approver or date."""
    p = _project()
    sentence = Assessment(decision=Decision.TRANSFER, rationale="Hospital network responsibility.")
    assert transfer_problems(p, _target(TargetKind.ELEMENT, "engine"), sentence) == [
        "transfer needs party, approver and date"
    ]
    placeholder = replace(TRANSFER, approver="TBD")
    assert transfer_problems(p, _target(TargetKind.ELEMENT, "engine"), placeholder) == [
        "transfer needs approver"
    ]
    stranger = replace(TRANSFER, party="insurer")
    assert transfer_problems(p, _target(TargetKind.ELEMENT, "engine"), stranger) == [
        "transfer to unknown party 'insurer' (not declared under parties)"
    ]


ACCEPT = Assessment(
    decision=Decision.ACCEPT,
    rationale="needs the enclosure opened",
    approver="A. Lindqvist",
    date=date(2026, 9, 12),
    expires=date(2027, 6, 30),
)


def test_an_acceptance_needs_an_expiry_and_is_decided_again_when_it_expires() -> None:
    p = _project()
    assert acceptance_problems(p, ACCEPT, RiskLevel.LOW, False, TODAY) == []
    assert acceptance_problems(p, replace(ACCEPT, expires=None), RiskLevel.LOW, False, TODAY) == [
        "acceptance needs expires"
    ]
    late = replace(ACCEPT, expires=date(2026, 11, 30))
    assert acceptance_problems(p, late, RiskLevel.LOW, False, TODAY) == [
        "acceptance expired on 2026-11-30: decide again"
    ]
    assert acceptance_problems(p, late, RiskLevel.LOW, False, None) == []  # no day: not judged


def test_above_the_threshold_an_acceptance_needs_a_control_and_a_benefit_risk_analysis() -> None:
    p = _project()
    both = acceptance_problems(p, ACCEPT, RiskLevel.HIGH, False, TODAY)
    assert [x.split(" (")[0] for x in both] == [
        "accepted although its risk",
        "accepted above the acceptance threshold",
    ]
    (bra,) = acceptance_problems(p, ACCEPT, RiskLevel.HIGH, True, TODAY)
    assert "needs benefit_risk" in bra
    justified = replace(ACCEPT, benefit_risk="BRA-2026-04")
    assert acceptance_problems(p, justified, RiskLevel.HIGH, True, TODAY) == []
    assert acceptance_problems(
        p, replace(justified, benefit_risk="TBD"), RiskLevel.HIGH, True, TODAY
    )
