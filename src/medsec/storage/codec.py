"""Advisories to and from the JSON kept in ``advisories.payload`` (orjson both ways).

Encoding is orjson's native dataclass serialisation (field names as keys, tuples as lists,
datetimes in RFC 3339, enums by value). Decoding is explicit and tolerant of missing keys, so a
field added to the domain later reads back as its default from older rows. ``FIELDS`` lists
what the decoder knows; a test fails when the domain grows a field this module ignores.
"""

from __future__ import annotations

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


def encode(advisory: Advisory) -> bytes:
    """An advisory as the JSON payload stored with it."""
    return orjson.dumps(advisory)


def decode(payload: bytes) -> Advisory:
    """An advisory from its stored JSON payload."""
    return advisory_from_dict(orjson.loads(payload))


def advisory_from_dict(d: dict[str, Any]) -> Advisory:
    """Positional construction and shared events/scores: a scan decodes thousands of these."""
    get = d.get
    return Advisory(
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


def _time(value: str | None) -> datetime | None:
    """An ISO timestamp, or ``None``."""
    return _fromisoformat(value) if value else None


_fromisoformat = datetime.fromisoformat
_SHARED_LIMIT = 200_000  # frozen values are shared between advisories; the cache is bounded
_events: dict[tuple[str, str], Event] = {}
_scores: dict[tuple[str, str], SeverityScore] = {}


def _event(kind: str, version: str) -> Event:
    """A range event, shared with every advisory that has the same one."""
    key = (kind, version)
    found = _events.get(key)
    if found is None:
        if len(_events) > _SHARED_LIMIT:
            _events.clear()
        found = _events[key] = Event(_EVENTS[kind], version)
    return found


def _score(kind: str, vector: str) -> SeverityScore:
    """A severity score, shared with every advisory that has the same one."""
    key = (kind, vector)
    found = _scores.get(key)
    if found is None:
        if len(_scores) > _SHARED_LIMIT:
            _scores.clear()
        found = _scores[key] = SeverityScore(kind, vector)
    return found


def _severity(items: list[dict[str, str]] | None) -> tuple[SeverityScore, ...]:
    """Severity scores of a stored list (shared values)."""
    return tuple([_score(s["type"], s["vector"]) for s in items]) if items else ()


def _affected(a: dict[str, Any]) -> AffectedPackage:
    """An affected package from its stored form."""
    get = a.get
    return AffectedPackage(
        a["ecosystem"],
        a["name"],
        get("purl"),
        tuple([_range(r) for r in get("ranges") or ()]),
        tuple(get("versions") or ()),
        _severity(get("severity")),
    )


def _range(r: dict[str, Any]) -> VersionRange:
    """A version range from its stored form, with shared events."""
    return VersionRange(
        _RANGES[r["type"]],
        tuple([_event(e["kind"], e["version"]) for e in r.get("events") or ()]),
        r.get("repo"),
    )


def _configuration(c: dict[str, Any]) -> CpeConfiguration:
    """A CPE configuration from its stored form; absent operators read as OR."""
    return CpeConfiguration(
        nodes=tuple(
            CpeNode(
                operator=n.get("operator", "OR"),
                matches=tuple(_match(m) for m in n.get("matches") or ()),
                negate=bool(n.get("negate", False)),
            )
            for n in c.get("nodes") or ()
        ),
        operator=c.get("operator", "OR"),
    )


def _match(m: dict[str, Any]) -> CpeMatch:
    """A CPE criterion from its stored form; absent ``vulnerable`` reads as true."""
    return CpeMatch(
        criteria=m["criteria"],
        vulnerable=bool(m.get("vulnerable", True)),
        version_start_including=m.get("version_start_including"),
        version_start_excluding=m.get("version_start_excluding"),
        version_end_including=m.get("version_end_including"),
        version_end_excluding=m.get("version_end_excluding"),
    )
