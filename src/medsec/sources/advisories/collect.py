"""``medsec db import PATH``: tell what PATH holds by its content, then stream its records.

Accepted: an OSV zip (``<Ecosystem>/all.zip``), a directory of OSV JSON/YAML records, one OSV
record, NVD CVE 2.0 JSON (an API page or a yearly feed, plain, ``.gz`` or ``.zip``, or a
directory of them), the CISA KEV catalogue (JSON or CSV), FIRST EPSS scores (CSV or
``.csv.gz``). File names do not matter; the first bytes do.

OSV records are parsed lazily while the store imports them, so a 500 MB zip is never in
memory. Every broken record is reported (up to a limit) and the import then fails as a whole,
unless ``skip_invalid`` turns them into warnings. Records of ecosystems medsec cannot map to a
package URL are kept, with one warning per ecosystem.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from medsec.domain.advisory import Advisory, EpssScore, KevEntry, SourceKind
from medsec.domain.ecosystem import is_known_ecosystem
from medsec.domain.errors import Diagnostic, InputError
from medsec.sources.advisories import epss, kev, nvd
from medsec.sources.advisories.archive import DEFAULT_LIMITS, Limits, SafeZip, gunzip, is_zip

Record = Advisory | KevEntry | EpssScore
OSV_SUFFIXES = (".json", ".yaml", ".yml")
NVD_SUFFIXES = (".json", ".json.gz")
HEAD_BYTES = 64 * 1024
MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024
MAX_PROBLEMS = 20
MAX_NOTES = 50  # warnings kept per import; the rest are counted
ACCEPTED = (
    "an OSV zip, a directory of OSV JSON/YAML records, one OSV record, NVD CVE 2.0 JSON(.gz), "
    "the CISA KEV catalogue (JSON/CSV) or FIRST EPSS scores (CSV/.csv.gz)"
)


@dataclass
class Collection:
    """What PATH holds, and its records as a one-shot iterator."""

    source: SourceKind
    form: str  # "zip", "directory", "record", "file"
    origin: str
    content_hash: str
    records: Iterator[Record]
    data_date: datetime | None = None  # catalogue / score date, known for KEV and EPSS
    warnings: list[Diagnostic] = field(default_factory=list)  # filled while iterating
    skipped: int = 0  # invalid records skipped (``skip_invalid``)
    notes_dropped: int = 0  # parser notes beyond MAX_NOTES, counted only
    expected: int | None = None  # records to come, when known up front (zip entries, files)


def collect(
    path: Path, *, skip_invalid: bool = False, limits: Limits = DEFAULT_LIMITS
) -> Collection:
    """Sniff ``path`` and return its records; raises ``InputError`` for what it cannot read."""
    origin = str(path)
    if path.is_dir():
        return _directory(path, skip_invalid)
    if not path.is_file():
        raise InputError.single(origin, "no such file or directory")
    head = _head(path)
    if is_zip(head):
        return _zip(path, skip_invalid, limits)
    if head[:2] == b"\x1f\x8b":
        head = _gzip_head(path)
    kind = sniff(head, path.name)
    digest = file_hash(path)
    if kind is SourceKind.OSV:
        collection = Collection(SourceKind.OSV, "record", origin, digest, iter(()))
        collection.records = _osv_records(collection, ((origin, path.read_bytes()),), skip_invalid)
        return collection
    data = _read(path, limits)
    if kind is SourceKind.NVD:
        return Collection(SourceKind.NVD, "file", origin, digest, _nvd(((origin, data),)))
    if kind is SourceKind.KEV:
        catalog = kev.parse(data, source=origin)
        return Collection(
            SourceKind.KEV, "file", origin, digest, iter(catalog.entries), catalog.released
        )
    scores = epss.parse(data, source=origin)
    return Collection(
        SourceKind.EPSS, "file", origin, digest, iter(scores.scores), scores.score_date
    )


def sniff(head: bytes, name: str = "") -> SourceKind:
    """The source a file's first bytes belong to (its name only for YAML OSV records)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"{":
        if b'"catalogVersion"' in text or b'"cveID"' in text:
            return SourceKind.KEV
        if b'"NVD_CVE"' in text or b'"CVE_Items"' in text or b'"cve":' in text.replace(b" ", b""):
            return SourceKind.NVD
        return SourceKind.OSV
    first = text.split(b"\n", 1)[0].lower()
    if first.startswith((b"#model_version", b"cve,epss")):
        return SourceKind.EPSS
    if b"cveid" in first and b"vendorproject" in first:
        return SourceKind.KEV
    if name.lower().endswith((".yaml", ".yml")):
        return SourceKind.OSV
    raise InputError.single(
        name or "input", "cannot tell what this file is", hint=f"expected {ACCEPTED}"
    )


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(HEAD_BYTES)


def _gzip_head(path: Path) -> bytes:
    try:
        with gzip.open(path, "rb") as handle:
            return handle.read(HEAD_BYTES)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError.single(str(path), f"corrupt gzip file ({error})") from None


def _read(path: Path, limits: Limits) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError.single(str(path), f"file of {size:,} bytes is over the import limit")
    data = path.read_bytes()
    return gunzip(data, source=str(path), limits=limits) if data[:2] == b"\x1f\x8b" else data


def _directory(path: Path, skip_invalid: bool) -> Collection:
    files = sorted(_walk(path, (*OSV_SUFFIXES, ".json.gz")))
    if not files:
        raise InputError.single(
            str(path), "no .json or .yaml files here", hint=f"expected {ACCEPTED}"
        )
    first = files[0]
    return _files(path, files, _sniff_file(first), skip_invalid)


def _sniff_file(file: Path) -> SourceKind:
    return sniff(_gzip_head(file) if file.name.endswith(".gz") else _head(file), file.name)


def _files(path: Path, files: list[Path], kind: SourceKind, skip_invalid: bool) -> Collection:
    """One collection of a directory's files that all hold records of ``kind``."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.relative_to(path).as_posix().encode() + b"\0" + file_hash(file).encode())
    origin = str(path)
    if kind is SourceKind.NVD:
        pairs = ((str(f), _read(f, DEFAULT_LIMITS)) for f in files)
        return Collection(SourceKind.NVD, "directory", origin, digest.hexdigest(), _nvd(pairs))
    if kind is not SourceKind.OSV:
        raise InputError.single(
            str(files[0]),
            f"a directory is imported as OSV or NVD records; this is {kind.value.upper()}",
        )
    collection = Collection(SourceKind.OSV, "directory", origin, digest.hexdigest(), iter(()))
    osv_files = [f for f in files if f.name.lower().endswith(OSV_SUFFIXES)]
    collection.expected = len(osv_files)
    collection.records = _osv_records(
        collection, ((str(f), f.read_bytes()) for f in osv_files), skip_invalid
    )
    return collection


def collect_all(
    path: Path, *, skip_invalid: bool = False, limits: Limits = DEFAULT_LIMITS
) -> list[Collection]:
    """Like :func:`collect`, but a directory mixing OSV and NVD records gives one collection
    per source (each file sniffed by content), so one command imports a whole advisory folder."""
    if not path.is_dir():
        return [collect(path, skip_invalid=skip_invalid, limits=limits)]
    groups: dict[SourceKind, list[Path]] = {}
    for file in sorted(_walk(path, (*OSV_SUFFIXES, ".json.gz"))):
        groups.setdefault(_sniff_file(file), []).append(file)
    if len(groups) <= 1:
        return [collect(path, skip_invalid=skip_invalid, limits=limits)]
    order = (SourceKind.OSV, SourceKind.NVD, SourceKind.KEV, SourceKind.EPSS)
    return [_files(path, groups[k], k, skip_invalid) for k in order if k in groups]


def _walk(root: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.lower().endswith(suffixes) and not name.startswith("."):
                yield Path(folder) / name


def _zip(path: Path, skip_invalid: bool, limits: Limits) -> Collection:
    origin = str(path)
    archive = SafeZip(path, source=origin, limits=limits)
    names = [n for n in archive.names if n.lower().endswith(OSV_SUFFIXES)]
    if not names:
        archive.close()
        raise InputError.single(
            origin, "the zip holds no .json or .yaml records", hint=f"expected {ACCEPTED}"
        )
    kind = sniff(archive.read(names[0])[:HEAD_BYTES], names[0])
    digest = file_hash(path)
    if kind is SourceKind.NVD:
        pairs = ((f"{origin}!{n}", archive.read(n)) for n in names)
        return Collection(SourceKind.NVD, "zip", origin, digest, _closing(archive, _nvd(pairs)))
    if kind is not SourceKind.OSV:
        archive.close()
        raise InputError.single(
            origin, f"a zip is imported as OSV or NVD records; this is {kind.value}"
        )
    collection = Collection(SourceKind.OSV, "zip", origin, digest, iter(()), expected=len(names))
    entries = ((f"{origin}!{name}", data) for name, data in archive.entries(OSV_SUFFIXES))
    collection.records = _closing(archive, _osv_records(collection, entries, skip_invalid))
    return collection


def _closing(archive: SafeZip, records: Iterator[Record]) -> Iterator[Record]:
    try:
        yield from records
    finally:
        archive.close()


def _nvd(files: Iterator[tuple[str, bytes]] | tuple[tuple[str, bytes], ...]) -> Iterator[Record]:
    for source, data in files:
        if data[:2] == b"\x1f\x8b":
            data = gunzip(data, source=source)
        yield from nvd.parse(data, source=source).advisories


def _osv_records(
    collection: Collection,
    entries: Iterator[tuple[str, bytes]] | tuple[tuple[str, bytes], ...],
    skip_invalid: bool,
) -> Iterator[Record]:
    parse = osv_parser()
    problems: list[Diagnostic] = []
    unknown: set[str] = set()
    notes: list[Diagnostic] = []
    for source, data in entries:
        try:
            advisory = parse(data, source=source, notes=notes)
        except InputError as error:
            if skip_invalid:
                collection.skipped += 1
                collection.warnings.extend(error.problems[:3])
                continue
            problems.extend(error.problems[:3])
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        for affected in advisory.affected:
            ecosystem = affected.ecosystem
            if ecosystem and ecosystem not in unknown and not is_known_ecosystem(ecosystem):
                unknown.add(ecosystem)
                collection.warnings.append(
                    Diagnostic(
                        source,
                        f"ecosystem '{ecosystem}' is not one medsec maps to package URLs; "
                        "its records are stored but will not match SBOM components",
                        field="affected.ecosystem",
                    )
                )
        if notes:
            _keep_notes(collection, notes)
        if not problems:
            yield advisory
    if collection.notes_dropped:
        collection.warnings.append(
            Diagnostic(collection.origin, f"... and {collection.notes_dropped} more notes")
        )
    if problems:
        more = " (stopped counting)" if len(problems) >= MAX_PROBLEMS else ""
        problems.append(
            Diagnostic(
                collection.origin,
                f"invalid OSV records{more}: nothing was imported, the previous data is kept",
                hint="fix or remove them, or import with --skip-invalid",
            )
        )
        raise InputError(problems)


def _keep_notes(collection: Collection, notes: list[Diagnostic]) -> None:
    room = max(0, MAX_NOTES - len(collection.warnings))
    collection.warnings.extend(notes[:room])
    collection.notes_dropped += max(0, len(notes) - room)
    notes.clear()


def osv_parser() -> Callable[..., Advisory]:
    """``medsec.sources.advisories.osv.parse``, imported when first needed."""
    from medsec.sources.advisories import osv

    parser: Callable[..., Advisory] = osv.parse
    return parser
