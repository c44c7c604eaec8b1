"""CycloneDX JSON schema checks with ``jsonschema-rs`` (seconds, not minutes, for big files).

The official schemas ship inside medsec (``schemas/``, see its README for origin and
licence). Violations are warnings: the lenient reader has already taken what it could from
the document. A schema that cannot be loaded is a ``SourceUnavailableError`` (exit 4) naming
the file: the check is never skipped silently.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import jsonschema_rs
import orjson

from medsec.domain.errors import InputError, SourceUnavailableError
from medsec.sources.sbom.notes import Notes

SCHEMA_VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7")
MAX_SCHEMA_WARNINGS = 25
SCHEMA_DIR: Traversable = resources.files("medsec.sources.sbom") / "schemas"
_BASE = "http://cyclonedx.org/schema/"
_SHARED = (  # referenced by the bom schemas (cryptography-defs from 1.7 on)
    "spdx.SNAPSHOT.schema.json",
    "jsf-0.82.SNAPSHOT.schema.json",
    "cryptography-defs.SNAPSHOT.schema.json",
)


def _unavailable(name: str, cause: str) -> SourceUnavailableError:
    """The error for a schema medsec cannot load: the installation is broken."""
    return SourceUnavailableError(
        f"CycloneDX JSON schema {name} cannot be loaded from {SCHEMA_DIR}: {cause}; "
        "the medsec installation is incomplete, reinstall medsec"
    )


def _load(name: str) -> Any:
    """One shipped schema file as JSON; unreadable or broken is SourceUnavailableError."""
    try:
        return orjson.loads(SCHEMA_DIR.joinpath(name).read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise _unavailable(name, f"{type(exc).__name__}: {exc}") from None


@functools.cache
def validator(spec_version: str) -> jsonschema_rs.Validator:
    """The compiled validator of one spec version (one of ``SCHEMA_VERSIONS``)."""
    if spec_version not in SCHEMA_VERSIONS:
        raise ValueError(f"no CycloneDX JSON schema for {spec_version!r}")
    name = f"bom-{spec_version}.SNAPSHOT.schema.json"
    schema = _load(name)
    resources_ = [(_BASE + other, _load(other)) for other in _SHARED]
    try:
        return jsonschema_rs.validator_for(schema, registry=jsonschema_rs.Registry(resources_))
    except ValueError as exc:
        raise _unavailable(name, f"does not compile: {exc}") from None


def field_path(parts: Sequence[str | int]) -> str:
    """``["components", 3, "purl"]`` -> ``components[3].purl``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def check(document: Any, spec_version: str, notes: Notes) -> None:
    """Add one warning per schema violation (the first few; then a count of the rest)."""
    checker = validator(spec_version)
    extra = 0
    try:
        for count, error in enumerate(checker.iter_errors(document)):
            if count >= MAX_SCHEMA_WARNINGS:
                extra += 1
                continue
            message = error.message if len(error.message) < 300 else error.message[:297] + "..."
            notes.warn(
                f"CycloneDX {spec_version} schema: {message}",
                field=field_path(list(error.instance_path)),
            )
    except ValueError as exc:  # the document is too deep for the validator to take in
        raise InputError.single(
            notes.source,
            f"cannot be checked against the CycloneDX schema: {exc} (nested too deeply)",
        ) from None
    if extra:
        notes.warn(f"CycloneDX {spec_version} schema: {extra} more violations not listed")
