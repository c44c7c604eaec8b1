"""SPDX 2.2/2.3 YAML: the JSON shape written as YAML, loaded with ruamel's safe loader."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from medsec.domain.component import SbomFormat, SbomResult
from medsec.domain.errors import InputError
from medsec.sources.sbom import spdx2
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES, check_size
from medsec.sources.sbom.reader import Content, Probe, ReadContext, ReaderMeta

_MARKER = re.compile(rb"^[\"']?spdxVersion[\"']?\s*:", re.M)


def load(data: bytes, *, source: str) -> Any:
    """Safe YAML (no tags, no Python objects); located error on malformed input."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(source, f"not UTF-8 text (byte {exc.start})") from None
    try:
        return YAML(typ="safe", pure=True).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError.single(
            source,
            f"malformed YAML: {exc.problem or exc.context}",
            line=mark.line + 1 if mark is not None else None,
        ) from None
    except (YAMLError, RecursionError) as exc:
        raise InputError.single(source, f"malformed YAML: {exc}") from None


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
