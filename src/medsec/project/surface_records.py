"""``records/surface/<version>.json``: the attack surface medsec recorded for each release.

A record is the output of ``medsec surface --format json`` as it was on the day of
recording, plus an optional ``rationale`` for growth. Reading keeps only what the
comparison with a later release needs. An unreadable record is an input error: evidence
that cannot be read is never silently skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import orjson

from medsec.domain.errors import InputError
from medsec.domain.paths import SURFACE_DIR
from medsec.domain.surface import SurfaceRecord
from medsec.engines.surface.compare import entry_attributes, service_attributes, service_key
from medsec.untrusted.files import read_input

FORMAT = "medsec-surface/1"
MAX_BYTES = 64 * 1024 * 1024  # a record lists interfaces and services: kilobytes in practice
_SAFE = re.compile(r"[^A-Za-z0-9._+-]+")


def record_path(base: Path, version: str) -> Path:
    """Where the record of a release lives (the version made safe as a file name)."""
    return base / SURFACE_DIR / f"{_SAFE.sub('_', version)}.json"


def _number(value: Any, path: str, field: str) -> float:
    """A JSON number as a float; anything else is an error at ``field``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError.single(path, f"{field} is not a number", field=field)
    return float(value)


def parse_record(data: bytes, path: str) -> SurfaceRecord:
    """A surface record from its JSON (score, weights, attributes); malformed is an InputError."""
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise InputError.single(path, f"invalid JSON: {exc.msg}", line=exc.lineno) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError.single(
            path, f"not a medsec surface record (format {FORMAT})", field="format"
        )
    version = doc.get("version")
    if not isinstance(version, str) or not version:
        raise InputError.single(path, "no version", field="version")
    weights: list[tuple[str, float]] = []
    attrs: list[tuple[str, str]] = []
    for n, item in enumerate(doc.get("interfaces") or []):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise InputError.single(path, "interface without id", field=f"interfaces[{n}]")
        weights.append((item["id"], _number(item.get("weight"), path, f"interfaces[{n}].weight")))
        attrs.append((item["id"], entry_attributes(item)))
    for n, item in enumerate(doc.get("services") or []):
        if not isinstance(item, dict):
            raise InputError.single(path, "service is not an object", field=f"services[{n}]")
        weight = _number(item.get("weight", 0), path, f"services[{n}].weight")
        if weight:
            key = service_key(
                str(item.get("host")), int(item.get("port", 0)), str(item.get("protocol"))
            )
            weights.append((key, weight))
            attrs.append((key, service_attributes(item.get("name"), str(item.get("status")))))
    try:
        when = dt.date.fromisoformat(str(doc.get("date")))
    except ValueError:
        when = None
    rationale = doc.get("rationale")
    return SurfaceRecord(
        path=path,
        version=version,
        date=when,
        score=_number(doc.get("score"), path, "score"),
        weights=tuple(weights),
        attributes=tuple(attrs),
        rationale=rationale if isinstance(rationale, str) and rationale.strip() else None,
    )


def load_records(base: Path) -> tuple[SurfaceRecord, ...]:
    """Every surface record of the project, by file name; a malformed one raises InputError."""
    folder = base / SURFACE_DIR
    if not folder.is_dir():
        return ()
    records = []
    for path in sorted(folder.glob("*.json")):
        rel = path.relative_to(base).as_posix()
        data = read_input(path, max_bytes=MAX_BYTES, display=rel, what="surface records")
        records.append(parse_record(data, rel))
    return tuple(records)
