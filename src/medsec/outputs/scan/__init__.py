"""Renderers of ``medsec scan``: the findings for people, scripts and code-scanning tools."""

from __future__ import annotations

from medsec.outputs.renderer import Registry
from medsec.outputs.scan import json, markdown, sarif, text
from medsec.outputs.scan.view import ScanReport

RENDERERS: Registry[ScanReport] = Registry(
    "scan", text.RENDERER, json.RENDERER, sarif.RENDERER, markdown.RENDERER
)

__all__ = ["RENDERERS", "ScanReport"]
