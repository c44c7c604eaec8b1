"""Renderers of the MDS2 form (``medsec mds2 build``) and of the diff of two forms."""

from __future__ import annotations

from medsec.engines.mds2.model import Mds2Form
from medsec.outputs.mds2 import json, xlsx
from medsec.outputs.renderer import Registry

RENDERERS: Registry[Mds2Form] = Registry("mds2 build", xlsx.RENDERER, json.RENDERER)

__all__ = ["RENDERERS"]
