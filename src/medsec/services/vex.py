"""``medsec vex``: export the project's VEX document, and import VEX documents into
``vulnerabilities.yaml``.

Export: the findings of the latest scan record and the assessments give one statement per
finding (unassessed ones ``in_triage``); without a scan record the assessments alone are
exported. The document date is ``issued`` when given, else the scan date, else the latest
assessment date: the same inputs give the same bytes.

Import: any CycloneDX, OpenVEX or CSAF document; statements are merged by finding id, and
nothing already in ``vulnerabilities.yaml`` is deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from medsec.domain.errors import Diagnostic, InputError, UsageError
from medsec.domain.finding_id import purl_without_version
from medsec.domain.model import Project
from medsec.domain.vex import ProductInfo, ReviewDue, Statement, VexDocument
from medsec.engines.vex import assessment_statements, vex_statements
from medsec.engines.vex_merge import MergeResult, merge
from medsec.engines.vex_review import review_due
from medsec.project.loader import load_project, project_file
from medsec.project.vulnerabilities_file import (
    dump_assessments,
    load_assessments,
    save_assessments,
)
from medsec.services.sbom_inputs import element_inputs
from medsec.services.vex_findings import ScanRecord, latest_scan
from medsec.sources.vex.detect import read
from medsec.untrusted.files import read_input

MAX_VEX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ExportOptions:
    """Which project's VEX to export, as of when, with which document date."""

    root: Path
    today: dt.date
    issued: dt.datetime | None = None  # the document date; default: from the inputs


@dataclass(frozen=True)
class ExportResult:
    """The statements to export and what a person should look at; the CLI renders the format."""

    statements: tuple[Statement, ...]
    product: ProductInfo
    scan: str | None  # the scan record used (None: assessments alone)
    issued: dt.datetime
    review: tuple[ReviewDue, ...]
    problems: tuple[Diagnostic, ...]  # incomplete assessments
    unmatched: tuple[str, ...]  # assessments of findings the latest scan no longer has


@dataclass(frozen=True)
class ImportOptions:
    """Which VEX document to merge into which project, and whether to write."""

    file: Path
    root: Path
    today: dt.date
    dry_run: bool = False


@dataclass(frozen=True)
class ImportResult:
    """The document read, what the merge changed, and the file written (None: nothing)."""

    document: VexDocument
    merge: MergeResult
    written: Path | None
    problems: tuple[Diagnostic, ...] = field(default=())


def product_info(project: Project) -> ProductInfo:
    """The device as VEX product; namespace: the site of its disclosure policy or contact URL."""
    d = project.device
    namespace = None
    for candidate in (d.disclosure_policy, d.security_contact):
        parts = urlsplit(candidate or "")
        if parts.scheme in ("https", "http") and parts.netloc:
            namespace = f"{parts.scheme}://{parts.netloc}"
            break
    return ProductInfo(
        id=d.id,
        name=d.name,
        version=d.version,
        manufacturer=d.manufacturer,
        contact=d.security_contact,
        namespace=namespace,
    )


def sbom_versions(project: Project) -> dict[str, set[str]]:
    """Versionless purl (or name) -> versions in the project's current SBOMs (unreadable: none)."""
    out: dict[str, set[str]] = {}
    for item in element_inputs(project):
        for c in item.result.document.components if item.result else ():
            if c.version:
                key = purl_without_version(c.purl) if c.purl else c.name
                out.setdefault(key, set()).add(c.version)
    return out


def _midnight(day: dt.date) -> dt.datetime:
    """The start of a day in UTC, for document dates derived from a date."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _issued(
    options: ExportOptions, scan: ScanRecord | None, dates: Sequence[dt.date]
) -> dt.datetime:
    """The document date: given, else the scan's, else the latest assessment's, else today."""
    if options.issued is not None:
        return options.issued
    if scan is not None:
        return scan.date
    if dates:
        return _midnight(max(dates))
    return _midnight(options.today)


def export_vex(options: ExportOptions) -> ExportResult:
    """The VEX statements of a project, with what a person should look at."""
    project = load_project(options.root)
    base = project_file(options.root).parent
    loaded = load_assessments(base, hazards={h.id for h in project.hazards}, today=options.today)
    assessments = loaded.assessments
    product = product_info(project)
    scan = latest_scan(base)
    if scan is not None:
        statements = vex_statements(scan.findings, assessments, product)
        found = {f.id for f in scan.findings}
        unmatched = tuple(sorted(a for a in assessments if a not in found))
    else:
        statements = assessment_statements(assessments, product)
        unmatched = ()
    if not statements:
        raise UsageError(
            "nothing to state: no scan record under records/scans/ and no assessments in "
            "vulnerabilities.yaml (run 'medsec scan' first)"
        )
    dates = [a.date for a in assessments.values() if a.date]
    issued = _issued(options, scan, dates)
    return ExportResult(
        statements=statements,
        product=product,
        scan=scan.path if scan else None,
        issued=issued,
        review=review_due(
            assessments,
            options.today,
            scan.findings if scan else (),
            components=sbom_versions(project),
        ),
        problems=loaded.problems,
        unmatched=unmatched,
    )


def read_document(path: Path) -> VexDocument:
    """Read and parse a VEX document of any supported format, with a size limit."""
    display = str(path)
    data = read_input(path, max_bytes=MAX_VEX_BYTES, display=display, what="VEX documents")
    return read(data, source=display)


def import_vex(options: ImportOptions) -> ImportResult:
    """Merge a VEX document into vulnerabilities.yaml (not written on a dry run)."""
    document = read_document(options.file)
    if not document.statements:
        raise InputError.single(
            str(options.file),
            f"no VEX statements in this {document.format.value} document",
            hint="; ".join(document.warnings) or None,
        )
    project = load_project(options.root)
    base = project_file(options.root).parent
    hazards = {h.id for h in project.hazards}
    loaded = load_assessments(base, hazards=hazards, today=options.today)
    scan = latest_scan(base)
    known = {f.id: f.component.version for f in scan.findings} if scan else {}
    result = merge(loaded.assessments, document.statements, today=options.today, known=known)
    unknown = sorted({h for a in result.assessments.values() for h in a.hazards} - hazards)
    if unknown:
        raise InputError.single(
            str(options.file),
            f"the document links hazards that medsec.yaml does not declare: {', '.join(unknown)}",
            hint="declare them under hazards: in medsec.yaml, or remove them from the document",
        )
    changed = [c.finding for c in result.changes if c.after is not None and c.before != c.after]
    written = None
    if not options.dry_run and changed:
        text = dump_assessments(result.assessments, loaded.document, changed=changed)
        written = save_assessments(base, text)
    reloaded = () if written is None else load_assessments(base, hazards=hazards).problems
    return ImportResult(document, result, written, tuple(reloaded))
