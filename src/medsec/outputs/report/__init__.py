"""The human-readable report: a view model built from domain values, and its renderers.

``medsec report`` writes the registry's default (HTML); a PDF renderer would be one more module
here and one more line below.
"""

from __future__ import annotations

from medsec.outputs.renderer import Registry
from medsec.outputs.report import html
from medsec.outputs.report.view import ReportView

RENDERERS: Registry[ReportView] = Registry("report", html.RENDERER)

__all__ = ["RENDERERS", "ReportView"]
