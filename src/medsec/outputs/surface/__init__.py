"""Renderers of ``medsec surface``: the attack surface of a release for people and scripts."""

from __future__ import annotations

from medsec.outputs.renderer import Registry
from medsec.outputs.surface import json, text
from medsec.outputs.surface.view import SurfaceView

RENDERERS: Registry[SurfaceView] = Registry("surface", text.RENDERER, json.RENDERER)

__all__ = ["RENDERERS", "SurfaceView"]
