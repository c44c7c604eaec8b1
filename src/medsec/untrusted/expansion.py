"""Decompression with a ceiling: a few kilobytes of gzip or zstd must not become gigabytes.

Two limits, both enforced while the output is produced, never from a declared size: an
absolute ceiling on the output, and a ratio (output / input consumed so far) checked once the
output passes a floor, so that a bomb (about 1000:1 for gzip) is stopped after a few megabytes
while real feeds (NVD JSON about 15:1, EPSS CSV about 5:1) pass.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from typing import Protocol

from medsec.domain.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"
_IN_CHUNK = 64 * 1024
_OUT_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Expansion:
    """How far compressed input may expand: an absolute ceiling and a ratio past a floor."""

    max_bytes: int = 1024 * 1024 * 1024
    max_ratio: int = 200
    floor: int = 16 * 1024 * 1024  # below this much output, any ratio is accepted

    def check(self, produced: int, consumed: int, source: str) -> None:
        """Refuse when ``produced`` bytes of output from ``consumed`` input break a limit."""
        if produced > self.max_bytes:
            raise InputError.single(
                source,
                f"decompresses to more than {self.max_bytes:,} bytes",
                hint="a compression bomb, or not a feed file; decompress it yourself to check",
            )
        if produced > self.floor and produced > self.max_ratio * max(consumed, 1):
            raise InputError.single(
                source,
                f"compression ratio over {self.max_ratio}:1 "
                f"({produced:,} bytes from {consumed:,}): a compression bomb?",
                hint="real advisory feeds and SBOM archives compress far less",
            )


DEFAULT = Expansion()


def gunzip(data: bytes, *, source: str, limits: Expansion = DEFAULT) -> bytes:
    """The content of gzip data (every member), within ``limits``; a corrupt or cut stream is
    an ``InputError`` naming the source. Bytes after the last member are ignored, as by gzip."""
    parts: list[bytes] = []
    offset = 0
    while True:
        offset = _member(data, offset, parts, source, limits)
        if not data.startswith(GZIP_MAGIC, offset):
            return b"".join(parts)


def _member(data: bytes, offset: int, parts: list[bytes], source: str, limits: Expansion) -> int:
    """Inflate the gzip member at ``offset`` into ``parts``; the offset after it."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    produced = sum(map(len, parts))
    position = offset
    pending = b""
    while not inflater.eof:
        if not pending:
            if position >= len(data):
                raise InputError.single(source, "gzip data is cut short", hint="download it again")
            pending = data[position : position + _IN_CHUNK]
            position += len(pending)
        try:
            out = inflater.decompress(pending, _OUT_CHUNK)
        except zlib.error as error:
            raise InputError.single(source, f"corrupt gzip data ({error})") from None
        pending = inflater.unconsumed_tail
        produced += len(out)
        limits.check(produced, position - len(pending), source)
        parts.append(out)
    return position - len(inflater.unused_data) - len(pending)


class Readable(Protocol):
    """A byte stream read forward (a decompressor's output)."""

    def read(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes, fewer only at the end of the stream."""


class BoundedStream:
    """A decompressed stream whose output is checked against ``limits`` on every read."""

    def __init__(
        self, stream: Readable, *, compressed: int, source: str, limits: Expansion = DEFAULT
    ) -> None:
        """Wrap ``stream``, the output of ``compressed`` bytes of input."""
        self._stream = stream
        self._compressed = compressed
        self._source = source
        self._limits = limits
        self.produced = 0

    def read(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes (bounded chunks when ``size`` is negative)."""
        chunk = self._stream.read(size if size >= 0 else _OUT_CHUNK)
        self.produced += len(chunk)
        self._limits.check(self.produced, self._compressed, self._source)
        return chunk

    def close(self) -> None:
        """Close the wrapped stream when it can be closed."""
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()

    def write(self, _data: bytes, /) -> int:
        """Not writable: part of the file type ``tarfile`` expects."""
        raise io.UnsupportedOperation("a decompressed stream is read-only")

    def tell(self) -> int:
        """The bytes produced so far (a stream read forward has no other position)."""
        return self.produced

    def seek(self, _position: int, /) -> int:
        """Not seekable: part of the file type ``tarfile`` expects."""
        raise io.UnsupportedOperation("a decompressed stream is read forward only")
