"""CISA Known Exploited Vulnerabilities catalogue: the JSON feed or its CSV twin."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

import orjson

from medsec.domain.advisory import KevEntry, SourceKind
from medsec.domain.errors import Diagnostic, InputError
from medsec.sources.advisories.source import Collection, FeedSource, Files, Loaded, only
from medsec.untrusted import csvtext

CSV_COLUMNS = ("cveID", "vendorProject", "product", "dateAdded")
_MAX_PROBLEMS = 50


@dataclass(frozen=True)
class KevCatalog:
    """The KEV catalogue: its entries, version and release date."""

    entries: tuple[KevEntry, ...]
    version: str = ""  # catalogVersion, e.g. "2025.08.25" (JSON only)
    released: datetime | None = None  # dateReleased (JSON), or the newest dateAdded (CSV)


def parse(data: bytes, *, source: str) -> KevCatalog:
    """Parse the KEV catalogue; JSON when it starts with ``{``, CSV otherwise."""
    if data.lstrip()[:1] == b"{":
        return _parse_json(data, source)
    return _parse_csv(data, source)


def _parse_json(data: bytes, source: str) -> KevCatalog:
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise InputError.single(
            source, f"not valid JSON ({error}); the file may have been cut short"
        ) from None
    rows = document.get("vulnerabilities") if isinstance(document, dict) else None
    if not isinstance(rows, list):
        raise InputError.single(
            source, "no 'vulnerabilities' list", hint="not a CISA KEV catalogue (JSON)"
        )
    entries = _entries(rows, source, first_line=None)
    released = document.get("dateReleased")
    return KevCatalog(
        entries=entries,
        version=str(document.get("catalogVersion", "")),
        released=_datetime(released) if isinstance(released, str) else None,
    )


def _parse_csv(data: bytes, source: str) -> KevCatalog:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError.single(source, f"not UTF-8 text ({error})") from None
    reader = csvtext.dict_reader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
        missing = [c for c in CSV_COLUMNS if c not in header]
        if missing:
            raise InputError.single(
                source,
                f"CSV header lacks {', '.join(missing)}",
                line=1,
                hint="not a CISA KEV catalogue (known_exploited_vulnerabilities.csv)",
            )
        rows = list(reader)
    except csv.Error as error:
        raise InputError.single(source, f"malformed CSV: {error}", line=reader.line_num) from None
    entries = _entries(rows, source, first_line=2)
    newest = max((e.date_added for e in entries if e.date_added), default=None)
    released = datetime(newest.year, newest.month, newest.day, tzinfo=UTC) if newest else None
    return KevCatalog(entries=entries, released=released)


def _entries(
    rows: Iterable[object], source: str, *, first_line: int | None
) -> tuple[KevEntry, ...]:
    entries: list[KevEntry] = []
    problems: list[Diagnostic] = []
    for index, row in enumerate(rows):
        line = None if first_line is None else first_line + index
        where = None if first_line is not None else f"vulnerabilities[{index}]"
        if not isinstance(row, Mapping):
            problems.append(Diagnostic(source, "not an object", line=line, field=where))
            continue
        try:
            entries.append(_entry(row))
        except ValueError as error:
            problems.append(Diagnostic(source, str(error), line=line, field=where))
        if len(problems) >= _MAX_PROBLEMS:
            break
    if problems:
        raise InputError(problems)
    return tuple(entries)


def _entry(row: Mapping[str, object]) -> KevEntry:
    cve = str(row.get("cveID") or "").strip()
    if not cve.startswith("CVE-"):
        raise ValueError(f"cveID {cve!r} is not a CVE id")
    ransomware = str(row.get("knownRansomwareCampaignUse") or "").strip().lower()
    return KevEntry(
        cve=cve,
        vendor=str(row.get("vendorProject") or ""),
        product=str(row.get("product") or ""),
        name=str(row.get("vulnerabilityName") or ""),
        date_added=_date(row.get("dateAdded"), "dateAdded"),
        due_date=_date(row.get("dueDate"), "dueDate"),
        known_ransomware=True if ransomware == "known" else None,
        required_action=str(row.get("requiredAction") or ""),
    )


def _date(value: object, field: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValueError(f"{field} {value!r} is not a date (YYYY-MM-DD)") from None


def _datetime(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def sniff(head: bytes, name: str) -> bool:
    """The JSON catalogue (``catalogVersion`` / ``cveID``) or its CSV twin's header."""
    if head[:1] == b"{":
        return b'"catalogVersion"' in head or b'"cveID"' in head
    first = _first_line(head).lower()
    return b"cveid" in first and b"vendorproject" in first


def _first_line(head: bytes) -> bytes:
    """The head's first line, without copying the rest (every file of a folder is sniffed)."""
    end = head.find(b"\n")
    return head[: end if end >= 0 else len(head)]


def load(files: Files, collection: Collection, /, *, skip_invalid: bool) -> Loaded:
    """The whole catalogue, read up front: its release date dates the snapshot."""
    name, data = only(files)
    catalog = parse(data, source=name)
    return Loaded(iter(catalog.entries), catalog.released)


SOURCE = FeedSource(kind=SourceKind.KEV, sniff=sniff, load=load)
