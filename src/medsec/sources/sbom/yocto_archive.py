"""Yocto ``create-spdx`` image archives: ``IMAGE.spdx.tar.zst`` (and ``.spdx.tar.gz``).

``combine_spdx`` in Yocto's ``create-spdx-2.2.bbclass`` streams (``tar w|`` inside zstd) the
image's SPDX 2.2 JSON document and every document it refers to (one per package, recipe and
runtime), flat, each named ``<document name>.spdx.json``, then ``index.json`` with the shape
of ``IMAGE.spdx.index.json`` (filename, documentNamespace, sha1). The archive is read as one
stream (``archive``: limits, no traversal, links ignored with a warning) and its documents are
merged by ``yocto.parse`` into one device SBOM.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import orjson

from medsec.domain.component import SbomFormat, SbomResult
from medsec.domain.errors import InputError
from medsec.sources.sbom import archive, yocto
from medsec.sources.sbom.archive import ArchiveLimits
from medsec.sources.sbom.limits import check_size
from medsec.sources.sbom.notes import Notes
from medsec.sources.sbom.reader import Content, Probe, ReadContext, ReaderMeta

INDEX = "index.json"


class YoctoArchiveReader:
    """A compressed tar holding ``index.json`` and the SPDX 2 documents it lists."""

    meta = ReaderMeta(
        format=SbomFormat.YOCTO_ARCHIVE,
        name="Yocto SPDX archive",
        patterns=("*.spdx.tar.zst", "*.spdx.tar.gz"),
        content=Content.BINARY,
    )

    def __init__(self, limits: ArchiveLimits | None = None) -> None:
        """A reader with these archive limits (the defaults when None)."""
        self.limits = limits or ArchiveLimits()

    def sniff(self, probe: Probe) -> bool:
        """Whether the file starts with gzip or zstd magic."""
        return archive.is_compressed_tar(probe.raw)

    def read(self, data: bytes, *, source: str, context: ReadContext) -> SbomResult:
        """Read the archive's index.json and merge the documents it lists."""
        check_size(len(data), source, context.max_bytes)
        notes = Notes(source)
        limits = replace(self.limits, total_bytes=min(self.limits.total_bytes, context.max_bytes))
        files = archive.read_tar(data, source=source, limits=limits, notes=notes)
        index = files.pop(INDEX, None)
        if index is None:
            raise InputError.single(
                source,
                f"no {INDEX} in the archive: not a Yocto create-spdx image archive",
                hint="medsec reads IMAGE.spdx.tar.zst from tmp/deploy/images/MACHINE/",
            )
        listed = set(yocto.listed_files(_load_index(index, source), source=f"{source}: {INDEX}"))
        for name in sorted(set(files) - listed):
            notes.warn(f"not listed in {INDEX}; ignored", field=name)
        result = yocto.parse(index, source=source, documents=files, fmt=SbomFormat.YOCTO_ARCHIVE)
        return SbomResult(document=result.document, warnings=notes.freeze() + result.warnings)


def _load_index(data: bytes, source: str) -> Any:
    """The archive's index.json as JSON; a syntax error names the member."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise InputError.single(
            source, f"invalid JSON: {exc.msg}", line=exc.lineno, field=INDEX
        ) from None


READER = YoctoArchiveReader()
