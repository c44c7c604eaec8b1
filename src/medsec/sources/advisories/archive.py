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
from medsec.untrusted import expansion
from medsec.untrusted.expansion import Expansion

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
_DRIVE = re.compile(r"^[A-Za-z]:")
_MAX_LISTED = 20
_ENCRYPTED = 0x1  # general purpose flag bit 0


@dataclass(frozen=True)
class Limits:
    """Ceilings for one archive; the defaults fit every OSV, NVD and EPSS dump by far."""

    max_entries: int = 2_000_000
    max_entry_bytes: int = 256 * 1024 * 1024
    max_total_bytes: int = 32 * 1024 * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed, for zip entries over 1 MiB and gzip
    max_gunzip_bytes: int = 2 * 1024 * 1024 * 1024  # the largest NVD year is a few hundred MB

    @property
    def expansion(self) -> Expansion:
        """The same ceilings for a gzip stream: its output and its ratio."""
        return Expansion(max_bytes=self.max_gunzip_bytes, max_ratio=self.max_ratio)


DEFAULT_LIMITS = Limits()


def is_gzip(data: bytes) -> bool:
    """Whether the bytes start with the gzip magic number."""
    return data[:2] == GZIP_MAGIC


def is_zip(head: bytes) -> bool:
    """Whether the bytes start with a zip local file header."""
    return head[:4] == ZIP_MAGIC


def gunzip(data: bytes, *, source: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Decompress gzip data within ``limits`` (output ceiling and ratio, checked while
    inflating, so a bomb stops after a few megabytes)."""
    return expansion.gunzip(data, source=source, limits=limits.expansion)


class SafeZip:
    """A zip archive opened for reading entry by entry, after the central directory checks."""

    def __init__(self, path: Path, *, source: str, limits: Limits = DEFAULT_LIMITS) -> None:
        """Open the archive and check its central directory; ``InputError`` when it breaks a
        rule (all breaches listed at once)."""
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
        """The archive itself, closed when the block ends."""
        return self

    def __exit__(self, *_: object) -> None:
        """Close the archive."""
        self.close()

    def close(self) -> None:
        """Close the underlying zip file."""
        self._zip.close()

    @property
    def names(self) -> list[str]:
        """The names of the file entries that passed the checks, in archive order."""
        return [info.filename for info in self._infos]

    def _check(self, infos: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
        """The file entries, after every central-directory rule; all breaches in one error."""
        limits = self.limits
        if len(infos) > limits.max_entries:
            raise InputError.single(
                self.source, f"{len(infos):,} entries, over the limit of {limits.max_entries:,}"
            )
        problems: list[Diagnostic] = []
        total = 0
        files = []
        for info in infos:
            problem = self._entry_problem(info)
            if problem is not None:
                problems.append(Diagnostic(self.source, problem, field=info.filename))
            if unsafe_name(info.filename) or info.is_dir():
                continue
            total += info.file_size
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

    def _entry_problem(self, info: zipfile.ZipInfo) -> str | None:
        """What is wrong with one entry: its name, encryption, size or compression ratio."""
        limits = self.limits
        if unsafe_name(info.filename):
            return "entry name escapes the archive"
        if info.is_dir():
            return None
        if info.flag_bits & _ENCRYPTED:
            return "entry is encrypted; feeds are never encrypted, so it cannot be read"
        if info.file_size > limits.max_entry_bytes:
            return f"entry of {info.file_size:,} bytes, over {limits.max_entry_bytes:,}"
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            return f"compression ratio over {limits.max_ratio}:1 (a zip bomb?)"
        return None

    def entries(self, suffixes: tuple[str, ...] = ()) -> Iterator[tuple[str, bytes]]:
        """``(name, bytes)`` for each file entry (only those ending in ``suffixes`` if given)."""
        for info in self._infos:
            if suffixes and not info.filename.lower().endswith(suffixes):
                continue
            yield info.filename, self.read(info.filename)

    def read(self, name: str) -> bytes:
        """One entry's bytes, never more than its limit; damage is an ``InputError`` naming
        ``archive!entry``."""
        where = f"{self.source}!{name}"
        try:
            with self._zip.open(name) as handle:
                data = handle.read(self.limits.max_entry_bytes + 1)
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            NotImplementedError,  # an unsupported compression method
            RuntimeError,  # an encrypted entry (refused by the checks, kept as a backstop)
        ) as error:
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
