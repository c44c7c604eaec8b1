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
from collections.abc import Iterator
from pathlib import Path

from medsec.domain.advisory import SourceKind
from medsec.domain.errors import InputError
from medsec.sources.advisories.archive import DEFAULT_LIMITS, Limits, SafeZip, gunzip, is_zip
from medsec.sources.advisories.registry import BUNDLED, BY_KIND, WALKED, detect
from medsec.sources.advisories.source import AdvisorySource, Collection, Files, Record
from medsec.untrusted.files import open_input, read_input

__all__ = ["ACCEPTED", "Collection", "Record", "collect", "collect_all", "file_hash", "sniff"]

ZIPPED = (".json", ".yaml", ".yml")  # zip entries read (their first one is sniffed)
HEAD_BYTES = 64 * 1024
MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024
ACCEPTED = (
    "an OSV zip, a directory of OSV JSON/YAML records, one OSV record, NVD CVE 2.0 JSON(.gz), "
    "the CISA KEV catalogue (JSON/CSV) or FIRST EPSS scores (CSV/.csv.gz)"
)


def collect(
    path: Path, *, skip_invalid: bool = False, limits: Limits = DEFAULT_LIMITS
) -> Collection:
    """Sniff ``path`` and return its records; raises ``InputError`` for what it cannot read."""
    origin = str(path)
    if path.is_dir():
        return _directory(path, skip_invalid)
    if not path.exists():
        raise InputError.single(origin, "no such file or directory")
    head = _head(path)
    if is_zip(head):
        return _zip(path, skip_invalid, limits)
    if head[:2] == b"\x1f\x8b":
        head = _gzip_head(path)
    source = _source(head, path.name)
    form = "record" if source.record_per_file else "file"
    collection = Collection(source.kind, form, origin, file_hash(path), iter(()))
    return _load(source, collection, ((origin, _read(path, limits)),), skip_invalid)


def sniff(head: bytes, name: str = "") -> SourceKind:
    """The source a file's first bytes belong to (its name only for YAML OSV records)."""
    return _source(head, name).kind


def _source(head: bytes, name: str) -> AdvisorySource:
    """The source whose sniffer claims the head; ``InputError`` listing what is accepted."""
    source = detect(head, name)
    if source is None:
        raise InputError.single(
            name or "input", "cannot tell what this file is", hint=f"expected {ACCEPTED}"
        )
    return source


def _load(
    source: AdvisorySource, collection: Collection, files: Files, skip_invalid: bool
) -> Collection:
    """Hand the files to the source's loader and fill the collection. A source's parser measures
    what it parses (OSV YAML nesting: :func:`medsec.sources.advisories.osv.load`), once."""
    loaded = source.load(files, collection, skip_invalid=skip_invalid)
    collection.records, collection.data_date = loaded.records, loaded.data_date
    return collection


def file_hash(path: Path) -> str:
    """The sha256 of a regular file, read in 1 MiB blocks (a FIFO or device is refused)."""
    digest = hashlib.sha256()
    with open_input(path) as handle:
        while block := handle.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def _head(path: Path) -> bytes:
    """The first bytes of a regular file, to sniff it; never blocks on a FIFO."""
    with open_input(path) as handle:
        return handle.read(HEAD_BYTES) or b""


def _gzip_head(path: Path) -> bytes:
    """The first decompressed bytes of a gzip file (bounded: only ``HEAD_BYTES`` are made)."""
    try:
        with open_input(path) as raw, gzip.GzipFile(fileobj=raw, mode="rb") as handle:
            return handle.read(HEAD_BYTES)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError.single(str(path), f"corrupt gzip file ({error})") from None


def _read(path: Path, limits: Limits) -> bytes:
    """A whole input file (bounded while read), decompressed within ``limits`` when gzip."""
    data = read_input(path, max_bytes=MAX_FILE_BYTES, what="advisory files")
    return gunzip(data, source=str(path), limits=limits) if data[:2] == b"\x1f\x8b" else data


def _directory(path: Path, skip_invalid: bool) -> Collection:
    """One collection of a folder's files, sniffed from its first one."""
    files = sorted(_walk(path, WALKED))
    if not files:
        raise InputError.single(
            str(path), "no .json or .yaml files here", hint=f"expected {ACCEPTED}"
        )
    return _files(path, files, _sniff_file(files[0]), skip_invalid)


def _sniff_file(file: Path) -> AdvisorySource:
    """The source of one file, from its (decompressed) head."""
    return _source(_gzip_head(file) if file.name.endswith(".gz") else _head(file), file.name)


def _bundles() -> str:
    """The sources a folder or zip can hold, for messages."""
    return " or ".join(kind.value.upper() for kind in BUNDLED)


def _files(
    path: Path,
    files: list[Path],
    source: AdvisorySource,
    skip_invalid: bool,
    hashes: dict[Path, str] | None = None,
) -> Collection:
    """One collection of a directory's files that all hold records of ``source`` (``hashes``:
    the sha256 of those already read while sniffing)."""
    if not source.bundled:
        raise InputError.single(
            str(files[0]),
            f"a directory is imported as {_bundles()} records; this is {source.kind.value.upper()}",
        )
    known = hashes or {}
    digest = hashlib.sha256()
    for file in files:
        sha = known.get(file) or file_hash(file)
        digest.update(file.relative_to(path).as_posix().encode() + b"\0" + sha.encode())
    chosen = [f for f in files if f.name.lower().endswith(source.suffixes)]
    collection = Collection(source.kind, "directory", str(path), digest.hexdigest(), iter(()))
    if source.record_per_file:
        collection.expected = len(chosen)
    pairs = ((str(f), _read(f, DEFAULT_LIMITS)) for f in chosen)
    return _load(source, collection, pairs, skip_invalid)


def collect_all(
    path: Path, *, skip_invalid: bool = False, limits: Limits = DEFAULT_LIMITS
) -> list[Collection]:
    """Like :func:`collect`, but a directory mixing OSV and NVD records gives one collection
    per source (each file sniffed by content), so one command imports a whole advisory folder."""
    if not path.is_dir():
        return [collect(path, skip_invalid=skip_invalid, limits=limits)]
    groups: dict[SourceKind, list[Path]] = {}
    hashes: dict[Path, str] = {}
    for file in sorted(_walk(path, WALKED)):
        source, hashes[file] = _sniff_and_hash(file)
        groups.setdefault(source.kind, []).append(file)
    if not groups:
        return [collect(path, skip_invalid=skip_invalid, limits=limits)]  # says what is missing
    # each group as sniffed: the folder is not walked, sniffed nor hashed a second time
    return [
        _files(path, groups[k], BY_KIND[k], skip_invalid, hashes) for k in SourceKind if k in groups
    ]


def _sniff_and_hash(file: Path) -> tuple[AdvisorySource, str]:
    """The source of one file and its sha256, from one pass over it (a gzip file's head is
    decompressed apart): a folder's files are each opened once before they are imported."""
    if file.name.endswith(".gz"):
        return _sniff_file(file), file_hash(file)
    digest = hashlib.sha256()
    with open_input(file) as handle:
        head = handle.read(HEAD_BYTES) or b""
        digest.update(head)
        while block := handle.read(1024 * 1024):
            digest.update(block)
    return _source(head, file.name), digest.hexdigest()


def _walk(root: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """The files under ``root`` ending in ``suffixes``, hidden ones and links to folders left out."""
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.lower().endswith(suffixes) and not name.startswith("."):
                yield Path(folder) / name


def _zip(path: Path, skip_invalid: bool, limits: Limits) -> Collection:
    """One collection of a zip's entries, read one at a time while the store imports."""
    origin = str(path)
    archive = SafeZip(path, source=origin, limits=limits)
    names = [n for n in archive.names if n.lower().endswith(ZIPPED)]
    if not names:
        archive.close()
        raise InputError.single(
            origin, "the zip holds no .json or .yaml records", hint=f"expected {ACCEPTED}"
        )
    try:
        source = _source(archive.read(names[0])[:HEAD_BYTES], names[0])
    except InputError:
        archive.close()
        raise
    if not source.bundled:
        archive.close()
        raise InputError.single(
            origin, f"a zip is imported as {_bundles()} records; this is {source.kind.value}"
        )
    collection = Collection(source.kind, "zip", origin, file_hash(path), iter(()))
    if source.record_per_file:
        collection.expected = len(names)
    entries = ((f"{origin}!{name}", data) for name, data in archive.entries(ZIPPED))
    _load(source, collection, entries, skip_invalid)
    collection.records = _closing(archive, collection.records)
    return collection


def _closing(archive: SafeZip, records: Iterator[Record]) -> Iterator[Record]:
    """The records, the archive closed when they are exhausted or abandoned."""
    try:
        yield from records
    finally:
        archive.close()
