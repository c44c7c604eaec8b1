"""The human-readable report: a view model built from domain values, and its renderers.

``medsec report`` writes the registry's default (HTML) or ``--format pdf`` (the same HTML laid
out by WeasyPrint). Both are the same document: summary page, sections, appendices.
"""

from __future__ import annotations

from medsec.outputs.renderer import Registry
from medsec.outputs.report import html, pdf
from medsec.outputs.report.view import ReportView

RENDERERS: Registry[ReportView] = Registry("report", html.RENDERER, pdf.RENDERER)

__all__ = ["RENDERERS", "ReportView"]
