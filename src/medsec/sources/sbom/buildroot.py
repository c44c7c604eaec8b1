"""Buildroot ``legal-info/manifest.csv``: one row per package.

Buildroot states no supplier and no purl; a ``pkg:generic`` purl with the download URL is
derived so the component has a unique id, and a ``CPE ID`` column (``make show-info``
exports) is used when present. Dependencies come from ``DEPENDENCIES WITH LICENSES``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import quote

from medsec.domain.component import Component, Origin, SbomDocument, SbomFormat, SbomResult
from medsec.domain.errors import InputError
from medsec.sources.sbom import normalise
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES, check_size
from medsec.sources.sbom.notes import Notes
from medsec.sources.sbom.reader import Content, Probe, ReadContext, ReaderMeta
from medsec.sources.sbom.tabular import header_columns, rows

REQUIRED = ("PACKAGE", "VERSION")
_DEP = re.compile(r"([^\s\[\],]+)\s*\[[^\]]*\]")


def parse(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SbomResult:
    """Read a Buildroot ``manifest.csv``: one component per row."""
    check_size(len(data), source, max_bytes)
    header, records = rows(data, source=source)
    keys = {h.strip().upper() for h in header}
    if not all(k in keys for k in REQUIRED):
        raise InputError.single(
            source, "not a Buildroot manifest: needs PACKAGE and VERSION columns", line=1
        )
    notes = Notes(source)
    components: list[Component] = []
    deps: dict[str, list[str]] = {}
    for line, row in records:
        name = row.get("PACKAGE", "")
        if not name:
            notes.warn("row without PACKAGE", line=line)
        version = normalise.text(row.get("VERSION"))
        ref = f"{name}@{version}" if version else f"{name}#line{line}"
        licence = normalise.text(row.get("LICENSE"))
        cpe = normalise.text(row.get("CPE ID"))
        components.append(
            Component(
                ref=ref,
                name=name,
                version=version,
                purl=_purl(name, version, row) if name else None,
                cpes=(cpe,) if cpe else (),
                licenses=(licence,) if licence else (),
                origin=Origin(source=source, ref=ref, location=f"line {line}"),
            )
        )
        deps[ref] = _DEP.findall(row.get("DEPENDENCIES WITH LICENSES", ""))
    by_name = {c.name: c.ref for c in components}
    linked = [
        replace(c, depends_on=tuple(by_name[d] for d in deps[c.ref] if d in by_name))
        for c in components
    ]
    document = SbomDocument(
        source=source,
        format=SbomFormat.BUILDROOT_MANIFEST,
        spec_version=None,
        components=tuple(linked),
        tools=("Buildroot legal-info",),
        has_dependency_data="DEPENDENCIES WITH LICENSES" in keys,
    )
    return SbomResult(document=document, warnings=notes.freeze())


def _purl(name: str, version: str | None, row: dict[str, str]) -> str:
    """A ``pkg:generic`` purl for a row, with the download URL when the row gives one."""
    purl = f"pkg:generic/{quote(name, safe='')}"
    if version:
        purl += f"@{quote(version, safe='')}"
    site, archive = row.get("SOURCE SITE", ""), row.get("SOURCE ARCHIVE", "")
    if site.startswith(("http://", "https://", "ftp://")) and archive:
        purl += "?download_url=" + quote(f"{site.rstrip('/')}/{archive}", safe="")
    return purl


class BuildrootReader:
    """Buildroot ``legal-info/manifest.csv``: a CSV header with PACKAGE and VERSION."""

    meta = ReaderMeta(
        format=SbomFormat.BUILDROOT_MANIFEST,
        name="Buildroot manifest.csv",
        patterns=("manifest.csv",),
        content=Content.TEXT,
    )

    def sniff(self, probe: Probe) -> bool:
        """Whether the first line is a CSV header with PACKAGE and VERSION."""
        return set(REQUIRED) <= header_columns(probe.head)

    def read(self, data: bytes, *, source: str, context: ReadContext) -> SbomResult:
        """Read the manifest within the context's size limit."""
        return parse(data, source=source, max_bytes=context.max_bytes)


READER = BuildrootReader()
