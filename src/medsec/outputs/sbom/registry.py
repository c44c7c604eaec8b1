"""Export format -> renderer, an explicit registry of literals."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from medsec.domain.device_sbom import DeviceSbom
from medsec.outputs.sbom import cyclonedx, spdx2, spdx3


class ExportFormat(StrEnum):
    CYCLONEDX_JSON = "cyclonedx-json"
    CYCLONEDX_XML = "cyclonedx-xml"
    SPDX_JSON = "spdx-json"
    SPDX_TV = "spdx-tv"
    SPDX3_JSON = "spdx3-json"


RENDERERS: dict[ExportFormat, Callable[[DeviceSbom], str]] = {
    ExportFormat.CYCLONEDX_JSON: cyclonedx.render_json,
    ExportFormat.CYCLONEDX_XML: cyclonedx.render_xml,
    ExportFormat.SPDX_JSON: spdx2.render_json,
    ExportFormat.SPDX_TV: spdx2.render_tagvalue,
    ExportFormat.SPDX3_JSON: spdx3.render_json,
}


def render(sbom: DeviceSbom, fmt: ExportFormat) -> str:
    return RENDERERS[fmt](sbom)
