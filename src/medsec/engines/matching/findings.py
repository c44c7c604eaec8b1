"""Matches → findings: one finding per component and vulnerability, aliases merged.

Advisories that name each other (``id`` and ``aliases``, transitively: a GHSA aliasing a CVE
and a PYSEC aliasing the same CVE) describe one vulnerability and become one
:class:`~medsec.domain.vulnerability.Finding` per component. Its primary id is the CVE when
there is one (the lowest, if several), else the first id in sort order; every record that
matched stays in ``details`` with its matcher, the range or criterion, and the snapshot.

Severity: the first CVSS vector that scores, preferring the versions in ``prefer`` (CVSS 3.x,
then 4.0, by default: the version most policies and triage deadlines are written against),
package-level vectors before record-level ones, the primary record before the others. Without
a vector, a qualitative label (GHSA ``MODERATE``, Ubuntu ``medium``) or a CVSS v2 score gives
the severity; otherwise it is ``unknown``. KEV membership and EPSS are looked up by any id of
the group when the caller passes them (the scan service does). Undetermined matches (ranges
that could not be evaluated) sort after real ones in ``details``: a finding with only
undetermined matches is a "could not evaluate" finding (``Finding.undetermined``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cvss import CVSS2
from cvss.exceptions import CVSSError

from medsec.domain.advisory import Advisory, SeverityScore
from medsec.domain.finding_id import component_key, id_for_key
from medsec.domain.finding_id import finding_id as domain_finding_id
from medsec.domain.makers import maker
from medsec.domain.vulnerability import ComponentRef, Confidence, Finding, MatchDetail
from medsec.engines.matching.versions import GENERIC, order_for
from medsec.engines.threats.scoring import CvssVectorError, score

if TYPE_CHECKING:
    from medsec.engines.matching.matcher import MatchResult

DEFAULT_PREFERENCE = ("CVSS_V3", "CVSS_V4")
_CVE = re.compile(r"^CVE-(\d{4})-(\d+)$", re.IGNORECASE)
_LABELS = {
    "critical": "critical",
    "high": "high",
    "important": "high",
    "moderate": "medium",
    "medium": "medium",
    "low": "low",
    "negligible": "low",
    "none": "none",
}


def finding_id(advisory_id: str, component: ComponentRef) -> str:
    """The one stable finding id of medsec (see :mod:`medsec.domain.finding_id`).

    Version, qualifiers and subpath are left out, as VEX documents identify products: a copy
    bundled in a wheel shares the id with the system copy; the finding's component (element,
    SBOM, version) still tells them apart, and VEX exports state each version separately.
    """
    return domain_finding_id(advisory_id, component)


def merge_findings(
    results: Iterable[MatchResult],
    *,
    kev: Collection[str] = (),
    epss: Mapping[str, float] | None = None,
    prefer: Sequence[str] = DEFAULT_PREFERENCE,
    lookup: Lookup | None = None,
) -> list[Finding]:
    """Group matches by component and vulnerability; sorted by finding id, then component.

    ``lookup``, in place of ``kev`` and ``epss``: a function of the CVE ids the findings carry
    (sorted) giving the KEV-listed ones and the EPSS scores, called once the matches are
    grouped (a scan asks its database; the ids come out of the grouping at no extra cost).
    """
    singles = _Singles(tuple(prefer))
    results = results if isinstance(results, list) else list(results)
    groups: list[tuple[ComponentRef, str, tuple[str, str, str], list[MatchResult]]] = []
    for component, matches in _by_component(results).items():
        key = component_key(component)  # what every finding id of the component ends with
        place = (component.element or "", component.sbom or "", component.version or "")
        groups += [(component, key, place, group) for group in _alias_groups(matches)]
    if lookup is not None:
        kev, epss = lookup(_cves(groups, singles))
    scores = epss or {}
    ordered: list[tuple[str, tuple[str, str, str], int, Finding]] = []
    for component, key, place, group in groups:
        made = (
            singles.finding(component, key, group[0], kev, scores)
            if len(group) == 1
            else _finding(component, group, kev, scores, prefer)
        )
        ordered.append((made.id, place, len(ordered), made))
    ordered.sort()  # by id, then element, SBOM and version; ties in the order made
    return [made for *_, made in ordered]


# the KEV and EPSS look-up of merge_findings: CVE ids -> (KEV-listed ids, EPSS scores)
Lookup = Callable[[list[str]], tuple[Collection[str], Mapping[str, float]]]


def _cves(
    groups: Sequence[tuple[Any, Any, Any, list[MatchResult]]], singles: _Singles
) -> list[str]:
    """The CVE ids of the grouped matches' advisories, sorted (the heads of single matches are
    made here, as their findings will need them)."""
    ids: set[str] = set()
    for *_, group in groups:
        if len(group) == 1:
            ids |= singles.head(group[0].advisory)[0]
        else:
            ids.update(i for m in group for i in m.advisory.ids)
    return sorted(i for i in ids if i.startswith("CVE-"))


def _by_component(results: list[MatchResult]) -> dict[ComponentRef, list[MatchResult]]:
    """The live matches per component (equal references are one component), in order.

    Grouped first by reference object (a matcher gives every match of a component the same
    one) and only then by value: hashing a reference costs more than the grouping itself.
    When two objects are equal, the matches are regrouped by value alone, as they come."""
    by_object: dict[int, tuple[ComponentRef, list[MatchResult]]] = {}
    for result in results:
        if result.advisory.withdrawn is None:
            found = by_object.get(id(result.component))
            if found is None:
                by_object[id(result.component)] = (result.component, [result])
            else:
                found[1].append(result)
    by_component = dict(by_object.values())
    if len(by_component) == len(by_object):
        return by_component
    by_component = {}
    for result in results:  # equal references of two objects (a component listed twice)
        if result.advisory.withdrawn is None:
            by_component.setdefault(result.component, []).append(result)
    return by_component


# what every single-record finding of one advisory shares: ids, primary id, aliases, summary,
# CWEs, publication date
_Head = tuple[frozenset[str], str, tuple[str, ...], str, tuple[str, ...], dt.date | None]
_Finding = maker(Finding)  # made by the ten thousand: without ``__init__`` (domain/makers.py)


class _Singles:
    """Findings of one match each (most findings), with what they share made once per call:
    an advisory's part and its KEV and EPSS figures (by advisory object), the severity of a
    list of scores (by object: the matches of one advisory share theirs)."""

    def __init__(self, prefer: tuple[str, ...]) -> None:
        """For one :func:`merge_findings` call, with its CVSS version preference."""
        self.prefer = prefer
        self.heads: dict[int, tuple[Advisory, _Head]] = {}
        self.exploits: dict[int, tuple[bool, float | None]] = {}
        self.judged: dict[int, tuple[tuple[SeverityScore, ...], _Judged]] = {}

    def finding(
        self,
        component: ComponentRef,
        key: str,
        match: MatchResult,
        kev: Collection[str],
        epss: Mapping[str, float],
    ) -> Finding:
        """:func:`_finding` of one match; ``key``: the component's part of the finding id."""
        advisory = match.advisory
        known = self.heads.get(id(advisory))  # made by _cves (the usual case): no call
        head = known[1] if known is not None and known[0] is advisory else self.head(advisory)
        ids, primary, aliases, summary, cwes, published = head
        exploit = self.exploits.get(id(advisory))
        if exploit is None:  # the head was made for this object: it is the same advisory
            scores = [epss[i] for i in ids if i in epss] if epss else []
            listed = any(i in kev for i in ids) if kev else False
            exploit = self.exploits[id(advisory)] = (listed, max(scores) if scores else None)
        severity = match.severity
        judged = self.judged.get(id(severity))
        if judged is None or judged[0] is not severity:
            judged = self.judged[id(severity)] = (severity, _judged(severity, self.prefer))
        vector, value, label = judged[1]
        return _Finding(
            id_for_key(primary, key),
            primary,
            aliases,
            component,
            summary,
            match.fixed_versions,
            label,
            vector,
            value,
            exploit[0],
            exploit[1],
            (match.detail,),
            cwes,
            published,
        )

    def head(self, advisory: Advisory) -> _Head:
        """The parts of a finding that depend on its one advisory only (made once)."""
        known = self.heads.get(id(advisory))
        if known is not None and known[0] is advisory:
            return known[1]
        ident, others = advisory.id, advisory.aliases
        aliases: tuple[str, ...]
        if not others:  # its own id only (what _primary gives for one id)
            ids, primary, aliases = frozenset((ident,)), ident, ()
        elif len(others) == 1 and others[0] != ident:  # the usual pair: GHSA and CVE
            ids = frozenset((ident, others[0]))
            primary = _primary(ids)
            aliases = tuple(others) if primary == ident else (ident,)
        else:
            ids = frozenset(advisory.ids)
            primary = _primary(ids)
            aliases = tuple(sorted(ids - {primary}))
        cwes = advisory.cwes
        published = advisory.published.date() if advisory.published is not None else None
        head = (
            ids,
            primary,
            aliases,
            advisory.summary.strip() or _summary([advisory]),
            tuple(cwes) if len(cwes) < 2 else tuple(sorted(set(cwes))),
            published,
        )
        self.heads[id(advisory)] = (advisory, head)
        return head


def _alias_groups(matches: list[MatchResult]) -> list[list[MatchResult]]:
    """Union-find over the ids each matched advisory carries."""
    if len(matches) == 1:  # most components that match at all match one advisory
        return [matches]
    every = [i for m in matches for i in m.advisory.ids]
    if len(set(every)) == len(every):  # no id shared: each match is its own group
        return [[m] for m in matches]
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        """The representative of an id, compressing the path on the way."""
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for match in matches:
        ids = match.advisory.ids
        for other in ids[1:]:
            parent[find(other)] = find(ids[0])
    groups: dict[str, list[MatchResult]] = {}
    for match in matches:
        groups.setdefault(find(match.advisory.id), []).append(match)
    return list(groups.values())


def _primary(ids: Collection[str]) -> str:
    """The id a finding goes by: the oldest CVE among the aliases, else the smallest id."""
    cves = [
        (int(m.group(1)), int(m.group(2)), i)
        for i in ids
        if i[:4].upper() == "CVE-" and (m := _CVE.match(i))
    ]
    return min(cves)[2] if cves else min(ids)


def _finding(
    component: ComponentRef,
    group: list[MatchResult],
    kev: Collection[str],
    epss: Mapping[str, float],
    prefer: Sequence[str],
) -> Finding:
    """One finding from the matches of one alias group on one component."""
    ids = {i for m in group for i in m.advisory.ids}
    primary = _primary(ids)
    details: tuple[MatchDetail, ...]
    if len(group) == 1:  # the usual case: nothing to order or merge
        ordered, advisories, details = group, [group[0].advisory], (group[0].detail,)
    else:
        ordered = sorted(group, key=lambda m: (primary not in m.advisory.ids, m.advisory.id))
        advisories = list({m.advisory.id: m.advisory for m in ordered}.values())
        details = tuple(sorted({m.detail for m in group}, key=_detail_order))
    vector, value, severity = _severity(ordered, prefer)
    scores = [epss[i] for i in ids if i in epss]
    published = [a.published.date() for a in advisories if a.published is not None]
    return Finding(
        id=finding_id(primary, component),
        advisory=primary,
        aliases=tuple(sorted(ids - {primary})),
        component=component,
        summary=_summary(advisories),
        fixed_versions=_fixes(group),
        severity=severity,
        cvss_vector=vector,
        cvss_score=value,
        kev=any(i in kev for i in ids),
        epss=max(scores) if scores else None,
        details=details,
        cwes=tuple(sorted({c for a in advisories for c in a.cwes})),
        published=min(published) if published else None,
    )


def _detail_order(d: MatchDetail) -> tuple[bool, str, str, str]:
    """Matches first, undetermined ones (could not evaluate) last; then matcher, record, text."""
    return (d.confidence is Confidence.UNDETERMINED, d.matcher.value, d.advisory, d.matched)


def _summary(advisories: list[Advisory]) -> str:
    """The first advisory summary, else the first line of the first details (cut to 200)."""
    for advisory in advisories:
        if advisory.summary.strip():
            return advisory.summary.strip()
    for advisory in advisories:
        if advisory.details.strip():
            line = advisory.details.strip().splitlines()[0]
            return line if len(line) <= 200 else line[:197] + "..."
    return ""


def _fixes(group: list[MatchResult]) -> tuple[str, ...]:
    """Fixed versions of all matches, in the ecosystem's order (generic for CPE matches)."""
    if len(group) == 1:
        return group[0].fixed_versions  # already in the ecosystem's order
    fixes = {f for m in group for f in m.fixed_versions}
    ecosystem = next((m.ecosystem for m in group if m.ecosystem), None)
    order = order_for(ecosystem) if ecosystem else GENERIC
    return tuple((order or GENERIC).sorted(fixes))


def _severity(
    ordered: list[MatchResult], prefer: Sequence[str]
) -> tuple[str | None, float | None, str]:
    """(vector, score, severity): a preferred CVSS version, a source label, then CVSS v2."""
    if len(ordered) == 1:
        return _judged(ordered[0].severity, tuple(prefer))
    return _judged(tuple([s for m in ordered for s in m.severity]), tuple(prefer))


_Judged = tuple[str | None, float | None, str]  # CVSS vector, score, severity


@lru_cache(maxsize=16_384)
def _judged(entries: tuple[SeverityScore, ...], prefer: tuple[str, ...]) -> _Judged:
    """:func:`_severity` of one list of scores, judged once: advisories share their vectors."""
    for kind in prefer:
        for entry in entries:
            if entry.type.upper() != kind:
                continue
            try:
                cvss = score(entry.vector)
            except CvssVectorError:
                continue
            return cvss.vector, cvss.score, cvss.severity.value
    for entry in entries:
        label = (
            _LABELS.get(entry.vector.strip().lower())
            if entry.type.upper() not in {"CVSS_V2", "CVSS_V3", "CVSS_V4"}
            else None
        )
        if label:
            return None, None, label
    for entry in entries:
        if entry.type.upper() == "CVSS_V2":
            label = _v2_severity(entry.vector)
            if label:
                return None, None, label
    return None, None, "unknown"


def _v2_severity(vector: str) -> str | None:
    """The severity of a CVSS v2 vector by its base score, or ``None`` when it does not score."""
    try:
        base = float(CVSS2(vector.removeprefix("CVSS:2.0/")).scores()[0])
    except (CVSSError, ValueError, KeyError):
        return None
    return "high" if base >= 7.0 else "medium" if base >= 4.0 else "low"
