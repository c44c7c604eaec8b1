"""VEX statements from findings and assessments; re-review; merging imports; finding ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st
from tests.engines.vex_samples import ASSESSMENTS, FINDINGS, PRODUCT, TODAY, ZLIB, finding

from medsec.domain.finding_id import (
    finding_id,
    purl_without_version,
    split_finding_id,
)
from medsec.domain.vex import ReviewReason, Statement
from medsec.domain.vulnerability import (
    ComponentRef,
    Justification,
    Response,
    VexState,
    VulnAssessment,
)
from medsec.engines.vex import assessment_statements, vex_statements
from medsec.engines.vex_merge import ChangeKind, merge
from medsec.engines.vex_review import review_due


def test_one_statement_per_finding_sorted_and_unassessed_in_triage() -> None:
    statements = vex_statements(FINDINGS, ASSESSMENTS, PRODUCT)
    assert [s.finding for s in statements] == sorted(f.id for f in FINDINGS)
    by_id = {s.finding: s for s in statements}
    assert by_id[FINDINGS[7].id].state is VexState.IN_TRIAGE  # never assessed
    zlib = by_id[FINDINGS[0].id]
    assert zlib.state is VexState.NOT_AFFECTED
    assert zlib.justification is Justification.PROTECTED_AT_PERIMETER
    assert zlib.component == ZLIB and zlib.cwes == ("CWE-787",)
    assert zlib.first_issued == dt.datetime(2025, 6, 16, tzinfo=dt.UTC)
    wpa = by_id[FINDINGS[3].id]
    assert wpa.responses == (Response.UPDATE, Response.WORKAROUND_AVAILABLE)
    assert wpa.hazards == ("HAZ-1",) and wpa.safety is not None


def test_aliases_drop_the_primary_id_and_versions_of_one_component_stay_apart() -> None:
    starlette = vex_statements(FINDINGS, ASSESSMENTS, PRODUCT)
    ghsa = next(s for s in starlette if s.vulnerability.startswith("GHSA"))
    assert ghsa.aliases == ("CVE-2024-47874",)
    old = finding("CVE-2022-37434", replace(ZLIB, version="1.2.12", purl="pkg:generic/zlib@1.2.12"))
    both = vex_statements([FINDINGS[0], old, FINDINGS[0]], ASSESSMENTS, PRODUCT)
    assert [s.component.version for s in both if s.component] == ["1.2.12", "1.3.1"]
    assert {s.state for s in both} == {VexState.NOT_AFFECTED}  # one decision, both versions


def test_statements_from_assessments_alone() -> None:
    assessments = {
        **ASSESSMENTS,
        "CVE-2021-1": VulnAssessment("CVE-2021-1", VexState.NOT_AFFECTED, detail="none named"),
    }
    statements = assessment_statements(assessments, PRODUCT)
    by_id = {s.finding: s for s in statements}
    zlib = by_id[FINDINGS[0].id].component
    assert zlib == ComponentRef("zlib", "1.2.12", "pkg:generic/zlib@1.2.12")
    assert by_id[FINDINGS[5].id].component == ComponentRef("safety-fw", None)
    assert by_id["CVE-2021-1"].component is None
    assert by_id["CVE-2021-1"].vulnerability == "CVE-2021-1"


def test_review_due_yearly_version_and_next_review() -> None:
    flags = review_due(ASSESSMENTS, TODAY, FINDINGS)
    reasons = {(f.finding, f.reason) for f in flags}
    zlib, wpa, ssl = FINDINGS[0].id, FINDINGS[3].id, FINDINGS[1].id
    assert (zlib, ReviewReason.YEARLY) in reasons
    assert (zlib, ReviewReason.VERSION_CHANGED) in reasons
    assert (wpa, ReviewReason.DUE) in reasons
    assert not any(f == ssl for f, _ in reasons)  # recent, same version
    message = next(f.message for f in flags if f.reason is ReviewReason.VERSION_CHANGED)
    assert message.startswith("version changed: re-review") and "1.2.12" in message
    assert "1.3.1" in message


def test_review_due_uses_sbom_versions_without_a_scan_and_flags_undated() -> None:
    undated = VulnAssessment("CVE-1@pkg:generic/x", VexState.NOT_AFFECTED, component_version="1")
    flags = review_due({"CVE-1@pkg:generic/x": undated}, TODAY, components={"pkg:generic/x": {"2"}})
    assert {f.reason for f in flags} == {ReviewReason.YEARLY, ReviewReason.VERSION_CHANGED}
    same = review_due(
        {"CVE-1@pkg:generic/x": undated}, TODAY, components={"pkg:generic/x": {"1", "2"}}
    )
    assert {f.reason for f in same} == {ReviewReason.YEARLY}
    recent = replace(undated, date=TODAY - dt.timedelta(days=365))
    assert review_due({"k": recent}, TODAY) == ()


def _statement(fid: str, state: VexState, version: str | None = "1.0", **kw: object) -> Statement:
    advisory, _, subject = fid.partition("@")
    component = ComponentRef(subject or "x", version, f"{subject}@{version}" if version else None)
    return Statement(finding=fid, vulnerability=advisory, state=state, component=component, **kw)  # type: ignore[arg-type]


def test_merge_adds_changes_keeps_people_fields_and_never_deletes() -> None:
    existing = {
        "CVE-1@pkg:generic/a": VulnAssessment(
            "CVE-1@pkg:generic/a",
            VexState.IN_TRIAGE,
            safety=None,
            hazards=("HAZ-1",),
            next_review=dt.date(2027, 1, 1),
            author="me",
        ),
        "CVE-9@pkg:generic/z": VulnAssessment("CVE-9@pkg:generic/z", VexState.RESOLVED),
    }
    statements = [
        _statement(
            "CVE-1@pkg:generic/a",
            VexState.NOT_AFFECTED,
            justification=Justification.CODE_NOT_PRESENT,
            last_updated=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
        ),
        _statement("CVE-2@pkg:generic/b", VexState.EXPLOITABLE, responses=(Response.UPDATE,)),
    ]
    result = merge(existing, statements, today=TODAY, known={"CVE-1@pkg:generic/a": "1.0"})
    kinds = {c.finding: (c.kind, c.known) for c in result.changes}
    assert kinds == {
        "CVE-1@pkg:generic/a": (ChangeKind.CHANGED, True),
        "CVE-2@pkg:generic/b": (ChangeKind.ADDED, False),  # kept although no finding has it
    }
    a = result.assessments["CVE-1@pkg:generic/a"]
    assert a.state is VexState.NOT_AFFECTED and a.hazards == ("HAZ-1",) and a.author == "me"
    assert a.next_review == dt.date(2027, 1, 1) and a.date == dt.date(2026, 1, 2)
    assert a.component_version == "1.0"
    assert result.assessments["CVE-2@pkg:generic/b"].date == TODAY
    assert "CVE-9@pkg:generic/z" in result.assessments  # untouched, never deleted
    again = merge(result.assessments, statements, today=TODAY)
    assert {c.kind for c in again.changes} == {ChangeKind.UNCHANGED}


def test_merge_later_statement_supersedes_and_versions_that_disagree_are_kept_apart() -> None:
    same = [
        _statement("CVE-1@pkg:generic/a", VexState.EXPLOITABLE),
        _statement("CVE-1@pkg:generic/a", VexState.NOT_AFFECTED),
    ]
    result = merge({}, same, today=TODAY)
    assert result.assessments["CVE-1@pkg:generic/a"].state is VexState.NOT_AFFECTED
    assert result.count(ChangeKind.SUPERSEDED) == 1
    versions = [
        _statement("CVE-1@pkg:generic/a", VexState.EXPLOITABLE, "2.4"),
        _statement("CVE-1@pkg:generic/a", VexState.NOT_AFFECTED, "2.3"),
    ]
    apart = merge({}, versions, today=TODAY)
    assert set(apart.assessments) == {"CVE-1@pkg:generic/a#2.4", "CVE-1@pkg:generic/a#2.3"}
    current = merge({}, versions, today=TODAY, known={"CVE-1@pkg:generic/a": "2.3"})
    assert set(current.assessments) == {"CVE-1@pkg:generic/a#2.4", "CVE-1@pkg:generic/a"}
    assert current.assessments["CVE-1@pkg:generic/a"].state is VexState.NOT_AFFECTED


def test_merge_never_dates_a_decision_after_today() -> None:
    later = _statement(
        "CVE-1@pkg:generic/a",
        VexState.RESOLVED,
        last_updated=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
    )
    assert merge({}, [later], today=TODAY).assessments["CVE-1@pkg:generic/a"].date == TODAY


def test_finding_ids() -> None:
    assert finding_id("CVE-2022-37434", ZLIB) == "CVE-2022-37434@pkg:generic/zlib"
    maven = ComponentRef("k", "1.9", "pkg:maven/org.jetbrains.kotlin/kotlin-stdlib@1.9.22?type=jar")
    assert finding_id("CVE-1", maven) == "CVE-1@pkg:maven/org.jetbrains.kotlin/kotlin-stdlib"
    assert finding_id("CVE-1", ComponentRef("safety-fw", "1.4.0")) == "CVE-1@safety-fw"
    assert finding_id("CVE-1", None) == "CVE-1"
    assert finding_id("CVE-1", ZLIB, "2.4") == "CVE-1@pkg:generic/zlib#2.4"
    assert purl_without_version("pkg:npm/%40angular/core@1.0.0#sub") == "pkg:npm/%40angular/core"
    assert purl_without_version("pkg:maven/@1.3.4") == "pkg:maven/"
    key = split_finding_id("CVE-1@pkg:generic/zlib#2.4")
    assert (key.advisory, key.subject, key.variant, key.name) == (
        "CVE-1",
        "pkg:generic/zlib",
        "2.4",
        "zlib",
    )
    assert split_finding_id("CVE-1@safety-fw").purl is None
    assert split_finding_id("CVE-1").subject is None


@given(
    st.from_regex(r"[A-Z]{3,5}-[0-9]{4}-[0-9]{4,6}", fullmatch=True),
    st.from_regex(r"[a-z][a-z0-9.-]{0,15}", fullmatch=True),
    st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3}){0,2}", fullmatch=True),
)
def test_finding_id_is_stable_across_versions(advisory: str, name: str, version: str) -> None:
    a = ComponentRef(name, version, f"pkg:generic/{name}@{version}")
    b = ComponentRef(name, "99", f"pkg:generic/{name}@99")
    fid = finding_id(advisory, a)
    assert fid == finding_id(advisory, b)
    key = split_finding_id(fid)
    assert key.advisory == advisory and key.name == name
