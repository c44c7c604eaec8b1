"""Each ecosystem's own version order: parse a version once, compare its key many times.

A :class:`VersionOrder` turns a version string into a *key* that sorts the way the ecosystem's
native tool sorts; keys are cached per order, so a scan parses every distinct version once.
An unparsable version raises :class:`InvalidVersionError` (``key``) or gives ``None``
(``try_key``); it is never guessed into place.

Which comparator backs which ecosystem (DESIGN §4; each is checked against vectors generated
by the ecosystem's reference tool, ``tests/fixtures/versions``, see docs/matching.md):

=====================  ====================================================================
PyPI                   ``packaging.version`` (PEP 440: epochs, pre/post/dev, local); any
                       other string is a legacy version sorting first (:mod:`.pypi_legacy`),
                       as osv.dev orders them with packaging-legacy
npm, crates.io, Hex,   SemVer 2.0 precedence (build metadata ignored), strict grammar (own:
SwiftURL, Bitnami,     univers coerces ``1.2.3.4`` to ``1.2.3``); a leading ``v`` and a
SEMVER ranges          missing minor/patch tolerated (Go's shorthand)
Go                     SemVer with the ``v`` prefix; pseudo-versions
                       (``v0.0.0-20210101000000-abcdef123456``) are pre-releases, as in
                       ``golang.org/x/mod/semver``; ``+incompatible`` is ignored
Pub                    own code (:mod:`.pub`): pub_semver, build metadata orders
Maven                  own code (:mod:`.maven`): maven-artifact's ComparableVersion
RubyGems               univers' order on what ``Gem::Version.correct?`` accepts; its
                       segments read as univers reads them, the key a tuple (:mod:`.keyed`)
NuGet                  univers parses; the key is a tuple in its order (:mod:`.keyed`)
Debian, Ubuntu         univers ``DebianVersion`` parses and validates, refusing what dpkg
                       refuses; the key is a tuple in dpkg's ``verrevcmp`` order (own)
Alpine, Wolfi,         own code (:mod:`.apk`): apk-tools' ``apk_version_compare``
Chainguard
RPM distributions      own code (:mod:`.rpm`): rpm's EVR parsing and rpmvercmp
Packagist              own code (:mod:`.composer`): Composer's order
CRAN, Bioconductor     own code (:mod:`.rlang`): R's ``package_version``
Hackage                own code (:mod:`.hackage`): Cabal's ``Version`` (PVP)
anything else, CPE     own code (:mod:`.generic`): univers' generic order compares strings
=====================  ====================================================================

``Root:<base>[:release]`` ecosystems (Root.io's patched packages) order the upstream part of a
version in ``<base>``'s order, then Root's patch number (:mod:`.root`), as osv.dev does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any, Protocol

from packaging.version import InvalidVersion as PackagingInvalidVersion
from packaging.version import Version as PackagingVersion
from univers import versions as uv
from univers.nuget import InvalidNuGetVersion

from medsec.domain.ecosystem import base_ecosystem, is_root
from medsec.engines.matching.apk import apk_key
from medsec.engines.matching.composer import composer_key
from medsec.engines.matching.generic import generic_key
from medsec.engines.matching.hackage import hackage_key
from medsec.engines.matching.keyed import gem_canonical, gem_key, nuget_key, plain_nuget_key
from medsec.engines.matching.maven import MavenVersion
from medsec.engines.matching.pub import pub_key
from medsec.engines.matching.pypi_legacy import legacy_key
from medsec.engines.matching.rlang import r_key
from medsec.engines.matching.root import root_builder
from medsec.engines.matching.rpm import rpm_key

_CACHE_LIMIT = 250_000


class Comparable(Protocol):
    """What a version key must support: the four ordering comparisons."""

    def __lt__(self, other: Any, /) -> bool: ...
    def __le__(self, other: Any, /) -> bool: ...
    def __gt__(self, other: Any, /) -> bool: ...
    def __ge__(self, other: Any, /) -> bool: ...


class InvalidVersionError(ValueError):
    """A version string the ecosystem's order cannot place."""

    def __init__(self, order: str, version: str, reason: str = "") -> None:
        """Keep the order and version for callers, and say both in the message."""
        self.order = order
        self.version = version
        detail = f": {reason}" if reason else ""
        super().__init__(f"{version!r} is not a valid {order} version{detail}")


class VersionOrder:
    """One ecosystem's order. ``key`` is cached: parse once, compare many times."""

    __slots__ = ("_build", "_cache", "known", "name")

    def __init__(self, name: str, build: Callable[[str], Comparable]) -> None:
        """An order named ``name`` whose keys ``build`` makes from version strings."""
        self.name = name
        self._build = build
        self._cache: dict[str, Comparable | None] = {}
        # the versions parsed so far and their keys (``None``: invalid), read without a call
        # by the hot loops that meet the same versions many times
        self.known: Mapping[str, Comparable | None] = self._cache

    def __repr__(self) -> str:
        """``VersionOrder('PyPI')``: the name is what tells orders apart."""
        return f"VersionOrder({self.name!r})"

    def try_key(self, version: str) -> Comparable | None:
        """The sort key of ``version``, or ``None`` when it is not a valid version here."""
        cache = self._cache
        try:
            return cache[version]
        except KeyError:
            pass
        try:
            key: Comparable | None = self._build(version) if version.strip() else None
        except (ValueError, TypeError, AttributeError, IndexError):
            key = None  # univers raises a mix of these on garbage
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[version] = key
        return key

    def key(self, version: str) -> Comparable:
        """The sort key of ``version``; :class:`InvalidVersionError` when it is not valid here."""
        key = self.try_key(version)
        if key is None:
            raise InvalidVersionError(self.name, version)
        return key

    def is_valid(self, version: str) -> bool:
        """Whether the version has a place in this order."""
        return self.try_key(version) is not None

    def compare(self, a: str, b: str) -> int:
        """-1, 0 or 1 as ``a`` sorts before, with or after ``b``; invalid versions raise."""
        ka, kb = self.key(a), self.key(b)
        return -1 if ka < kb else (1 if ka > kb else 0)

    def sorted(self, versions: Iterable[str]) -> list[str]:
        """Valid versions in this order (ties by string), then invalid ones by string."""
        valid: list[str] = []
        invalid: list[str] = []
        for version in sorted(set(versions)):
            (invalid if self.try_key(version) is None else valid).append(version)
        valid.sort(key=self._sort_key)  # stable: equal versions stay in string order
        return valid + invalid

    def _sort_key(self, version: str) -> _LessThan:
        """A key for ``list.sort`` that compares with ``<`` only."""
        return _LessThan(self.key(version))


class _LessThan:
    """Sorts by ``<`` alone: some univers values define ``==``/``<=`` inconsistently."""

    __slots__ = ("key",)

    def __init__(self, key: Comparable) -> None:
        """Wrap one version key."""
        self.key = key

    def __lt__(self, other: _LessThan) -> bool:
        """Compare the wrapped keys with ``<``."""
        return bool(self.key < other.key)


# --- comparators ---------------------------------------------------------------------------

# SemVer 2.0 (semver.org's grammar), with a tolerated "v" and missing minor/patch ("1.2")
_SEMVER = re.compile(
    r"^[vV]?(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:\.(0|[1-9]\d*))?"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)
# Gem::Version::ANCHORED_VERSION_PATTERN (surrounding blanks allowed, none inside)
_GEM = re.compile(r"^\s*[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?\s*$")


def _semver_key(version: str) -> Comparable:
    """SemVer 2.0 precedence: a release after its pre-releases; pre-release identifiers
    compare numeric < alphanumeric, numbers numerically, shorter first; build ignored.

    Own parsing (the grammar of semver.org) rather than univers' ``SemverVersion``: that
    coerces, so ``1.2.3.4`` would silently equal ``1.2.3``; it is also the hot path of Go and
    npm matching. The tests check it against univers on valid versions. The usual
    ``major.minor.patch`` is read without the regular expression (half the time).
    """
    parts = version.split(".")
    if len(parts) == 3 and version.isascii():
        major, minor, patch = parts
        if _plain_number(major) and _plain_number(minor) and _plain_number(patch):
            return (int(major), int(minor), int(patch), 1, ())
    return _semver_parsed(version)


def _semver_parsed(version: str) -> Comparable:
    """:func:`_semver_key` by the grammar's regular expression."""
    found = _SEMVER.match(version.strip())
    if found is None:
        raise ValueError(version)
    major, minor, patch, prerelease = found.groups()
    core = (int(major), int(minor or 0), int(patch or 0))
    if not prerelease:
        return (*core, 1, ())
    identifiers = tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in prerelease.split(".")
    )
    return (*core, 0, identifiers)


def _plain_number(part: str) -> bool:
    """A SemVer core number: ASCII digits without a leading zero (the caller checked ASCII)."""
    return part.isdigit() and (part[0] != "0" or part == "0")


def _pypi_key(version: str) -> Comparable:
    """PEP 440 through ``packaging``; any other string is a legacy version sorting before all
    of them, as osv.dev orders PyPI (``packaging-legacy``): legacy versions need not start
    with a digit (``dev``, ``r1.0``)."""
    try:
        return (1, PackagingVersion(version))
    except PackagingInvalidVersion:
        return (0, legacy_key(version))


def _debian_key(version: str) -> Comparable:
    """dpkg's order on what univers' Debian class accepts, refusing what ``dpkg
    --validate-version`` refuses and univers lets through (blanks inside a version, an empty
    revision ``1.0-``); parsed as univers parses it (epoch, upstream, revision ``"0"`` when
    absent), keyed by :func:`_dpkg_key`.

    The key is a plain tuple rather than univers' value: that compares in Python, character
    by character with debug logging, at about 10 us a comparison (a scan makes thousands);
    tuples compare in C. The order is the same (the tests check it against univers and the
    dpkg vectors); only ``<`` is used on keys.
    """
    text = version.strip()
    if len(text.split()) > 1 or text.endswith("-"):  # a blank inside
        raise ValueError(version)
    # univers' normalisation (blanks removed, then a leading "v"), on a text without blanks
    normalized = text.lstrip("vV").strip()
    if not _DEBIAN_VALID(normalized):  # type: ignore[no-untyped-call]
        raise ValueError(version)
    epoch, colon, rest = normalized.partition(":")
    if not colon:
        epoch, rest = "0", normalized
    upstream, dash, revision = rest.rpartition("-")
    if not dash:
        upstream, revision = rest, "0"
    return (int(epoch), _dpkg_key(upstream), _dpkg_key(revision))


_DPKG_PARTS = re.compile(r"(\D*)(\d*)")


@lru_cache(maxsize=65_536)
def _dpkg_key(text: str) -> tuple[Any, ...]:
    """An upstream version or revision as dpkg's ``verrevcmp`` orders it, as a tuple.

    The string alternates non-digit and digit runs. A non-digit run becomes its characters'
    weights (``~`` -1, letters their code, anything else its code + 256) followed by 0, the
    weight of "end of run", so a shorter run compares as dpkg pads it; a digit run becomes its
    number (0 when absent). A final ``(0,)`` stands for the empty run dpkg compares against
    the parts the other version has beyond this one (``1.0`` > ``1.0~rc1``).
    """
    key: list[Any] = []
    for letters, digits in _DPKG_PARTS.findall(text):
        if letters or digits:
            key.append((*[_dpkg_weight(c) for c in letters], 0))
            key.append(int(digits) if digits else 0)
    key.append((0,))
    return tuple(key)


def _dpkg_weight(char: str) -> int:
    """dpkg's ``order()`` of one non-digit character: ``~`` first, then letters, then the rest."""
    if char == "~":
        return -1
    return ord(char) if char.isascii() and char.isalpha() else ord(char) + 256


def _rubygems_key(version: str) -> Comparable:
    """univers' RubyGems order on the versions ``Gem::Version.correct?`` accepts, as a tuple
    (:mod:`.keyed`: univers' value compares in Python, rebuilding its segments each time)."""
    if not _GEM.match(version):
        raise ValueError(version)
    return gem_key(gem_canonical(version))


def _univers(
    cls: type[uv.Version], *, checked_by_building: bool = False
) -> Callable[[str], Comparable]:
    """univers' class for validation and parsing; its inner comparable value as the key
    (skipping the attrs wrapper halves comparison time).

    The value is the one ``cls(text).value`` holds, made the way its ``__attrs_post_init__``
    makes it (normalise, validate, build) without building the wrapper. A class whose
    ``is_valid`` only tries to build (``checked_by_building``: NuGet) is built once, not twice.
    """

    def build(version: str) -> Comparable:
        """Parse with univers; its inner value as the key."""
        normalized = cls.normalize(version.strip())  # type: ignore[no-untyped-call]
        if not checked_by_building and not cls.is_valid(normalized):  # type: ignore[no-untyped-call]
            raise ValueError(version)
        value: Comparable = cls.build_value(normalized)  # type: ignore[no-untyped-call]
        return value

    return build


def _nuget_key(version: str) -> Comparable:
    """univers' NuGet order, as a tuple (:mod:`.keyed`: univers' value compares in Python,
    building new SemVer values each time). A version without any digit (``latest``) is
    invalid: univers raises its own exception type for it, which used to escape as a crash."""
    plain = plain_nuget_key(version)
    if plain is not None:
        return plain
    try:
        value: Any = _NUGET_VALUE(version)
    except InvalidNuGetVersion:
        raise ValueError(version) from None
    return nuget_key(value.major, value.minor, value.patch, value.revision, value.prerelease)


_DEBIAN_VALID = uv.DebianVersion.is_valid
_NUGET_VALUE = _univers(uv.NugetVersion, checked_by_building=True)


PYPI = VersionOrder("PyPI", _pypi_key)
SEMVER = VersionOrder("SemVer", _semver_key)
GO = VersionOrder("Go", _semver_key)
MAVEN = VersionOrder("Maven", MavenVersion)
RUBYGEMS = VersionOrder("RubyGems", _rubygems_key)
NUGET = VersionOrder("NuGet", _nuget_key)
DEBIAN = VersionOrder("Debian", _debian_key)
ALPINE = VersionOrder("Alpine", apk_key)
RPM = VersionOrder("RPM", rpm_key)
PACKAGIST = VersionOrder("Packagist", composer_key)
PUB = VersionOrder("Pub", pub_key)
R = VersionOrder("R", r_key)
HACKAGE = VersionOrder("Hackage", hackage_key)
GENERIC = VersionOrder("generic", generic_key)

# lower-cased base OSV ecosystem -> its order
_ORDERS: dict[str, VersionOrder] = {
    "pypi": PYPI,
    "npm": SEMVER,
    "crates.io": SEMVER,
    "hex": SEMVER,
    "pub": PUB,
    "swifturl": SEMVER,
    "bitnami": SEMVER,
    "go": GO,
    "maven": MAVEN,
    "rubygems": RUBYGEMS,
    "nuget": NUGET,
    "packagist": PACKAGIST,
    "cran": R,
    "bioconductor": R,
    "hackage": HACKAGE,
    "debian": DEBIAN,
    "ubuntu": DEBIAN,
    "alpine": ALPINE,
    "wolfi": ALPINE,
    "chainguard": ALPINE,
    "red hat": RPM,
    "almalinux": RPM,
    "rocky linux": RPM,
    "opensuse": RPM,
    "suse": RPM,
    "mageia": RPM,
    "openeuler": RPM,
    "photon os": RPM,
    "azure linux": RPM,
    "linux": GENERIC,
}


@lru_cache(maxsize=4096)
def order_for(ecosystem: str) -> VersionOrder | None:
    """The order of an OSV ecosystem (``"PyPI"``, ``"Debian:12"``, ``"Root:Alpine:3.18"``).

    ``None`` for ecosystems medsec has no order for: their ranges cannot be evaluated (the
    matcher says so) and only explicit ``versions`` lists match.
    """
    base = _ORDERS.get(base_ecosystem(ecosystem))
    if base is None or not is_root(ecosystem):
        return base
    return _root_order(base)


@lru_cache(maxsize=64)
def _root_order(base: VersionOrder) -> VersionOrder:
    """Root.io's order over a base order: upstream version, then Root's patch number."""
    return VersionOrder(f"Root:{base.name}", root_builder(base.key))


def known_ecosystems() -> tuple[str, ...]:
    """The base ecosystems (lower case) that have an order."""
    return tuple(sorted(_ORDERS))
