"""OSV range evaluation, as the OSV schema's ``IsVulnerable`` pseudo-code defines it.

For one range: sort its events by version (``introduced: "0"`` first, equal versions in the
order written), start "not affected", and walk the events up to the version being checked:
``introduced`` at or below it sets "affected", ``fixed`` at or below it clears it,
``last_affected`` strictly below it clears it. ``limit`` events bound the range from above
(``"*"`` is infinity; with several limits the version must be below one of them). A package
is affected when its version is in the explicit ``versions`` list or in any evaluable range.

``SEMVER`` ranges use SemVer precedence, ``ECOSYSTEM`` ranges the ecosystem's own order; ``GIT``
ranges need the repository's commit graph and are not evaluated (the ``versions`` list, which
OSV fills from the repository's tags, still matches). A range that cannot be evaluated (an event
version the order cannot parse, an installed version it cannot place, an ecosystem without an
order, a GIT range without a list) is reported to the caller, never guessed nor dropped.

Compiled ranges (parsed, sorted events) are cached, and only ``<`` is used on keys: some
univers classes define ``<=`` inconsistently with ``<``.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from medsec.domain.advisory import AffectedPackage, EventKind, RangeType, VersionRange
from medsec.engines.matching.versions import (
    GO,
    SEMVER,
    Comparable,
    InvalidVersionError,
    VersionOrder,
    order_for,
)

_INTRODUCED, _FIXED, _LAST_AFFECTED = 0, 1, 2
_KIND_CODE = {
    EventKind.INTRODUCED: _INTRODUCED,
    EventKind.FIXED: _FIXED,
    EventKind.LAST_AFFECTED: _LAST_AFFECTED,
}
_CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class CompiledRange:
    """A range's events parsed in one order: sorted ``(kind, key)`` pairs and its limits."""

    events: tuple[tuple[int, Comparable | None], ...]  # key None: introduced "0"
    limits: tuple[Comparable, ...]  # empty: no upper limit
    fixed: tuple[tuple[Comparable, str], ...] = ()  # the fixed events, sorted


@dataclass(frozen=True)
class RangeHit:
    """Why a version is affected: the range or list entry that matched, and the fixes."""

    matched: str  # "ECOSYSTEM: introduced 0, fixed 2.0.1" or "versions: 1.2.0"
    fixed: tuple[str, ...] = ()


class RangeError(ValueError):
    """A range that cannot be evaluated; the matcher reports it and skips the range."""


def range_order(rng: VersionRange, ecosystem: str) -> VersionOrder | None:
    """The order a range's events are written in, or ``None`` (GIT, unknown ecosystem)."""
    if rng.type is RangeType.SEMVER:
        return GO if order_for(ecosystem) is GO else SEMVER
    if rng.type is RangeType.ECOSYSTEM:
        return order_for(ecosystem)
    return None


def compile_range(rng: VersionRange, order: VersionOrder) -> CompiledRange:
    """Parse and sort a range's events (cached); :class:`RangeError` when one is invalid."""
    cache_key = (id(rng), order.name)
    cached = _CACHE.get(cache_key)
    if cached is not None and cached[0] is rng:
        return cached[1]
    compiled = _compile(rng, order)
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[cache_key] = (rng, compiled)
    return compiled


_CACHE: dict[tuple[int, str], tuple[VersionRange, CompiledRange]] = {}


def _compile(rng: VersionRange, order: VersionOrder) -> CompiledRange:
    """Events as (kind, key) sorted by version, limits and fixed versions: ``is_affected`` input."""
    events: list[tuple[int, Comparable | None]] = []
    fixed: list[tuple[Comparable, str]] = []
    limits: list[Comparable] = []
    unlimited = False
    if not any(e.kind is EventKind.INTRODUCED for e in rng.events):
        raise RangeError(f"range has no 'introduced' event: {rng}")
    for event in rng.events:
        version = event.version.strip()
        if event.kind is EventKind.LIMIT:
            if "*" in version:
                unlimited = True
            else:
                limits.append(_key(order, version, rng))
            continue
        if event.kind is EventKind.INTRODUCED and version == "0":
            events.append((_INTRODUCED, None))
            continue
        key = _key(order, version, rng)
        events.append((_KIND_CODE[event.kind], key))
        if event.kind is EventKind.FIXED:
            fixed.append((key, version))
    first = [e for e in events if e[1] is None]  # introduced "0" sorts before everything
    rest = [e for e in events if e[1] is not None]
    if any(b[1] < a[1] for a, b in pairwise(rest)):  # type: ignore[operator]
        rest.sort(key=lambda e: _Ordered(e[1]))  # stable: equal versions keep the written order
        fixed.sort(key=lambda f: _Ordered(f[0]))
    return CompiledRange(tuple(first + rest), () if unlimited else tuple(limits), tuple(fixed))


class _Ordered:
    """Sort key wrapper that only ever calls ``<`` on the wrapped version keys."""

    __slots__ = ("key",)

    def __init__(self, key: Comparable | None) -> None:
        """Wrap a version key (``None`` is never wrapped: it is sorted out before)."""
        self.key = key

    def __lt__(self, other: _Ordered) -> bool:
        """Compare the wrapped keys with ``<``."""
        return bool(self.key < other.key)  # type: ignore[operator]


def _key(order: VersionOrder, version: str, rng: VersionRange) -> Comparable:
    """The version's key in the order, as a ``RangeError`` naming the range when invalid."""
    try:
        return order.key(version)
    except InvalidVersionError as exc:
        raise RangeError(f"{exc}, in range {rng}") from None


def is_affected(compiled: CompiledRange, version: Comparable) -> bool:
    """The OSV evaluation of one compiled range at one version key."""
    if compiled.limits and not any(version < limit for limit in compiled.limits):
        return False
    affected = False
    for kind, key in compiled.events:
        if key is None:  # introduced "0"
            affected = True
        elif version < key:
            break  # events are sorted: nothing further up applies
        elif kind == _INTRODUCED:
            affected = True
        elif kind == _FIXED or key < version:
            affected = False
    return affected


def match_affected(
    affected: AffectedPackage, version: str, problems: list[str] | None = None
) -> RangeHit | None:
    """Whether ``version`` of the package is affected; ranges that could not be evaluated are
    said in ``problems`` (never skipped silently).

    The ``versions`` list is checked (exact strings, as OSV specifies) and every evaluable
    range. The hit names the first range that matched (else the list entry) and lists the
    ``fixed`` versions above ``version``, in the package's order.
    """
    matched: str | None = None
    evaluated: list[tuple[CompiledRange, Comparable]] = []
    for rng in affected.ranges:
        try:
            compiled, installed = _evaluable(rng, affected, version)
        except RangeError as exc:
            _report(problems, str(exc))
            continue
        if compiled is None or installed is None:
            continue
        evaluated.append((compiled, installed))
        if matched is None and is_affected(compiled, installed):
            matched = str(rng)
    if matched is None and version in affected.versions:
        matched = f"versions: {version}"
    if matched is None:
        return None
    fixes = [[text for key, text in c.fixed if installed < key] for c, installed in evaluated]
    fixes = [f for f in fixes if f]
    if len(fixes) == 1:
        return RangeHit(matched, tuple(dict.fromkeys(fixes[0])))
    return RangeHit(matched, _sorted_fixes(affected.ecosystem, [f for fs in fixes for f in fs]))


def _evaluable(
    rng: VersionRange, affected: AffectedPackage, version: str
) -> tuple[CompiledRange | None, Comparable | None]:
    """The compiled range and installed key; ``(None, None)`` for a GIT range that the
    ``versions`` list stands in for; :class:`RangeError` saying why a range cannot be evaluated."""
    order = range_order(rng, affected.ecosystem)
    if order is None:
        if rng.type is RangeType.GIT and affected.versions:
            return None, None  # OSV fills the list from the repository's tags
        what = (
            "a GIT range without a versions list"
            if rng.type is RangeType.GIT
            else (f"no version order for ecosystem {affected.ecosystem!r}")
        )
        raise RangeError(f"range not evaluated ({what}): {rng}")
    try:
        compiled = compile_range(rng, order)
    except RangeError as exc:
        raise RangeError(f"range not evaluated: {exc}") from None
    installed = order.try_key(version)
    if installed is None:
        raise RangeError(f"{version!r} is not a valid {order.name} version: {rng} not evaluated")
    return compiled, installed


def _report(problems: list[str] | None, message: str) -> None:
    """Add a problem once, when the caller collects them."""
    if problems is not None and message not in problems:
        problems.append(message)


def _sorted_fixes(ecosystem: str, fixes: list[str]) -> tuple[str, ...]:
    """Fixed versions of several ranges in the ecosystem's order, or by string without one."""
    order = order_for(ecosystem)
    return tuple(order.sorted(fixes)) if order is not None else tuple(sorted(set(fixes)))
