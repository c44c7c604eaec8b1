"""Validators for the official VEX schemas in shared/schemas (tests skip when absent).

CSAF's schema refers to the FIRST CVSS schemas by their https URLs; they are served from the
local copies in shared/schemas/csaf through a ``referencing`` registry (never the network).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
from referencing import Registry, Resource
from tests.conftest import shared_dir

SCHEMAS = shared_dir() / "schemas"
CDX = SCHEMAS / "cyclonedx" / "schema"
CSAF = SCHEMAS / "csaf" / "csaf_2.0"
FIRST = "https://www.first.org/cvss/"


def _load(path: Path) -> Any:
    if not path.exists():
        pytest.skip(f"official schema not found at {path} (set MEDSEC_SHARED)")
    return json.loads(path.read_text())


def _messages(errors: Any) -> list[str]:
    return [f"{list(e.instance_path)}: {e.message}" for e in errors][:10]


def cyclonedx_errors(document: Any, version: str = "1.6") -> list[str]:
    base = "http://cyclonedx.org/schema/"
    registry = jsonschema_rs.Registry(
        [
            (base + "spdx.schema.json", _load(CDX / "spdx.schema.json")),
            (base + "jsf-0.82.schema.json", _load(CDX / "jsf-0.82.schema.json")),
        ]
    )
    validator = jsonschema_rs.validator_for(
        _load(CDX / f"bom-{version}.schema.json"), registry=registry, validate_formats=True
    )
    return _messages(validator.iter_errors(document))


def openvex_errors(document: Any) -> list[str]:
    schema = _load(SCHEMAS / "openvex" / "openvex_json_schema.json")
    validator = jsonschema_rs.validator_for(schema, validate_formats=True)
    return _messages(validator.iter_errors(document))


def csaf_registry() -> Registry[Any]:
    """The FIRST CVSS schemas under the URLs the CSAF schema uses, from local files."""
    resources = []
    for name in ("cvss-v2.0.json", "cvss-v3.0.json", "cvss-v3.1.json"):
        resource = Resource.from_contents(_load(CSAF / "referenced_schema" / "first" / name))
        resources.append((FIRST + name, resource))
    return Registry().with_resources(resources)


def csaf_errors(document: Any) -> list[str]:
    schema = _load(CSAF / "json_schema" / "csaf_json_schema.json")
    validator = jsonschema.Draft202012Validator(
        schema, registry=csaf_registry(), format_checker=jsonschema.FormatChecker()
    )
    return [
        f"{list(e.absolute_path)}: {e.message}"
        for e in sorted(validator.iter_errors(document), key=str)
    ][:10]
