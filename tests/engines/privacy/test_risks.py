"""Privacy threats rated for the DPIA: likelihood and severity from the register's vectors."""

from __future__ import annotations

from dataclasses import replace

import pytest

from medsec.domain.threat import CvssScore, Linddun, ThreatStatus
from medsec.domain.vocabulary import DataCategory, Severity
from medsec.engines.compliance.items._fixtures import threat
from medsec.engines.privacy.risks import Level, likelihood, privacy_threats, rate, severity
from medsec.engines.threats.rules._fixtures import data_item, make_project, store


def score(vector: str) -> CvssScore:
    return CvssScore("3.1", vector, 5.0, Severity.MEDIUM)


@pytest.mark.parametrize(
    ("vector", "expected"),
    [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", Level.MAXIMUM),
        ("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", Level.SIGNIFICANT),
        ("CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N", Level.LIMITED),
        ("CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", Level.NEGLIGIBLE),
    ],
)
def test_likelihood_from_exploitability(vector: str, expected: Level) -> None:
    assert likelihood(score(vector)) is expected


def test_severity_from_confidentiality_raised_for_health_data() -> None:
    low = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N")
    high = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N")
    assert severity(low, special=False) is Level.LIMITED
    assert severity(low, special=True) is Level.SIGNIFICANT
    assert severity(high, special=True) is Level.MAXIMUM
    assert severity(None, special=True) is None and likelihood(None) is None


def _privacy(tid: str, vector: str, residual: str | None = None) -> object:
    t = threat(f"{tid}@element:db", v3_1=score(vector))
    generated = replace(t.threat, linddun=(Linddun.DATA_DISCLOSURE,))
    return replace(
        t,
        entry=replace(t.entry, threat=generated),
        residual_v3_1=score(residual) if residual else None,
    )


def test_rate_only_live_privacy_threats_worst_residual_first() -> None:
    p = make_project(
        elements=(store("db", stores=("mrn",)),), data=(data_item("mrn", DataCategory.HEALTH),)
    )
    network = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"
    physical = "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"
    threats = (
        _privacy("LINDDUN-L", physical),
        _privacy("LINDDUN-DD", network, residual=physical),
        _privacy("LINDDUN-I", network),
        threat("STRIDE-I@element:db"),
        replace(_privacy("LINDDUN-D", network), status=ThreatStatus.OBSOLETE),  # type: ignore[arg-type]
    )
    assert [t.id for t in privacy_threats(threats)] == [  # type: ignore[arg-type]
        "LINDDUN-L@element:db",
        "LINDDUN-DD@element:db",
        "LINDDUN-I@element:db",
    ]
    rated = rate(p, threats)  # type: ignore[arg-type]
    assert [r.threat.id for r in rated] == [
        "LINDDUN-I@element:db",
        "LINDDUN-DD@element:db",
        "LINDDUN-L@element:db",
    ]
    dd = rated[1]
    assert (dd.likelihood, dd.severity) == (Level.MAXIMUM, Level.MAXIMUM)
    assert (dd.residual_likelihood, dd.residual_severity) == (Level.NEGLIGIBLE, Level.SIGNIFICANT)
    assert dd.special
