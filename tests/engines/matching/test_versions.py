"""Version order per ecosystem, checked against what each ecosystem's own tool says.

Each chain is written in ascending order as the native comparator sorts it (``pip``/
``packaging``, ``npm semver``, ``golang.org/x/mod/semver``, Maven's ``ComparableVersion``,
``Gem::Version``, NuGet, ``dpkg --compare-versions``, ``apk version -t``, ``rpmvercmp``,
PHP ``version_compare`` after Composer's normalisation); ``=`` marks equal versions.
"""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medsec.engines.matching import versions as v
from medsec.engines.matching.versions import InvalidVersionError, VersionOrder, order_for

CHAINS: list[tuple[VersionOrder, str]] = [
    (v.PYPI, "1.0.dev1 < 1.0a1 < 1.0a2.dev1 < 1.0a2 < 1.0b1 < 1.0rc1 = 1.0c1 < 1.0 = 1.0.0 = v1.0"),
    (v.PYPI, "1.0 < 1.0+local < 1.0.post1.dev1 < 1.0.post1 = 1.0-post1 < 1.1 < 1.10 < 1!0.5"),
    (v.PYPI, "0.1-bulbasaur < 0.1-charmander < 0.9-doduo < 0.9-eevee < 0.1 < 1.0"),  # legacy first
    (v.SEMVER, "1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2"),
    (v.SEMVER, "1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0 = 1.0.0+build.1 = v1.0.0 = 1.0"),
    (v.SEMVER, "1.0.0 < 1.0.1 < 1.9.0 < 1.10.0 < 2.0.0-0 < 2.0.0"),
    (v.GO, "v0.0.0-20210101000000-abcdefabcdef < v0.0.0-20220101000000-abcdefabcdef < v0.0.1"),
    (v.GO, "v1.2.3 < v1.2.4-0.20210101000000-abcdefabcdef < v1.2.4-pre"),
    (v.GO, "v1.2.4-pre < v1.2.4-pre.0.20210101000000-abcdefabcdef < v1.2.4 = 1.2.4"),
    (v.GO, "v1.2.4 < v2.0.0 = v2.0.0+incompatible < v2.0.1"),
    (v.MAVEN, "1-alpha < 1-beta < 1-milestone < 1-rc = 1-cr < 1-snapshot < 1 = 1-ga = 1-final"),
    (v.MAVEN, "1 = 1.0 = 1-release < 1-sp < 1-abc < 1-1 < 1.1"),
    (v.MAVEN, "1-a1 = 1-alpha-1 < 1-m3 = 1-milestone-3 < 1-foo2 < 1-foo10"),
    (v.MAVEN, "5.2.20.RELEASE < 5.3.0 < 5.3.18-M1 < 5.3.18-RC1 < 5.3.18 = 5.3.18.RELEASE"),
    (v.RUBYGEMS, "1.0.0.a < 1.0.0.b < 1.0.0.pre < 1.0.0.rc1 < 1.0.0 = 1.0 < 1.0.0.1 < 1.0.1"),
    (v.NUGET, "1.0.0-alpha < 1.0.0-beta = 1.0.0-Beta < 1.0.0-rc.1 < 1.0.0 = 1.0 = 1.0.0.0"),
    (v.NUGET, "1.0.0 < 1.0.0.1 < 1.0.1 < 1.10.0"),
    (v.DEBIAN, "1.0~~ < 1.0~ < 1.0~rc1 < 1.0 = 0:1.0 < 1.0-1 < 1.0-1+deb12u1 < 1.0+dfsg-1"),
    (v.DEBIAN, "1.0+dfsg-1 < 1.0.1 < 1.10 < 1:0.9"),
    (v.DEBIAN, "3.0.11-1~deb12u1 < 3.0.11-1~deb12u2 < 3.0.11-1 < 3.0.11-1+b1"),
    (v.ALPINE, "1.2.3_alpha < 1.2.3_beta < 1.2.3_pre < 1.2.3_rc1 < 1.2.3 < 1.2.3-r0"),
    (v.ALPINE, "1.2.3-r0 < 1.2.3-r1 < 1.2.3_p1-r0 < 1.2.4-r0 < 1.10-r0"),
    (v.ALPINE, "1.0.2p-r3 < 1.0.2q-r0 < 1.0.3-r0"),
    (v.RPM, "1.0~rc1-1 < 1.0-1 = 0:1.0-1 < 1.0-2 < 1.0^git1-1 < 1.0a-1 < 1.0.1-1 < 1:0.5-1"),
    (v.RPM, "2.28-151.el8 < 2.28-164.el8 < 2.28-164.el8_10 < 2.29-1.el8"),
    (v.PACKAGIST, "1.0.0-dev < 1.0.0-alpha1 < 1.0.0-beta2 < 1.0.0-RC1 < 1.0.0 = v1.0.0 = 1.0.0.0"),
    (v.PACKAGIST, "1.0.0 < 1.0.0-patch1 = 1.0.0-p1 = 1.0.0-pl1 < 1.0.1 < 1.0.1.5 < 1.0.10"),
    (v.PACKAGIST, "5.2 < 5.10 = 5.10.0 = 5.10.0-stable"),
    (v.GENERIC, "1.0rc1 < 1.0 = 1.0.0 < 1.0p1 < 1.0.1 < 1.1.1 < 1.1.1a < 1.1.1w < 1.1.2"),
    (v.GENERIC, "1.9 < 1.10 < 6.6.3 < 6.6.23 < 2022.83 < 2024.04"),
    (v.GENERIC, "0.9.8z < 0.9.8za < 0.9.8zh < 1.0.0-beta1 < 1.0.0"),
]


def parse_chain(chain: str) -> list[list[str]]:
    """'a < b = c < d' -> [[a], [b, c], [d]]: groups of equal versions in ascending order."""
    return [group.split(" = ") for group in chain.split(" < ")]


@pytest.mark.parametrize(("order", "chain"), CHAINS, ids=[f"{o.name}:{c[:30]}" for o, c in CHAINS])
def test_native_order(order: VersionOrder, chain: str) -> None:
    groups = parse_chain(chain)
    for group in groups:
        for a, b in combinations(group, 2):
            assert order.compare(a, b) == 0, f"{a} = {b}"
    for lower, higher in combinations(groups, 2):
        for a in lower:
            for b in higher:
                assert order.compare(a, b) == -1, f"{a} < {b}"
                assert order.compare(b, a) == 1, f"{b} > {a}"


@pytest.mark.parametrize(
    ("order", "version"),
    [
        (v.SEMVER, "1.2.3.4"),  # univers would coerce this to 1.2.3
        (v.SEMVER, "01.2.3"),
        (v.SEMVER, "1.2.3-"),
        (v.SEMVER, "latest"),
        (v.GO, "vX"),
        (v.SEMVER, "not a version"),
        (v.PYPI, ""),
        (v.NUGET, "1.0.0.0.0"),
        (v.RUBYGEMS, "1..0"),
        (v.DEBIAN, "a:b"),
        (v.ALPINE, "abc"),
        (v.PACKAGIST, "dev-main"),
        (v.PACKAGIST, "   "),
        (v.GENERIC, "-"),
    ],
)
def test_invalid_versions_are_refused(order: VersionOrder, version: str) -> None:
    assert order.try_key(version) is None
    assert not order.is_valid(version)
    with pytest.raises(InvalidVersionError, match="not a valid"):
        order.key(version)


def test_order_for_ecosystems() -> None:
    assert order_for("PyPI") is v.PYPI
    assert order_for("Debian:12") is v.DEBIAN
    assert order_for("Ubuntu:22.04:LTS") is v.DEBIAN
    assert order_for("Alpine:v3.18") is v.ALPINE
    assert order_for("Red Hat:rhel_aus:8.4::appstream") is v.RPM
    assert order_for("Maven:https://maven.google.com") is v.MAVEN
    assert order_for("CRAN") is order_for("Bioconductor") is v.R
    assert order_for("Hackage") is v.HACKAGE
    # Root.io: the base order on the upstream part, then Root's patch number
    assert order_for("Root:Alpine:3.18").name == "Root:Alpine"  # type: ignore[union-attr]
    assert order_for("Root:PyPI") is order_for("Root:PyPI")  # one order per base, cached
    assert order_for("crates.io") is v.SEMVER
    assert order_for("OSS-Fuzz") is None
    assert order_for("Root") is None


def test_sorted_puts_invalid_versions_last() -> None:
    assert v.SEMVER.sorted(["2.0.0", "garbage", "1.0.0", "1.10.0", "1.2.0"]) == [
        "1.0.0",
        "1.2.0",
        "1.10.0",
        "2.0.0",
        "garbage",
    ]


def test_pypi_orders_every_string_as_osv_does() -> None:
    # not PEP 440: a legacy version, before every PEP 440 one (packaging-legacy, osv.dev)
    assert v.PYPI.sorted(["2.0", "garbage", "1.0", "1.0.0", "1.10"]) == [
        "garbage",
        "1.0",
        "1.0.0",
        "1.10",
        "2.0",
    ]


# --- hypothesis: every order is a total order consistent with sorting -----------------------

NUM = st.integers(0, 30).map(str)
WORD = st.sampled_from(
    ["alpha", "beta", "rc", "pre", "dev", "post", "p", "a", "b", "sp", "foo", "final", "ga"]
)
SEP = st.sampled_from([".", "-", "_", "~", "+", "^", ""])
LOOSE = st.lists(st.one_of(NUM, WORD, SEP), min_size=1, max_size=7).map("".join)
SEMVERISH = st.builds(
    lambda a, b, c, pre: f"{a}.{b}.{c}" + (f"-{pre}" if pre else ""),
    NUM,
    NUM,
    NUM,
    st.lists(st.one_of(NUM, WORD), max_size=3).map(".".join),
)
DEBIANISH = st.builds(
    lambda epoch, up, rev: f"{epoch}{up}{rev}",
    st.sampled_from(["", "1:", "2:"]),
    st.builds(
        lambda a, b, t: f"{a}.{b}{t}", NUM, NUM, st.sampled_from(["", "~rc1", "+dfsg", "~", "a"])
    ),
    st.sampled_from(["", "-1", "-2", "-1+deb12u1", "-1~bpo1"]),
)
RPMISH = st.builds(
    lambda d, r: f"{d}-{r}",
    DEBIANISH.map(lambda s: s.replace("+", ".")),
    st.sampled_from(["1", "2.el9", "1.el8_6"]),
)
ALPINEISH = st.builds(
    lambda a, b, s, r: f"{a}.{b}{s}{r}",
    NUM.filter(lambda n: n == "0" or not n.startswith("0")),
    NUM,
    st.sampled_from(["", "_rc1", "_p2", "a", "_alpha"]),
    st.sampled_from(["", "-r0", "-r1", "-r10"]),
)
# Maven's ComparableVersion itself is not transitive for versions that start with a word
# ("0alpha" < "0" < "pre" < "0alpha": a sub-list outranks a string); real versions start with
# a number, so the property is checked on those.
MAVENISH = st.builds(
    lambda a, b, c, q: f"{a}.{b}{c}{q}",
    NUM,
    NUM,
    st.sampled_from(["", ".0", ".1", ".12"]),
    st.sampled_from(
        [
            "",
            "-SNAPSHOT",
            "-alpha-1",
            "-beta2",
            "-M1",
            "-RC1",
            "-rc-2",
            ".RELEASE",
            ".Final",
            "-sp1",
            "-jre",
            "-android",
            "-1",
        ]
    ),
)
CASES = [
    (v.PYPI, st.one_of(LOOSE, SEMVERISH)),
    (v.SEMVER, SEMVERISH),
    (v.GO, SEMVERISH.map(lambda s: "v" + s)),
    (v.MAVEN, MAVENISH),
    (v.RUBYGEMS, LOOSE),
    (v.NUGET, SEMVERISH),
    (v.DEBIAN, DEBIANISH),
    (v.RPM, RPMISH),
    (v.ALPINE, ALPINEISH),
    (v.ALPINE, LOOSE),
    (v.RPM, LOOSE),
    (v.PUB, SEMVERISH.map(lambda s: s + "+1") | SEMVERISH),
    (v.PACKAGIST, LOOSE),
    (v.GENERIC, LOOSE),
]


@pytest.mark.parametrize("order", [v.ALPINE, v.RPM, v.MAVEN, v.PUB, v.PYPI], ids=str)
@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=12))
def test_own_orders_never_crash(order: VersionOrder, text: str) -> None:
    key = order.try_key(text)  # a key or None, never an exception
    if key is not None:
        assert not key < key


@pytest.mark.parametrize(("order", "strategy"), CASES, ids=[o.name for o, _s in CASES])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_total_order_consistent_with_sorting(
    order: VersionOrder, strategy: st.SearchStrategy[str], data: st.DataObject
) -> None:
    versions = data.draw(st.lists(strategy, min_size=2, max_size=8))
    ordered = [x for x in order.sorted(versions) if order.is_valid(x)]
    keys = [order.key(x) for x in ordered]
    for i, j in combinations(range(len(keys)), 2):
        assert not keys[j] < keys[i], f"sorted yet {ordered[j]} < {ordered[i]}"
        assert not (keys[i] < keys[j] and keys[j] < keys[i])
    for a, b, c in combinations(keys, 3):  # transitivity along the sorted list
        if a < b and b < c:
            assert a < c


@settings(max_examples=200, deadline=None)
@given(SEMVERISH)
def test_own_semver_agrees_with_univers_on_valid_versions(version: str) -> None:
    from univers.versions import SemverVersion

    if not v.SEMVER.is_valid(version):
        return
    for other in ("1.2.3", "0.0.0", "1.2.3-rc.1", "10.0.0-alpha.2", "1.2.3-1"):
        mine = v.SEMVER.compare(version, other)
        theirs = SemverVersion(version), SemverVersion(other)
        assert mine == (theirs[0] > theirs[1]) - (theirs[0] < theirs[1])


# --- univers-backed orders: the value univers' wrapper holds, built without the wrapper -------

UNIVERS_TEXT = st.text(alphabet="0123456789.-+~:abcvVrRC_ ", max_size=14)


@pytest.mark.parametrize(
    ("cls_name", "order"),
    [("DebianVersion", v.DEBIAN), ("RubygemsVersion", v.RUBYGEMS), ("NugetVersion", v.NUGET)],
)
@settings(max_examples=300, deadline=None)
@given(text=UNIVERS_TEXT)
def test_univers_keys_are_the_values_univers_builds(
    cls_name: str, order: VersionOrder, text: str
) -> None:
    from univers import versions as uv

    cls = getattr(uv, cls_name)
    try:
        expected = cls(text.strip()).value if text.strip() else None
    except Exception:  # univers raises a mix of types; NuGet its own
        expected = None
    key = order.try_key(text)
    if order is v.DEBIAN and (text.strip().endswith("-") or " " in text.strip()):
        assert key is None  # refused as dpkg refuses it, whatever univers says
    elif order is v.RUBYGEMS and key is None:
        pass  # Gem::Version.correct? refuses more than univers
    else:  # tuples in univers' order (test_dpkg_key.py, test_keyed.py), accepted alike
        assert (key is None) == (expected is None)


def test_a_nuget_version_without_digits_is_invalid_not_a_crash() -> None:
    # univers raises its own exception type (not a ValueError) for these: it used to escape
    assert v.NUGET.try_key("latest") is None
    assert v.NUGET.try_key("1.0.0-beta") is not None


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(["0", "1", "01", "10", "007", "٣", "²", "", " 1", "a"]), max_size=4)
)
def test_the_plain_semver_shortcut_reads_as_the_grammar(parts: list[str]) -> None:
    text = ".".join(parts)
    try:
        expected = v._semver_parsed(text)
    except ValueError:
        expected = None
    try:
        found = v._semver_key(text)
    except ValueError:
        found = None
    assert found == expected, text


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["0", "1", "01", "10", "007", "", "٣", " 2", "a"]), max_size=5))
def test_the_numbers_only_generic_shortcut_reads_as_the_tokens(parts: list[str]) -> None:
    from medsec.engines.matching import generic

    text = ".".join(parts)
    try:
        expected = generic._tokens(text.strip().lower(), text)
    except generic.GenericVersionError:
        expected = None
    try:
        found = generic._components(text)
    except generic.GenericVersionError:
        found = None
    assert found == expected, text
