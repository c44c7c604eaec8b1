"""Renderers of ``medsec db status``: the vulnerability database and its snapshots."""

from __future__ import annotations

from medsec.outputs.db import json, text
from medsec.outputs.db.view import StatusView
from medsec.outputs.renderer import Registry

STATUS_RENDERERS: Registry[StatusView] = Registry("db status", text.RENDERER, json.RENDERER)

__all__ = ["STATUS_RENDERERS", "StatusView"]
