"""Yocto ``IMAGE.spdx.tar.zst`` / ``.tar.gz``: built here from the Yocto fixture documents
in create-spdx's layout (flat ``<doc>.spdx.json`` members, ``index.json`` last), read as a
stream into one device SBOM; the safe-archive rules each have a failing case."""

from __future__ import annotations

import gzip
import io
import tarfile
from hashlib import sha1, sha256
from pathlib import Path

import orjson
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from medsec.domain.component import SbomFormat
from medsec.domain.errors import InputError
from medsec.sources.sbom import archive
from medsec.sources.sbom.archive import ArchiveLimits
from medsec.sources.sbom.notes import Notes
from medsec.sources.sbom.reader import ReadContext
from medsec.sources.sbom.registry import read
from medsec.sources.sbom.yocto_archive import YoctoArchiveReader

YOCTO = Path(__file__).resolve().parents[2] / "fixtures" / "sbom" / "yocto"
INDEX = "core-image-minimal-qemux86-64.spdx.index.json"
Member = tuple[str, bytes | None, bytes]  # name, data (None: a link or a device), tar type


def _fixture_members() -> list[Member]:
    docs = sorted(p for p in YOCTO.glob("*.spdx.json"))
    members: list[Member] = [(p.name, p.read_bytes(), tarfile.REGTYPE) for p in docs]
    return [*members, ("index.json", (YOCTO / INDEX).read_bytes(), tarfile.REGTYPE)]


def _big_members(count: int = 120) -> list[Member]:
    """A bigger image (about 1.5 MB of tar): many package documents listing their files."""
    members: list[Member] = []
    for number in range(count):
        name = f"package-{number:03}"
        files = [
            {
                "SPDXID": f"SPDXRef-File-{name}-{i}",
                "fileName": f"/usr/lib/{name}/file-{i}.so",
                "checksums": [
                    {
                        "algorithm": "SHA256",
                        "checksumValue": sha256(f"{name}/{i}".encode()).hexdigest(),
                    }
                ],
            }
            for i in range(40)
        ]
        doc = {
            "spdxVersion": "SPDX-2.2",
            "SPDXID": "SPDXRef-DOCUMENT",
            "name": name,
            "documentNamespace": f"http://spdx.org/spdxdocs/{name}",
            "packages": [{"SPDXID": f"SPDXRef-PACKAGE-{name}", "name": name, "versionInfo": "1"}],
            "files": files,
        }
        members.append((f"{name}.spdx.json", orjson.dumps(doc), tarfile.REGTYPE))
    index = {
        "documents": [{"filename": n, "sha1": sha1(d or b"").hexdigest()} for n, d, _ in members]
    }
    return [*members, ("index.json", orjson.dumps(index), tarfile.REGTYPE)]


def tar_bytes(members: list[Member]) -> bytes:
    """A tar written as create-spdx writes it: a stream (``w|``), root-owned members."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w|") as tar:
        for name, data, kind in members:
            info = tarfile.TarInfo(name)
            info.type = kind
            info.size = len(data or b"")
            info.linkname = (
                "busybox.spdx.json" if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE) else ""
            )
            tar.addfile(info, io.BytesIO(data) if data else None)
    return buffer.getvalue()


def zst(members: list[Member]) -> bytes:
    return zstandard.ZstdCompressor(write_checksum=True).compress(tar_bytes(members))


def gz(members: list[Member]) -> bytes:
    return gzip.compress(tar_bytes(members), mtime=0)


def _key(doc: object) -> list[tuple[object, ...]]:
    return sorted(
        (c.name, c.version, c.purl, c.cpes, c.depends_on, c.parent)
        for c in doc.components  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize("compress", [zst, gz], ids=["zst", "gz"])
def test_archive_reads_like_the_index_beside_its_documents(compress: object) -> None:
    data = compress(_fixture_members())  # type: ignore[operator]
    result = read(data, source="core-image-minimal.spdx.tar.zst")
    index_doc = read(
        (YOCTO / INDEX).read_bytes(), source="i", companions=lambda n: (YOCTO / n).read_bytes()
    ).document
    assert result.document.format is SbomFormat.YOCTO_ARCHIVE
    assert _key(result.document) == _key(index_doc) and len(result.document.components) == 7
    assert {c.origin.source for c in result.document.components} == {
        "core-image-minimal.spdx.tar.zst"
    }
    assert not result.warnings  # SHA-1s in index.json match the members


class OneWay:
    """A stream that can only be read forward: proves nothing seeks or extracts."""

    def __init__(self, data: bytes) -> None:
        self._inner = io.BytesIO(data)

    def read(self, size: int = -1, /) -> bytes:
        return self._inner.read(size)

    def write(self, b: bytes, /) -> object:
        raise io.UnsupportedOperation("write")

    def tell(self) -> int:
        raise io.UnsupportedOperation("tell")

    def seek(self, pos: int, /) -> object:
        raise io.UnsupportedOperation("seek")

    def close(self) -> object:
        return None


def test_archive_is_streamed_not_extracted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for method in ("extract", "extractall", "makefile", "makelink"):
        monkeypatch.setattr(tarfile.TarFile, method, _forbidden, raising=False)
    files = archive.members(
        OneWay(tar_bytes(_fixture_members())),
        source="a",
        limits=ArchiveLimits(),
        notes=Notes("a"),
    )
    assert len(files) == 8 and "index.json" in files
    assert list(tmp_path.iterdir()) == []  # nothing written to disk
    assert read(zst(_fixture_members()), source="a").document.components


def _forbidden(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the archive must not be extracted")


def test_multi_frame_zstd_as_written_by_parallel_zstd() -> None:
    raw = tar_bytes(_fixture_members())
    half = len(raw) // 2
    data = zstandard.ZstdCompressor().compress(raw[:half]) + zstandard.ZstdCompressor().compress(
        raw[half:]
    )
    assert len(read(data, source="a").document.components) == 7


@pytest.mark.parametrize("compress", [zst, gz], ids=["zst", "gz"])
@pytest.mark.parametrize("keep", [0.4, 0.8])
def test_truncated_archive_names_the_file_and_the_member(compress: object, keep: float) -> None:
    data = compress(_big_members())  # type: ignore[operator]
    assert len(read(data, source="whole").document.components) == 120
    with pytest.raises(InputError) as caught:
        read(data[: int(len(data) * keep)], source="img.spdx.tar.zst")
    message = str(caught.value)
    assert "img.spdx.tar.zst" in message and "truncated or corrupt archive" in message
    assert "member 'package-" in message


def test_zstd_cut_after_the_tar_end_is_noticed() -> None:
    data = zst(_fixture_members())
    with pytest.raises(InputError, match=r"ends inside a frame|truncated"):
        read(data[:-2], source="img.spdx.tar.zst")  # only the frame checksum is cut


def test_traversal_member_is_refused() -> None:
    members = [("../../etc/cron.d/x.spdx.json", b"{}", tarfile.REGTYPE), *_fixture_members()]
    with pytest.raises(InputError) as caught:
        read(zst(members), source="img.spdx.tar.zst")
    assert "leaves the archive" in str(caught.value)
    assert "../../etc/cron.d/x.spdx.json" in str(caught.value)


def test_too_large_member_is_refused_before_it_is_read() -> None:
    reader = YoctoArchiveReader(ArchiveLimits(member_bytes=2000))
    with pytest.raises(InputError) as caught:
        reader.read(zst(_fixture_members()), source="img", context=ReadContext())
    assert "over the 2,000-byte limit" in str(caught.value)
    assert "core-image-minimal-qemux86-64.spdx.json" in str(caught.value)  # the 2,451-byte one


def test_total_size_and_member_count_limits() -> None:
    data = zst(_fixture_members())
    with pytest.raises(InputError, match="archive content over"):
        read(data, source="img", max_bytes=len(data) + 5000)  # content is ~14 kB
    with pytest.raises(InputError, match="more than 3 members"):
        YoctoArchiveReader(ArchiveLimits(members=3)).read(data, source="i", context=ReadContext())


def test_links_and_devices_are_ignored_with_a_warning() -> None:
    members = [
        ("shortcut.spdx.json", None, tarfile.SYMTYPE),
        ("hard.spdx.json", None, tarfile.LNKTYPE),
        ("console", None, tarfile.CHRTYPE),
        ("extra.txt", b"not listed", tarfile.REGTYPE),
        *_fixture_members(),
    ]
    result = read(gz(members), source="img")
    warnings = {(w.field, w.message) for w in result.warnings}
    assert ("shortcut.spdx.json", "symbolic link member ignored") in warnings
    assert ("hard.spdx.json", "hard link member ignored") in warnings
    assert ("console", "device member ignored") in warnings
    assert ("extra.txt", "not listed in index.json; ignored") in warnings
    assert len(result.document.components) == 7


def test_archive_without_index_or_not_a_tar() -> None:
    with pytest.raises(InputError, match=r"no index\.json"):
        read(zst(_fixture_members()[:-1]), source="img")
    with pytest.raises(InputError, match="not a tar archive"):
        read(gzip.compress(b'{"bomFormat": "CycloneDX"}' * 40), source="bom.json.gz")


def test_listed_document_that_is_not_json_names_the_member() -> None:
    members = [
        (n, b"{not json" if n == "libz1.spdx.json" else d, k) for n, d, k in _fixture_members()
    ]
    with pytest.raises(InputError) as caught:
        read(zst(members), source="img.spdx.tar.zst")
    assert "img.spdx.tar.zst: libz1.spdx.json" in str(caught.value)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([archive.GZIP_MAGIC, archive.ZSTD_MAGIC]), st.binary(max_size=400))
def test_garbage_after_the_magic_is_an_input_error(magic: bytes, tail: bytes) -> None:
    with pytest.raises(InputError):
        read(magic + tail, source="fuzz")
