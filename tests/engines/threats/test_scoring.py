from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medsec.domain.vocabulary import Severity
from medsec.engines.threats.scoring import CvssVectorError, score, v4_metric

V3_METRICS = {
    "AV": "NALP",
    "AC": "LH",
    "PR": "NLH",
    "UI": "NR",
    "S": "UC",
    "C": "NLH",
    "I": "NLH",
    "A": "NLH",
}


def test_known_scores_from_the_reference() -> None:
    assert score("CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N").score == 6.8
    v4 = score("CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:H/SC:N/SI:N/SA:N")
    assert (v4.score, v4.severity) == (7.2, Severity.HIGH)
    safety = score("CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:H/SC:N/SI:N/SA:N/MSI:S/MSA:S")
    assert (safety.score, safety.severity) == (9.3, Severity.CRITICAL)


@pytest.mark.parametrize(
    "bad", ["", "AV:N", "CVSS:3.1/AV:X/AC:L", "CVSS:3.1/AV:N", "CVSS:2.0/AV:N", "CVSS:4.0/AV:N"]
)
def test_bad_vectors_raise_typed_error(bad: str) -> None:
    with pytest.raises(CvssVectorError):
        score(bad)


@given(st.fixed_dictionaries({k: st.sampled_from(v) for k, v in V3_METRICS.items()}))
def test_every_v3_base_vector_scores_between_0_and_10(metrics: dict[str, str]) -> None:
    vector = "CVSS:3.1/" + "/".join(f"{k}:{v}" for k, v in metrics.items())
    s = score(vector)
    assert 0.0 <= s.score <= 10.0
    assert (s.score == 0.0) == (s.severity is Severity.NONE)


def test_v3_impact_metrics_have_v4_names_on_the_vulnerable_system() -> None:
    assert [v4_metric(m) for m in ("C", "I", "A", "PR", "AT")] == ["VC", "VI", "VA", "PR", "AT"]
