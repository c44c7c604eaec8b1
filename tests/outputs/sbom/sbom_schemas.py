"""Validators for the official SBOM schemas in shared/schemas (tests skip when absent)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from tests.conftest import shared_dir

SCHEMAS = shared_dir() / "schemas"
CDX = SCHEMAS / "cyclonedx" / "schema"
_BASE = "http://cyclonedx.org/schema/"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"official schema not found at {path} (set MEDSEC_SHARED)")
    return path


def _load(path: Path) -> Any:
    return json.loads(_need(path).read_text())


def errors(messages: list[str]) -> list[str]:
    return messages[:10]


def cyclonedx_json_errors(document: Any, version: str = "1.6") -> list[str]:
    registry = jsonschema_rs.Registry(
        [
            (_BASE + "spdx.schema.json", _load(CDX / "spdx.schema.json")),
            (_BASE + "jsf-0.82.schema.json", _load(CDX / "jsf-0.82.schema.json")),
        ]
    )
    validator = jsonschema_rs.validator_for(
        _load(CDX / f"bom-{version}.schema.json"), registry=registry, validate_formats=True
    )
    return errors(
        [f"{list(e.instance_path)}: {e.message}" for e in validator.iter_errors(document)]
    )


def cyclonedx_xml_errors(text: str, version: str = "1.6") -> list[str]:
    etree = pytest.importorskip("lxml.etree")
    xsd = _need(CDX / f"bom-{version}.xsd").read_text()
    spdx = (CDX / "spdx.xsd").resolve().as_uri()
    xsd = xsd.replace(
        'schemaLocation="http://cyclonedx.org/schema/spdx"', f'schemaLocation="{spdx}"'
    )
    schema = etree.XMLSchema(etree.fromstring(xsd.encode(), base_url=str(CDX) + "/"))
    document = etree.fromstring(text.encode())
    schema.validate(document)
    return errors([str(e) for e in schema.error_log])


def spdx2_json_errors(document: Any) -> list[str]:
    schema = _load(SCHEMAS / "spdx-spec" / "schemas" / "spdx-schema.json")
    validator = jsonschema_rs.validator_for(schema, validate_formats=True)
    return errors(
        [f"{list(e.instance_path)}: {e.message}" for e in validator.iter_errors(document)]
    )


def spdx3_errors(text: str) -> list[str]:
    """SPDX 3.0.1 through the bindings generated from the official model (spdx-python-model):
    unknown types/properties and bad enum values fail on read, missing references on link,
    missing required properties on write. shared/ has no SPDX 3 JSON schema."""
    model = pytest.importorskip("spdx_python_model").v3_0_1
    objects = model.SHACLObjectSet()
    try:
        model.JSONLDDeserializer().read(io.StringIO(text), objects)
        missing = objects.link()
        model.JSONLDSerializer().write(objects, io.BytesIO())
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return [f"{type(exc).__name__}: {exc}"]
    return [f"unresolved reference {m}" for m in sorted(missing)]
