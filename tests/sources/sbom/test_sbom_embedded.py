"""Yocto create-spdx, Buildroot legal-info and the manual component lists (own fixtures)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from medsec.domain.component import ComponentClass, SbomFormat, SupportLevel
from medsec.domain.errors import InputError
from medsec.services.sbom_inputs import read_file
from medsec.sources.sbom import yocto

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sbom"
INDEX = "core-image-minimal-qemux86-64.spdx.index.json"


def test_yocto_index_merges_every_listed_document() -> None:
    result = read_file(FIXTURES / "yocto" / INDEX)
    doc = result.document
    assert doc.format is SbomFormat.YOCTO_INDEX
    names = sorted(c.name for c in doc.components)
    assert names == [
        "busybox",
        "busybox",
        "core-image-minimal",
        "libssl3",
        "libz1",
        "openssl",
        "zlib",
    ]
    by_name = {c.name: c for c in doc.components}
    assert by_name["libssl3"].depends_on == ("libz1.spdx.json#SPDXRef-PACKAGE-libz1",)
    assert (
        by_name["libz1"].parent
        == "core-image-minimal-qemux86-64.spdx.json#SPDXRef-Image-core-image-minimal"
    )
    assert by_name["zlib"].cpes == ("cpe:2.3:*:*:zlib:1.2.13:*:*:*:*:*:*:*",)
    assert by_name["openssl"].supplier == "OpenEmbedded"
    assert not result.warnings


def test_yocto_missing_or_changed_document_is_reported(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "yocto", tmp_path / "y")
    (tmp_path / "y" / "recipe-zlib.spdx.json").unlink()
    busybox = tmp_path / "y" / "busybox.spdx.json"
    busybox.write_text(busybox.read_text() + "\n")
    result = read_file(tmp_path / "y" / INDEX)
    messages = " ".join(w.message for w in result.warnings)
    assert "recipe-zlib.spdx.json" in messages and "not found" in messages
    assert "SHA-1 differs" in messages
    assert len(result.document.components) == 6


def test_yocto_index_refuses_path_traversal() -> None:
    with pytest.raises(InputError, match="unusable file name"):
        yocto.listed_files({"documents": [{"filename": "../../etc/passwd"}]}, source="i")


def test_buildroot_manifest() -> None:
    result = read_file(FIXTURES / "buildroot" / "manifest.csv")
    doc = result.document
    assert doc.format is SbomFormat.BUILDROOT_MANIFEST
    by_name = {c.name: c for c in doc.components}
    assert len(by_name) == 7
    assert by_name["openssl"].purl == (
        "pkg:generic/openssl@3.1.2?download_url=https%3A%2F%2Fwww.openssl.org%2Fsource%2Fopenssl-3.1.2.tar.gz"
    )
    assert by_name["dropbear"].depends_on == ("zlib@1.2.13", "toolchain-external-bootlin@2023.08-1")
    assert by_name["skeleton-init-sysv"].version is None
    assert by_name["busybox"].licenses == ("GPL-2.0, bzip2-1.0.4",)
    assert by_name["linux"].origin.location == "line 4"


def test_manual_csv_and_yaml() -> None:
    csv_doc = read_file(FIXTURES / "manual" / "components.csv").document
    assert [c.name for c in csv_doc.components] == [
        "ThreadX",
        "STM32CubeG4 BSP",
        "Pump FPGA bitstream",
    ]
    bsp = csv_doc.components[1]
    assert (
        bsp.depends_on == ("ThreadX@6.2.1",) and bsp.support_level is SupportLevel.LIMITED_SUPPORT
    )
    assert csv_doc.components[2].hashes[0].algorithm == "SHA256"
    yaml_result = read_file(FIXTURES / "manual" / "components.yaml")
    rtos, fpga = yaml_result.document.components
    assert rtos.component_class is ComponentClass.SUPPORTED and rtos.support_rationale
    assert str(rtos.end_of_support) == "2031-12-31"
    assert fpga.supplier == "ACME Medical GmbH"  # the list's default supplier
    assert yaml_result.document.authors == ("ACME Medical GmbH, Embedded Team",)
    assert yaml_result.document.created is not None
    assert any("not-listed" in w.message for w in yaml_result.warnings)


def test_hostile_xml_is_refused_and_plain_doctype_is_read() -> None:
    for name in ("xxe.xml", "billion-laughs.xml"):
        with pytest.raises(InputError, match="refused: the XML declares entities"):
            read_file(FIXTURES / "hostile" / name)
    doc = read_file(FIXTURES / "hostile" / "doctype-only.xml").document
    assert [c.name for c in doc.components] == ["zlib"]


def test_file_size_limit_without_reading_the_file(tmp_path: Path) -> None:
    big = tmp_path / "huge.cdx.json"
    with big.open("wb") as handle:  # sparse: 1 GiB apparent size, no data written
        handle.truncate(1024**3)
    with pytest.raises(InputError, match=r"over the .*-byte limit"):
        read_file(big)
    small = tmp_path / "small.json"
    small.write_bytes(b'{"bomFormat": "CycloneDX", "specVersion": "1.6"}')
    with pytest.raises(InputError, match="limit"):
        read_file(small, max_bytes=10)


def test_unreadable_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_file(tmp_path / "nope.json")
    with pytest.raises(InputError, match="is a folder"):
        read_file(tmp_path)
