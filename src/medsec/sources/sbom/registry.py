"""Format -> reader, exhaustive over :class:`SbomFormat`, behind one ``read`` with a sniffer."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import assert_never

from medsec.domain.component import SbomFormat, SbomResult
from medsec.sources.sbom import (
    buildroot,
    cyclonedx_json,
    cyclonedx_xml,
    manual,
    spdx2,
    spdx2_yaml,
    spdx3,
    spdx_tagvalue,
    yocto,
)
from medsec.sources.sbom.detect import sniff
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES, check_size

Companions = Callable[[str], bytes | None]  # file name beside the SBOM -> bytes, or None


def read(
    data: bytes,
    *,
    source: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    companions: Companions | None = None,
    validate: bool = True,
) -> SbomResult:
    """Sniff the format from the content and read it; ``InputError`` when it cannot be read.

    ``companions`` loads the other files a Yocto index lists; ``validate`` runs the
    CycloneDX JSON schema (violations become warnings).
    """
    check_size(len(data), source, max_bytes)
    with _collector_paused():
        return _read(data, source, max_bytes, companions, validate)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing builds millions of acyclic objects: the cyclic GC only slows it down (2-3x)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read(
    data: bytes, source: str, max_bytes: int, companions: Companions | None, validate: bool
) -> SbomResult:
    sniffed = sniff(data, source=source)
    fmt = sniffed.format
    if fmt is SbomFormat.CYCLONEDX_JSON:
        return cyclonedx_json.from_obj(sniffed.json, source=source, validate=validate)
    if fmt is SbomFormat.CYCLONEDX_XML:
        return cyclonedx_xml.parse(data, source=source, max_bytes=max_bytes)
    if fmt is SbomFormat.SPDX2_JSON:
        return spdx2.from_obj(sniffed.json, source=source, fmt=fmt)
    if fmt is SbomFormat.SPDX2_YAML:
        return spdx2_yaml.parse(data, source=source, max_bytes=max_bytes)
    if fmt is SbomFormat.SPDX2_TAGVALUE:
        return spdx_tagvalue.parse(data, source=source, max_bytes=max_bytes)
    if fmt is SbomFormat.SPDX3_JSONLD:
        return spdx3.from_obj(sniffed.json, source=source)
    if fmt is SbomFormat.YOCTO_INDEX:
        load = companions or (lambda _name: None)
        documents = {
            name: raw
            for name in yocto.listed_files(sniffed.json, source=source)
            if (raw := load(name)) is not None
        }
        return yocto.parse(data, source=source, documents=documents)
    if fmt is SbomFormat.BUILDROOT_MANIFEST:
        return buildroot.parse(data, source=source, max_bytes=max_bytes)
    if fmt is SbomFormat.MANUAL_CSV:
        return manual.parse_csv(data, source=source, max_bytes=max_bytes)
    if fmt is SbomFormat.MANUAL_YAML:
        return manual.parse_yaml(data, source=source, max_bytes=max_bytes)
    assert_never(fmt)
