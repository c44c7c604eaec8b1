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

The usual entry (one range, its events written in order, all valid) is *walked*: one pass over
its events parses (versions are cached per order) and evaluates together, compiling and keeping
nothing (:func:`_walk`; measured: two walks cost less than a walk, a compile and an evaluation,
and thirteen about as much). Any other entry is compiled once (its ranges' orders, parsed and
sorted events, or why a range cannot be evaluated; cached by identity) so that every component
meeting it only looks its own version up and walks the sorted events; a scan forgets the
compiled entries when done (:func:`forget_compiled`). Only ``<`` is used on keys: some univers
classes define ``<=`` inconsistently with ``<``.
"""

from __future__ import annotations

from typing import NamedTuple

from medsec.domain.advisory import AffectedPackage, Event, EventKind, RangeType, VersionRange
from medsec.engines.matching.versions import (
    GO,
    SEMVER,
    Comparable,
    InvalidVersionError,
    VersionOrder,
    order_for,
)

_INTRODUCED, _FIXED, _LAST_AFFECTED = 0, 1, 2
_INTRODUCED_EVENT, _FIXED_EVENT, _LIMIT_EVENT = (
    EventKind.INTRODUCED,
    EventKind.FIXED,
    EventKind.LIMIT,
)
_ECOSYSTEM_TYPE, _SEMVER_TYPE = RangeType.ECOSYSTEM, RangeType.SEMVER
_KIND_CODE = {
    EventKind.INTRODUCED: _INTRODUCED,
    EventKind.FIXED: _FIXED,
    EventKind.LAST_AFFECTED: _LAST_AFFECTED,
}
_CACHE_LIMIT = 200_000


class CompiledRange(NamedTuple):
    """A range's events parsed in one order: sorted ``(kind, key)`` pairs and its limits."""

    events: tuple[tuple[int, Comparable | None], ...]  # key None: introduced "0"
    limits: tuple[Comparable, ...]  # empty: no upper limit
    fixed: tuple[tuple[Comparable, str], ...] = ()  # the fixed events, sorted


class RangeHit(NamedTuple):
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
    """Events as (kind, key) sorted by version, limits and fixed versions: ``is_affected`` input.

    One pass over the events. A range without ``introduced`` is refused before any of its
    versions is judged (the error names the more basic fault), else the first version the
    order cannot place is named.
    """
    first: list[tuple[int, Comparable | None]] = []  # introduced "0" sorts before everything
    rest: list[tuple[int, Comparable | None]] = []
    fixed: list[tuple[Comparable, str]] = []
    limits: list[Comparable] = []
    unlimited = introduced = False
    invalid: str | None = None  # the first version the order cannot place
    parse = order.try_key
    for event in rng.events:
        kind, version = event.kind, event.version.strip()
        if kind is _INTRODUCED_EVENT:
            introduced = True
            if version == "0":
                first.append((_INTRODUCED, None))
                continue
        elif kind is _LIMIT_EVENT and "*" in version:
            unlimited = True
            continue
        key = parse(version)
        if key is None:
            invalid = invalid or version
        elif kind is _LIMIT_EVENT:
            limits.append(key)
        else:
            rest.append((_KIND_CODE[kind], key))
            if kind is _FIXED_EVENT:
                fixed.append((key, version))
    if not introduced:
        raise RangeError(f"range has no 'introduced' event: {rng}")
    if invalid is not None:
        raise RangeError(f"{InvalidVersionError(order.name, invalid)}, in range {rng}")
    if len(rest) > 1 and _unsorted(rest):
        rest.sort(key=lambda e: _Ordered(e[1]))  # stable: equal versions keep the written order
        fixed.sort(key=lambda f: _Ordered(f[0]))
    return CompiledRange(tuple(first + rest), () if unlimited else tuple(limits), tuple(fixed))


def _unsorted(events: list[tuple[int, Comparable | None]]) -> bool:
    """Whether some event's version is below the one before it (``<`` only)."""
    previous = events[0][1]
    for _, key in events[1:]:
        if key < previous:  # type: ignore[operator]
            return True
        previous = key
    return False


class _Ordered:
    """Sort key wrapper that only ever calls ``<`` on the wrapped version keys."""

    __slots__ = ("key",)

    def __init__(self, key: Comparable | None) -> None:
        """Wrap a version key (``None`` is never wrapped: it is sorted out before)."""
        self.key = key

    def __lt__(self, other: _Ordered) -> bool:
        """Compare the wrapped keys with ``<``."""
        return bool(self.key < other.key)  # type: ignore[operator]


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
    if len(affected.ranges) == 1:  # the usual entry: walked, nothing compiled nor kept
        walked = _walk_one(affected, version)
        if walked is not _GENERAL:
            return walked  # type: ignore[return-value]
    cached = _PLANS.get(id(affected))  # _plan, inlined
    steps = cached[1] if cached is not None and cached[0] is affected else _plan(affected)
    if len(steps) == 1 and steps[0][2] is not None:  # the usual entry: one evaluable range
        hit = _one_range(affected, steps[0], version)
        if hit is not _GENERAL:
            return hit  # type: ignore[return-value]
    matched: str | None = None
    evaluated: list[tuple[CompiledRange, Comparable]] = []
    for rng, order, compiled, problem in steps:
        if compiled is None or order is None:
            if problem is not None:
                _report(problems, problem)
            continue  # a GIT range that the ``versions`` list stands in for
        installed = order.try_key(version)
        if installed is None:
            _report(
                problems, f"{version!r} is not a valid {order.name} version: {rng} not evaluated"
            )
            continue
        evaluated.append((compiled, installed))
        if matched is None and is_affected(compiled, installed):
            matched = range_text(rng)
    if matched is None:
        if version not in affected.versions:
            return None
        matched = f"versions: {version}"
    return RangeHit(matched, _fixes_above(affected, evaluated))


_GENERAL = object()  # the short paths' answer when only the general path can say it
_hit = tuple.__new__  # RangeHit of (matched, fixed), without NamedTuple's Python __new__
_MISSING = object()


def _one_range(affected: AffectedPackage, step: _Step, version: str) -> RangeHit | object | None:
    """:func:`match_affected` of an entry whose one range compiled; ``_GENERAL`` when the
    order cannot place ``version`` (the general path then says so)."""
    rng, order, compiled, _ = step
    installed = order.try_key(version)  # type: ignore[union-attr]
    if installed is None:
        return _GENERAL
    if is_affected(compiled, installed):  # type: ignore[arg-type]
        matched = range_text(rng)
    elif version in affected.versions:
        matched = f"versions: {version}"
    else:
        return None
    fixed = [text for key, text in compiled.fixed if installed < key]  # type: ignore[union-attr]
    return _hit(
        RangeHit, (matched, tuple(dict.fromkeys(fixed)) if len(fixed) > 1 else tuple(fixed))
    )


def _walk_one(affected: AffectedPackage, version: str) -> RangeHit | object | None:
    """:func:`match_affected` of an entry of one range: one walk over its events, parsing and
    evaluating together, with nothing compiled nor kept.

    Only for a range whose events are written in order, all valid, with an ``introduced``,
    and a version its order can place (what OSV data nearly always is): the walk then says
    what compiling and evaluating say. Anything else gives ``_GENERAL``: the entry is compiled
    and the general path answers (sorting, or saying why the range cannot be evaluated).
    """
    rng = affected.ranges[0]
    if rng.type is _ECOSYSTEM_TYPE:  # range_order, inlined
        order = order_for(affected.ecosystem)
    elif rng.type is _SEMVER_TYPE:
        order = GO if order_for(affected.ecosystem) is GO else SEMVER
    else:
        return _GENERAL  # GIT: the general path says what the versions list gives
    if order is None:
        return _GENERAL
    installed = order.known.get(version, _MISSING)
    if installed is _MISSING:
        installed = order.try_key(version)
    if installed is None:
        return _GENERAL
    walked = _walk(rng.events, order, installed)  # type: ignore[arg-type]
    if walked is None:
        return _GENERAL
    hit, fixed = walked
    if hit:
        matched = range_text(rng)
    elif version in affected.versions:
        matched = f"versions: {version}"
    else:
        return None
    return _hit(
        RangeHit, (matched, tuple(dict.fromkeys(fixed)) if len(fixed) > 1 else tuple(fixed))
    )


def _walk(
    events: tuple[Event, ...], order: VersionOrder, installed: Comparable
) -> tuple[bool, list[str]] | None:
    """Whether ``installed`` is in the range, and the fixed versions above it (written order);
    ``None`` when the range needs compiling: an event out of order, an invalid version, no
    ``introduced``, a ``limit`` (rare outside GIT ranges). :func:`is_affected` on the compiled
    range, without compiling it."""
    known, parse = order.known, order.try_key
    state: bool | None = None  # set by the last event at or below ``installed``
    previous: Comparable | None = None
    fixed: list[str] = []
    introduced = zero = False
    for event in events:
        kind, text = event.kind, event.version.strip()
        if kind is _INTRODUCED_EVENT:
            introduced = True
            if text == "0":
                zero = True
                continue
        elif kind is _LIMIT_EVENT:
            return None
        key = known.get(text, _MISSING)
        if key is _MISSING:
            key = parse(text)
        if key is None or (previous is not None and key < previous):
            return None
        previous = key  # type: ignore[assignment]
        if installed < key:
            if kind is _FIXED_EVENT:
                fixed.append(text)
        elif kind is _INTRODUCED_EVENT:
            state = True
        elif kind is _FIXED_EVENT or key < installed:
            state = False
    if not introduced:
        return None
    return (zero if state is None else state), fixed


def _fixes_above(
    affected: AffectedPackage, evaluated: list[tuple[CompiledRange, Comparable]]
) -> tuple[str, ...]:
    """The ``fixed`` versions above the installed one, in the package's order."""
    if len(evaluated) == 1:  # the usual entry: one range, its fixes already sorted
        compiled, installed = evaluated[0]
        return tuple(dict.fromkeys([text for key, text in compiled.fixed if installed < key]))
    fixes = [[text for key, text in c.fixed if installed < key] for c, installed in evaluated]
    fixes = [f for f in fixes if f]
    if not fixes:
        return ()
    if len(fixes) == 1:
        return tuple(dict.fromkeys(fixes[0]))
    return _sorted_fixes(affected.ecosystem, [f for fs in fixes for f in fs])


_KIND_TEXT = {kind: kind.value for kind in EventKind}
_TYPE_TEXT = {kind: kind.value for kind in RangeType}


def range_text(rng: VersionRange) -> str:
    """``str(rng)`` (``ECOSYSTEM: introduced 0, fixed 1.2``) without the enum lookups: made
    for every match."""
    kinds = _KIND_TEXT
    return f"{_TYPE_TEXT[rng.type]}: " + ", ".join(
        [f"{kinds[e.kind]} {e.version}" for e in rng.events]
    )


# one step per range of an affected entry: (range, order, compiled range, why not evaluable)
_Step = tuple[VersionRange, VersionOrder | None, CompiledRange | None, str | None]
_PLANS: dict[int, tuple[AffectedPackage, tuple[_Step, ...]]] = {}


def _plan(affected: AffectedPackage) -> tuple[_Step, ...]:
    """The entry's ranges, each with its order and compiled events or the reason it cannot be
    evaluated: made once per entry (cached by identity), so every component that meets the
    entry only looks its own version up and walks the sorted events."""
    cached = _PLANS.get(id(affected))
    if cached is not None and cached[0] is affected:
        return cached[1]
    steps = tuple([_step(rng, affected) for rng in affected.ranges])
    if len(_PLANS) >= _CACHE_LIMIT:
        _PLANS.clear()
    _PLANS[id(affected)] = (affected, steps)
    return steps


def _step(rng: VersionRange, affected: AffectedPackage) -> _Step:
    """One range as :func:`match_affected` walks it; ``(rng, None, None, None)`` for a GIT
    range that the ``versions`` list stands in for (OSV fills the list from the tags)."""
    order = range_order(rng, affected.ecosystem)
    if order is None:
        if rng.type is RangeType.GIT and affected.versions:
            return rng, None, None, None
        what = (
            "a GIT range without a versions list"
            if rng.type is RangeType.GIT
            else f"no version order for ecosystem {affected.ecosystem!r}"
        )
        return rng, None, None, f"range not evaluated ({what}): {rng}"
    try:
        return rng, order, _compile(rng, order), None
    except RangeError as exc:
        return rng, order, None, f"range not evaluated: {exc}"


def forget_compiled() -> None:
    """Forget every compiled range: a scan calls it when done, so that the cache does not keep
    the entries of a finished scan alive (nor hand them to the garbage collector to walk);
    benchmarks call it to measure cold runs. Parsed versions stay cached (:mod:`.versions`)."""
    _CACHE.clear()
    _PLANS.clear()


def _report(problems: list[str] | None, message: str) -> None:
    """Add a problem once, when the caller collects them."""
    if problems is not None and message not in problems:
        problems.append(message)


def _sorted_fixes(ecosystem: str, fixes: list[str]) -> tuple[str, ...]:
    """Fixed versions of several ranges in the ecosystem's order, or by string without one."""
    order = order_for(ecosystem)
    return tuple(order.sorted(fixes)) if order is not None else tuple(sorted(set(fixes)))
