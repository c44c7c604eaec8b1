"""Reading evidence: what medsec wrote earlier (scan, surface records, VEX) and cited files.

Every file is read through the bounded reader (``untrusted/files.py``): a regular file within
its limit, or an ``InputError`` naming it (a FIFO, a folder or a link to a device cited as
evidence is refused, never waited on, read forever or passed over as missing).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

from medsec.domain.errors import InputError
from medsec.domain.model import Project
from medsec.domain.paths import PUBLISHED_VEX_DIR, SURFACE_DIR, VEX_DIR
from medsec.engines.compliance.context import EvidenceFact, SarifFact, ScanRecordFact, VexFact
from medsec.project import scan_records as records
from medsec.untrusted.files import open_input, read_input

UNASSESSED_STATES = {"", "in_triage", "under_investigation", "unknown"}
MAX_EVIDENCE_BYTES = 1024 * 1024 * 1024  # as a scanner report, the largest evidence there is
SNIFF_BYTES = 4096


def _files(root: Path, sub: str, suffixes: tuple[str, ...]) -> list[Path]:
    """Entries under ``root/sub`` ending in ``suffixes`` that are not folders, sorted; none when
    the folder is absent (a FIFO or a link to a device is listed, and refused when read)."""
    folder = root / sub
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if not p.is_dir() and p.name.endswith(suffixes))


def _cited(root: Path, project: Project) -> Iterator[tuple[str, Path]]:
    """(name, path) of each evidence file an activity cites that exists, by name.

    A name that leads nowhere is the checklist's gap (evidence-missing), not read here;
    whatever else carries the name is read, and refused unless it is a regular file.
    """
    for rel in sorted({a.evidence for a in project.activities if a.evidence}):
        path = root / rel
        if path.exists():
            yield rel, path


def _evidence_bytes(path: Path, rel: str) -> bytes:
    """A cited evidence file's bytes, bounded; ``InputError`` naming it when it cannot be."""
    return read_input(path, max_bytes=MAX_EVIDENCE_BYTES, display=rel, what="evidence files")


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
            coverage=record.coverage,
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
    """How many decisions ``vulnerabilities.yaml`` holds (None: no file), validated on the way.

    The stubs ``medsec scan`` adds are not counted: nobody has decided anything in them yet.
    """
    from medsec.project.vulnerabilities_file import is_stub, load_assessments

    loaded = load_assessments(root)
    if not loaded.exists:
        return None
    return sum(1 for a in loaded.assessments.values() if not is_stub(a))


def _looks_like_sarif(head: bytes) -> bool:
    """Tell SARIF by its first bytes, so evidence of other kinds is never parsed as SARIF."""
    text = head.lstrip()
    return text[:1] == b"{" and b'"runs"' in text and b'"version"' in text


def sarif_facts(root: Path, project: Project) -> tuple[SarifFact, ...]:
    """Activity evidence files holding SARIF (told by content): results and open results."""
    from medsec.sources.scanners import sarif

    facts = []
    for rel, path in _cited(root, project):
        with open_input(path, display=rel) as handle:
            head = handle.read(SNIFF_BYTES) or b""
        if not _looks_like_sarif(head):
            continue
        try:
            report = sarif.parse(_evidence_bytes(path, rel), source=rel)
        except InputError as error:
            facts.append(SarifFact(rel, problem=error.problems[0].message))
            continue
        facts.append(SarifFact(rel, report.tool, len(report.findings), sarif.open_results(report)))
    return tuple(facts)


# --- evidence files of activities: non-empty, of the kind their name declares, pinned --------

_KINDS = (
    ((".pdf",), "pdf"),
    ((".sarif", ".sarif.json"), "sarif"),
    ((".json",), "json"),
    ((".xml", ".nessus"), "xml"),
    ((".md", ".txt", ".csv", ".html", ".htm", ".rst", ".adoc", ".log", ".yaml", ".yml"), "text"),
)
_TEXT_PAGES = 5  # a PDF with no text on its first pages is a scan of nothing or a blank export


def declared_kind(path: str) -> str:
    """The kind of evidence a file's name declares (``other`` when the name does not say)."""
    name = path.lower()
    return next((kind for ends, kind in _KINDS if name.endswith(ends)), "other")


def _pdf(data: bytes) -> tuple[str | None, str | None]:
    """(problem, detail) of a PDF: it opens, has pages and text on one of its first pages."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not ours to print
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = len(reader.pages)
        if not pages:
            return "a PDF without pages", None
        text = any((page.extract_text() or "").strip() for page in list(reader.pages)[:_TEXT_PAGES])
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as error:
        return f"not a readable PDF ({type(error).__name__}: {error})", None
    detail = f"{pages} page{'s' if pages != 1 else ''}"
    if not text:
        return f"a PDF without text ({detail}; a blank or image-only export)", detail
    return None, detail


def _xml_problem(data: bytes) -> str | None:
    """Why the bytes are not well-formed XML (None: they are); entities are refused."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        return f"XML that does not parse ({error})"
    return None


def _content_problem(data: bytes, kind: str) -> tuple[str | None, str | None]:
    """(problem, detail): why the file's bytes are not evidence of its kind, what they hold."""
    if not data:
        return "the file is empty", None
    if kind == "pdf":
        return _pdf(data)
    if kind in ("text", "json", "sarif", "xml") and not data.strip():
        return "the file holds only white space", None
    if kind == "json":
        try:
            doc = json.loads(data)
        except ValueError as error:
            return f"JSON that does not parse ({error})", None
        return ("an empty JSON document", None) if not doc else (None, None)
    if kind == "xml":
        return _xml_problem(data), None
    if kind == "sarif" and not _looks_like_sarif(data[:SNIFF_BYTES]):
        return "not SARIF (no 'version' and 'runs')", None
    if kind == "text":
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return f"not text (byte {error.start} is not UTF-8)", None
    return None, None


def evidence_facts(root: Path, project: Project) -> tuple[EvidenceFact, ...]:
    """Every evidence file an activity cites that exists: digest, declared kind, what is wrong."""
    facts = []
    for rel, path in _cited(root, project):
        kind = declared_kind(rel)
        if kind == "other":  # nothing to check inside: hashed in blocks, never held whole
            digest, size = _streamed_sha256(path, rel)
            facts.append(EvidenceFact(rel, digest, kind, None if size else "the file is empty"))
            continue
        data = _evidence_bytes(path, rel)
        problem, detail = _content_problem(data, kind)
        facts.append(EvidenceFact(rel, hashlib.sha256(data).hexdigest(), kind, problem, detail))
    return tuple(facts)


def _streamed_sha256(path: Path, rel: str) -> tuple[str, int]:
    """(sha256, size) of a regular file read in 1 MiB blocks, up to ``MAX_EVIDENCE_BYTES``."""
    digest = hashlib.sha256()
    size = 0
    with open_input(path, display=rel) as handle:
        while block := handle.read(1 << 20):
            size += len(block)
            if size > MAX_EVIDENCE_BYTES:
                raise InputError.single(
                    rel, f"file is over the {MAX_EVIDENCE_BYTES:,}-byte limit for evidence files"
                )
            digest.update(block)
    return digest.hexdigest(), size


def vex_facts(root: Path, paths: tuple[str, ...]) -> tuple[VexFact, ...]:
    """The VEX documents kept in the project, each read: what it covers, or why it cannot be."""
    from medsec.sources.vex.detect import read
    from medsec.sources.vex.jsondoc import MAX_BYTES

    facts = []
    for rel in paths:
        try:
            data = read_input(root / rel, max_bytes=MAX_BYTES, display=rel, what="VEX documents")
            document = read(data, source=rel)
        except InputError as error:
            facts.append(VexFact(rel, problem=error.problems[0].message))
            continue
        covers = {s.finding for s in document.statements}
        covers |= {s.vulnerability for s in document.statements}
        covers |= {a for s in document.statements for a in s.aliases}
        facts.append(VexFact(rel, frozenset(covers), len(document.statements)))
    return tuple(facts)
