"""Advisories to and from the JSON kept in ``advisories.payload`` (orjson both ways).

Encoding is orjson's native dataclass serialisation (field names as keys, tuples as lists,
datetimes in RFC 3339, enums by value). Decoding is explicit and tolerant of missing keys, so a
field added to the domain later reads back as its default from older rows. ``FIELDS`` lists
what the decoder knows; a test fails when the domain grows a field this module ignores.

A scan reads *match data* instead of whole records (:func:`match_view`): each package row of
the index (``affected_index.entry``) holds the advisory's head (ids, dates, severity, CWEs,
summary — or, without one, the first line of the details, which is all a finding shows) and
the ``affected`` entries stored under that key with their positions in the record. Decoding
that costs a fraction of the whole record, whose references, other packages and long details
a finding never reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import orjson

from medsec.domain.advisory import (
    Advisory,
    AffectedPackage,
    CpeConfiguration,
    CpeMatch,
    CpeNode,
    Event,
    EventKind,
    RangeType,
    SeverityScore,
    VersionRange,
)
from medsec.domain.makers import maker

FIELDS = {
    "Advisory": [
        "id",
        "source",
        "aliases",
        "related",
        "summary",
        "details",
        "published",
        "modified",
        "withdrawn",
        "severity",
        "affected",
        "configurations",
        "references",
        "cwes",
    ],
    "AffectedPackage": ["ecosystem", "name", "purl", "ranges", "versions", "severity"],
    "VersionRange": ["type", "events", "repo"],
    "Event": ["kind", "version"],
    "CpeConfiguration": ["nodes", "operator"],
    "CpeNode": ["operator", "matches", "negate"],
    "CpeMatch": [
        "criteria",
        "vulnerable",
        "version_start_including",
        "version_start_excluding",
        "version_end_including",
        "version_end_excluding",
    ],
    "SeverityScore": ["type", "vector"],
}

_EVENTS = {kind.value: kind for kind in EventKind}
_RANGES = {kind.value: kind for kind in RangeType}


# the values a scan decodes by the thousand, made without ``__init__`` (domain/makers.py)
_Advisory = maker(Advisory)
_Affected = maker(AffectedPackage)
_Range = maker(VersionRange)
_Event = maker(Event)
_Score = maker(SeverityScore)
_Configuration = maker(CpeConfiguration)
_Node = maker(CpeNode)
_CpeMatch = maker(CpeMatch)


def encode(advisory: Advisory) -> bytes:
    """An advisory as the JSON payload stored with it."""
    return orjson.dumps(advisory)


def decode(payload: bytes) -> Advisory:
    """An advisory from its stored JSON payload."""
    return advisory_from_dict(orjson.loads(payload))


def advisory_from_dict(d: dict[str, Any]) -> Advisory:
    """Positional construction and shared events/scores: a scan decodes thousands of these."""
    get = d.get
    return _Advisory(
        d["id"],
        d["source"],
        tuple(get("aliases") or ()),
        tuple(get("related") or ()),
        get("summary") or "",
        get("details") or "",
        _time(get("published")),
        _time(get("modified")),
        _time(get("withdrawn")),
        _severity(get("severity")),
        tuple([_affected(a) for a in get("affected") or ()]),
        tuple([_configuration(c) for c in get("configurations") or ()]),
        tuple(get("references") or ()),
        tuple(get("cwes") or ()),
    )


MATCH_OMITS = ("related", "configurations", "references")  # what match data leaves out


def encode_match(advisory: Advisory, entries: Sequence[tuple[int, AffectedPackage]]) -> bytes:
    """The match data of one package key (``affected_index.entry``): the advisory's head and
    the ``affected`` entries stored under that key, with their positions in the record.

    Positional lists, not objects: a scan decodes thousands of these. The head is ``[id,
    source, aliases, summary, details, published, modified, withdrawn, severity, cwes]``
    (``details`` only when there is no summary), an entry ``[position,
    ecosystem, name, purl, ranges, versions, severity]``, a range ``[type, events, repo]``, an
    event ``[kind, version]``, a score ``[type, vector]``.
    """
    a = advisory
    head = [
        a.id,
        a.source,
        a.aliases,
        a.summary,
        "" if a.summary.strip() else a.details,  # a finding shows the summary, else the details
        a.published,
        a.modified,
        a.withdrawn,
        [[s.type, s.vector] for s in a.severity],
        a.cwes,
    ]
    return orjson.dumps([head, [_entry_list(at, e) for at, e in entries]])


def _entry_list(at: int, e: AffectedPackage) -> list[Any]:
    """One positioned ``affected`` entry as a list (see :func:`encode_match`)."""
    ranges = [
        [r.type.value, [[v.kind.value, v.version] for v in r.events], r.repo] for r in e.ranges
    ]
    severity = [[s.type, s.vector] for s in e.severity]
    return [at, e.ecosystem, e.name, e.purl, ranges, e.versions, severity]


def decode_match(payload: bytes) -> tuple[list[Any], list[tuple[int, AffectedPackage]]]:
    """The head (as stored) and the positioned ``affected`` entries of one index row."""
    head, entries = orjson.loads(payload)
    return head, [(entry[0], _entry(entry)) for entry in entries]


def decode_view(payload: bytes) -> tuple[tuple[int, ...], Advisory]:
    """One index row as a match view (:func:`match_view`), with the positions of its entries
    in the record (to merge the views of several rows of one record in the record's order)."""
    head, entries = orjson.loads(payload)
    if len(entries) == 1:  # the usual row: one entry under its key
        entry = entries[0]
        return (entry[0],), match_view(head, (_entry(entry),))
    return tuple([e[0] for e in entries]), match_view(head, tuple([_entry(e) for e in entries]))


def merged_view(views: Sequence[tuple[tuple[int, ...], Advisory]]) -> Advisory:
    """The views of several rows of one record as one: every entry, in the record's order."""
    entries = sorted(
        (
            (at, affected)
            for positions, view in views
            for at, affected in zip(positions, view.affected, strict=True)
        ),
        key=lambda entry: entry[0],
    )
    return replace(views[0][1], affected=tuple([affected for _, affected in entries]))


def _entry(entry: list[Any]) -> AffectedPackage:
    """One stored ``affected`` entry (``[position, ecosystem, name, purl, ranges, versions,
    severity]``) as the domain value, events and scores shared."""
    _, ecosystem, name, purl, ranges, versions, severity = entry
    return _Affected(
        ecosystem,
        name,
        purl,
        (_listed_range(*ranges[0]),)
        if len(ranges) == 1
        else tuple([_listed_range(*r) for r in ranges]),
        tuple(versions),
        tuple([_score(k, v) for k, v in severity]) if severity else (),
    )


def _listed_range(kind: str, items: list[list[str]], repo: str | None) -> VersionRange:
    """One range of match data (``[type, events, repo]``), its events shared."""
    events, make = _events, _new_event
    return _Range(_RANGES[kind], tuple([events.get((k, v)) or make(k, v) for k, v in items]), repo)


def match_view(head: list[Any], affected: tuple[AffectedPackage, ...]) -> Advisory:
    """An advisory as a scan needs it: the ``head`` with the entries of the package looked up.

    Matching reads ids, ``withdrawn``, severity and these entries; a finding adds summary,
    CWEs and the publication date (and the details when there is no summary). References,
    related ids, other packages and the details of a record with a summary are left out.
    """
    ident, source, aliases, summary, details, published, modified, withdrawn, scores, cwes = head
    iso, shared = _fromisoformat, _scores.get
    return _Advisory(
        ident,
        source,
        tuple(aliases),
        (),
        summary,
        details,
        iso(published) if published else None,
        iso(modified) if modified else None,
        iso(withdrawn) if withdrawn else None,
        tuple([shared((k, v)) or _new_score(k, v) for k, v in scores]) if scores else (),
        affected,
        (),
        (),
        tuple(cwes),
    )


def _time(value: str | None) -> datetime | None:
    """An ISO timestamp, or ``None``."""
    return _fromisoformat(value) if value else None


_fromisoformat = datetime.fromisoformat
_SHARED_LIMIT = 200_000  # frozen values are shared between advisories; the cache is bounded
_events: dict[tuple[str, str], Event] = {}
_scores: dict[tuple[str, str], SeverityScore] = {}


def _event(kind: str, version: str) -> Event:
    """A range event, shared with every advisory that has the same one."""
    return _events.get((kind, version)) or _new_event(kind, version)


def _new_event(kind: str, version: str) -> Event:
    """A range event not met before, kept to be shared (:func:`_event`)."""
    if len(_events) > _SHARED_LIMIT:
        _events.clear()
    made = _events[(kind, version)] = _Event(_EVENTS[kind], version)
    return made


def _new_score(kind: str, vector: str) -> SeverityScore:
    """A severity score not met before, kept to be shared (:func:`_score`)."""
    if len(_scores) > _SHARED_LIMIT:
        _scores.clear()
    made = _scores[(kind, vector)] = _Score(kind, vector)
    return made


def _score(kind: str, vector: str) -> SeverityScore:
    """A severity score, shared with every advisory that has the same one."""
    return _scores.get((kind, vector)) or _new_score(kind, vector)


def _severity(items: list[dict[str, str]] | None) -> tuple[SeverityScore, ...]:
    """Severity scores of a stored list (shared values)."""
    return tuple([_score(s["type"], s["vector"]) for s in items]) if items else ()


def _affected(a: dict[str, Any]) -> AffectedPackage:
    """An affected package from its stored form."""
    get = a.get
    return _Affected(
        a["ecosystem"],
        a["name"],
        get("purl"),
        tuple([_range(r) for r in get("ranges") or ()]),
        tuple(get("versions") or ()),
        _severity(get("severity")),
    )


def _range(r: dict[str, Any]) -> VersionRange:
    """A version range from its stored form, with shared events."""
    return _Range(
        _RANGES[r["type"]],
        tuple([_event(e["kind"], e["version"]) for e in r.get("events") or ()]),
        r.get("repo"),
    )


def _configuration(c: dict[str, Any]) -> CpeConfiguration:
    """A CPE configuration from its stored form; absent operators read as OR."""
    return _Configuration(
        tuple(
            _Node(
                n.get("operator", "OR"),
                tuple([_match(m) for m in n.get("matches") or ()]),
                bool(n.get("negate", False)),
            )
            for n in c.get("nodes") or ()
        ),
        c.get("operator", "OR"),
    )


def _match(m: dict[str, Any]) -> CpeMatch:
    """A CPE criterion from its stored form; absent ``vulnerable`` reads as true."""
    get = m.get
    return _CpeMatch(
        m["criteria"],
        bool(get("vulnerable", True)),
        get("version_start_including"),
        get("version_start_excluding"),
        get("version_end_including"),
        get("version_end_excluding"),
    )
