"""Every SBOM reader, in sniffing order, behind one ``read`` (see ``reader.SbomReader``).

Add a format by writing its module (ending in ``READER = ...``) and listing it here; the
sniffer, the list of supported formats in messages and the CLI help all come from this tuple.
Order matters only among readers of the same ``Content``: the first whose ``sniff`` says yes
reads the file. ``Content.BINARY`` readers (magic numbers) are asked about every file.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from medsec.domain.component import SbomResult
from medsec.sources.sbom import (
    buildroot,
    cyclonedx_json,
    cyclonedx_xml,
    detect,
    manual,
    spdx2_json,
    spdx2_rdf,
    spdx2_yaml,
    spdx3,
    spdx_tagvalue,
    yocto,
    yocto_archive,
)
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES, check_size
from medsec.sources.sbom.reader import (
    Companions,
    Content,
    Probe,
    ReadContext,
    ReaderMeta,
    SbomReader,
    no_companions,
)
from medsec.untrusted import jsontext
from medsec.untrusted.depth import recursion_guard

READERS: tuple[SbomReader, ...] = (
    yocto_archive.READER,  # binary: .spdx.tar.zst / .tar.gz
    cyclonedx_json.READER,  # JSON: bomFormat first, so a wrong bomFormat is named
    spdx2_json.READER,
    spdx3.READER,
    yocto.READER,
    cyclonedx_xml.READER,  # XML
    spdx2_rdf.READER,
    spdx_tagvalue.READER,  # text: tag-value and YAML markers before CSV headers
    spdx2_yaml.READER,
    manual.YAML_READER,
    buildroot.READER,  # PACKAGE + VERSION before the looser NAME + VERSION
    manual.CSV_READER,
)


def formats() -> tuple[ReaderMeta, ...]:
    """The metadata of every reader, in registry order (help text, docs, tests)."""
    return tuple(reader.meta for reader in READERS)


def supported() -> str:
    """The formats medsec reads, for people (alphabetical): ``Buildroot manifest.csv, ...``."""
    return ", ".join(sorted((meta.name for meta in formats()), key=str.casefold))


def choose(probe: Probe, *, source: str) -> SbomReader:
    """The first reader whose sniffer claims the probe; ``InputError`` saying why none did."""
    for reader in READERS:
        content = reader.meta.content
        if (content is Content.BINARY or content is probe.content) and reader.sniff(probe):
            return reader
    raise detect.unrecognised(probe, source=source, supported=supported())


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
    with _collector_paused(), recursion_guard(source):
        probe = detect.probe(data, source=source)
        reader = choose(probe, source=source)
        context = ReadContext(
            max_bytes=max_bytes,
            validate=validate,
            companions=companions or no_companions,
            json=probe.json,
        )
        result = reader.read(data, source=source, context=context)
    if probe.content is Content.JSON:  # last-wins keys would otherwise change data silently
        duplicates = jsontext.duplicate_keys(data, source=source)
        if duplicates:
            result = replace(result, warnings=result.warnings + duplicates)
    return result


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
