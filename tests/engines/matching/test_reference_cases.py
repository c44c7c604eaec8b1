"""Issue 10's acceptance cases end to end: OSV record → matcher → match or explicit state."""

from __future__ import annotations

from pathlib import Path

import pytest

from medsec.domain.advisory import (
    Advisory,
    AffectedPackage,
    Event,
    EventKind,
    RangeType,
    VersionRange,
)
from medsec.domain.errors import Diagnostic
from medsec.domain.vulnerability import ComponentRef
from medsec.engines.matching.matcher import (
    MatchNotes,
    NotEvaluated,
    ProblemKind,
    match_component,
)
from medsec.sources.advisories import osv

OSV = Path(__file__).resolve().parents[2] / "fixtures" / "versions" / "osv"


def record(name: str) -> Advisory:
    return osv.parse((OSV / name).read_bytes(), source=name)


def test_alpine_sudo_baron_samedit_is_found() -> None:
    # CVE-2021-3156 on Alpine 3.13: fixed in sudo 1.9.5p2-r0, a version univers refused
    advisory = record("ALPINE-CVE-2021-3156.json")
    sudo = ComponentRef("sudo", "1.9.4-r0", "pkg:apk/alpine/sudo@1.9.4-r0?distro=alpine-3.13.5")
    notes = MatchNotes()
    (result,) = match_component(sudo, [advisory], notes=notes)
    assert result.advisory.id == "ALPINE-CVE-2021-3156"
    assert result.fixed_versions == ("1.9.5p2-r0",)
    assert result.detail.matched == "Alpine:v3.13/sudo ECOSYSTEM: introduced 0, fixed 1.9.5p2-r0"
    assert list(notes) == []
    for fixed in ("1.9.5p2-r0", "1.9.5p2-r1", "1.9.6-r0"):
        ref = ComponentRef("sudo", fixed, f"pkg:apk/alpine/sudo@{fixed}?distro=alpine-3.13.5")
        assert match_component(ref, [advisory]) == []
    # 1.9.5p1 (the release before the fix) is still affected
    p1 = ComponentRef("sudo", "1.9.5p1-r0", "pkg:apk/alpine/sudo@1.9.5p1-r0?distro=alpine-3.13")
    assert match_component(p1, [advisory])


def test_pub_fix_released_with_build_metadata_is_recognised() -> None:
    advisory = record("PUB-FIX-WITH-BUILD.json")
    affected = ComponentRef("example_pkg", "4.1.1", "pkg:pub/example_pkg@4.1.1")
    (result,) = match_component(affected, [advisory])
    assert result.fixed_versions == ("4.1.1+1",)
    for fixed in ("4.1.1+1", "4.1.1+2", "4.1.2"):
        ref = ComponentRef("example_pkg", fixed, f"pkg:pub/example_pkg@{fixed}")
        assert match_component(ref, [advisory]) == [], fixed


def _guzzle(shared: Path, ghsa: str) -> Advisory:
    path = shared / "fixtures" / "advisories" / "osv-from-osv-scanner-report" / f"{ghsa}.json"
    return osv.parse(path.read_bytes(), source=path.name)


@pytest.mark.parametrize("ghsa", ["GHSA-25mq-v84q-4j7r", "GHSA-cwmx-hcrq-mhc3"])
def test_packagist_decision_on_real_guzzle_records(shared: Path, ghsa: str) -> None:
    advisory = _guzzle(shared, ghsa)
    (old, new) = advisory.affected
    # every listed version (including the "v"-prefixed 3.x tags) is inside the ranges
    for entry in (old, new):
        for version in entry.versions:
            ref = ComponentRef("guzzle", version, f"pkg:composer/guzzlehttp/guzzle@{version}")
            assert match_component(ref, [advisory]), version
    fixed = new.ranges[0].events[-1].version
    # Composer order: a "v"-prefixed tag of the fix is the fix. PHP's plain version_compare
    # (osv.dev) would put "v7.4.5" below "6.5.8", inside the first range: a false positive.
    for version in (fixed, f"v{fixed}", f"{fixed}.0"):
        ref = ComponentRef("guzzle", version, f"pkg:composer/guzzlehttp/guzzle@{version}")
        assert match_component(ref, [advisory]) == [], version


def _advisory(ecosystem: str, *events: tuple[EventKind, str], versions: tuple[str, ...] = ()):
    rng = VersionRange(RangeType.ECOSYSTEM, tuple(Event(k, x) for k, x in events))
    return Advisory(
        id="OSV-1",
        source="osv",
        affected=(AffectedPackage(ecosystem, "pkg", None, (rng,), versions=versions),),
    )


INTRO, FIXED = EventKind.INTRODUCED, EventKind.FIXED


def test_a_range_that_cannot_be_evaluated_is_an_explicit_state() -> None:
    advisory = _advisory("npm", (INTRO, "0"), (FIXED, "not-a-version"))
    ref = ComponentRef("pkg", "1.0.0", "pkg:npm/pkg@1.0.0")
    notes = MatchNotes()
    assert match_component(ref, [advisory], notes=notes) == []
    assert notes.not_evaluated == [
        NotEvaluated(
            ref,
            "OSV-1",
            "range not evaluated: 'not-a-version' is not a valid SemVer version, in range "
            "ECOSYSTEM: introduced 0, fixed not-a-version",
        )
    ]
    assert notes.counts == {ProblemKind.NOT_EVALUATED: 1}
    assert notes[0].message.startswith("could not evaluate OSV-1: range not evaluated")


def test_an_ecosystem_without_an_order_is_not_skipped_silently() -> None:
    advisory = _advisory("ConanCenter", (INTRO, "0"), (FIXED, "1.0"))
    ref = ComponentRef("pkg", "0.9", "pkg:conan/pkg@0.9")
    notes = MatchNotes()
    assert match_component(ref, [advisory], notes=notes) == []
    (state,) = notes.not_evaluated
    assert "no version order for ecosystem 'ConanCenter'" in state.reason


def test_a_list_match_needs_no_range_and_the_bad_range_is_still_said() -> None:
    advisory = _advisory("npm", (INTRO, "0"), (FIXED, "garbage"), versions=("1.0.0",))
    ref = ComponentRef("pkg", "1.0.0", "pkg:npm/pkg@1.0.0")
    notes = MatchNotes()
    (result,) = match_component(ref, [advisory], notes=notes)
    assert result.detail.matched.endswith("versions: 1.0.0")
    assert notes.not_evaluated == []
    assert notes.counts == {ProblemKind.BAD_RANGE: 1}


def test_notes_are_deduplicated_and_bounded_per_kind() -> None:
    advisory = _advisory("npm", (INTRO, "0"), (FIXED, "garbage"))
    notes = MatchNotes(limit=3)
    for i in range(10):
        ref = ComponentRef(f"p{i}", "1.0.0", f"pkg:npm/pkg@1.0.{i}")
        for _ in range(2):  # the same component twice: its notes once
            match_component(ref, [advisory], notes=notes)
    assert notes.counts == {ProblemKind.NOT_EVALUATED: 10}
    assert len(notes) == 4  # 3 listed, then one counting line
    assert notes[-1].message == "7 more 'could not evaluate' notes not listed (10 in all)"
    assert len(notes.not_evaluated) == 10  # every possibly affected component is kept


def test_a_plain_list_still_gets_each_problem_once_per_component() -> None:
    advisory = _advisory("npm", (INTRO, "0"), (FIXED, "garbage"))
    notes: list[Diagnostic] = []
    ref = ComponentRef("pkg", "latest", "pkg:npm/pkg@latest")
    match_component(ref, [advisory, advisory], notes=notes)
    assert len(notes) == 1
