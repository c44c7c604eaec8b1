"""Renderers of ``medsec check``: the nine checklist items in every format CI and people read."""

from __future__ import annotations

from medsec.outputs.checklist import json, junit, markdown, sarif, text
from medsec.outputs.checklist.view import ChecklistView
from medsec.outputs.renderer import Registry

RENDERERS: Registry[ChecklistView] = Registry(
    "check",
    text.RENDERER,
    json.RENDERER,
    junit.RENDERER,
    sarif.RENDERER,
    markdown.RENDERER,
)

__all__ = ["RENDERERS", "ChecklistView"]
