"""OSV range semantics, with the examples of the OSV schema's evaluation section."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medsec.domain.advisory import AffectedPackage, Event, EventKind, RangeType, VersionRange
from medsec.engines.matching import ranges, versions
from medsec.engines.matching.ranges import (
    RangeError,
    compile_range,
    forget_compiled,
    is_affected,
    match_affected,
)

INTRO, F, L, LIM = EventKind.INTRODUCED, EventKind.FIXED, EventKind.LAST_AFFECTED, EventKind.LIMIT


def rng(*events: tuple[EventKind, str], kind: RangeType = RangeType.SEMVER) -> VersionRange:
    return VersionRange(kind, tuple(Event(k, ver) for k, ver in events))


def package(
    *ranges: VersionRange, ecosystem: str = "npm", versions_list: tuple[str, ...] = ()
) -> AffectedPackage:
    return AffectedPackage(ecosystem, "demo", None, ranges, versions_list)


def affected(r: VersionRange, version: str, ecosystem: str = "npm") -> bool:
    return match_affected(package(r, ecosystem=ecosystem), version) is not None


@pytest.mark.parametrize(
    ("events", "inside", "outside"),
    [
        # "every possible version is affected"
        ([(INTRO, "0")], ["0.0.1", "1.0.0", "99.0.0"], []),
        # "everything before 1.0.2"
        ([(INTRO, "0"), (F, "1.0.2")], ["0.0.0", "1.0.1", "1.0.2-rc.1"], ["1.0.2", "2.0.0"]),
        # multiple ranges: [1.0.0, 1.0.2) and [3.0.0, 3.2.5)
        (
            [(INTRO, "1.0.0"), (F, "1.0.2"), (INTRO, "3.0.0"), (F, "3.2.5")],
            ["1.0.0", "1.0.1", "3.0.0", "3.2.4"],
            ["0.9.9", "1.0.2", "2.5.0", "3.2.5", "4.0.0"],
        ),
        # last_affected is inclusive, fixed is not
        ([(INTRO, "0"), (L, "2.1.214")], ["2.1.214", "1.0.0"], ["2.1.215", "2.2.0"]),
        # events in any order are sorted first
        (
            [(F, "3.2.5"), (INTRO, "3.0.0"), (F, "1.0.2"), (INTRO, "1.0.0")],
            ["1.0.1", "3.1.0"],
            ["2.0.0", "3.2.5"],
        ),
        # a limit caps the range; "*" is infinity
        ([(INTRO, "1.0.0"), (LIM, "2.0.0")], ["1.5.0"], ["2.0.0", "0.5.0"]),
        ([(INTRO, "1.0.0"), (LIM, "*")], ["1.5.0", "9.0.0"], ["0.5.0"]),
        # several limits: below any of them
        ([(INTRO, "1.0.0"), (LIM, "2.0.0"), (LIM, "3.0.0")], ["2.5.0"], ["3.0.0"]),
        # an open range after a fixed one
        (
            [(INTRO, "0"), (F, "1.0.0"), (INTRO, "2.0.0")],
            ["0.1.0", "2.0.0", "5.0.0"],
            ["1.0.0", "1.5.0"],
        ),
    ],
)
def test_osv_evaluation(
    events: list[tuple[EventKind, str]], inside: list[str], outside: list[str]
) -> None:
    r = rng(*events)
    for version in inside:
        assert affected(r, version), version
    for version in outside:
        assert not affected(r, version), version


def test_equal_introduced_and_fixed_is_empty() -> None:
    r = rng((INTRO, "1.0.0"), (F, "1.0.0"))
    assert not affected(r, "1.0.0")


def test_ecosystem_order_is_used() -> None:
    pep440 = rng((INTRO, "0"), (F, "1.0"), kind=RangeType.ECOSYSTEM)
    assert affected(pep440, "1.0rc1", "PyPI")
    assert not affected(pep440, "1.0.post1", "PyPI")
    debian = rng((INTRO, "0"), (F, "1:1.2.3-1"), kind=RangeType.ECOSYSTEM)
    assert affected(debian, "5.0-1", "Debian:12")  # epoch 0 sorts before epoch 1


def test_go_semver_ranges_take_v_prefixed_and_pseudo_versions() -> None:
    r = rng((INTRO, "0"), (F, "1.2.4"))
    assert affected(r, "v1.2.4-0.20210101000000-abcdefabcdef", "Go")
    assert not affected(r, "v1.2.4", "Go")


def test_git_ranges_are_not_evaluated_but_versions_lists_match() -> None:
    git = VersionRange(
        RangeType.GIT, (Event(INTRO, "0"), Event(F, "a" * 40)), "https://example.org/r"
    )
    pkg = package(git, ecosystem="PyPI", versions_list=("1.0", "1.1"))
    hit = match_affected(pkg, "1.1")
    assert hit is not None and hit.matched == "versions: 1.1"
    assert match_affected(pkg, "2.0") is None


def test_hit_names_the_range_and_the_fixes_above() -> None:
    pkg = package(
        rng((INTRO, "1.0.0"), (F, "1.4.2"), (INTRO, "2.0.0"), (F, "2.1.1")),
        rng((INTRO, "0"), (F, "3.0.0")),
    )
    hit = match_affected(pkg, "1.2.0")
    assert hit is not None
    assert hit.matched == "SEMVER: introduced 1.0.0, fixed 1.4.2, introduced 2.0.0, fixed 2.1.1"
    assert hit.fixed == ("1.4.2", "2.1.1", "3.0.0")


def test_unparsable_event_skips_the_range_and_reports() -> None:
    problems: list[str] = []
    pkg = package(rng((INTRO, "0"), (F, "not-a-version")), rng((INTRO, "0"), (F, "2.0.0")))
    assert match_affected(pkg, "1.0.0", problems) is not None  # the other range still works
    assert problems == [
        "range not evaluated: 'not-a-version' is not a valid SemVer version, in range "
        "SEMVER: introduced 0, fixed not-a-version"
    ]


def test_unparsable_installed_version_is_reported_not_guessed() -> None:
    problems: list[str] = []
    assert match_affected(package(rng((INTRO, "0"))), "latest", problems) is None
    assert problems == [
        "'latest' is not a valid SemVer version: SEMVER: introduced 0 not evaluated"
    ]


def test_range_without_introduced_is_refused() -> None:
    with pytest.raises(RangeError, match="no 'introduced'"):
        compile_range(rng((F, "1.0.0")), versions.SEMVER)


def test_the_first_fault_of_a_range_is_named() -> None:
    # no 'introduced' is named before an invalid version; of invalid versions, the first
    with pytest.raises(RangeError, match="no 'introduced'"):
        compile_range(rng((F, "bad"), (LIM, "also-bad")), versions.SEMVER)
    with pytest.raises(RangeError, match="'first' is not a valid SemVer version, in range"):
        compile_range(rng((INTRO, "0"), (LIM, "first"), (F, "second")), versions.SEMVER)


def test_a_compiled_entry_is_reused_until_forgotten() -> None:
    pkg = package(rng((F, "2.0.0"), (INTRO, "1.0.0")))  # out of order: compiled (sorted)
    forget_compiled()
    assert match_affected(pkg, "1.5.0") is not None
    assert ranges._PLANS[id(pkg)][0] is pkg  # compiled once, kept for the next component
    assert match_affected(pkg, "2.0.0") is None
    forget_compiled()  # what a scan does when it is done: nothing keeps its entries alive
    assert id(pkg) not in ranges._PLANS
    assert match_affected(pkg, "1.5.0") is not None  # and compiled again when met again


def test_an_entry_in_order_is_walked_and_nothing_kept() -> None:
    pkg = package(rng((INTRO, "1.0.0"), (F, "2.0.0")))
    forget_compiled()
    assert match_affected(pkg, "1.5.0") is not None
    assert match_affected(pkg, "2.0.0") is None
    assert id(pkg) not in ranges._PLANS


def test_unknown_ecosystem_ranges_are_not_evaluated() -> None:
    r = rng((INTRO, "0"), kind=RangeType.ECOSYSTEM)
    assert match_affected(package(r, ecosystem="OSS-Fuzz"), "1.0") is None
    assert (
        match_affected(package(r, ecosystem="OSS-Fuzz", versions_list=("1.0",)), "1.0") is not None
    )


# --- hypothesis: the evaluation equals a brute-force reading of the spec --------------------

VERSIONS = [f"{a}.{b}.0" for a in range(4) for b in range(4)]


def spec_reference(events: list[tuple[EventKind, str]], version: str) -> bool:
    """The OSV pseudo-code, literally, with stable sorting and "0" first."""
    key = versions.SEMVER.key
    limits = [e for e in events if e[0] is LIM]
    if limits and not any(key(version) < key(v) for _k, v in limits):
        return False
    ordered = sorted(
        (e for e in events if e[0] is not LIM),
        key=lambda e: (0, (0,)) if e[1] == "0" else (1, key(e[1])),
    )
    vulnerable = False
    for kind, ver in ordered:
        if kind is INTRO and (ver == "0" or not key(version) < key(ver)):
            vulnerable = True
        elif (kind is F and not key(version) < key(ver)) or (kind is L and key(ver) < key(version)):
            vulnerable = False
    return vulnerable


EVENTS = st.lists(
    st.tuples(st.sampled_from([INTRO, F, L, LIM]), st.sampled_from([*VERSIONS, "0"])).filter(
        lambda e: e[1] != "0" or e[0] is INTRO
    ),
    min_size=1,
    max_size=6,
).filter(lambda es: any(k is INTRO for k, _v in es))


@settings(max_examples=400, deadline=None)
@given(EVENTS, st.sampled_from(VERSIONS))
def test_matches_the_spec_pseudocode(events: list[tuple[EventKind, str]], version: str) -> None:
    distinct = {(v, k is INTRO) for k, v in events}
    if len(distinct) < len(events):
        return  # ties between event kinds at one version depend on the written order
    compiled = compile_range(rng(*events), versions.SEMVER)
    assert is_affected(compiled, versions.SEMVER.key(version)) == spec_reference(events, version)


# --- hypothesis: an entry met once (walked) answers as a compiled one ----------------------

WALK_VERSIONS = [*VERSIONS, "1.1.0-rc.1", "v2.0.0", "bad", "1.01.0", "*", " 1.1.0 "]
WALK_EVENTS = st.lists(
    st.tuples(st.sampled_from([INTRO, F, L, LIM]), st.sampled_from([*WALK_VERSIONS, "0"])),
    min_size=0,
    max_size=6,
)


@settings(max_examples=1500, deadline=None)
@given(
    WALK_EVENTS,
    st.sampled_from(WALK_VERSIONS),
    st.lists(st.sampled_from(VERSIONS), max_size=2),
    st.sampled_from(["npm", "Go", "PyPI"]),
)
def test_a_walked_entry_answers_as_a_compiled_one(
    events: list[tuple[EventKind, str]], version: str, listed: list[str], ecosystem: str
) -> None:
    """Unsorted events, invalid versions, missing introduced, limits, ties, the versions list:
    the walk (first meeting) gives the compiled evaluation's hit, fixes and problems."""
    forget_compiled()
    walked_problems: list[str] = []
    entry = package(rng(*events), ecosystem=ecosystem, versions_list=tuple(listed))
    walked = match_affected(entry, version, walked_problems)
    compiled_problems: list[str] = []
    again = package(rng(*events), ecosystem=ecosystem, versions_list=tuple(listed))
    ranges._plan(again)  # compiled first: the general path
    assert match_affected(again, version, compiled_problems) == walked
    assert compiled_problems == walked_problems
    forget_compiled()
