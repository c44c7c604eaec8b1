"""Hostile archives: bombs, path traversal, corruption, too many entries."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from medsec.domain.errors import InputError
from medsec.sources.advisories.archive import Limits, SafeZip, gunzip, unsafe_name


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_entries_one_at_a_time(tmp_path: Path) -> None:
    path = _zip(tmp_path / "a.zip", {"A-1.json": b"{}", "dir/B-2.json": b"[]", "README": b"x"})
    with SafeZip(path, source="a.zip") as archive:
        assert list(archive.entries((".json",))) == [("A-1.json", b"{}"), ("dir/B-2.json", b"[]")]


def test_zip_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    path = _zip(tmp_path / "bomb.zip", {"bomb.json": b"0" * (50 * 1024 * 1024)})
    with pytest.raises(InputError, match="zip bomb"):
        SafeZip(path, source="bomb.zip")


def test_entry_and_total_size_limits(tmp_path: Path) -> None:
    path = _zip(tmp_path / "big.zip", {"a.json": b"x" * 2000, "b.json": b"y" * 2000})
    with pytest.raises(InputError, match="over 1,000"):
        SafeZip(path, source="big.zip", limits=Limits(max_entry_bytes=1000))
    with pytest.raises(InputError, match="add up"):
        SafeZip(path, source="big.zip", limits=Limits(max_total_bytes=3000))
    with pytest.raises(InputError, match="entries, over"):
        SafeZip(path, source="big.zip", limits=Limits(max_entries=1))


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "/abs/record.json", "C:/x.json", "a/../../b.json", "..\\evil.json"]
)
def test_path_traversal_is_refused(tmp_path: Path, name: str) -> None:
    path = _zip(tmp_path / "evil.zip", {"ok.json": b"{}", name: b"{}"})
    with pytest.raises(InputError, match="escapes"):
        SafeZip(path, source="evil.zip")
    assert unsafe_name(name)
    assert not unsafe_name("PyPI/GHSA-1.json")


def test_corrupt_archives(tmp_path: Path) -> None:
    (tmp_path / "garbage.zip").write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(InputError, match="not a readable zip"):
        SafeZip(tmp_path / "garbage.zip", source="garbage.zip")
    path = _zip(tmp_path / "cut.zip", {"a.json": b"{}" * 1000})
    data = path.read_bytes()
    (tmp_path / "cut.zip").write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError):
        SafeZip(tmp_path / "cut.zip", source="cut.zip")


def test_corrupt_entry_data_is_caught_by_crc(tmp_path: Path) -> None:
    path = _zip(tmp_path / "crc.zip", {"a.json": b'{"id": "A"}' * 200})
    data = bytearray(path.read_bytes())
    offset = data.index(b"a.json") + len("a.json") + 5  # inside the compressed data
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    with SafeZip(path, source="crc.zip") as archive, pytest.raises(InputError, match="corrupt"):
        list(archive.entries())


def test_gunzip_ceiling() -> None:
    import gzip

    with pytest.raises(InputError, match="more than"):
        gunzip(gzip.compress(b"0" * 10_000), source="x.gz", limits=Limits(max_gunzip_bytes=1000))
    with pytest.raises(InputError, match="corrupt gzip"):
        gunzip(b"\x1f\x8b\x08\x00garbage-garbage", source="x.gz")
