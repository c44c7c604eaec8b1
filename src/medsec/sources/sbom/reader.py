"""The one shape of an SBOM reader: metadata, a sniffer over the file's head, and ``read``.

Every reader module ends with ``READER = SomeReader()``; ``registry.READERS`` lists them in
sniffing order. Detection is by content, never by file name: ``patterns`` only tell people
(help text, docs) which files a reader is meant for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from medsec.domain.component import SbomFormat, SbomResult
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES
from medsec.untrusted import jsontext

Companions = Callable[[str], bytes | None]  # file name beside the SBOM -> bytes, or None


class Content(StrEnum):
    """Which probes a reader's sniffer is shown (decided once, from the first bytes)."""

    JSON = "json"  # a JSON object: ``probe.json`` holds it, parsed once for every reader
    XML = "xml"  # ``probe.xml_root`` is the local name of the root element
    TEXT = "text"  # line-based text: tag-value, YAML, CSV
    BINARY = "binary"  # magic numbers (archives): shown every file, before the others


@dataclass(frozen=True)
class ReaderMeta:
    """What a reader is: its format id, a name for people and the files it is meant for."""

    format: SbomFormat
    name: str  # "CycloneDX JSON": used in help and in "not an SBOM" hints
    patterns: tuple[str, ...]  # "*.cdx.json": documentation only, never used to detect
    content: Content


@dataclass(frozen=True)
class Probe:
    """What a sniffer sees: the head of the file (raw and as text) and the parsed JSON."""

    raw: bytes  # the first 64 KiB exactly as stored (magic numbers)
    head: bytes  # the first 64 KiB without UTF-8 BOM and leading white space
    content: Content
    json: Any = None  # the document when the content is a JSON object
    xml_root: str | None = None  # local name of the XML root element


def no_companions(_name: str) -> bytes | None:
    """The companion loader used when a reader is called on bytes alone (no folder)."""
    return None


@dataclass(frozen=True)
class ReadContext:
    """Everything a reader gets besides the bytes: limits, options, companion files and
    the JSON document the sniffer already parsed (so big files are parsed once)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    validate: bool = True  # run the format's schema check (violations become warnings)
    companions: Companions = no_companions
    json: Any = None


class SbomReader(Protocol):
    """One SBOM format: ``sniff`` says whether a probe is this format, ``read`` parses it."""

    meta: ReaderMeta

    def sniff(self, probe: Probe) -> bool:
        """Whether the probe is this reader's format; must be cheap and never raise."""

    def read(self, data: bytes, *, source: str, context: ReadContext) -> SbomResult:
        """The document and warnings; malformed input raises InputError, never an empty result."""


def json_document(data: bytes, *, source: str, context: ReadContext) -> Any:
    """The parsed JSON from the context, or ``data`` parsed now (a reader called directly)."""
    if context.json is not None:
        return context.json
    return jsontext.loads(data, source=source)
