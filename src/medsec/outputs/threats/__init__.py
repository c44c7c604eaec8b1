"""Renderers of ``medsec threats``: the threat register for people, scripts and pull requests."""

from __future__ import annotations

from medsec.outputs.renderer import Registry
from medsec.outputs.threats import json, markdown, text
from medsec.outputs.threats.view import ThreatsView

RENDERERS: Registry[ThreatsView] = Registry(
    "threats", text.RENDERER, json.RENDERER, markdown.RENDERER
)

__all__ = ["RENDERERS", "ThreatsView"]
