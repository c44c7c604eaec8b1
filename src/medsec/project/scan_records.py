"""``records/scans/DATE.json``: the scan records ``medsec scan`` writes, read back as evidence.

This module is the one owner of the file: :func:`dumps` writes what :func:`parse` reads, and
everything written comes back (matcher, confidence, snapshot and matched range of every match,
aliases, fixed versions, severity and CVSS, KEV and EPSS, element and SBOM, the state and
deadlines of the day). The JSON is the script contract of ``medsec scan --format json`` too::

    {"scan": {"date", "device", "elements", "components", "snapshots": [{"id", "source",
              "imported_at", "age_days", "records", "data_date", "dated_by"}], "warnings", "notes",
              "coverage": [{"ecosystem", "components", "advisories", "by_cpe", "own",
                            "uncovered": [{"component", "sbom"}]}]},
     "findings": [{"id", "advisory", "aliases", "summary", "component": {"name", "version",
                   "purl", "cpe", "element", "sbom"}, "severity", "cvss": {"vector", "score"},
                   "kev", "epss", "fixed_versions", "cwes", "state", "first_seen",
                   "triage_due", "remediation_due", "overdue", "rereview", "matcher",
                   "confidence", "provenance": [{"matcher", "advisory", "matched",
                   "snapshot", "confidence"?}]}]}

``coverage`` (one row per ecosystem of the SBOMs: components, advisories the database held,
components matched by CPE instead, the manufacturer's own, and the components no data reached)
is absent from records written before it existed; they read with ``coverage`` None.

A provenance entry carries ``confidence`` only when it differs from the finding's own
``confidence`` (the first match's), so the output stays as it was for single-matcher findings.
The advisory's publication date is not part of a record.

A finding whose advisory ranges could not be evaluated for the component ("could not
evaluate": the component may be affected) has ``confidence: "undetermined"`` and each
provenance entry says why in ``matched`` (``not evaluated: <reason>``); real matches come
first in ``provenance``, so a finding that also matched through another record keeps the
confidence of that match. Records written before this state existed read as before.

Reading is strict: only ``scan.date`` and each finding's ``id``, ``advisory`` and
``component.name`` are required (older and hand-written records hold little more), but a key
that is present with the wrong type is an error naming the file and the field. A record without
``provenance`` (written before it existed) yields one match of its ``matcher``; one without
``confidence`` takes the confidence that matcher always gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import orjson

from medsec.domain.coverage import EcosystemCoverage, Uncovered
from medsec.domain.errors import Diagnostic, InputError
from medsec.domain.paths import SCANS_DIR
from medsec.domain.vulnerability import Confidence, Finding, MatchDetail
from medsec.engines.vulnmgmt import VulnStatus
from medsec.project.atomic import write_atomic
from medsec.project.scan_record_fields import Fields, finding, moment
from medsec.untrusted.files import read_input

MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class RecordedSnapshot:
    """One vulnerability-data snapshot the scan matched against, and its age that day: counted
    from ``data_date``, which ``dated_by`` names (``newest record modified``, ``catalogue date``,
    ``score date``); ``age_days`` and ``data_date`` are None when the data states no plausible
    date (``dated_by`` None: a record written before ages named their date)."""

    id: str
    source: str | None = None
    imported_at: str | None = None
    age_days: int | None = None
    records: int | None = None
    data_date: str | None = None
    dated_by: str | None = None


@dataclass(frozen=True)
class RecordedFinding:
    """One finding as recorded: the match with its provenance, and where it stood that day."""

    finding: Finding
    state: str = ""  # the assessment state of the day ("" when the record does not say)
    first_seen: dt.date | None = None
    triage_due: dt.date | None = None
    remediation_due: dt.date | None = None
    overdue: bool = False
    rereview: str | None = None


@dataclass(frozen=True)
class ScanRecord:
    """One scan record: when, of what, against which data, and every finding."""

    date: dt.datetime  # timezone-aware; medsec writes the day (midnight UTC)
    entries: tuple[RecordedFinding, ...]
    device: str | None = None
    elements: tuple[str, ...] = ()
    components: int | None = None
    snapshots: tuple[RecordedSnapshot, ...] = ()
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    path: str = field(default="", compare=False)  # where it was read from (project-relative)
    # per ecosystem: the advisories the database held (None: written before it was recorded)
    coverage: tuple[EcosystemCoverage, ...] | None = None

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings, without the state of the day."""
        return tuple(e.finding for e in self.entries)

    @property
    def data_age_days(self) -> int | None:
        """Age of the oldest data snapshot the scan used (None: the record does not say)."""
        known = [s.age_days for s in self.snapshots if s.age_days is not None]
        return max(known) if known else None


class SnapshotLike(Protocol):
    """What a scan tells of one data snapshot it used."""

    @property
    def id(self) -> str:
        """The snapshot's id, as findings' provenance names it."""

    @property
    def source(self) -> str:
        """The advisory source the snapshot was imported from."""

    @property
    def imported_at(self) -> str:
        """When the snapshot was imported."""

    @property
    def age_days(self) -> int | None:
        """How old the data was on the day of the scan (None: its date is unknown)."""

    @property
    def data_date(self) -> str | None:
        """The date the age counts from, ISO 8601 (None: unknown)."""

    @property
    def dated_by(self) -> str:
        """What that date is: ``newest record modified``, ``catalogue date``, ``score date``."""

    @property
    def records(self) -> int:
        """How many advisory records the snapshot holds."""


class ScanLike(Protocol):
    """A finished scan (the scan service's result): what a record is made of."""

    @property
    def date(self) -> dt.date:
        """The day of the scan."""

    @property
    def device(self) -> str | None:
        """The device scanned, when the project names one."""

    @property
    def elements(self) -> Sequence[str]:
        """The elements whose SBOMs were scanned."""

    @property
    def components(self) -> int:
        """How many components were scanned."""

    @property
    def snapshots(self) -> Sequence[SnapshotLike]:
        """The data snapshots matched against."""

    @property
    def statuses(self) -> Sequence[VulnStatus]:
        """Every finding with its state and deadlines that day."""

    @property
    def warnings(self) -> Sequence[Diagnostic]:
        """What went wrong but did not stop the scan."""

    @property
    def notes(self) -> Sequence[str]:
        """What the reader of the record should know (data older than the policy allows)."""

    @property
    def coverage(self) -> Sequence[EcosystemCoverage]:
        """Per ecosystem of the SBOMs: the advisories the database held, what none reached."""


# --- building a record -------------------------------------------------------------------


def of_scan(scan: ScanLike) -> ScanRecord:
    """The record of a finished scan: what ``medsec scan`` writes and prints as JSON."""
    return ScanRecord(
        date=dt.datetime(scan.date.year, scan.date.month, scan.date.day, tzinfo=dt.UTC),
        entries=tuple(recorded(s) for s in scan.statuses),
        device=scan.device,
        elements=tuple(scan.elements),
        components=scan.components,
        snapshots=tuple(
            RecordedSnapshot(
                s.id, s.source, s.imported_at, s.age_days, s.records, s.data_date, s.dated_by
            )
            for s in scan.snapshots
        ),
        warnings=tuple(str(w) for w in scan.warnings),
        notes=tuple(scan.notes),
        coverage=tuple(scan.coverage),
    )


def recorded(s: VulnStatus) -> RecordedFinding:
    """One finding's status as a record keeps it (the publication date is not kept)."""
    return RecordedFinding(
        finding=replace(s.finding, published=None),
        state=s.state.value,
        first_seen=s.first_seen,
        triage_due=s.deadlines.triage,
        remediation_due=s.deadlines.remediation,
        overdue=s.overdue_triage or s.overdue_remediation,
        rereview=s.rereview,
    )


# --- writing ---------------------------------------------------------------------------------


def dumps(record: ScanRecord) -> str:
    """The record's JSON text: indented, keys in contract order, byte-identical for equal input."""
    return orjson.dumps(as_json(record), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


def as_json(record: ScanRecord) -> dict[str, Any]:
    """The record as JSON values (see the module doc for the shape)."""
    return {
        "scan": {
            "date": _date_text(record.date),
            "device": record.device,
            "elements": list(record.elements),
            "components": record.components,
            "snapshots": [asdict(s) for s in record.snapshots],  # fields in contract order
            "warnings": list(record.warnings),
            "notes": list(record.notes),
            **({} if record.coverage is None else {"coverage": _coverage_json(record.coverage)}),
        },
        "findings": [_finding_json(e) for e in record.entries],
    }


def _coverage_json(rows: Sequence[EcosystemCoverage]) -> list[dict[str, Any]]:
    """The coverage rows as JSON values (each uncovered component with its SBOM)."""
    return [
        {
            "ecosystem": r.ecosystem,
            "components": r.components,
            "advisories": r.advisories,
            "by_cpe": r.by_cpe,
            "own": r.own,
            "uncovered": [{"component": u.component, "sbom": u.sbom} for u in r.uncovered],
        }
        for r in rows
    ]


def _date_text(when: dt.datetime) -> str:
    """A day for a scan dated by day (midnight UTC), else the full timestamp."""
    if when.utcoffset() == dt.timedelta(0) and when.time() == dt.time(0):
        return when.date().isoformat()
    return when.isoformat()


def _iso(day: dt.date | None) -> str | None:
    """A day as ``YYYY-MM-DD``, or None."""
    return day.isoformat() if day is not None else None


def _finding_json(e: RecordedFinding) -> dict[str, Any]:
    """One entry as JSON values, keys in contract order."""
    f = e.finding
    first = f.details[0] if f.details else None
    return {
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
        "state": e.state,
        "first_seen": _iso(e.first_seen),
        "triage_due": _iso(e.triage_due),
        "remediation_due": _iso(e.remediation_due),
        "overdue": e.overdue,
        "rereview": e.rereview,
        "matcher": first.matcher.value if first else None,
        "confidence": first.confidence.value if first else None,
        "provenance": [_detail_json(d, first.confidence if first else None) for d in f.details],
    }


def _detail_json(d: MatchDetail, usual: Confidence | None) -> dict[str, Any]:
    """One match as a provenance entry; its confidence only when not the usual one."""
    out: dict[str, Any] = {
        "matcher": d.matcher.value,
        "advisory": d.advisory,
        "matched": d.matched,
        "snapshot": d.snapshot,
    }
    if d.confidence != usual:
        out["confidence"] = d.confidence.value
    return out


def write(root: Path, record: ScanRecord) -> Path:
    """Write ``records/scans/DAY.json`` under the project ``root`` (atomically); its path."""
    path = root / SCANS_DIR / f"{record.date.date().isoformat()}.json"
    write_atomic(path, dumps(record))
    return path


# --- reading ---------------------------------------------------------------------------------


def parse(data: bytes, *, source: str) -> ScanRecord:
    """A scan record from its JSON text; a broken record is an error naming ``source``."""
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise InputError.single(source, f"malformed JSON: {exc.msg}", line=exc.lineno) from None
    scan = doc.get("scan") if isinstance(doc, dict) else None
    when = moment(scan.get("date")) if isinstance(scan, dict) else None
    if not isinstance(scan, dict) or when is None:
        raise InputError.single(source, "not a scan record: no scan.date", field="scan.date")
    findings = doc.get("findings")
    if not isinstance(findings, list | None):
        raise InputError.single(source, "findings must be a list", field="findings")
    head = Fields(scan, source, "scan")
    return ScanRecord(
        date=when,
        entries=tuple(_entry(f, source, f"findings[{i}]") for i, f in enumerate(findings or [])),
        device=head.text("device"),
        elements=head.texts("elements"),
        components=head.whole("components"),
        snapshots=tuple(_snapshot(s) for s in head.children("snapshots")),
        warnings=head.texts("warnings"),
        notes=head.texts("notes"),
        path=source,
        coverage=_coverage(head) if "coverage" in scan else None,
    )


def _coverage(head: Fields) -> tuple[EcosystemCoverage, ...]:
    """The recorded coverage rows; a row needs its ecosystem."""
    rows = []
    for r in head.children("coverage"):
        name = r.text("ecosystem")
        if not name:
            r.fail("ecosystem", "a coverage row needs its ecosystem")
        uncovered = tuple(
            Uncovered(u.text("component") or "?", u.text("sbom")) for u in r.children("uncovered")
        )
        rows.append(
            EcosystemCoverage(
                name,
                r.whole("components") or 0,
                r.whole("advisories") or 0,
                r.whole("by_cpe") or 0,
                r.whole("own") or 0,
                uncovered,
            )
        )
    return tuple(rows)


def _snapshot(s: Fields) -> RecordedSnapshot:
    """One recorded snapshot; a snapshot without an id is an error."""
    ident = s.text("id")
    if not ident:
        s.fail("id", "a snapshot needs an id")
    return RecordedSnapshot(
        id=ident,
        source=s.text("source"),
        imported_at=s.text("imported_at"),
        age_days=s.whole("age_days"),
        records=s.whole("records"),
        data_date=s.text("data_date"),
        dated_by=s.text("dated_by"),
    )


def _entry(raw: Any, source: str, where: str) -> RecordedFinding:
    """One finding with its state of the day; a finding needs an id and an advisory."""
    f = Fields(raw, source, where)
    if not isinstance(raw, dict) or not f.text("id") or not f.text("advisory"):
        raise InputError.single(source, "a finding needs an id and an advisory", field=where)
    return RecordedFinding(
        finding=finding(f),
        state=f.text("state") or "",
        first_seen=f.day("first_seen"),
        triage_due=f.day("triage_due"),
        remediation_due=f.day("remediation_due"),
        overdue=f.flag("overdue"),
        rereview=f.text("rereview"),
    )


def read(path: Path, display: str) -> ScanRecord:
    """Read one record file; ``display`` names it in errors (project-relative).

    Through the bounded reader: a regular file of at most ``MAX_BYTES``, counted while
    reading (a FIFO, a folder or a link to a device under ``records/scans/`` is an error).
    """
    return parse(_bytes(path, display), source=display)


def _bytes(path: Path, display: str) -> bytes:
    """A record file's bytes, within the limit; ``InputError`` naming the file else."""
    return read_input(path, max_bytes=MAX_BYTES, display=display, what="scan records")


# --- the records of a project ------------------------------------------------------------


def paths(root: Path) -> list[Path]:
    """The record files of the project at ``root``, by file name."""
    folder = root / SCANS_DIR
    # every entry, not only regular files: reading refuses the others, never skips them
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def read_all(root: Path) -> tuple[ScanRecord, ...]:
    """Every record of the project, by file name, each read strictly."""
    return tuple(read(p, p.relative_to(root).as_posix()) for p in paths(root))


def _peek_date(path: Path) -> dt.datetime:
    """The record's date for choosing the latest (unreadable: sorts last, read strictly then)."""
    try:
        found = moment(orjson.loads(_bytes(path, path.name))["scan"]["date"])
    except (InputError, ValueError, KeyError, TypeError):
        found = None
    return found or dt.datetime.max.replace(tzinfo=dt.UTC)


def latest(root: Path) -> ScanRecord | None:
    """The latest record (by ``scan.date``, then file name), read strictly; None if none."""
    records = sorted(paths(root), key=lambda p: (_peek_date(p), p.name))
    if not records:
        return None
    return read(records[-1], records[-1].relative_to(root).as_posix())


def history(root: Path) -> list[tuple[dt.date, set[str]]]:
    """(day, finding ids) of every record, oldest first."""
    days = [(r.date.date(), {f.id for f in r.findings}) for r in read_all(root)]
    return sorted(days, key=lambda item: item[0])


def first_seen(root: Path) -> dict[str, dt.date]:
    """The day each finding id first appears in a record."""
    seen: dict[str, dt.date] = {}
    for when, ids in history(root):
        for fid in ids:
            seen.setdefault(fid, when)
    return seen
