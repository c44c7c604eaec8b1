"""SPDX 2.2/2.3 YAML: the JSON shape written as YAML, loaded with ruamel's safe loader."""

from __future__ import annotations

import re
from typing import Any

from medsec.domain.component import SbomFormat, SbomResult
from medsec.sources.sbom import spdx2
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES, check_size
from medsec.sources.sbom.reader import Content, Probe, ReadContext, ReaderMeta
from medsec.untrusted.yamltext import load_yaml

_MARKER = re.compile(rb"^[\"']?spdxVersion[\"']?\s*:", re.M)


def load(data: bytes, *, source: str) -> Any:
    """Safe YAML (no tags, no Python objects) through the guarded loader: depth and aliases
    bounded, located error on malformed input."""
    return load_yaml(data, source=source)


def parse(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SbomResult:
    """Read SPDX 2 YAML into the JSON shape and on through ``spdx2``."""
    check_size(len(data), source, max_bytes)
    return spdx2.from_obj(load(data, source=source), source=source, fmt=SbomFormat.SPDX2_YAML)


class Spdx2YamlReader:
    """SPDX 2.2/2.3 YAML: a top-level ``spdxVersion:`` key."""

    meta = ReaderMeta(
        format=SbomFormat.SPDX2_YAML,
        name="SPDX 2 YAML",
        patterns=("*.spdx.yaml", "*.spdx.yml"),
        content=Content.TEXT,
    )

    def sniff(self, probe: Probe) -> bool:
        """Whether a line starts with an ``spdxVersion:`` key."""
        return _MARKER.search(probe.head) is not None

    def read(self, data: bytes, *, source: str, context: ReadContext) -> SbomResult:
        """Read the YAML within the context's size limit."""
        return parse(data, source=source, max_bytes=context.max_bytes)


READER = Spdx2YamlReader()
