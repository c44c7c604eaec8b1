"""SPDX 2.2/2.3 JSON (the shape ``spdx2.from_obj`` reads)."""

from __future__ import annotations

from medsec.domain.component import SbomFormat, SbomResult
from medsec.sources.sbom import spdx2
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES, check_size
from medsec.sources.sbom.reader import Content, Probe, ReadContext, ReaderMeta, json_document
from medsec.untrusted import jsontext


def parse(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SbomResult:
    """Read SPDX 2 JSON bytes (the reader below does the same with the sniffer's parse)."""
    return READER.read(data, source=source, context=ReadContext(max_bytes=max_bytes))


class Spdx2JsonReader:
    """SPDX 2.2/2.3 JSON: a JSON object with ``spdxVersion``."""

    meta = ReaderMeta(
        format=SbomFormat.SPDX2_JSON,
        name="SPDX 2 JSON",
        patterns=("*.spdx.json",),
        content=Content.JSON,
    )

    def sniff(self, probe: Probe) -> bool:
        """Whether the JSON object has an ``spdxVersion`` key."""
        return isinstance(probe.json, dict) and "spdxVersion" in probe.json

    def read(self, data: bytes, *, source: str, context: ReadContext) -> SbomResult:
        """Read the JSON the sniffer already parsed (or parse it now)."""
        check_size(len(data), source, context.max_bytes)
        obj = json_document(data, source=source, context=context)
        if _float_versions(obj):  # orjson rounded them: read again with numbers as written
            obj = jsontext.exact(data, source=source)
        return spdx2.from_obj(obj, source=source, fmt=SbomFormat.SPDX2_JSON)


def _float_versions(obj: object) -> bool:
    """Whether a package's ``versionInfo`` is a fractional or huge JSON number."""
    packages = obj.get("packages") if isinstance(obj, dict) else None
    return isinstance(packages, list) and any(
        isinstance(p, dict) and isinstance(p.get("versionInfo"), float) for p in packages
    )


READER = Spdx2JsonReader()
