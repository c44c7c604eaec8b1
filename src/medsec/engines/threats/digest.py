"""A digest of the architecture, so a review can prove it saw the current model."""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, is_dataclass
from typing import Any

from medsec.domain.model import Project


def _plain(value: Any) -> Any:
    """Dataclasses, tuples and enums as plain JSON values, without source line numbers."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value) if f.name != "line"}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "value"):
        return value.value
    return value


def architecture_digest(project: Project) -> str:
    """sha256 over boundaries, elements, flows and interfaces (not data, policy or evidence)."""
    body = {
        "boundaries": _plain(project.boundaries),
        "elements": _plain(project.elements),
        "flows": _plain(project.flows),
        "interfaces": _plain(project.interfaces),
    }
    text = json.dumps(body, sort_keys=True, default=str, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


__all__ = ["architecture_digest"]
