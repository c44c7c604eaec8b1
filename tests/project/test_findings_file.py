"""pentests/ID/findings.yaml: round trip, parse cache, located errors; the fast YAML writer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from medsec.domain.errors import InputError
from medsec.domain.pentest import (
    EngagementFindings,
    Finding,
    FindingState,
    HistoryEntry,
    Location,
    Service,
    Severity,
    TrackedFinding,
)
from medsec.project.findings_file import findings_path, load_findings, save_findings
from medsec.project.parse_cache import cache_path
from medsec.project.yaml_emit import dump_plain


def sample(n: int = 3) -> EngagementFindings:
    findings = tuple(
        TrackedFinding(
            Finding(
                f"fp{i}",
                f"PT-{i}",
                f"title: with 'quotes' and # hash {i}",
                Severity.HIGH,
                "manual",
                cvss=7.5,
                cwe=("CWE-79",),
                locations=(Location(host="10.0.0.1", port=443, url="https://h/x?a=1"),),
                evidence="line one\nline two: ünïcödé",
            ),
            FindingState.RISK_ACCEPTED if i == 1 else FindingState.OPEN,
            rationale="ok" if i == 1 else None,
            approver="QA" if i == 1 else None,
            expires=dt.date(2027, 1, 1) if i == 1 else None,
            history=(HistoryEntry(dt.date(2026, 9, 1), FindingState.OPEN, "import", "r.csv"),),
        )
        for i in range(n)
    )
    services = (Service("10.0.0.1", 22, "tcp", "ssh", "Dropbear", "2022.83"),)
    return EngagementFindings("pt", "pentests/pt/findings.yaml", findings, services)


def test_round_trip_with_and_without_the_parse_cache(tmp_path: Path) -> None:
    kept = sample()
    save_findings(tmp_path, kept)
    path = findings_path(tmp_path, "pt")
    assert cache_path(path).is_file()
    fast = load_findings(tmp_path, "pt")
    cache_path(path).unlink()
    slow = load_findings(tmp_path, "pt")
    assert fast == slow == kept
    assert [f.line for f in fast.findings] == [f.line for f in slow.findings]  # type: ignore[union-attr]
    assert all(f.line for f in slow.findings)  # type: ignore[union-attr]
    assert slow.services[0].version == "2022.83"  # type: ignore[union-attr]


def test_an_edited_file_ignores_the_stale_cache(tmp_path: Path) -> None:
    save_findings(tmp_path, sample())
    path = findings_path(tmp_path, "pt")
    path.write_text(path.read_text().replace("state: open", "state: fixed", 1))
    kept = load_findings(tmp_path, "pt")
    assert kept is not None and kept.findings[0].state is FindingState.FIXED


def test_located_errors(tmp_path: Path) -> None:
    save_findings(tmp_path, sample())
    path = findings_path(tmp_path, "pt")
    text = path.read_text()
    path.write_text(text.replace("state: open", "state: closed", 1))
    with pytest.raises(InputError) as caught:
        load_findings(tmp_path, "pt")
    (problem,) = caught.value.problems
    assert problem.line is not None and problem.field and "state" in problem.field
    path.write_text(text.replace("id: PT-1", "id: PT-0", 1))
    with pytest.raises(InputError, match="duplicate id PT-0"):
        load_findings(tmp_path, "pt")
    path.write_text(text.replace("engagement: pt", "engagement: other", 1))
    with pytest.raises(InputError, match="file is in pentests/pt/"):
        load_findings(tmp_path, "pt")


scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dates()
    | st.text()
    | st.sampled_from(
        ["yes", "No", "null", "~", "1e3", "0x1F", "2026-08-27", "- a", "a: b", " x", "#c"]
    )
)
values = st.recursive(
    scalars,
    lambda c: (
        st.lists(c, max_size=4) | st.dictionaries(st.text(min_size=1, max_size=10), c, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=10), values, max_size=5))
def test_fast_writer_round_trips(data: dict[str, object]) -> None:
    text = dump_plain(data)
    loaded = YAML(typ="safe", pure=True).load(text)
    assert loaded == (data or {}) or (not data and loaded is None)
