"""Match one component against candidate advisories, with provenance on every match.

Two matchers, never both for one component:

* ``purl-osv`` (high confidence): the component's purl gives the OSV ecosystem and package
  name (:mod:`medsec.domain.ecosystem`); every OSV ``affected[]`` entry for that package is
  evaluated with the ecosystem's own version order (:mod:`.ranges`, :mod:`.versions`).
* ``cpe-nvd`` (low confidence): the component's CPEs against NVD configurations (:mod:`.cpe`).
  Used only when no purl match is possible: the component has no purl, its purl type has no
  OSV ecosystem (``pkg:generic``), or its ecosystem has no advisory data. "Has data" is
  ``covered_ecosystems`` when the caller (the scan service, which knows what the database
  holds) passes it; otherwise it means "some candidate has an OSV entry for this package".

Withdrawn advisories never match. Problems (a purl without a version, a version the
ecosystem cannot order, a range that cannot be evaluated) go to ``notes`` and produce no match:
they are reported, not guessed. An advisory for the component's package whose ranges could not
be evaluated (and that did not match otherwise) is a *could not evaluate* outcome: a
``could not evaluate`` note, and a :class:`NotEvaluated` record in :class:`MatchNotes` — the
component may be affected, and nothing says it is not. :func:`undetermined_results` turns those
records into matches of confidence ``undetermined`` (the reason as the matched text), so the
scan makes them findings that are counted and assessed like any other.

A distribution package whose purl states its release (``?distro=debian-12``) is compared with
the records of that release (and those without a release) only; one that states none is
compared with the records of every release of its distribution, with a ``no distro release``
note.

Notes are de-duplicated per component with a set; :class:`MatchNotes` (what a scan passes)
also de-duplicates across the scan in constant time and keeps at most ``limit`` notes per
kind, then one line per kind counting the rest: a scan of 100,000 components that all warn
stays linear and its diagnostic list bounded. The storage supplies the candidates
(advisories indexed by ``index_key``); this module does no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from packageurl import PackageURL

from medsec.domain.advisory import Advisory, AffectedPackage, EventKind, SeverityScore
from medsec.domain.component import Component
from medsec.domain.ecosystem import (
    RELEASED_DISTROS,
    base_ecosystem,
    index_key,
    osv_ecosystem_for_purl,
    osv_name_for_purl,
)
from medsec.domain.errors import Diagnostic
from medsec.domain.makers import maker
from medsec.domain.vulnerability import ComponentRef, Confidence, MatchDetail, Matcher
from medsec.engines.matching.cpe import Cpe, CpeError, match_configurations, parse_cpe
from medsec.engines.matching.findings import finding_id, merge_findings
from medsec.engines.matching.purls import parse_purl
from medsec.engines.matching.ranges import RangeHit, forget_compiled, match_affected
from medsec.engines.matching.versions import GENERIC, order_for

__all__ = [
    "MatchNotes",
    "MatchResult",
    "NotEvaluated",
    "ProblemKind",
    "component_ref",
    "finding_id",
    "forget_compiled",
    "match_component",
    "merge_findings",
    "undetermined_results",
]

NOTES_PER_KIND = 1_000
# the snapshot recorded in a match's provenance: one id, an id per advisory source, or a
# function of the advisory (the scan's store: the snapshot each record was read from)
Snapshots = str | Mapping[str, str] | Callable[[Advisory], str | None] | None


class ProblemKind(StrEnum):
    """What kind of problem a matching note reports (the unit of counting when many)."""

    BAD_PURL = "bad purl"
    NO_VERSION = "no version"
    BAD_CPE = "bad CPE"
    UNORDERABLE_VERSION = "unorderable version"
    BAD_RANGE = "bad range"  # a range that could not be evaluated; the advisory matched anyway
    NOT_EVALUATED = "could not evaluate"  # no range evaluated: the component may be affected
    NO_RELEASE = "no distro release"  # compared with the records of every release


@dataclass(frozen=True)
class NotEvaluated:
    """An advisory for the component's package whose ranges could not be evaluated, with the
    undetermined match a scan turns into a finding (``result``)."""

    component: ComponentRef
    advisory: str
    reason: str
    result: MatchResult | None = field(default=None, compare=False, repr=False)


class MatchNotes(list[Diagnostic]):
    """A scan's matching notes: each once (a set, not a list scan), at most ``limit`` per kind
    followed by one line per kind counting the rest, plus every could-not-evaluate outcome."""

    def __init__(self, limit: int = NOTES_PER_KIND) -> None:
        """An empty collection keeping at most ``limit`` notes of each kind."""
        super().__init__()
        self.limit = limit
        self.not_evaluated: list[NotEvaluated] = []
        self.counts: dict[ProblemKind, int] = {}
        self._seen: set[Diagnostic] = set()
        self._overflow: dict[ProblemKind, int] = {}  # kind -> index of its counting line

    def add(self, kind: ProblemKind, note: Diagnostic) -> bool:
        """Keep ``note`` once (``False`` when already seen); past the limit of its kind, count
        it on the kind's counting line."""
        if note in self._seen:
            return False
        self._seen.add(note)
        count = self.counts.get(kind, 0) + 1
        self.counts[kind] = count
        if count <= self.limit:
            self.append(note)
            return True
        summary = Diagnostic(
            "matching",
            f"{count - self.limit} more '{kind}' notes not listed ({count} in all)",
            hint=f"the first {self.limit} are listed above",
        )
        index = self._overflow.get(kind)
        if index is None:
            self._overflow[kind] = len(self)
            self.append(summary)
        else:
            self[index] = summary
        return True


@dataclass(frozen=True)
class MatchResult:
    """One advisory that matched one component, and how."""

    component: ComponentRef
    advisory: Advisory
    detail: MatchDetail
    fixed_versions: tuple[str, ...] = ()
    ecosystem: str | None = None  # the OSV ecosystem matched (None for CPE matches)
    severity: tuple[SeverityScore, ...] = ()  # package-level severity, then the record's


class _Package(NamedTuple):
    """A component's purl seen as OSV sees it."""

    ecosystem: str  # OSV ecosystem, with release when the purl states one
    name: str  # the package name as OSV writes it
    key: tuple[str, str]  # index_key(ecosystem, name)
    version: str | None
    base: str  # the ecosystem key without the release ("debian")
    release: str  # the release key the purl states ("12"), or ""


def component_ref(component: Component | ComponentRef) -> ComponentRef:
    """The reference a finding keeps (first CPE, element and SBOM file of an SBOM component)."""
    if isinstance(component, ComponentRef):
        return component
    return _Ref(
        component.display_name,
        component.version,
        component.purl,
        component.cpes[0] if component.cpes else None,
        component.origin.element,
        component.origin.source or None,
    )


@dataclass(frozen=True)
class LookupKeys:
    """What to ask the vulnerability database for one component."""

    osv: tuple[tuple[str, str], ...]  # (OSV ecosystem, package name)
    cpe: tuple[tuple[str, str], ...]  # (vendor, product) of its CPEs


def lookup_keys(component: Component | ComponentRef) -> LookupKeys:
    """The same package identity :func:`match_component` uses, for the storage queries."""
    if isinstance(component, Component):
        return _lookup_keys(component.purl or None, component.cpes)
    return _lookup_keys(component.purl or None, (component.cpe,) if component.cpe else ())


@lru_cache(maxsize=65_536)
def _lookup_keys(purl: str | None, cpes: tuple[str, ...]) -> LookupKeys:
    """:func:`lookup_keys` of a purl and CPEs, made once per distinct pair: a scan asks for
    every component's keys more than once (queries, coverage), and builds no reference for it."""
    osv: tuple[tuple[str, str], ...] = ()
    package = _purl_package(purl) if purl else None
    if isinstance(package, _Package):
        osv = ((package.ecosystem, package.name),)
    vendor_products = []
    for text in cpes:
        try:
            cpe = parse_cpe(text)
        except CpeError:
            continue
        vendor_products.append((cpe.vendor, cpe.product))
    return _Keys(osv, tuple(dict.fromkeys(vendor_products)) if vendor_products else ())


def match_component(
    component: Component | ComponentRef,
    candidates: Sequence[Advisory],
    *,
    snapshot: Snapshots = None,
    covered_ecosystems: Collection[str] | None = None,
    notes: list[Diagnostic] | None = None,
) -> list[MatchResult]:
    """Every candidate advisory that affects the component, sorted by advisory id.

    ``snapshot``: the data snapshot id recorded in each match's provenance, a mapping from
    advisory source (``"osv"``, ``"nvd"``) to snapshot id, or a function giving an advisory's. ``notes``: where problems go; a
    :class:`MatchNotes` also collects the could-not-evaluate outcomes.
    """
    ref = component_ref(component)
    cpes = component.cpes if isinstance(component, Component) else (ref.cpe,) if ref.cpe else ()
    problems = _Problems(ref, notes)
    live = [a for a in candidates if a.withdrawn is None]
    package = _package(ref, problems)
    entries = _entries(package, live) if package is not None else []
    if package is not None and _has_data(package, entries, covered_ecosystems):
        if package.version is None:
            problems.add(
                ProblemKind.NO_VERSION,
                "the purl has no version and the component states none: not matched",
            )
            return []
        results = _purl_matches(ref, package, entries, snapshot, problems)
    else:
        results = _cpe_matches(ref, cpes, live, snapshot, problems)
    return sorted(results, key=_BY_ADVISORY)


_BY_ADVISORY = attrgetter("advisory.id")  # results in advisory id order (no Python call)


class _Problems:
    """Collects what made matching of one component incomplete, once each, as diagnostics."""

    __slots__ = ("_seen", "notes", "ref")

    def __init__(self, ref: ComponentRef, notes: list[Diagnostic] | None) -> None:
        """Problems of ``ref`` go to ``notes``; with ``None`` they are dropped."""
        self.ref = ref
        self.notes = notes
        self._seen: set[str] = set()

    def add(self, kind: ProblemKind, message: str) -> bool:
        """Record a problem once per component, labelled with its purl or name@version;
        ``False`` when it was recorded before (here or, in a :class:`MatchNotes`, anywhere)."""
        if self.notes is None or message in self._seen:
            return False
        self._seen.add(message)
        label = self.ref.purl or (
            f"{self.ref.name}@{self.ref.version}" if self.ref.version else self.ref.name
        )
        note = Diagnostic(self.ref.sbom or self.ref.name, message, field=label)
        if isinstance(self.notes, MatchNotes):
            return self.notes.add(kind, note)
        self.notes.append(note)
        return True

    def not_evaluated(self, result: MatchResult, reasons: Sequence[str]) -> None:
        """An advisory whose ranges could not be evaluated: a note and, in a
        :class:`MatchNotes`, a :class:`NotEvaluated` record keeping the undetermined match."""
        reason = "; ".join(reasons)
        advisory = result.advisory.id
        new = self.add(
            ProblemKind.NOT_EVALUATED,
            f"could not evaluate {advisory}: {reason}; the component may be affected",
        )
        if new and isinstance(self.notes, MatchNotes):
            matched = f"not evaluated: {reason}"
            kept = replace(result, detail=replace(result.detail, matched=matched))
            self.notes.not_evaluated.append(NotEvaluated(self.ref, advisory, reason, kept))


def _package(ref: ComponentRef, problems: _Problems) -> _Package | None:
    """The component as OSV sees it; ``None`` without a valid purl of a known ecosystem."""
    if not ref.purl:
        return None
    package = _purl_package(ref.purl)
    if package is _BAD_PURL:
        problems.add(
            ProblemKind.BAD_PURL, f"not a valid package URL: {ref.purl!r}; CPE matching only"
        )
        return None
    if not isinstance(package, _Package):
        return None
    version = package.version or ref.version  # the purl's, else the component's
    if version and package.base == "go" and version.startswith("go"):
        version = version[2:]  # the Go toolchain and stdlib: go1.21.5 -> 1.21.5
    return package if version == package.version else package._replace(version=version or None)


_BAD_PURL = object()  # what _purl_package gives for a purl that does not parse
_PURL_OSV, _HIGH = Matcher.PURL_OSV, Confidence.HIGH
_CPE_NVD, _LOW = Matcher.CPE_NVD, Confidence.LOW
# every match makes a detail and a result: made without ``__init__`` (domain/makers.py)
_Detail = maker(MatchDetail)
_Result = maker(MatchResult)
_Ref = maker(ComponentRef)
_Keys = maker(LookupKeys)


@lru_cache(maxsize=65_536)
def _purl_package(purl: str) -> _Package | object | None:
    """A purl as OSV sees it (with the purl's own version), made once per distinct purl;
    ``_BAD_PURL`` when it does not parse, ``None`` when its type has no OSV ecosystem."""
    parsed = parse_purl(purl)
    if parsed is None:
        return _BAD_PURL
    ecosystem = osv_ecosystem_for_purl(parsed.type, parsed.namespace, _qualifiers(parsed))
    if ecosystem is None:
        return None
    name = osv_name_for_purl(parsed.type, parsed.namespace, parsed.name)
    key = index_key(ecosystem, name)
    base, _, release = key[0].partition(":")
    return _Package(ecosystem, name, key, parsed.version or None, base, release)


def _qualifiers(purl: PackageURL) -> dict[str, str]:
    """A purl's qualifiers as a dict (the library may leave them unparsed)."""
    qualifiers = purl.qualifiers
    return qualifiers if isinstance(qualifiers, dict) else {}  # read only: not copied


@lru_cache(maxsize=262_144)
def _affected_key(ecosystem: str, name: str) -> tuple[str, str]:
    """``index_key`` of an affected entry, cached: every component meets the same entries."""
    return index_key(ecosystem, name)


def _same_package(package: _Package, affected: AffectedPackage) -> bool:
    """Same name and ecosystem; a release on one side only (``Debian`` / ``Debian:12``) matches."""
    if affected.name == package.name and affected.ecosystem == package.ecosystem:
        return bool(affected.ecosystem)  # written as the purl reads: the same key, no look-up
    if not affected.ecosystem:
        return False
    eco, name = _affected_key(affected.ecosystem, affected.name)
    if name != package.key[1]:
        return False
    if eco == package.key[0]:
        return True
    theirs, _, their_release = eco.partition(":")
    return package.base == theirs and (not package.release or not their_release)


def _has_data(
    package: _Package,
    entries: Sequence[tuple[Advisory, list[AffectedPackage]]],
    covered: Collection[str] | None,
) -> bool:
    """Whether OSV data covers the package's ecosystem; if not, CPE matching takes over."""
    if covered is not None:
        bases = {base_ecosystem(e) for e in covered}
        return base_ecosystem(package.ecosystem) in bases
    return bool(entries)  # some candidate has an OSV entry for this package


def _entries(
    package: _Package, live: Sequence[Advisory]
) -> list[tuple[Advisory, list[AffectedPackage]]]:
    """The candidates that have ``affected`` entries for the package, with those entries."""
    found = []
    for advisory in live:
        affected = advisory.affected
        if len(affected) == 1:  # a scan's match views: the one entry of the package looked up
            if _same_package(package, affected[0]):
                found.append((advisory, [affected[0]]))
            continue
        entries = [a for a in affected if _same_package(package, a)]
        if entries:
            found.append((advisory, entries))
    return found


def _snapshot(snapshot: Snapshots, advisory: Advisory) -> str | None:
    """The snapshot id to record for an advisory: by its source when given per source, from
    the caller's function when given one (a store knows which snapshot each record came from)."""
    return _snapshot_of(snapshot)(advisory)


def _snapshot_of(snapshot: Snapshots) -> Callable[[Advisory], str | None]:
    """:func:`_snapshot` as a function of the advisory, decided once per component."""
    if snapshot is None or isinstance(snapshot, str):
        return lambda _: snapshot
    if isinstance(snapshot, Mapping):
        return lambda advisory: snapshot.get(advisory.source)
    return snapshot


def _purl_matches(
    ref: ComponentRef,
    package: _Package,
    candidates: Sequence[tuple[Advisory, list[AffectedPackage]]],
    snapshot: Snapshots,
    problems: _Problems,
) -> list[MatchResult]:
    """Advisories whose OSV ranges or version lists hold the package's version."""
    version = package.version or ""
    unreleased = not package.release and package.base in RELEASED_DISTROS
    snapshot_of = _snapshot_of(snapshot)
    results = []
    range_problems: list[str] = []  # one advisory's, said before the next (emptied then)
    for advisory, entries in candidates:
        if range_problems:
            range_problems.clear()
        if unreleased:
            _any_release(package, entries, problems)
        for affected in entries:
            hit = match_affected(affected, version, range_problems)
            if hit is None:
                continue
            for problem in range_problems:
                problems.add(ProblemKind.BAD_RANGE, f"{advisory.id}: {problem}")
            results.append(_purl_result(ref, advisory, affected, hit, snapshot_of(advisory)))
            break  # one match per advisory: the first affected entry that holds
        else:
            if range_problems:
                problems.not_evaluated(
                    _undetermined(ref, advisory, entries, snapshot), range_problems
                )
    return results


def _any_release(
    package: _Package, entries: Sequence[AffectedPackage], problems: _Problems
) -> None:
    """Say that a component without a release is compared with release-scoped records."""
    if any(":" in _affected_key(a.ecosystem, a.name)[0] for a in entries):
        problems.add(
            ProblemKind.NO_RELEASE,
            f"the purl states no {package.ecosystem} release (qualifier 'distro'): compared "
            "with the advisories of every release; add distro=… to match its own release only",
        )


def _undetermined(
    ref: ComponentRef,
    advisory: Advisory,
    entries: Sequence[AffectedPackage],
    snapshot: Snapshots,
) -> MatchResult:
    """The match a could-not-evaluate outcome stands for: confidence undetermined, the fixed
    versions the record names (in the ecosystem's order where it can place them)."""
    first = entries[0]
    fixed = [
        e.version
        for a in entries
        for r in a.ranges
        for e in r.events
        if e.kind is EventKind.FIXED and e.version
    ]
    order = order_for(first.ecosystem) or GENERIC
    detail = MatchDetail(
        matcher=Matcher.PURL_OSV,
        confidence=Confidence.UNDETERMINED,
        advisory=advisory.id,
        matched="not evaluated",
        snapshot=_snapshot(snapshot, advisory),
    )
    return MatchResult(
        ref,
        advisory,
        detail,
        tuple(order.sorted(fixed)),
        first.ecosystem,
        first.severity + advisory.severity,
    )


def _purl_result(
    ref: ComponentRef,
    advisory: Advisory,
    affected: AffectedPackage,
    hit: RangeHit,
    snapshot: str | None,
) -> MatchResult:
    """The match of one OSV affected entry, with its provenance."""
    matched = f"{affected.ecosystem}/{affected.name} {hit.matched}"
    detail = _Detail(_PURL_OSV, _HIGH, advisory.id, matched, snapshot)
    return _Result(
        ref, advisory, detail, hit.fixed, affected.ecosystem, affected.severity + advisory.severity
    )


def undetermined_results(notes: Sequence[Diagnostic]) -> list[MatchResult]:
    """The undetermined matches of a scan's could-not-evaluate outcomes (none for a plain list
    of notes): what the scan adds to its matches so that each becomes a finding."""
    if not isinstance(notes, MatchNotes):
        return []
    return [n.result for n in notes.not_evaluated if n.result is not None]


def _cpe_matches(
    ref: ComponentRef,
    cpes: Sequence[str],
    live: Sequence[Advisory],
    snapshot: Snapshots,
    problems: _Problems,
) -> list[MatchResult]:
    """Advisories whose NVD configurations name one of the component's CPEs (low confidence)."""
    parsed: list[tuple[Cpe, str]] = []
    for text in cpes:
        try:
            cpe = parse_cpe(text)
        except CpeError as exc:
            problems.add(ProblemKind.BAD_CPE, f"CPE ignored: {exc}")
            continue
        version = cpe.version or ref.version
        if not version:
            problems.add(
                ProblemKind.NO_VERSION, f"no version in {text} nor on the component: not matched"
            )
        elif GENERIC.try_key(version) is None:
            problems.add(
                ProblemKind.UNORDERABLE_VERSION,
                f"version {version!r} cannot be ordered: {text} not matched",
            )
        else:
            parsed.append((cpe, version))
    if not parsed:
        return []
    results = []
    snapshot_of = _snapshot_of(snapshot)
    for advisory in live:
        if not advisory.configurations:
            continue
        for cpe, version in parsed:
            hit = match_configurations(cpe, version, advisory.configurations)
            if hit is None:
                continue
            detail = _Detail(_CPE_NVD, _LOW, advisory.id, hit.matched, snapshot_of(advisory))
            results.append(_Result(ref, advisory, detail, hit.fixed, None, advisory.severity))
            break
    return results
