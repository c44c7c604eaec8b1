"""The RubyGems and NuGet keys are tuples in univers' order: ``<`` both ways as univers' values
(the keys before) compare, on the RubyGems reference vectors and on generated versions."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from univers import gem, nuget
from univers import versions as uv

from medsec.engines.matching.keyed import gem_canonical, gem_key, nuget_key, plain_nuget_key
from medsec.engines.matching.versions import NUGET, RUBYGEMS, VersionOrder

FIXTURE = Path(__file__).parents[2] / "fixtures" / "versions" / "rubygems.tsv"
GEMISH = st.builds(
    lambda head, tail: head + tail,
    st.sampled_from("0123456789"),
    st.text(alphabet="0123456789.-abzAZ", max_size=10),
)
NUGETISH = st.builds(
    lambda core, rest: core + rest,
    st.lists(st.sampled_from(["0", "1", "2", "10", "01", "007"]), min_size=1, max_size=5).map(
        ".".join
    ),
    st.one_of(
        st.just(""),
        st.text(alphabet="0123456789.-+abzAZ", max_size=10).map(lambda t: "-" + t),
        st.text(alphabet="0123456789.abz", max_size=6).map(lambda t: "+" + t),
    ),
)
CLASSES = {"RubyGems": uv.RubygemsVersion, "NuGet": uv.NugetVersion}


def _univers(order: VersionOrder, text: str) -> Any:
    """univers' value (what the key was before), or None when univers refuses the text."""
    try:
        return CLASSES[order.name](text.strip()).value
    except Exception:  # univers raises a mix of types
        return None


def _same_order(order: VersionOrder, a: str, b: str) -> None:
    """Both ways of ``<`` agree between univers' values and the keys, where both parse."""
    old_a, old_b = _univers(order, a), _univers(order, b)
    new_a, new_b = order.try_key(a), order.try_key(b)
    if any(x is None for x in (old_a, old_b, new_a, new_b)):
        return
    assert (old_a < old_b) == (new_a < new_b), (a, b)
    assert (old_b < old_a) == (new_b < new_a), (a, b)


def _reference_versions() -> list[str]:
    """Every version of the RubyGems vectors (comparison column ignored)."""
    found: list[str] = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            found += [x for x in line.split("\t")[:2] if x]
    return list(dict.fromkeys(found))


def test_reference_gem_versions_keep_univers_order() -> None:
    versions = [t for t in _reference_versions() if RUBYGEMS.try_key(t) is not None]
    assert len(versions) > 30
    for a, b in itertools.product(versions, repeat=2):
        _same_order(RUBYGEMS, a, b)


@pytest.mark.parametrize(
    ("low", "high"),
    [
        ("1.a", "1"),  # a string below the padding zero
        ("1", "1.0.1"),  # a number above it, after zeros
        ("1.0.0.a", "1"),
        ("1.a", "1.0.0.1"),
        ("1.0.a", "1.0.b"),
        ("1.b", "1.0.1"),
    ],
)
def test_gem_padding_with_zeros(low: str, high: str) -> None:
    assert RUBYGEMS.key(low) < RUBYGEMS.key(high)
    assert not RUBYGEMS.key(high) < RUBYGEMS.key(low)
    _same_order(RUBYGEMS, low, high)


def test_gem_trailing_zeros_are_equal() -> None:
    assert gem_key((1,)) == gem_key((1, 0, 0))
    assert RUBYGEMS.key("1.0") == RUBYGEMS.key("1")


def test_nuget_revision_and_prerelease() -> None:
    ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0", "1.0.0.1", "1.0.1-rc"]
    keys = [NUGET.key(t) for t in ordered]
    assert all(a < b for a, b in itertools.pairwise(keys))
    for a, b in itertools.product(ordered, repeat=2):
        _same_order(NUGET, a, b)


@settings(max_examples=1500, deadline=None)
@given(a=GEMISH, b=GEMISH)
def test_generated_gem_versions_keep_univers_order(a: str, b: str) -> None:
    _same_order(RUBYGEMS, a, b)


@settings(max_examples=1500, deadline=None)
@given(a=NUGETISH, b=NUGETISH)
def test_generated_nuget_versions_keep_univers_order(a: str, b: str) -> None:
    _same_order(NUGET, a, b)


@settings(max_examples=1500, deadline=None)
@given(text=GEMISH | st.text(alphabet="0123456789.-aZ ", max_size=8))
def test_gem_segments_are_the_ones_univers_makes(text: str) -> None:
    if RUBYGEMS.try_key(text) is None:
        return  # refused before any segment is read
    assert gem_canonical(text) == gem.GemVersion(text.strip()).canonical_segments


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.text(alphabet="0123456789", min_size=0, max_size=3), min_size=1, max_size=6).map(
        ".".join
    )
    | st.text(alphabet="0123456789.v ", max_size=10)
)
def test_plain_nuget_versions_read_as_univers_reads_them(text: str) -> None:
    plain = plain_nuget_key(text)
    if plain is None:
        return
    value = nuget.Version.from_string(text.strip())
    assert plain == nuget_key(
        value.major, value.minor, value.patch, value.revision, value.prerelease
    ), text
