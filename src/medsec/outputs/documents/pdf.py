"""A document as PDF: the HTML edition laid out by WeasyPrint on A4 pages.

The print rules of ``templates/document.css`` give it a title page, contents with page numbers
(``target-counter``), a running header (device and version; document id and revision), a
footer ("page X of Y") and the approval block on its own page; drawings stay vector graphics
(inline SVG). A data table or statement list longer than ``PRINT_MAX_ROWS`` prints its first
ones and names the editions that hold all of them; so does a statement with more than
``PRINT_MAX_REFS`` evidence references. The PDF's creation and modification dates
are :func:`embedded_time` (SOURCE_DATE_EPOCH, else the revision date), so two builds of one
document are byte-identical: :func:`print_job` names what decides the bytes (the print HTML,
that time, the medsec, WeasyPrint and pydyf versions) by one digest, so that ``docs build
--all`` can keep a PDF laid out from the same source (``reuse.py``).
WeasyPrint needs pango from the system; without it the format is the report's usage error,
raised before the output file is written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import metadata
from typing import Any

from medsec import __version__
from medsec.domain.document import Document
from medsec.outputs.documents.batch import Budget, own_memory
from medsec.outputs.documents.html import render_view
from medsec.outputs.documents.timestamp import embedded_time
from medsec.outputs.documents.view import build_view
from medsec.outputs.renderer import Format
from medsec.outputs.weasy import collector_paused, load_weasyprint, trimmed

# WeasyPrint lays out about 10 dense pages (or 200 table rows) a second and holds every page
# in memory: a 7,000-row table takes 45 s and 1.1 GB; the 1,000-element synthetic model's
# FDA document (12,932 risk statements, tables of 9,880 rows) would take over 1,000 pages. A
# data table or a list of statements longer than this prints its first ones and says that the
# other editions hold all (requirement matrices always print whole): that model's eight PDFs
# then take 50 s of CPU, its FDA document 165 pages and 650 MB; no table of the example is cut.
PRINT_MAX_ROWS = 250
# A statement resting on 1,000 elements would list 1,000 references: print the first ones.
PRINT_MAX_REFS = 20


def _document_html() -> Any:
    """WeasyPrint's ``HTML`` laying out with the trimmed user-agent stylesheet (its own ``HTML``
    where the sheet is not the one expected); a usage error without pango."""
    return trimmed(load_weasyprint())


def prepare_layout() -> None:
    """Load what every layout needs once, before worker processes are forked (they inherit it):
    WeasyPrint, the trimmed user-agent sheet, and the English hyphenation patterns (``hyphens:
    auto`` in table headers; 35 ms to read for each document otherwise). A missing pango is
    the usage error here, before any worker starts."""
    _document_html()
    import pyphen  # type: ignore[import-untyped]

    pyphen.Pyphen(lang=pyphen.language_fallback("en"))


# The recipe of :func:`source_digest`: a new one (another input, another framing) changes it,
# so that no PDF laid out under the old recipe is taken for one of the new.
_DIGEST_RECIPE = "medsec-pdf-source 1"


@cache
def _library_versions() -> tuple[str, str]:
    """The installed WeasyPrint and pydyf versions (read from their metadata, without loading
    WeasyPrint: a rebuild that keeps every PDF does not pay the second pango takes to load)."""

    def installed(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return installed("weasyprint"), installed("pydyf")


def source_digest(html: str, moment: datetime) -> str:
    """``sha256:`` and the digest of what decides a PDF byte for byte: the print HTML, the
    embedded time, and the versions of medsec, WeasyPrint and pydyf (its PDF writer).

    The system's pango, harfbuzz and fonts are not in it (a version of pango needs WeasyPrint
    loaded): after a system upgrade, ``docs build --all --no-reuse`` lays every PDF out again.
    """
    weasyprint, pydyf = _library_versions()
    head = (
        f"{_DIGEST_RECIPE}\nmedsec {__version__}\nweasyprint {weasyprint}\npydyf {pydyf}\n"
        f"time {moment.isoformat()}\n\n"  # one line each: none of them holds a line break
    )
    digest = hashlib.sha256(head.encode())
    digest.update(html.encode("utf-8", "surrogatepass"))
    return "sha256:" + digest.hexdigest()


@dataclass(frozen=True)
class PrintJob:
    """A document ready for layout: its print HTML, the time to embed, and their digest."""

    document: Document
    html: str
    moment: datetime
    digest: str  # source_digest(html, moment)


def print_job(doc: Document) -> PrintJob:
    """What the PDF of ``doc`` is laid out from (some 0.01-0.1 s a document, no WeasyPrint);
    a bad SOURCE_DATE_EPOCH is a usage error here, before any layout."""
    moment = embedded_time(doc.header.date)
    text = render_view(build_view(doc, max_rows=PRINT_MAX_ROWS, max_refs=PRINT_MAX_REFS))
    return PrintJob(doc, text, moment, source_digest(text, moment))


def lay_out(job: PrintJob) -> bytes:
    """The PDF bytes of a print job (WeasyPrint: seconds); a usage error without pango."""
    html = _document_html()
    with collector_paused():
        laid_out = html(string=job.html).render()
        stamp = job.moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        laid_out.metadata.created = laid_out.metadata.modified = stamp
        pdf: bytes = laid_out.write_pdf()
        del laid_out  # freed (but for its cycles) before the collector is back
    return pdf


def render_pdf(doc: Document) -> bytes:
    """The document as PDF bytes; a usage error naming the missing library when it cannot run."""
    return lay_out(print_job(doc))


def _printed_rows(doc: Document) -> int:
    """The rows and statements the PDF prints, a matrix row counting as four."""
    rows = 0
    for s in doc.sections:
        # a matrix row (requirement, status, evidence, gap, fix) lays out about 4 times slower
        rows += 4 * len(s.statements) if s.matrix else min(len(s.statements), PRINT_MAX_ROWS)
        rows += sum(min(len(t.rows), PRINT_MAX_ROWS) for t in s.tables)
    return rows


def print_weight(doc: Document) -> int:
    """About how long the PDF's layout takes (rows and statements printed, figures), to start
    the longest first when ``docs build --all`` lays documents out in parallel."""
    # a drawing takes about as long as 40 table rows (WeasyPrint sets SVG text letter by letter)
    return _printed_rows(doc) + 40 * sum(len(s.figures) for s in doc.sections)


# WeasyPrint holds every box of every page until the PDF is written, some 5.5 KB a box: the
# peak of a layout grows with the rows printed. Measured on the 1,000-element model, worker
# memory over the parent's: 650 MB for the FDA document (3,894 rows), 215 MB for the security
# guide (1,307), 67 MB for the RoPA (301): 165-225 KB a row. These figures are above all eight.
_LAYOUT_BASE, _LAYOUT_PER_ROW = 20 * 2**20, 190 * 2**10


def print_memory(doc: Document) -> int:
    """About the peak memory (bytes) of the PDF's layout, over what its process had before."""
    return _LAYOUT_BASE + _LAYOUT_PER_ROW * _printed_rows(doc)


# What ``docs build --all`` in PDF may hold at once, this process and its layout workers
# together (the figure for the 1,000-element model: under 1 GB). Two layouts of the
# example fit with room to spare; that model's FDA document (some 700 MB) is laid out beside
# small documents only.
PRINT_MEMORY_LIMIT = 1000 * 2**20


def print_budget() -> Budget:
    """The memory the layout workers may take together: the limit less this process's size."""
    return Budget(PRINT_MEMORY_LIMIT - own_memory(), print_memory)


RENDERER: Format[Document] = Format(
    "pdf",
    "application/pdf",
    ".pdf",
    "A4 PDF with title page, contents, running header and page numbers (WeasyPrint)",
    render_pdf,
)
