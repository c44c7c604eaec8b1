"""A document as PDF: the HTML edition laid out by WeasyPrint on A4 pages.

The print rules of ``templates/document.css`` give it a title page, contents with page numbers
(``target-counter``), a running header (device and version; document id and revision), a
footer ("page X of Y") and the approval block on its own page; drawings stay vector graphics
(inline SVG). A data table or statement list longer than ``PRINT_MAX_ROWS`` prints its first
ones and names the editions that hold all of them; so does a statement with more than
``PRINT_MAX_REFS`` evidence references. The PDF's creation and modification dates
are :func:`embedded_time` (SOURCE_DATE_EPOCH, else the revision date), so two builds of one
document are byte-identical.
WeasyPrint needs pango from the system; without it the format is the report's usage error,
raised before the output file is written.
"""

from __future__ import annotations

from typing import Any

from medsec.domain.document import Document
from medsec.domain.errors import UsageError
from medsec.outputs.documents.html import render_view
from medsec.outputs.documents.timestamp import embedded_time
from medsec.outputs.documents.view import build_view
from medsec.outputs.renderer import Format
from medsec.outputs.report.pdf import PANGO_HINT

# WeasyPrint lays out about 10 dense pages (or 200 table rows) a second and holds every page
# in memory: a 7,000-row table takes 45 s and 1.1 GB; the 1,000-element synthetic model's
# FDA document (12,932 risk statements, tables of 9,880 rows) would take over 1,000 pages. A
# data table or a list of statements longer than this prints its first ones and says that the
# other editions hold all (requirement matrices always print whole): that model's five PDFs
# then take 43 s of CPU and 750 MB, its FDA document 187 pages; no table of the example is cut.
PRINT_MAX_ROWS = 250
# A statement resting on 1,000 elements would list 1,000 references: print the first ones.
PRINT_MAX_REFS = 20


def load_weasyprint() -> Any:
    """WeasyPrint's ``HTML`` class; a usage error naming the missing library when it cannot load.

    Imported on first use: it loads pango and takes a second, which --help must not pay. The
    parallel ``--all`` calls it before forking, so the workers inherit the loaded library.
    """
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError) as e:  # OSError: pango missing from the system
        raise UsageError(f"{PANGO_HINT} ({e})") from e
    return HTML


def render_pdf(doc: Document) -> bytes:
    """The document as PDF bytes; a usage error naming the missing library when it cannot run."""
    moment = embedded_time(doc.header.date)  # a bad SOURCE_DATE_EPOCH fails before the layout
    html = load_weasyprint()
    laid_out = html(
        string=render_view(build_view(doc, max_rows=PRINT_MAX_ROWS, max_refs=PRINT_MAX_REFS))
    ).render()
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    laid_out.metadata.created = laid_out.metadata.modified = stamp
    pdf: bytes = laid_out.write_pdf()
    return pdf


def print_weight(doc: Document) -> int:
    """About how long the PDF's layout takes (rows and statements printed, figures), to start
    the longest first when ``docs build --all`` lays documents out in parallel."""
    weight = 0
    for s in doc.sections:
        # a matrix row (requirement, status, evidence, gap, fix) lays out about 4 times slower
        weight += 4 * len(s.statements) if s.matrix else min(len(s.statements), PRINT_MAX_ROWS)
        weight += sum(min(len(t.rows), PRINT_MAX_ROWS) for t in s.tables)
        weight += 40 * len(s.figures)  # a drawing takes about as long as 40 table rows
    return weight


RENDERER: Format[Document] = Format(
    "pdf",
    "application/pdf",
    ".pdf",
    "A4 PDF with title page, contents, running header and page numbers (WeasyPrint)",
    render_pdf,
)
