"""The report as PDF: the HTML report laid out by WeasyPrint on A4 landscape pages.

The same HTML and stylesheet as the ``html`` format; its print rules give the PDF a running
header (device, version, architecture digest), page numbers ("page 3 of 61") and a table of
contents with page references. WeasyPrint (from PyPI) needs the pango library of the system
(Debian: ``libpango-1.0-0 libpangoft2-1.0-0``); without it the format is a usage error that
says what to install, raised before the output file is written.
"""

from __future__ import annotations

from medsec.domain.errors import UsageError
from medsec.outputs.renderer import Format
from medsec.outputs.report.html import render_html
from medsec.outputs.report.view import ReportView

PANGO_HINT = (
    "PDF needs WeasyPrint and the pango library (Debian/Ubuntu: apt-get install "
    "libpango-1.0-0 libpangoft2-1.0-0); use --format html meanwhile"
)


def render_pdf(view: ReportView) -> bytes:
    """The report as PDF bytes; a usage error naming the missing library when it cannot run."""
    try:
        # imported on first use: it loads pango and takes a second; --help must not pay for it
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError) as e:  # OSError: pango missing from the system
        raise UsageError(f"{PANGO_HINT} ({e})") from e
    document: bytes = HTML(string=render_html(view)).write_pdf()
    return document


RENDERER: Format[ReportView] = Format(
    "pdf",
    "application/pdf",
    ".pdf",
    "A4 PDF with contents, page numbers and a running header (WeasyPrint)",
    render_pdf,
)
