"""The Debian key is a plain tuple in dpkg's order: the same order (``<`` both ways) as univers'
Debian value it replaced, on the dpkg reference versions and on generated ones."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from univers import versions as uv

from medsec.engines.matching.versions import DEBIAN, Comparable

FIXTURE = Path(__file__).parents[2] / "fixtures" / "versions" / "debian.tsv"
# digits first (a Debian version starts with one), then what upstream versions hold
VERSIONS = st.builds(
    lambda head, tail: head + tail,
    st.sampled_from("0123456789"),
    st.text(alphabet="0123456789.~+-:abzAZ", max_size=10),
)


def _univers(text: str) -> Comparable | None:
    """univers' Debian value (what the key was before), or None when it refuses the text."""
    try:
        value: Comparable = uv.DebianVersion(text).value
    except Exception:  # univers raises a mix of types
        return None
    return value


def _reference_versions() -> list[str]:
    """Every version of the dpkg vectors (tab-separated, comparison column ignored)."""
    found: list[str] = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            found += [x for x in line.split("\t") if x and x not in {"<", ">", "=", "-1", "0", "1"}]
    return list(dict.fromkeys(found))


def test_reference_versions_keep_univers_order() -> None:
    pairs = [(t, _univers(t), DEBIAN.try_key(t)) for t in _reference_versions()]
    valid = [(t, old, new) for t, old, new in pairs if old is not None and new is not None]
    assert len(valid) > 50
    for (a, old_a, new_a), (b, old_b, new_b) in itertools.product(valid, repeat=2):
        assert (old_a < old_b) == (new_a < new_b), (a, b)


def test_known_dpkg_orders() -> None:
    ordered = ["1.0~~", "1.0~~a", "1.0~", "1.0", "1.0a", "1.0+", "1.0.1", "1:0.1", "2:0"]
    keys = [DEBIAN.key(t) for t in ordered]
    assert all(a < b for a, b in itertools.pairwise(keys))
    assert not DEBIAN.key("1.0") < DEBIAN.key("1.00")  # equal for dpkg: neither below
    assert not DEBIAN.key("1.00") < DEBIAN.key("1.0")
    assert not DEBIAN.key("1.0") < DEBIAN.key("1.0-0")
    assert DEBIAN.key("1.0-1") < DEBIAN.key("1.0-1ubuntu1") < DEBIAN.key("1.0-2")


@settings(max_examples=400, deadline=None)
@given(a=VERSIONS, b=VERSIONS)
def test_generated_versions_keep_univers_order(a: str, b: str) -> None:
    old_a, old_b = _univers(a), _univers(b)
    new_a, new_b = DEBIAN.try_key(a), DEBIAN.try_key(b)
    if a.endswith("-"):
        assert new_a is None  # an empty revision: dpkg refuses it, univers does not
    else:
        assert (old_a is None) == (new_a is None)
    if old_a is not None and old_b is not None and new_a is not None and new_b is not None:
        assert (old_a < old_b) == (new_a < new_b)
        assert (old_b < old_a) == (new_b < new_a)
