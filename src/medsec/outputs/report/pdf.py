"""The report as PDF: the HTML report laid out by WeasyPrint on A4 landscape pages.

The same HTML and stylesheet as the ``html`` format; its print rules give the PDF a running
header (device, version, architecture digest), page numbers ("page 3 of 61") and a table of
contents with page references. WeasyPrint (from PyPI) needs the pango library of the system
(Debian: ``libpango-1.0-0 libpangoft2-1.0-0``); without it the format is a usage error that
says what to install, raised before the output file is written.
"""

from __future__ import annotations

from medsec.outputs.renderer import Format
from medsec.outputs.report.html import render_html
from medsec.outputs.report.view import ReportView
from medsec.outputs.weasy import PANGO_HINT, collector_paused, load_weasyprint, trimmed

__all__ = ["PANGO_HINT", "RENDERER", "render_pdf"]


def render_pdf(view: ReportView) -> bytes:
    """The report as PDF bytes; a usage error naming the missing library when it cannot run."""
    html = trimmed(load_weasyprint())
    with collector_paused():  # as for the documents: a third of the layout's CPU otherwise
        document: bytes = html(string=render_html(view)).write_pdf()
    return document


RENDERER: Format[ReportView] = Format(
    "pdf",
    "application/pdf",
    ".pdf",
    "A4 PDF with contents, page numbers and a running header (WeasyPrint)",
    render_pdf,
)
