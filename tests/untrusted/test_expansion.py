"""Bounded decompression: a bomb stops after a few megabytes, real feeds pass whole."""

from __future__ import annotations

import gzip
import io
import os
import tracemalloc

import pytest
import zstandard

from medsec.domain.errors import InputError
from medsec.untrusted.expansion import BoundedStream, Expansion, gunzip


def test_real_data_passes_whole_and_members_are_joined() -> None:
    data = os.urandom(1024) * 4096  # 4 MiB that compress about 1000:1... but under the floor
    assert gunzip(gzip.compress(data), source="x.gz") == data
    assert gunzip(gzip.compress(b"ab") + gzip.compress(b"cd") + b"\0\0", source="x") == b"abcd"


def test_a_bomb_is_stopped_by_its_ratio_with_little_memory() -> None:
    bomb = gzip.compress(b"\0" * (512 * 1024 * 1024), compresslevel=9)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"bomb.gz: compression ratio over 200:1"):
            gunzip(bomb, source="bomb.gz")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024


def test_the_absolute_ceiling_holds_for_incompressible_data() -> None:
    data = gzip.compress(os.urandom(3000))
    with pytest.raises(InputError, match="decompresses to more than 1,000 bytes"):
        gunzip(data, source="x.gz", limits=Expansion(max_bytes=1000))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (gzip.compress(b"abc" * 100, mtime=0)[:-6], "cut short"),
        (b"\x1f\x8b\x08\x00garbage-garbage", "corrupt gzip"),
    ],
    ids=["cut-short", "corrupt"],  # the same names in every collecting process
)
def test_damaged_streams_are_located_errors(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=f"x.gz: .*{message}"):
        gunzip(data, source="x.gz")


def test_bounded_stream_checks_every_read() -> None:
    compressed = zstandard.ZstdCompressor().compress(b"\0" * (64 * 1024 * 1024))
    stream = BoundedStream(
        zstandard.ZstdDecompressor().stream_reader(io.BytesIO(compressed)),
        compressed=len(compressed),
        source="a.tar.zst",
    )
    with pytest.raises(InputError, match="compression ratio over 200:1"):
        while stream.read(1024 * 1024):
            pass
    assert stream.produced < 32 * 1024 * 1024
