"""Renderers of ``medsec docs build``: five formats of one document model."""

from __future__ import annotations

from medsec.domain.document import Document
from medsec.outputs.documents import docx, html, json, markdown, pdf
from medsec.outputs.renderer import Registry

RENDERERS: Registry[Document] = Registry(
    "docs build",
    pdf.RENDERER,
    docx.RENDERER,
    html.RENDERER,
    markdown.RENDERER,
    json.RENDERER,
)

__all__ = ["RENDERERS"]
