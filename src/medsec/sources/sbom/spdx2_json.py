"""SPDX 2.2/2.3 JSON (the shape ``spdx2.from_obj`` reads)."""

from __future__ import annotations

import orjson

from medsec.domain.component import SbomFormat, SbomResult
from medsec.domain.errors import InputError
from medsec.sources.sbom import spdx2
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES, check_size


def parse(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SbomResult:
    check_size(len(data), source, max_bytes)
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise InputError.single(
            source, f"invalid JSON: {exc.msg}", line=exc.lineno, field=f"column {exc.colno}"
        ) from None
    return spdx2.from_obj(obj, source=source, fmt=SbomFormat.SPDX2_JSON)
