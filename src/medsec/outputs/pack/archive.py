"""The integration pack as one zip: its files, ``manifest.json`` and ``SHA256SUMS``, reproducibly.

Every file sits in one folder named after the device and version
(``acme-infusion-3.2.0-integration-pack/``). ``manifest.json`` names the device, the version,
the pack's date and each file with its sha256, size, media type and what it is, and lists the
files that could not be made with the reason (a VEX without a scan, for instance): nothing is
left out silently. ``SHA256SUMS`` holds one ``<sha256>  <name>`` line per file, the manifest
included, so ``sha256sum -c SHA256SUMS`` run in the folder checks them all. Entries are sorted
by name and carry one fixed time (the pack's date, or SOURCE_DATE_EPOCH) and fixed
permissions, so the same files give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from medsec.domain.model import Device
from medsec.outputs.documents.timestamp import zip_time
from medsec.outputs.json import dumps

FORMAT = "medsec-integration-pack/1"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class PackFile:
    """One file of the pack: its name in the folder, its bytes and what it is."""

    name: str
    data: bytes
    media_type: str
    what: str

    @property
    def sha256(self) -> str:
        """The hex sha256 of the file's bytes."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Missing:
    """A file the pack should hold but could not: its name, what it would be, and why not."""

    name: str
    what: str
    reason: str


@dataclass(frozen=True)
class PackHeader:
    """Whose pack it is and as of when: the device, the pack's date, the guide's revision."""

    device: Device
    date: date
    guide_revision: int
    generator: str


def folder_name(device: Device) -> str:
    """The pack's folder: device id and version, with anything unsafe in a path replaced."""
    return _UNSAFE.sub("-", f"{device.id}-{device.version}-integration-pack")


def manifest(header: PackHeader, files: Sequence[PackFile], missing: Sequence[Missing]) -> str:
    """``manifest.json``: device, version, date, every file with its sha256, what is missing."""
    d = header.device
    out: dict[str, Any] = {
        "format": FORMAT,
        "device": {"id": d.id, "name": d.name, "manufacturer": d.manufacturer},
        "version": d.version,
        "date": header.date.isoformat(),
        "security_guide_revision": header.guide_revision,
        "generator": header.generator,
        "files": [
            {
                "name": f.name,
                "sha256": f.sha256,
                "bytes": len(f.data),
                "media_type": f.media_type,
                "what": f.what,
            }
            for f in sorted(files, key=lambda f: f.name)
        ],
        "missing": [
            {"name": m.name, "what": m.what, "reason": m.reason}
            for m in sorted(missing, key=lambda m: m.name)
        ],
    }
    return dumps(out)


def sha256sums(files: Sequence[PackFile]) -> str:
    """``SHA256SUMS`` in the format ``sha256sum -c`` reads: hash, two spaces, name; by name."""
    return "".join(f"{f.sha256}  {f.name}\n" for f in sorted(files, key=lambda f: f.name))


def with_index(
    header: PackHeader, files: Sequence[PackFile], missing: Sequence[Missing]
) -> list[PackFile]:
    """The files, the manifest naming them, and the sums over both."""
    listed = [
        *files,
        PackFile(
            MANIFEST,
            manifest(header, files, missing).encode("utf-8"),
            "application/json",
            "this manifest: the device, the version, the date and every file with its sha256",
        ),
    ]
    sums = PackFile(
        SUMS,
        sha256sums(listed).encode("ascii"),
        "text/plain",
        "sha256 of every file (sha256sum -c SHA256SUMS)",
    )
    return sorted([*listed, sums], key=lambda f: f.name)


def zip_bytes(folder: str, files: Sequence[PackFile], moment: datetime) -> bytes:
    """The files in ``folder/`` of a zip: sorted, one fixed time, fixed permissions."""
    raw = io.BytesIO()
    stamp = zip_time(moment)
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in sorted(files, key=lambda f: f.name):
            entry = zipfile.ZipInfo(f"{folder}/{f.name}", date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, so the permissions below are read as such
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, f.data)
    return raw.getvalue()
