"""Renderers of ``medsec vex``: the VEX document of the latest scan in three standards."""

from __future__ import annotations

from medsec.outputs.renderer import Registry
from medsec.outputs.vex import csaf, cyclonedx, openvex
from medsec.outputs.vex.view import VexView

RENDERERS: Registry[VexView] = Registry("vex", cyclonedx.RENDERER, openvex.RENDERER, csaf.RENDERER)

__all__ = ["RENDERERS", "VexView"]
