"""Uploads are read by the hardened readers: a hostile, oversized or broken file is a 422."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from fastapi import HTTPException, UploadFile
from tests.conftest import EXAMPLE, REPO

from medsec.web import api_upload_readers as api_uploads

HOSTILE = REPO / "tests" / "fixtures" / "sbom" / "hostile"


def refused(call: object, *args: object) -> str:
    with pytest.raises(HTTPException) as caught:
        call(*args)  # type: ignore[operator]
    assert caught.value.status_code == 422
    return str(caught.value.detail)


@pytest.mark.parametrize("name", ["billion-laughs.xml", "xxe.xml"])
def test_hostile_xml_is_refused_with_the_readers_message(name: str) -> None:
    detail = refused(api_uploads.parse_sbom, (HOSTILE / name).read_bytes(), f"upload {name}")
    assert detail.startswith(f"upload {name}")
    assert "DTD" in detail or "entit" in detail.lower() or "DOCTYPE" in detail


def test_a_broken_sbom_is_refused() -> None:
    detail = refused(
        api_uploads.parse_sbom, b'{"bomFormat": "CycloneDX", "components": [', "up.json"
    )
    assert detail.startswith("up.json")


def test_an_oversized_sbom_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api_uploads, "UPLOAD_MAX_BYTES", 100)
    data = (EXAMPLE / "sbom" / "clinician-app.cdx.json").read_bytes()
    detail = refused(api_uploads.parse_sbom, data, "big.cdx.json")
    assert "over the 100-byte limit" in detail


def test_a_real_sbom_is_read() -> None:
    data = (EXAMPLE / "sbom" / "clinician-app.cdx.json").read_bytes()
    parsed = api_uploads.parse_sbom(data, "upload clinician-app.cdx.json")
    assert parsed.components is not None and parsed.components > 10


def test_a_pentest_report_is_read_and_a_broken_one_refused() -> None:
    data = (EXAMPLE / "pentests" / "pt-2026" / "nmap-pump.xml").read_bytes()
    assert api_uploads.parse_report(data, "nmap.xml", None).findings is not None
    detail = refused(api_uploads.parse_report, b"<nmaprun><host>", "upload nmap.xml", None)
    assert "upload nmap.xml" in detail
    hostile = (HOSTILE / "billion-laughs.xml").read_bytes()
    assert "upload x.xml" in refused(api_uploads.parse_report, hostile, "upload x.xml", None)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("fw.spdx.json", "fw.spdx.json"),
        ("C:\\tmp\\scan.xml", "scan.xml"),
        ("a/b/../r.csv", "r.csv"),
    ],
)
def test_upload_names_keep_only_a_plain_file_name(given: str, kept: str) -> None:
    assert api_uploads.upload_name(given) == kept


@pytest.mark.parametrize("given", [None, "", ".hidden", "../", "a b.json", "x" * 200, "ü.json"])
def test_unusable_upload_names_are_refused(given: str | None) -> None:
    assert "cannot be used" in refused(api_uploads.upload_name, given)


def test_reading_an_upload_stops_past_the_limit(tmp_path: Path) -> None:
    upload = UploadFile(io.BytesIO(b"x" * 5000), filename="f")
    data = asyncio.run(api_uploads.read_upload(upload, 1000))
    assert len(data) == 1001  # one byte over: the reader then names the limit


def test_paths_in_the_repository_drop_the_dot_folder() -> None:
    class Repo:
        project_dir = "."

    assert api_uploads.in_repository(Repo(), "sbom", "fw.json") == "sbom/fw.json"
    Repo.project_dir = "devices/pump"
    assert api_uploads.in_repository(Repo(), "sbom", "fw.json") == "devices/pump/sbom/fw.json"
