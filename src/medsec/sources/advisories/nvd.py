"""NVD CVE API 2.0: one response page, or a yearly feed file (the same shape, every CVE of a year).

``{"resultsPerPage", "startIndex", "totalResults", "format": "NVD_CVE", "version": "2.0",
"timestamp", "vulnerabilities": [{"cve": {...}}]}``. Each CVE becomes an :class:`Advisory`
with ``source="nvd"``: CVSS v4.0 / v3.x / v2 metrics as severity vectors (the NVD's own
"Primary" score first), ``configurations`` as CPE match criteria, weaknesses as CWE ids.
A rejected CVE is kept with ``withdrawn`` set, so that a scan can say why it no longer matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from medsec.domain.advisory import (
    Advisory,
    CpeConfiguration,
    CpeMatch,
    CpeNode,
    SeverityScore,
    SourceKind,
)
from medsec.domain.errors import Diagnostic, InputError
from medsec.sources.advisories.archive import gunzip
from medsec.sources.advisories.source import Collection, FeedSource, Files, Loaded, Record

_METRICS = (  # NVD metric key -> severity type, most expressive first
    ("cvssMetricV40", "CVSS_V4"),
    ("cvssMetricV31", "CVSS_V3"),
    ("cvssMetricV30", "CVSS_V3"),
    ("cvssMetricV2", "CVSS_V2"),
)
_MAX_PROBLEMS = 50


@dataclass(frozen=True)
class NvdPage:
    """One parsed page (or feed file) with the pagination the API returned."""

    advisories: tuple[Advisory, ...]
    start_index: int
    results_per_page: int
    total_results: int
    timestamp: datetime | None = None

    @property
    def next_index(self) -> int | None:
        """The ``startIndex`` of the next page, or ``None`` when this was the last one."""
        following = self.start_index + max(self.results_per_page, len(self.advisories))
        return following if following < self.total_results else None


def parse(data: bytes, *, source: str) -> NvdPage:
    """Parse an NVD CVE API 2.0 page or yearly feed file; every malformed CVE is reported."""
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise InputError.single(
            source,
            f"not valid JSON ({error}); the file may have been cut short",
            hint="download it again, or check the disk it was copied to",
        ) from None
    if not isinstance(document, dict):
        raise InputError.single(source, "an NVD CVE 2.0 document is a JSON object")
    if "CVE_Items" in document:
        raise InputError.single(
            source,
            "this is an NVD 1.1 feed (CVE_Items), retired in 2023",
            hint="use the NVD CVE 2.0 feeds (nvdcve-2.0-YYYY.json.gz) or the CVE API 2.0",
        )
    items = document.get("vulnerabilities")
    if not isinstance(items, list):
        raise InputError.single(
            source, "no 'vulnerabilities' list", field="vulnerabilities", hint="not an NVD 2.0 file"
        )
    advisories: list[Advisory] = []
    problems: list[Diagnostic] = []
    for index, item in enumerate(items):
        where = f"vulnerabilities[{index}]"
        cve = item.get("cve") if isinstance(item, dict) else None
        if not isinstance(cve, dict):
            problems.append(Diagnostic(source, "no 'cve' object", field=where))
            continue
        try:
            advisories.append(_advisory(cve))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            problems.append(
                Diagnostic(source, f"malformed CVE {cve.get('id', '?')}: {error}", field=where)
            )
        if len(problems) >= _MAX_PROBLEMS:
            break
    if problems:
        raise InputError(problems)
    return NvdPage(
        advisories=tuple(advisories),
        start_index=_int(document.get("startIndex"), 0),
        results_per_page=_int(document.get("resultsPerPage"), len(advisories)),
        total_results=_int(document.get("totalResults"), len(advisories)),
        timestamp=_time(document.get("timestamp")),
    )


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _time(value: object) -> datetime | None:
    """An NVD timestamp (naive means UTC); None when absent or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _version(value: object) -> str | None:
    """A version bound as text; a number (an untidy feed) is read as its text."""
    if value is None or isinstance(value, bool):
        return None
    return str(value) if isinstance(value, str | int | float) else None


def _advisory(cve: Mapping[str, Any]) -> Advisory:
    cve_id = cve["id"]
    if not isinstance(cve_id, str) or not cve_id.startswith("CVE-"):
        raise ValueError(f"id {cve_id!r} is not a CVE id")
    modified = _time(cve.get("lastModified"))
    rejected = str(cve.get("vulnStatus", "")).lower() == "rejected"
    return Advisory(
        id=cve_id,
        source="nvd",
        details=_english(cve.get("descriptions", ())),
        published=_time(cve.get("published")),
        modified=modified,
        withdrawn=(modified or _time(cve.get("published"))) if rejected else None,
        severity=_severity(cve.get("metrics") or {}),
        configurations=tuple(_configuration(c) for c in cve.get("configurations", ())),
        references=tuple(
            dict.fromkeys(r["url"] for r in cve.get("references", ()) if r.get("url"))
        ),
        cwes=_cwes(cve.get("weaknesses", ())),
    )


def _english(descriptions: Sequence[Mapping[str, Any]]) -> str:
    for description in descriptions:
        if description.get("lang") == "en":
            return str(description.get("value", ""))
    return str(descriptions[0].get("value", "")) if descriptions else ""


def _severity(metrics: Mapping[str, Any]) -> tuple[SeverityScore, ...]:
    scores: dict[str, SeverityScore] = {}
    for key, kind in _METRICS:
        entries = sorted(metrics.get(key, ()), key=lambda m: m.get("type") != "Primary")
        for metric in entries:
            vector = (metric.get("cvssData") or {}).get("vectorString")
            if vector and kind not in scores:
                scores[kind] = SeverityScore(type=kind, vector=str(vector))
    return tuple(scores.values())


def _configuration(config: Mapping[str, Any]) -> CpeConfiguration:
    return CpeConfiguration(
        nodes=tuple(_node(n) for n in config.get("nodes", ())),
        operator=str(config.get("operator", "OR")).upper(),
    )


def _node(node: Mapping[str, Any]) -> CpeNode:
    return CpeNode(
        operator=str(node.get("operator", "OR")).upper(),
        matches=tuple(_match(m) for m in node.get("cpeMatch", ())),
        negate=bool(node.get("negate", False)),
    )


def _match(match: Mapping[str, Any]) -> CpeMatch:
    criteria = match["criteria"]
    if not isinstance(criteria, str) or not criteria.startswith("cpe:2.3:"):
        raise ValueError(f"criteria {criteria!r} is not a CPE 2.3 name")
    return CpeMatch(
        criteria=criteria,
        vulnerable=bool(match.get("vulnerable", True)),
        version_start_including=_version(match.get("versionStartIncluding")),
        version_start_excluding=_version(match.get("versionStartExcluding")),
        version_end_including=_version(match.get("versionEndIncluding")),
        version_end_excluding=_version(match.get("versionEndExcluding")),
    )


def _cwes(weaknesses: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for weakness in weaknesses:
        for description in weakness.get("description", ()):
            value = str(description.get("value", ""))
            if value.startswith("CWE-"):
                found[value] = None
    return tuple(found)


def sniff(head: bytes, name: str) -> bool:
    """A JSON object with ``"format": "NVD_CVE"``, CVE objects, or a retired 1.1 feed (which
    ``parse`` then refuses with a reason)."""
    return head[:1] == b"{" and (
        b'"NVD_CVE"' in head or b'"CVE_Items"' in head or _CVE_KEY.search(head) is not None
    )


# '"cve":' once spaces are taken out (a search, not a copy of the head per file sniffed)
_CVE_KEY = re.compile(rb'" *c *v *e *" *:')


def load(files: Files, collection: Collection, /, *, skip_invalid: bool) -> Loaded:
    """Every CVE of every file, one file parsed at a time as the store asks for records."""
    return Loaded(_records(files))


def _records(files: Files) -> Iterator[Record]:
    for name, data in files:
        if data[:2] == b"\x1f\x8b":
            data = gunzip(data, source=name)
        yield from parse(data, source=name).advisories


SOURCE = FeedSource(
    kind=SourceKind.NVD, sniff=sniff, load=load, bundled=True, suffixes=(".json", ".json.gz")
)
