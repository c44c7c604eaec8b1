from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medsec.engines.threats import rubric
from medsec.engines.threats.scoring import score

BLE_THERAPY = {
    "XAVN": "yes",
    "XAVT": "no",
    "XAVW": "yes",
    "XAVR": "no",
    "XACL": "yes",
    "XPRL": "no",
    "XUI": "no",
    "XS": "no",
    "XC": "no",
    "XI": "yes",
    "XA": "yes",
}


def test_ble_therapy_command_path() -> None:
    assert rubric.vector_v3_1(BLE_THERAPY) == "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H"
    assert score(rubric.vector_v3_1(BLE_THERAPY)).score == 8.1
    assert rubric.vector_v4_0(BLE_THERAPY) == (
        "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:H/SC:N/SI:N/SA:N"
    )


def test_cvss_4_is_the_same_judgement_in_the_same_band() -> None:
    """A changed scope translated directly rates 4.0 a band higher (critical against high);
    the rubric's 4.0 vector comes from the same derivation as every threat's: same band."""
    answers = {
        "XAVN": "yes",
        "XAVT": "yes",
        "XACL": "yes",
        "XPRL": "yes",
        "XPRZ": "yes",
        "XPRS": "yes",
        "XUI": "yes",
        "XS": "yes",
        "XC": "yes",
        "XCPM": "yes",
        "XI": "yes",
        "XA": "yes",
    }
    v3 = rubric.vector_v3_1(answers)
    assert v3 == "CVSS:3.1/AV:N/AC:L/PR:H/UI:R/S:C/C:H/I:H/A:H"
    v4 = rubric.vector_v4_0(answers)
    assert v4 == "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L"
    assert score(v4).severity is score(v3).severity


def test_short_range_wireless_is_local_as_the_rubric_says() -> None:
    answers = {**BLE_THERAPY, "XAVR": "yes"}
    assert "/AV:L/" in rubric.vector_v3_1(answers)


def test_unknown_falls_to_the_worse_value() -> None:
    answers = {**BLE_THERAPY, "XAVT": "unknown", "XS": "unknown"}
    vector = rubric.vector_v3_1(answers)
    assert "/AV:N/" in vector and "/S:C/" in vector


def test_next_question_walks_the_flow() -> None:
    q = rubric.next_question({})
    assert q is not None and q.id == "XAVN"
    q = rubric.next_question({"XAVN": "no"})
    assert q is not None and q.id == "XAVP"
    assert rubric.next_question(BLE_THERAPY) is None


def test_incomplete_or_bad_answers_raise() -> None:
    with pytest.raises(rubric.RubricError, match="incomplete"):
        rubric.vector_v3_1({"XAVN": "yes"})
    with pytest.raises(rubric.RubricError, match="unknown rubric question"):
        rubric.validate({"XNOPE": "yes"})
    with pytest.raises(rubric.RubricError, match="yes, no or unknown"):
        rubric.validate({"XAVN": "maybe"})


@given(st.dictionaries(st.sampled_from(sorted(rubric.QUESTIONS)), st.sampled_from(rubric.ANSWERS)))
def test_any_answers_completed_with_unknown_give_valid_vectors(partial: dict[str, str]) -> None:
    answers = dict(partial)
    while (q := rubric.next_question(answers)) is not None:
        answers[q.id] = "unknown"
    assert 0.0 <= score(rubric.vector_v3_1(answers)).score <= 10.0
    assert 0.0 <= score(rubric.vector_v4_0(answers)).score <= 10.0
    # replay: the same answers always give the same vector
    assert rubric.vector_v3_1(answers) == rubric.vector_v3_1(dict(sorted(answers.items())))
