"""Reading untrusted archives safely: zip entries one at a time, gzip with a ceiling.

A zip is checked from its central directory before any entry is read: entry count, declared
sizes, compression ratio (a zip bomb inflates a few kilobytes to gigabytes) and names (an entry
``../../etc/passwd`` or ``/abs/path`` is refused even though nothing is extracted: such an
archive was not made by a feed). Entries are then decompressed one by one, never the whole
archive in memory; :mod:`zipfile` stops at the declared size and checks each CRC.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from medsec.domain.errors import Diagnostic, InputError

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
_DRIVE = re.compile(r"^[A-Za-z]:")
_MAX_LISTED = 20


@dataclass(frozen=True)
class Limits:
    """Ceilings for one archive; the defaults fit every OSV, NVD and EPSS dump by far."""

    max_entries: int = 2_000_000
    max_entry_bytes: int = 256 * 1024 * 1024
    max_total_bytes: int = 32 * 1024 * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed, for entries over 1 MiB
    max_gunzip_bytes: int = 4 * 1024 * 1024 * 1024


DEFAULT_LIMITS = Limits()


def is_gzip(data: bytes) -> bool:
    return data[:2] == GZIP_MAGIC


def is_zip(head: bytes) -> bool:
    return head[:4] == ZIP_MAGIC


def gunzip(data: bytes, *, source: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Decompress gzip data, refusing output over ``limits.max_gunzip_bytes``."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limits.max_gunzip_bytes + 1)
    except zlib.error as error:
        raise InputError.single(source, f"corrupt gzip data ({error})") from None
    if len(out) > limits.max_gunzip_bytes:
        raise InputError.single(
            source,
            f"decompresses to more than {limits.max_gunzip_bytes:,} bytes",
            hint="a compression bomb, or not a feed file",
        )
    if not inflater.eof:
        raise InputError.single(source, "gzip data is cut short", hint="download it again")
    return out


class SafeZip:
    """A zip archive opened for reading entry by entry, after the central directory checks."""

    def __init__(self, path: Path, *, source: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.source = source
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise InputError.single(
                source, f"not a readable zip archive ({error})", hint="download it again"
            ) from None
        try:
            self._infos = self._check(infos)
        except InputError:
            self._zip.close()
            raise

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    @property
    def names(self) -> list[str]:
        return [info.filename for info in self._infos]

    def _check(self, infos: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
        limits = self.limits
        if len(infos) > limits.max_entries:
            raise InputError.single(
                self.source, f"{len(infos):,} entries, over the limit of {limits.max_entries:,}"
            )
        problems: list[Diagnostic] = []
        total = 0
        files = []
        for info in infos:
            name = info.filename
            if unsafe_name(name):
                problems.append(
                    Diagnostic(self.source, "entry name escapes the archive", field=name)
                )
                continue
            if info.is_dir():
                continue
            total += info.file_size
            if info.file_size > limits.max_entry_bytes:
                problems.append(
                    Diagnostic(
                        self.source,
                        f"entry of {info.file_size:,} bytes, over {limits.max_entry_bytes:,}",
                        field=name,
                    )
                )
            elif info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                problems.append(
                    Diagnostic(
                        self.source,
                        f"compression ratio over {limits.max_ratio}:1 (a zip bomb?)",
                        field=name,
                    )
                )
            files.append(info)
        if total > limits.max_total_bytes:
            problems.append(
                Diagnostic(
                    self.source,
                    f"entries add up to {total:,} bytes, over {limits.max_total_bytes:,}",
                )
            )
        if problems:
            shown = problems[:_MAX_LISTED]
            if len(problems) > _MAX_LISTED:
                shown.append(Diagnostic(self.source, f"... and {len(problems) - _MAX_LISTED} more"))
            raise InputError(shown)
        return files

    def entries(self, suffixes: tuple[str, ...] = ()) -> Iterator[tuple[str, bytes]]:
        """``(name, bytes)`` for each file entry (only those ending in ``suffixes`` if given)."""
        for info in self._infos:
            if suffixes and not info.filename.lower().endswith(suffixes):
                continue
            yield info.filename, self.read(info.filename)

    def read(self, name: str) -> bytes:
        where = f"{self.source}!{name}"
        try:
            with self._zip.open(name) as handle:
                data = handle.read(self.limits.max_entry_bytes + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
            raise InputError.single(
                where, f"corrupt zip entry ({error})", hint="download the archive again"
            ) from None
        if len(data) > self.limits.max_entry_bytes:
            raise InputError.single(where, "entry larger than its declared size")
        return data


def unsafe_name(name: str) -> bool:
    """Whether a zip entry name is absolute, has a drive, or climbs out with ``..``."""
    if not name or "\x00" in name or name.startswith(("/", "\\")) or _DRIVE.match(name):
        return True
    return ".." in PurePosixPath(name.replace("\\", "/")).parts
