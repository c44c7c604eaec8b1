"""Reading the evidence medsec itself wrote earlier: scan records, surface records, VEX files."""

from __future__ import annotations

from pathlib import Path

from medsec.domain.errors import InputError
from medsec.domain.model import Project
from medsec.domain.paths import PUBLISHED_VEX_DIR, SURFACE_DIR, VEX_DIR
from medsec.engines.compliance.context import SarifFact, ScanRecordFact
from medsec.project import scan_records as records

UNASSESSED_STATES = {"", "in_triage", "under_investigation", "unknown"}


def _files(root: Path, sub: str, suffixes: tuple[str, ...]) -> list[Path]:
    """Files under ``root/sub`` ending in ``suffixes``, sorted; none when the folder is absent."""
    folder = root / sub
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name.endswith(suffixes))


def scan_records(root: Path) -> tuple[ScanRecordFact, ...]:
    """Scan records under ``records/scans/``, read strictly: a malformed record is an error
    naming the file, never evidence silently ignored."""
    return tuple(
        ScanRecordFact(
            path=record.path,
            date=record.date.date(),
            data_age_days=record.data_age_days,
            elements=tuple(sorted(set(record.elements))),
            findings=len(record.entries),
            unassessed=sum(1 for e in record.entries if e.state in UNASSESSED_STATES),
        )
        for record in records.read_all(root)
    )


def surface_records(root: Path) -> tuple[str, ...]:
    """Attack-surface records under ``records/surface/``, as paths relative to the project."""
    return tuple(
        p.relative_to(root).as_posix() for p in _files(root, SURFACE_DIR, (".json", ".yaml"))
    )


def vex_documents(root: Path) -> tuple[str, ...]:
    """VEX documents kept in the project (written and published), as sorted relative paths."""
    found = _files(root, VEX_DIR, (".json",)) + _files(root, PUBLISHED_VEX_DIR, (".json",))
    return tuple(sorted(p.relative_to(root).as_posix() for p in found))


def vulnerability_assessments(root: Path) -> int | None:
    """How many decisions ``vulnerabilities.yaml`` holds (None: no file), validated on the way."""
    from medsec.project.vulnerabilities_file import load_assessments

    loaded = load_assessments(root)
    return len(loaded.assessments) if loaded.exists else None


def _looks_like_sarif(head: bytes) -> bool:
    """Tell SARIF by its first bytes, so evidence of other kinds is never parsed as SARIF."""
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
