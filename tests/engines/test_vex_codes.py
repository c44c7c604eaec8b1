"""The code tables of shared/reference/VEX.md, and lossless round trips through every format."""

from __future__ import annotations

import itertools

import pytest
from tests.engines.vex_samples import ISSUED, PRODUCT

from medsec.domain.finding_id import finding_id
from medsec.domain.vex import Statement, VexFormat
from medsec.domain.vulnerability import ComponentRef, Justification, Response, SafetyRisk, VexState
from medsec.engines import vex_codes as codes
from medsec.engines.vex_tag import Tag, decode, encode, split
from medsec.outputs.vex import csaf, cyclonedx, openvex
from medsec.sources.vex.detect import read

RENDER = {"cyclonedx": cyclonedx.render, "openvex": openvex.render, "csaf": csaf.render}


def test_every_canonical_code_has_a_mapping() -> None:
    assert set(codes.STATE_TO_OPENVEX) == set(VexState) == set(codes.STATE_TO_CSAF)
    assert set(codes.JUSTIFICATION_TO_LABEL) == set(Justification)
    assert set(codes.RESPONSE_TO_REMEDIATION) == set(Response)
    assert set(codes.JUSTIFICATION_TO_LABEL.values()) == set(codes.LABELS)
    assert set(codes.LABEL_TO_JUSTIFICATION) == set(codes.LABELS)


@pytest.mark.parametrize(
    ("state", "openvex", "csaf_status"),
    [
        (VexState.EXPLOITABLE, "affected", "known_affected"),
        (VexState.IN_TRIAGE, "under_investigation", "under_investigation"),
        (VexState.NOT_AFFECTED, "not_affected", "known_not_affected"),
        (VexState.FALSE_POSITIVE, "not_affected", "known_not_affected"),
        (VexState.RESOLVED, "fixed", "fixed"),
        (VexState.RESOLVED_WITH_PEDIGREE, "fixed", "fixed"),
    ],
)
def test_status_table_of_vex_md(state: VexState, openvex: str, csaf_status: str) -> None:
    assert codes.state_code("openvex", state) == openvex
    assert codes.state_code("csaf", state) == csaf_status


def test_recommended_is_not_a_status_and_first_last_are() -> None:
    assert "recommended" not in codes.CSAF_TO_STATE  # grype's quirk not copied
    assert codes.state_of("csaf", "first_affected") is VexState.EXPLOITABLE
    assert codes.state_of("csaf", "last_affected") is VexState.EXPLOITABLE
    assert codes.state_of("csaf", "first_fixed") is VexState.RESOLVED


def test_justification_and_response_tables() -> None:
    label = codes.JUSTIFICATION_TO_LABEL
    assert label[Justification.CODE_NOT_PRESENT] == "vulnerable_code_not_present"
    assert label[Justification.CODE_NOT_REACHABLE] == "vulnerable_code_not_in_execute_path"
    assert label[Justification.REQUIRES_DEPENDENCY] == "component_not_present"
    assert label[Justification.PROTECTED_BY_COMPILER] == "inline_mitigations_already_exist"
    assert label[Justification.PROTECTED_AT_PERIMETER] == (
        "vulnerable_code_cannot_be_controlled_by_adversary"
    )
    assert codes.LABEL_TO_JUSTIFICATION["component_not_present"] is Justification.CODE_NOT_PRESENT
    remediation = codes.RESPONSE_TO_REMEDIATION
    assert remediation[Response.UPDATE] == remediation[Response.ROLLBACK] == "vendor_fix"
    assert remediation[Response.WORKAROUND_AVAILABLE] == "workaround"
    assert remediation[Response.WILL_NOT_FIX] == "no_fix_planned"
    assert remediation[Response.CAN_NOT_FIX] == "none_available"
    assert codes.REMEDIATION_TO_RESPONSE["mitigation"] is Response.WORKAROUND_AVAILABLE


def test_original_code_wins_when_it_means_the_same() -> None:
    orig = (("csaf", "product_status", "last_affected"), ("openvex", "justification", "x"))
    assert codes.state_code("csaf", VexState.EXPLOITABLE, orig) == "last_affected"
    assert codes.state_code("csaf", VexState.NOT_AFFECTED, orig) == "known_not_affected"
    j = (("openvex", "justification", "component_not_present"),)
    assert codes.justification_code("openvex", Justification.CODE_NOT_PRESENT, j) == (
        "component_not_present"
    )
    # a stale original (the decision changed since) is ignored
    assert codes.justification_code("openvex", Justification.CODE_NOT_REACHABLE, j) == (
        "vulnerable_code_not_in_execute_path"
    )
    r = (("csaf", "remediation", "mitigation"),)
    assert codes.remediation_codes((Response.WORKAROUND_AVAILABLE, Response.UPDATE), r) == [
        (Response.WORKAROUND_AVAILABLE, "mitigation"),
        (Response.UPDATE, "vendor_fix"),
    ]


def test_lossy_only_where_a_format_has_fewer_codes() -> None:
    assert not codes.lossy("cyclonedx", VexState.FALSE_POSITIVE, None, ())
    assert codes.lossy("openvex", VexState.FALSE_POSITIVE, None, ())
    assert not codes.lossy("openvex", VexState.NOT_AFFECTED, Justification.CODE_NOT_PRESENT, ())
    assert codes.lossy("openvex", VexState.NOT_AFFECTED, Justification.PROTECTED_AT_RUNTIME, ())
    assert codes.lossy("openvex", VexState.EXPLOITABLE, None, (Response.UPDATE,))
    assert not codes.lossy("csaf", VexState.EXPLOITABLE, None, (Response.UPDATE,))
    assert codes.lossy("csaf", VexState.EXPLOITABLE, None, (Response.ROLLBACK,))


def test_tag_round_trip_and_split() -> None:
    tag = Tag(
        VexState.FALSE_POSITIVE,
        Justification.REQUIRES_ENVIRONMENT,
        (Response.UPDATE, Response.ROLLBACK),
        (("csaf", "remediation", "mitigation"),),
        "CVE-1@pkg:generic/x#1.0,2.0",
        SafetyRisk.UNCONTROLLED,
        ("HAZ-1", "HAZ-2"),
    )
    line = encode(tag)
    assert decode(line) == tag
    human, found = split(f"Some words.\n{line}")
    assert human == "Some words." and found == tag
    assert split("no tag here") == ("no tag here", None)
    assert decode("medsec-cyclonedx: state=bogus") is None


_STATES = [
    (s, j)
    for s in VexState
    for j in (
        [None, *Justification]
        if s in (VexState.NOT_AFFECTED, VexState.FALSE_POSITIVE)
        else [None, Justification.CODE_NOT_PRESENT]
    )
]
_RESPONSES = [(), (Response.UPDATE,), (Response.ROLLBACK, Response.CAN_NOT_FIX), tuple(Response)]


@pytest.mark.parametrize("fmt", list(RENDER))
def test_every_code_combination_survives_every_format(fmt: str) -> None:
    """CycloneDX codes -> format -> read back: the same codes (the tag fills the gaps)."""
    component = ComponentRef("zlib", "1.3.1", "pkg:generic/zlib@1.3.1")
    statements = []
    for n, ((state, justification), responses) in enumerate(itertools.product(_STATES, _RESPONSES)):
        advisory = f"CVE-2026-{10000 + n}"
        statements.append(
            Statement(
                finding=finding_id(advisory, component),
                vulnerability=advisory,
                state=state,
                component=component,
                justification=justification,
                responses=responses,
            )
        )
    back = read(RENDER[fmt](statements, PRODUCT, ISSUED).encode(), source=fmt).statements
    assert len(back) == len(statements)
    got = {s.finding: (s.state, s.justification, s.responses) for s in back}
    want = {s.finding: (s.state, s.justification, s.responses) for s in statements}
    assert got == want


def test_format_values_are_the_three_formats() -> None:
    assert {f.value for f in VexFormat} == set(RENDER)
