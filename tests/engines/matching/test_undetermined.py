"""A range that cannot be evaluated is a finding of confidence "undetermined", never only a
note; and the issue's bad input stays bounded, linear and loses no finding."""

from __future__ import annotations

import time

import pytest

from medsec.domain.advisory import (
    Advisory,
    AffectedPackage,
    Event,
    EventKind,
    RangeType,
    SeverityScore,
    VersionRange,
)
from medsec.domain.errors import Diagnostic
from medsec.domain.vulnerability import ComponentRef, Confidence
from medsec.engines.matching.matcher import (
    MatchNotes,
    ProblemKind,
    match_component,
    merge_findings,
    undetermined_results,
)

INTRO, FIXED = EventKind.INTRODUCED, EventKind.FIXED
VECTOR = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"


def _entry(ecosystem: str, name: str, *events: tuple[EventKind, str]) -> AffectedPackage:
    rng = VersionRange(RangeType.ECOSYSTEM, tuple(Event(k, x) for k, x in events))
    return AffectedPackage(ecosystem, name, None, (rng,))


def _advisory(ident: str, *affected: AffectedPackage, aliases: tuple[str, ...] = ()) -> Advisory:
    return Advisory(
        id=ident,
        source="osv",
        aliases=aliases,
        summary=f"summary of {ident}",
        severity=(SeverityScore("CVSS_V3", VECTOR),),
        affected=affected,
    )


def test_could_not_evaluate_becomes_an_undetermined_finding() -> None:
    # the installed version is not SemVer: the range cannot place it
    advisory = _advisory("GHSA-1", _entry("npm", "pkg", (INTRO, "0"), (FIXED, "2.0.0")))
    ref = ComponentRef("pkg", "latest", "pkg:npm/pkg@latest")
    notes = MatchNotes()
    assert match_component(ref, [advisory], notes=notes, snapshot="osv:1") == []
    (finding,) = merge_findings(undetermined_results(notes))
    assert finding.undetermined
    assert finding.id == "GHSA-1@pkg:npm/pkg"
    assert finding.severity == "critical"  # from the record: it can be triaged like any other
    assert finding.fixed_versions == ("2.0.0",)  # what the record names as the fix
    (detail,) = finding.details
    assert detail.confidence is Confidence.UNDETERMINED
    assert detail.snapshot == "osv:1"
    assert detail.matched == (
        "not evaluated: 'latest' is not a valid SemVer version: "
        "ECOSYSTEM: introduced 0, fixed 2.0.0 not evaluated"
    )
    assert finding.evaluation == detail.matched


def test_a_real_match_of_an_alias_outranks_the_undetermined_record() -> None:
    good = _advisory(
        "GHSA-2", _entry("npm", "pkg", (INTRO, "0"), (FIXED, "2.0.0")), aliases=("CVE-2024-1",)
    )
    bad = _advisory(
        "OSV-2", _entry("npm", "pkg", (INTRO, "0"), (FIXED, "garbage")), aliases=("CVE-2024-1",)
    )
    ref = ComponentRef("pkg", "1.0.0", "pkg:npm/pkg@1.0.0")
    notes = MatchNotes()
    matched = match_component(ref, [good, bad], notes=notes)
    (finding,) = merge_findings([*matched, *undetermined_results(notes)])
    assert not finding.undetermined and finding.evaluation is None
    assert [d.confidence for d in finding.details] == [Confidence.HIGH, Confidence.UNDETERMINED]


def test_a_plain_list_of_notes_has_no_undetermined_results() -> None:
    advisory = _advisory("GHSA-3", _entry("npm", "pkg", (INTRO, "0"), (FIXED, "garbage")))
    notes: list[Diagnostic] = []
    match_component(ComponentRef("pkg", "1.0.0", "pkg:npm/pkg@1.0.0"), [advisory], notes=notes)
    assert len(notes) == 1 and undetermined_results(notes) == []


# --- bad input (issue 10): bounded, de-duplicated, linear, nothing lost ------------------------


def test_ranges_of_mixed_ecosystems_are_judged_by_the_components_own() -> None:
    # one record, three ecosystems: the PyPI and Maven events are not npm versions, and must
    # neither match an npm component nor make it "could not evaluate"
    advisory = _advisory(
        "OSV-MIX",
        _entry("PyPI", "pkg", (INTRO, "0"), (FIXED, "1.0.post1")),
        _entry("Maven", "pkg", (INTRO, "0"), (FIXED, "1.0-SNAPSHOT")),
        _entry("npm", "pkg", (INTRO, "0"), (FIXED, "1.0.1")),
    )
    notes = MatchNotes()
    (hit,) = match_component(
        ComponentRef("pkg", "1.0.0", "pkg:npm/pkg@1.0.0"), [advisory], notes=notes
    )
    assert hit.detail.matched == "npm/pkg ECOSYSTEM: introduced 0, fixed 1.0.1"
    assert list(notes) == [] and notes.not_evaluated == []
    # a PyPI component meets only the PyPI entry, in PEP 440 order
    assert match_component(ComponentRef("pkg", "1.0", "pkg:pypi/pkg@1.0"), [advisory], notes=notes)
    assert (
        match_component(
            ComponentRef("pkg", "1.0.post1", "pkg:pypi/pkg@1.0.post1"), [advisory], notes=notes
        )
        == []
    )
    assert list(notes) == []


def test_records_of_an_unknown_ecosystem_never_touch_a_component() -> None:
    advisory = _advisory("X-1", _entry("NoSuchEcosystem:1", "pkg", (INTRO, "0"), (FIXED, "?")))
    notes = MatchNotes()
    ref = ComponentRef("pkg", "1.0.0", "pkg:npm/pkg@1.0.0")
    assert match_component(ref, [advisory], notes=notes) == []
    assert list(notes) == [] and notes.not_evaluated == []


def test_versions_no_comparator_accepts_in_every_kind_of_ecosystem() -> None:
    cases = [
        ("npm", "pkg:npm/pkg@x.y", "SemVer"),
        ("Debian:12", "pkg:deb/debian/pkg@1.0%20beta?distro=debian-12", "Debian"),
        ("Alpine:v3.18", "pkg:apk/alpine/pkg@1.0_foo?distro=3.18", "Alpine"),
        ("CRAN", "pkg:cran/pkg@1.0a", "R"),
        ("Hackage", "pkg:hackage/pkg@01.0", "Hackage"),
        ("Pub", "pkg:pub/pkg@1.2", "Pub"),
        ("RubyGems", "pkg:gem/pkg@1beta", "RubyGems"),
    ]
    for ecosystem, purl, order in cases:
        advisory = _advisory("OSV-V", _entry(ecosystem, "pkg", (INTRO, "0"), (FIXED, "9")))
        notes = MatchNotes()
        version = purl.split("@")[1].split("?")[0].replace("%20", " ")
        assert match_component(ComponentRef("pkg", version, purl), [advisory], notes=notes) == []
        (state,) = notes.not_evaluated
        assert f"is not a valid {order} version" in state.reason, (ecosystem, state.reason)
        assert notes.counts == {ProblemKind.NOT_EVALUATED: 1}


@pytest.mark.slow
def test_100000_warning_components_stay_linear_bounded_and_complete() -> None:
    # every component's version is unorderable: each is a could-not-evaluate finding
    advisory = _advisory("GHSA-BIG", _entry("npm", "pkg", (INTRO, "0"), (FIXED, "2.0.0")))

    def scan(count: int) -> tuple[float, MatchNotes]:
        notes = MatchNotes()
        started = time.perf_counter()
        for i in range(count):
            ref = ComponentRef("pkg", f"bad-{i}", f"pkg:npm/pkg@bad-{i}")
            match_component(ref, [advisory], notes=notes)
        return time.perf_counter() - started, notes

    small, _ = scan(10_000)
    large, notes = scan(100_000)
    assert len(notes.not_evaluated) == 100_000  # no finding lost
    assert len(notes) == 1_001  # 1,000 listed, then one line counting the rest
    assert notes[-1].message == "99000 more 'could not evaluate' notes not listed (100000 in all)"
    assert notes.counts == {ProblemKind.NOT_EVALUATED: 100_000}
    # 10x the components: linear is ~10x; a quadratic de-duplication would be ~100x
    assert large < 25 * small + 1.0, (small, large)
    results = undetermined_results(notes)
    assert len({r.component for r in results}) == 100_000  # one finding each, once merged
    assert all(f.undetermined for f in merge_findings(results[:100]))
