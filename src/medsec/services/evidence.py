"""Reading the evidence medsec itself wrote earlier: scan records, surface records, VEX files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from medsec.domain.errors import InputError
from medsec.domain.model import Project
from medsec.engines.compliance.context import SarifFact, ScanRecordFact
from medsec.project.yamlfile import load_yaml

UNASSESSED_STATES = {None, "", "in_triage", "under_investigation", "unknown"}


def _files(root: Path, sub: str, suffixes: tuple[str, ...]) -> list[Path]:
    folder = root / sub
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name.endswith(suffixes))


def scan_records(root: Path) -> tuple[ScanRecordFact, ...]:
    """Scan records under ``records/scans/`` (``{"scan": {...}, "findings": [...]}``).

    A record that cannot be read is reported as a fact with no date rather than dropped:
    the checklist then says so instead of silently ignoring evidence.
    """
    facts = []
    for path in _files(root, "records/scans", (".json",)):
        rel = path.relative_to(root).as_posix()
        try:
            doc = json.loads(path.read_text("utf-8"))
            scan = doc["scan"]
            when = dt.date.fromisoformat(str(scan["date"])[:10])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        ages = [s.get("age_days") for s in scan.get("snapshots", []) if isinstance(s, dict)]
        known = [a for a in ages if isinstance(a, int | float)]
        findings = [f for f in doc.get("findings", []) if isinstance(f, dict)]
        facts.append(
            ScanRecordFact(
                path=rel,
                date=when,
                data_age_days=int(max(known)) if known else None,
                elements=tuple(sorted({str(e) for e in scan.get("elements", [])})),
                findings=len(findings),
                unassessed=sum(1 for f in findings if f.get("state") in UNASSESSED_STATES),
            )
        )
    return tuple(facts)


def surface_records(root: Path) -> tuple[str, ...]:
    return tuple(
        p.relative_to(root).as_posix() for p in _files(root, "records/surface", (".json", ".yaml"))
    )


def vex_documents(root: Path) -> tuple[str, ...]:
    found = _files(root, "records/vex", (".json",)) + _files(root, "vex", (".json",))
    return tuple(sorted(p.relative_to(root).as_posix() for p in found))


def vulnerability_assessments(root: Path) -> int | None:
    path = root / "vulnerabilities.yaml"
    if not path.is_file():
        return None
    doc = load_yaml(path, str(path))
    data = doc.data
    if isinstance(data, dict):
        entries = data.get("vulnerabilities", data.get("assessments", []))
        return len(entries) if isinstance(entries, list | dict) else 0
    return 0


def _looks_like_sarif(head: bytes) -> bool:
    text = head.lstrip()
    return text[:1] == b"{" and b'"runs"' in text and b'"version"' in text


def sarif_facts(root: Path, project: Project) -> tuple[SarifFact, ...]:
    """Activity evidence files holding SARIF (told by content): results and open results."""
    from medsec.sources.scanners import sarif

    facts = []
    for rel in sorted({a.evidence for a in project.activities if a.evidence}):
        path = root / rel
        if not path.is_file():
            continue
        with path.open("rb") as handle:
            head = handle.read(4096)
        if not _looks_like_sarif(head):
            continue
        try:
            report = sarif.parse(path.read_bytes(), source=rel)
        except InputError as error:
            facts.append(SarifFact(rel, problem=error.problems[0].message))
            continue
        facts.append(SarifFact(rel, report.tool, len(report.findings), sarif.open_results(report)))
    return tuple(facts)
