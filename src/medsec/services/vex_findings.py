"""The findings a VEX document speaks about: those of the latest scan record.

Scan records are ``records/scans/*.json`` written by ``medsec scan``::

    {"scan": {"date", "snapshots": [{"id", "source", "age_days"}], "elements": [...]},
     "findings": [{"id", "advisory", "aliases", "component": {"name", "version", "purl",
                   "element"}, "severity", "cvss": {"vector", "score"}, "kev", "epss",
                   "fixed_versions", "state", "matcher", "summary"}]}

The latest record (by ``scan.date``, then file name) is read strictly: a malformed one is an
error that names the field, never a silent fall-back to an older scan.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medsec.domain.errors import InputError
from medsec.domain.vulnerability import (
    ComponentRef,
    Confidence,
    Finding,
    MatchDetail,
    Matcher,
)

SCANS = "records/scans"
MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class ScanRecord:
    path: str  # relative to the project
    date: dt.datetime
    findings: tuple[Finding, ...]
    snapshots: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()
    data_age_days: int | None = None  # age of the oldest data snapshot the scan used
    states: tuple[tuple[str, str], ...] = ()  # finding id -> state recorded at scan time


def obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _date(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _finding(f: Any, where: str, display: str) -> Finding:
    if not isinstance(f, dict) or not _str(f.get("id")) or not _str(f.get("advisory")):
        raise InputError.single(display, "a finding needs an id and an advisory", field=where)
    c = f.get("component")
    if not isinstance(c, dict) or not _str(c.get("name")):
        raise InputError.single(
            display, "a finding needs a component name", field=f"{where}/component"
        )
    cvss = obj(f.get("cvss"))
    matcher = f.get("matcher")
    details: tuple[MatchDetail, ...] = ()
    if matcher in {m.value for m in Matcher}:
        confidence = Confidence.HIGH if matcher == Matcher.PURL_OSV else Confidence.LOW
        details = (MatchDetail(Matcher(matcher), confidence, str(f["advisory"]), ""),)
    score = cvss.get("score")
    epss = f.get("epss")
    return Finding(
        id=str(f["id"]),
        advisory=str(f["advisory"]),
        aliases=tuple(str(a) for a in f.get("aliases") or [] if isinstance(a, str)),
        component=ComponentRef(
            name=str(c["name"]),
            version=_str(c.get("version")),
            purl=_str(c.get("purl")),
            cpe=_str(c.get("cpe")),
            element=_str(c.get("element")),
        ),
        summary=_str(f.get("summary")) or "",
        fixed_versions=tuple(str(v) for v in f.get("fixed_versions") or [] if isinstance(v, str)),
        severity=_str(f.get("severity")) or "unknown",
        cvss_vector=_str(cvss.get("vector")),
        cvss_score=float(score) if isinstance(score, int | float) else None,
        kev=f.get("kev") is True,
        epss=float(epss) if isinstance(epss, int | float) else None,
        details=details,
        cwes=tuple(str(w) for w in f.get("cwes") or [] if isinstance(w, str)),
    )


def read_record(path: Path, display: str) -> ScanRecord:
    if path.stat().st_size > MAX_BYTES:
        raise InputError.single(display, "scan record larger than 256 MiB")
    try:
        doc = json.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError.single(display, f"malformed JSON: {exc}") from None
    scan = doc.get("scan") if isinstance(doc, dict) else None
    when = _date(scan.get("date")) if isinstance(scan, dict) else None
    if not isinstance(scan, dict) or when is None:
        raise InputError.single(display, "not a scan record: no scan.date", field="scan.date")
    findings = doc.get("findings") or []
    if not isinstance(findings, list):
        raise InputError.single(display, "findings must be a list", field="findings")
    snapshots = tuple(
        str(s["id"]) for s in scan.get("snapshots") or [] if isinstance(s, dict) and s.get("id")
    )
    ages = [s.get("age_days") for s in scan.get("snapshots") or [] if isinstance(s, dict)]
    known = [int(a) for a in ages if isinstance(a, int | float)]
    return ScanRecord(
        path=display,
        date=when,
        findings=tuple(_finding(f, f"findings[{i}]", display) for i, f in enumerate(findings)),
        snapshots=snapshots,
        elements=tuple(sorted({str(e) for e in scan.get("elements") or [] if isinstance(e, str)})),
        data_age_days=max(known) if known else None,
        states=tuple(
            (str(f["id"]), str(f.get("state") or ""))
            for f in findings
            if isinstance(f, dict) and isinstance(f.get("id"), str)
        ),
    )


def _peek_date(path: Path) -> dt.datetime:
    """The record's date for choosing the latest (unreadable: sorts last, read strictly then)."""
    try:
        doc = json.loads(path.read_bytes())
        found = _date(doc["scan"]["date"])
    except (OSError, ValueError, KeyError, TypeError):
        found = None
    return found or dt.datetime.max.replace(tzinfo=dt.UTC)


def latest_scan(root: Path) -> ScanRecord | None:
    folder = root / SCANS
    if not folder.is_dir():
        return None
    records = sorted(
        (p for p in folder.glob("*.json") if p.is_file()),
        key=lambda p: (_peek_date(p), p.name),
    )
    if not records:
        return None
    latest = records[-1]
    return read_record(latest, latest.relative_to(root).as_posix())
