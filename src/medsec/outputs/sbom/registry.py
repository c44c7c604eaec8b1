"""The renderer registries of ``medsec sbom``: one per command (ls, check, diff, export)."""

from __future__ import annotations

from medsec.domain.device_sbom import DeviceSbom
from medsec.engines.sbom.check import ProjectCheck
from medsec.outputs.renderer import Registry
from medsec.outputs.sbom import cyclonedx, json, spdx2, spdx3, text
from medsec.outputs.sbom.view import ChangesView, ListingView

LS_RENDERERS: Registry[ListingView] = Registry("sbom ls", text.LS, json.LS)
CHECK_RENDERERS: Registry[ProjectCheck] = Registry("sbom check", text.CHECK, json.CHECK)
DIFF_RENDERERS: Registry[ChangesView] = Registry("sbom diff", text.DIFF, json.DIFF)
EXPORT_RENDERERS: Registry[DeviceSbom] = Registry(
    "sbom export",
    cyclonedx.JSON,
    cyclonedx.XML,
    spdx2.JSON,
    spdx2.TAG_VALUE,
    spdx3.JSON,
)

__all__ = [
    "CHECK_RENDERERS",
    "DIFF_RENDERERS",
    "EXPORT_RENDERERS",
    "LS_RENDERERS",
    "ChangesView",
    "ListingView",
]
