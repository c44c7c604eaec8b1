"""Scan records under ``records/scans/``: written by ``medsec scan``, read back as evidence.

The JSON is the script contract of ``medsec scan --format json`` too::

    {"scan": {"date", "device", "elements", "components", "snapshots": [{"id", "source",
              "imported_at", "age_days", "records"}], "warnings", "notes"},
     "findings": [{"id", "advisory", "aliases", "summary", "component": {"name", "version",
                   "purl", "cpe", "element", "sbom"}, "severity", "cvss": {"vector", "score"},
                   "kev", "epss", "fixed_versions", "cwes", "state", "first_seen",
                   "triage_due", "remediation_due", "overdue", "rereview", "matcher",
                   "confidence", "provenance": [{"matcher", "advisory", "matched",
                   "snapshot"}]}]}
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medsec.outputs.json import dumps as json_dumps
from medsec.services.vex_findings import SCANS, read_record

if TYPE_CHECKING:
    from medsec.services.scan import ScanResult

__all__ = ["SCANS", "as_dict", "dumps", "first_seen", "history"]


def as_dict(result: ScanResult) -> dict[str, Any]:
    findings = []
    for s in result.statuses:
        f = s.finding
        detail = f.details[0] if f.details else None
        findings.append(
            {
                "id": f.id,
                "advisory": f.advisory,
                "aliases": list(f.aliases),
                "summary": f.summary,
                "component": {
                    "name": f.component.name,
                    "version": f.component.version,
                    "purl": f.component.purl,
                    "cpe": f.component.cpe,
                    "element": f.component.element,
                    "sbom": f.component.sbom,
                },
                "severity": f.severity,
                "cvss": {"vector": f.cvss_vector, "score": f.cvss_score},
                "kev": f.kev,
                "epss": f.epss,
                "fixed_versions": list(f.fixed_versions),
                "cwes": list(f.cwes),
                "state": s.state.value,
                "first_seen": s.first_seen.isoformat(),
                "triage_due": s.deadlines.triage.isoformat(),
                "remediation_due": s.deadlines.remediation.isoformat(),
                "overdue": s.overdue_triage or s.overdue_remediation,
                "rereview": s.rereview,
                "matcher": detail.matcher.value if detail else None,
                "confidence": detail.confidence.value if detail else None,
                "provenance": [
                    {
                        "matcher": d.matcher.value,
                        "advisory": d.advisory,
                        "matched": d.matched,
                        "snapshot": d.snapshot,
                    }
                    for d in f.details
                ],
            }
        )
    return {
        "scan": {
            "date": result.date.isoformat(),
            "device": result.device,
            "elements": list(result.elements),
            "components": result.components,
            "snapshots": [
                {
                    "id": s.id,
                    "source": s.source,
                    "imported_at": s.imported_at,
                    "age_days": s.age_days,
                    "records": s.records,
                }
                for s in result.snapshots
            ],
            "warnings": [str(w) for w in result.warnings],
            "notes": list(result.notes),
        },
        "findings": findings,
    }


def dumps(result: ScanResult) -> str:
    return json_dumps(as_dict(result))


def _records(root: Path) -> list[Path]:
    folder = root / SCANS
    return sorted(p for p in folder.glob("*.json") if p.is_file()) if folder.is_dir() else []


def history(root: Path) -> list[tuple[dt.date, set[str]]]:
    """(date, finding ids) of every readable scan record, oldest first."""
    out = []
    for path in _records(root):
        record = read_record(path, path.relative_to(root).as_posix())
        out.append((record.date.date(), {f.id for f in record.findings}))
    return sorted(out, key=lambda item: item[0])


def first_seen(root: Path) -> dict[str, dt.date]:
    seen: dict[str, dt.date] = {}
    for when, ids in history(root):
        for fid in ids:
            seen.setdefault(fid, when)
    return seen
