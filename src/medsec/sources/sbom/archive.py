"""Untrusted tar archives (gzip or zstd), read as a stream: never extracted, never seeked.

Safe-archive rules: a member count, a per-member and a total size limit (checked from the
header, before the data is read); a member name that is absolute or climbs out with ``..``
is refused; links, devices and FIFOs are ignored with a warning; a truncated or corrupt
archive is an ``InputError`` naming the file and the member where reading stopped.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol

import zstandard

from medsec.domain.errors import InputError
from medsec.sources.sbom.notes import Notes
from medsec.untrusted.expansion import BoundedStream, Expansion

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_SKIPPABLE = 0x184D2A50  # zstd skippable frames: magic 0x184D2A50..5F
_CHUNK = 1024 * 1024
# the output is capped by ArchiveLimits (and the SBOM size limit); this adds the ratio
EXPANSION = Expansion(max_bytes=2**62, max_ratio=200)
_NOT_TAR = ("invalid header", "bad checksum")  # what tarfile says of a first block
_CORRUPT = (tarfile.TarError, EOFError, OSError, zlib.error, zstandard.ZstdError)


class Readable(Protocol):
    """A byte stream as ``tarfile`` types it; a streamed tar only ever calls ``read``."""

    def read(self, size: int, /) -> bytes:
        """Up to ``size`` bytes, fewer only at the end of the stream."""

    def write(self, b: bytes, /) -> object:
        """Part of tarfile's file type; never called on a stream opened for reading."""

    def tell(self) -> int:
        """Part of tarfile's file type; a streamed read never asks for it."""

    def seek(self, pos: int, /) -> object:
        """Part of tarfile's file type; a streamed read never seeks."""

    def close(self) -> object:
        """Release the stream."""


@dataclass(frozen=True)
class ArchiveLimits:
    """How much an archive may hold; the total is also capped by the SBOM size limit."""

    member_bytes: int = 64 * 1024 * 1024
    total_bytes: int = 1024 * 1024 * 1024
    members: int = 50_000


def is_compressed_tar(raw: bytes) -> bool:
    """Whether the bytes start like a gzip or zstd stream (what the archive readers take)."""
    return raw.startswith((GZIP_MAGIC, ZSTD_MAGIC))


def open_stream(data: bytes, *, source: str) -> Readable:
    """The decompressed byte stream of a gzip or zstd file (read on demand), its expansion
    bounded: a ratio over ``EXPANSION.max_ratio`` is refused while reading (a bomb)."""
    stream: Readable
    if data.startswith(GZIP_MAGIC):
        stream = gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb")
    elif data.startswith(ZSTD_MAGIC):
        stream = zstandard.ZstdDecompressor().stream_reader(
            io.BytesIO(data), read_across_frames=True
        )
    else:
        raise InputError.single(source, "not a gzip or zstd compressed archive")
    return BoundedStream(stream, compressed=len(data), source=source, limits=EXPANSION)


def read_tar(data: bytes, *, source: str, limits: ArchiveLimits, notes: Notes) -> dict[str, bytes]:
    """Every regular file of a gzip or zstd compressed tar, by name, and the framing checked."""
    files = members(open_stream(data, source=source), source=source, limits=limits, notes=notes)
    if data.startswith(ZSTD_MAGIC) and not zstd_complete(data):
        last = next(reversed(files), None)
        raise InputError.single(
            source,
            f"truncated or corrupt archive after member {last!r}: "
            "the zstd stream ends inside a frame",
            hint="copy the archive again from the build's deploy folder",
        )
    return files


def members(
    stream: Readable, *, source: str, limits: ArchiveLimits, notes: Notes
) -> dict[str, bytes]:
    """Regular files by name, read in one forward pass over a tar stream."""
    reading = _Reading(source, limits, notes)
    try:
        with tarfile.open(fileobj=stream, mode="r|") as tar:
            for member in tar:
                reading.take(tar, member)
                reading.where = f"after member {member.name.removeprefix('./')!r}"
        reading.drain(stream)
    except _CORRUPT as exc:
        if reading.count == 0 and str(exc) in _NOT_TAR:
            raise InputError.single(
                source,
                f"not a tar archive, or corrupt at the start: {exc}",
                hint="medsec reads compressed tar archives of SBOMs (Yocto IMAGE.spdx.tar.zst); "
                "decompress a single compressed SBOM file first",
            ) from None
        raise InputError.single(
            source,
            f"truncated or corrupt archive {reading.where}: {exc}",
            hint="copy the archive again from the build's deploy folder",
        ) from None
    return reading.files


class _Reading:
    """The state of one pass: files read so far, bytes counted, where an error would be."""

    def __init__(self, source: str, limits: ArchiveLimits, notes: Notes) -> None:
        """Start a pass with nothing read yet."""
        self.source = source
        self.limits = limits
        self.notes = notes
        self.files: dict[str, bytes] = {}
        self.count = 0
        self.total = 0
        self.last: str | None = None
        self.where = "before the first member"

    def take(self, tar: tarfile.TarFile, member: tarfile.TarInfo) -> None:
        """Check one member against the rules and keep its bytes if it is a regular file."""
        name = member.name.removeprefix("./")
        self.where = f"in member {name!r}"
        self.count += 1
        if self.count > self.limits.members:
            raise self._refuse(name, f"more than {self.limits.members:,} members")
        if not safe_name(name):
            raise self._refuse(name, "member name is absolute or leaves the archive (..)")
        self.total += member.size
        if member.size > self.limits.member_bytes:
            raise self._refuse(
                name, f"{member.size:,} bytes, over the {self.limits.member_bytes:,}-byte limit"
            )
        if self.total > self.limits.total_bytes:
            raise self._refuse(name, f"archive content over {self.limits.total_bytes:,} bytes")
        if not member.isfile():
            if not member.isdir():
                self.notes.warn(f"{_kind(member)} member ignored", field=name)
            return
        handle = tar.extractfile(member)
        data = handle.read() if handle is not None else b""
        if len(data) != member.size:
            raise tarfile.ReadError(f"{len(data):,} of {member.size:,} bytes")
        if name in self.files:
            self.notes.warn("member appears twice; the last copy is read", field=name)
        self.files[name] = data
        self.last = name

    def drain(self, stream: Readable) -> None:
        """Read past the tar end so a cut-off compressed stream is noticed (bounded)."""
        budget = self.limits.total_bytes
        while chunk := stream.read(_CHUNK):
            budget -= len(chunk)
            if budget < 0:
                raise self._refuse(self.last or "-", "too much data after the tar end")

    def _refuse(self, name: str, reason: str) -> InputError:
        """The error refusing a member, naming it and the rule it broke."""
        return InputError.single(self.source, f"refused: {reason}", field=name)


def _kind(member: tarfile.TarInfo) -> str:
    """What a non-regular member is, in words for the warning that ignores it."""
    if member.issym():
        return "symbolic link"
    if member.islnk():
        return "hard link"
    if member.ischr() or member.isblk():
        return "device"
    return "FIFO" if member.isfifo() else "special"


def safe_name(name: str) -> bool:
    """A relative POSIX path that stays inside the archive (no ``..``, no drive, no ``\\``)."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def zstd_complete(data: bytes) -> bool:
    """Whether ``data`` is whole zstd frames: block headers are walked, nothing decompressed.

    The zstd stream reader ends quietly when its input is cut inside a frame; this catches it.
    """
    pos = 0
    while pos < len(data):
        magic = int.from_bytes(data[pos : pos + 4], "little")
        if len(data) - pos >= 8 and magic & 0xFFFFFFF0 == _SKIPPABLE:
            pos += 8 + int.from_bytes(data[pos + 4 : pos + 8], "little")
            continue
        try:
            head = data[pos : pos + 18]
            checksum = zstandard.get_frame_parameters(head).has_checksum
            pos += zstandard.frame_header_size(head)
        except zstandard.ZstdError:
            return False
        pos = _blocks_end(data, pos)
        if pos < 0:
            return False
        pos += 4 if checksum else 0
    return pos == len(data)


def _blocks_end(data: bytes, pos: int) -> int:
    """Offset after the last block of the frame whose blocks start at ``pos``; -1 if cut."""
    while len(data) - pos >= 3:
        header = int.from_bytes(data[pos : pos + 3], "little")
        kind, size = (header >> 1) & 3, header >> 3
        pos += 3 + (1 if kind == 1 else size)  # an RLE block stores one byte
        if header & 1:
            return pos if pos <= len(data) else -1
    return -1
