"""CycloneDX JSON schema checks with ``jsonschema-rs`` (seconds, not minutes, for big files).

The schemas are the official ones shipped inside ``cyclonedx-python-lib``. Violations are
warnings: the lenient reader has already taken what it could from the document.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from typing import Any

import jsonschema_rs
import orjson

from medsec.sources.sbom.notes import Notes

SCHEMA_VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7")
MAX_SCHEMA_WARNINGS = 25
_BASE = "http://cyclonedx.org/schema/"
_PACKAGE = "cyclonedx.schema._res"


def _load(name: str) -> Any:
    return orjson.loads(resources.files(_PACKAGE).joinpath(name).read_bytes())


@functools.cache
def validator(spec_version: str) -> jsonschema_rs.Validator | None:
    """A compiled validator for one spec version, or ``None`` when the schema is not shipped."""
    if spec_version not in SCHEMA_VERSIONS:
        return None
    try:
        schema = _load(f"bom-{spec_version}.SNAPSHOT.schema.json")
        registry = jsonschema_rs.Registry(
            [
                (_BASE + "spdx.SNAPSHOT.schema.json", _load("spdx.SNAPSHOT.schema.json")),
                (_BASE + "jsf-0.82.SNAPSHOT.schema.json", _load("jsf-0.82.SNAPSHOT.schema.json")),
            ]
        )
        return jsonschema_rs.validator_for(schema, registry=registry)
    except (ModuleNotFoundError, FileNotFoundError, ValueError):
        return None


def field_path(parts: Sequence[str | int]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def check(document: Any, spec_version: str, notes: Notes) -> None:
    """Add one warning per schema violation (the first few; then a count of the rest)."""
    checker = validator(spec_version)
    if checker is None:
        return
    extra = 0
    for count, error in enumerate(checker.iter_errors(document)):
        if count >= MAX_SCHEMA_WARNINGS:
            extra += 1
            continue
        message = error.message if len(error.message) < 300 else error.message[:297] + "..."
        notes.warn(
            f"CycloneDX {spec_version} schema: {message}",
            field=field_path(list(error.instance_path)),
        )
    if extra:
        notes.warn(f"CycloneDX {spec_version} schema: {extra} more violations not listed")
