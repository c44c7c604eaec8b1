"""A document as Word (.docx), for regulatory teams to edit before submission (python-docx).

Real Word structure, so Word's own tools work on it: the title in the Title style, sections
in Heading 1 and Heading 2 (numbered as in every edition), a table of contents field that Word
fills with page numbers when it opens the file (until then it shows the written list), "Table
Grid" tables for matrices, data tables, open questions and signatures, captions in the Caption
style, a running header and a "page X of Y" footer. Drawings are SVG pictures (Word 2016 and
later; see ``wordml.add_svg``). The file's creation and modification times and every ZIP entry's
time are :func:`embedded_time` (SOURCE_DATE_EPOCH, else the revision date), so two builds of one
document are byte-identical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any

import defusedxml.ElementTree as SafeET

from medsec.domain.document import Document, DocumentHeader, Statement, Status
from medsec.outputs.documents import wordml
from medsec.outputs.documents.timestamp import embedded_time
from medsec.outputs.documents.view import (
    APPROVAL,
    MATRIX_COLUMNS,
    OPEN_QUESTIONS,
    DocumentView,
    FigureView,
    SectionView,
    TableView,
    build_view,
    clean,
    evidence_labels,
    listed_gap,
)
from medsec.outputs.documents.wordml import Body, Cell, Run
from medsec.outputs.renderer import Format

if TYPE_CHECKING:
    from datetime import datetime

    from docx.document import Document as WordDocument
    from docx.section import Section

TEXT_WIDTH_TWIPS = 9638  # A4 (210 mm) less two 20 mm margins
LANDSCAPE_TEXT_WIDTH_TWIPS = 14570  # A4 landscape (297 mm) less two 20 mm margins
_MAX_FIGURE_PT = (481.0, 620.0)  # the text width, and most of the page height
STATUS_FILL = {
    Status.MET: "E8F5E9",
    Status.PARTLY: "FFF3E0",
    Status.NOT_MET: "FFEBEE",
    Status.NOT_APPLICABLE: "F3F4F6",
    Status.INFO: None,
}
_SVG = "http://www.w3.org/2000/svg"
_DEFAULT_NAMESPACE = re.compile(r"\sxmlns\s*=")
_SVG_SIZE = re.compile(r'\b(width|height)="([\d.]+)(pt|px)?"')
_VIEW_BOX = re.compile(r'viewBox="[\d.+-]+[ ,]+[\d.+-]+[ ,]+([\d.]+)[ ,]+([\d.]+)"')


@dataclass(frozen=True)
class _Out:
    """The Word document being written, its fast body writer and the style ids it uses."""

    word: WordDocument
    body: Body
    bullet: str  # "List Bullet"
    caption: str  # "Caption"
    header: DocumentHeader  # what the running header and footer of a new section say

    @classmethod
    def of(cls, word: WordDocument, header: DocumentHeader) -> _Out:
        """Resolve the style ids once: python-docx looks a name up through every style."""
        ids = {name: word.styles[name].style_id for name in ("List Bullet", "Caption")}
        return cls(word, Body(word), ids["List Bullet"], ids["Caption"], header)


def _setup(word: WordDocument, view: DocumentView) -> None:
    """A4 pages, the text styles, the running header and the page-numbered footer."""
    from docx.shared import Mm, Pt

    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.different_first_page_header_footer = True  # the title page has neither
    wordml.use_font(word, "Arial")
    wordml.default_size(word, 20)  # 10 pt; on the defaults, so the table style's 8 pt applies
    word.styles["Table Grid"].font.size = Pt(8)
    for name in ("Header", "Footer"):  # their centre tab would catch the right-hand text
        word.styles[name].paragraph_format.tab_stops.clear_all()
        word.styles[name].font.size = Pt(8)
    _running(section, view.document.header, TEXT_WIDTH_TWIPS)


def _running(section: Section, h: DocumentHeader, width: int) -> None:
    """The running header (device and version; document id and revision) and footer (title;
    "page X of Y") of a section whose text is ``width`` twips wide (its right-hand tab)."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Twips

    for paragraph, left in (
        (section.header.paragraphs[0], f"{h.device} {h.device_version}"),
        (section.footer.paragraphs[0], h.title),
    ):
        paragraph.paragraph_format.tab_stops.add_tab_stop(Twips(width), WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run(clean(left) + "\t")
    section.header.paragraphs[0].add_run(clean(f"{h.id} · revision {h.revision}"))
    footer = section.footer.paragraphs[0]
    footer.add_run("page ")
    wordml.add_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    wordml.add_field(footer, "NUMPAGES", "1")


def _page_break(word: WordDocument) -> None:
    """Continue on a new page."""
    from docx.enum.text import WD_BREAK

    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _title(word: WordDocument, view: DocumentView) -> None:
    """The title block: manufacturer, title, device, the facts table, then a page break."""
    from docx.shared import Pt

    doc = view.document
    h, done = doc.header, doc.completeness
    maker = word.add_paragraph(clean(h.manufacturer.upper()), style="Subtitle")
    maker.paragraph_format.space_before = Pt(110)  # the title stands in the page's upper third
    word.add_paragraph(clean(h.title), style="Title")
    word.add_paragraph(clean(f"{h.device} {h.device_version}"), style="Subtitle")
    questions = f"{done.open_questions} open question{'' if done.open_questions == 1 else 's'}"
    facts = (
        ("Document", h.id, True),
        ("Revision", str(h.revision), False),
        ("Date", h.date.isoformat(), False),
        ("Device", f"{h.device} {h.device_version}", False),
        ("Manufacturer", h.manufacturer, False),
        ("Frameworks", ", ".join(h.frameworks) or "none", False),
        ("Architecture digest", h.architecture_digest, True),
        ("Inputs digest", h.inputs_digest, True),
        ("Completeness", f"{done.sections_complete} of {done.sections} sections complete; "
         f"{questions}", False),
    )  # fmt: skip
    rows = [(Cell((k,), bold=True, fill="EEF1F5"), Cell((v,), mono=mono)) for k, v, mono in facts]
    wordml.add_table(word, None, (30.0, 70.0), rows, TEXT_WIDTH_TWIPS)
    note = word.add_paragraph(
        "Built by medsec from the project's evidence: every statement names the file, line or "
        "record it rests on, and the date of that evidence. What the evidence could not supply "
        "is listed as an open question with the place to answer it."
    )
    note.paragraph_format.space_before = Pt(18)
    _page_break(word)


def _contents(word: WordDocument, view: DocumentView) -> None:
    """A TOC field Word fills (with page numbers) on opening; until then, the written list."""
    from docx.shared import Pt

    word.add_paragraph("Contents", style="TOC Heading")
    entries = [
        ("    " if e.level > 1 else "") + (f"{e.number}  {e.title}" if e.number else e.title)
        for e in view.contents
    ]
    for n, entry in enumerate(entries):
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(3)
        if n == 0:
            wordml.field_char(paragraph, "begin", 'TOC \\o "1-2" \\h \\z \\u')
        paragraph.add_run(clean(entry))
        if n == len(entries) - 1:
            wordml.field_char(paragraph, "end")
    _page_break(word)


def _changes(out: _Out, view: DocumentView) -> None:
    """What changed since the previous revision (nothing for a first revision)."""
    if view.changes_title is None:
        return
    out.word.add_heading(view.changes_title, level=1)
    for change in view.document.changes:
        out.body.paragraph(out.bullet, (Run(change),))


def _statement_runs(s: Statement) -> list[Run]:
    """A statement's label, status and text, then its evidence, gap and fix on their lines."""
    runs = [Run(s.label + " ", bold=True)] if s.label else []
    if s.status is not None and s.status is not Status.INFO:
        runs.append(Run(f"[{s.status.label}] ", bold=True))
    runs.append(Run(s.text))
    refs = evidence_labels(s.evidence)
    if refs:
        runs.append(Run("Evidence: ", color=wordml.MUTED, newline=True))
        runs += [Run(ref if n == 0 else f", {ref}", mono=True) for n, ref in enumerate(refs)]
    gap = listed_gap(s)
    if gap:
        runs += [Run("Gap: ", color=wordml.MUTED, newline=True), Run(gap)]
    if s.fix:
        runs += [Run("How to close: ", color=wordml.MUTED, newline=True), Run(s.fix, mono=True)]
    return runs


def _matrix_row(s: Statement) -> tuple[Cell, ...]:
    """A requirement row: clause, status, statement, evidence, gap, how to close."""
    refs = evidence_labels(s.evidence)
    status = s.status.label if s.status and s.status is not Status.INFO else "–"
    return (
        Cell((s.label or "–",), bold=True),
        Cell((status,), bold=True, fill=STATUS_FILL[s.status] if s.status else None),
        Cell((s.text,)),
        Cell(refs, mono=True) if refs else Cell(("none",), muted=True),
        Cell((s.gap or "–",)),
        Cell((s.fix,), mono=True) if s.fix else Cell(("–",)),
    )


def _tables(out: _Out, s: SectionView) -> None:
    """The section's tables; a wide one on landscape pages of their own (a landscape section,
    which wide tables in a row share; begun before the heading when the section opens with
    one)."""
    landscape = s.opens_wide
    for t in s.tables:
        if t.wide != landscape:  # a section break: into landscape, or back to portrait
            out.body.end_section(_landscape(out) if landscape else _portrait_end(out.body))
            landscape = t.wide
        _table(out, t, LANDSCAPE_TEXT_WIDTH_TWIPS if t.wide else TEXT_WIDTH_TWIPS)
    if landscape:
        out.body.end_section(_landscape(out))


def _portrait_end(body: Body) -> Any:
    """The properties that end the portrait section before a wide table: the document's own.

    The first such section holds the title page (Word's "different first page" leaves it
    without header and footer); every section after it shows them on its first page too.
    """
    from copy import deepcopy

    from docx.oxml.ns import qn

    last = body.last_section
    ended = deepcopy(last)
    for title_page in last.findall(qn("w:titlePg")):
        last.remove(title_page)
    return ended


def _landscape(out: _Out) -> Any:
    """The properties of a wide table's section: the document's, turned to A4 landscape, with
    a running header and footer of their own (their right-hand text at the wider text's end)."""
    from copy import deepcopy

    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.section import Section
    from docx.shared import Mm

    properties = deepcopy(out.body.last_section)
    for child in properties.findall(qn("w:headerReference")) + properties.findall(
        qn("w:footerReference")
    ):
        properties.remove(child)
    section = Section(properties, out.word.part)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    _running(section, out.header, LANDSCAPE_TEXT_WIDTH_TWIPS)
    return properties


def _table(out: _Out, t: TableView, width: int) -> None:
    """A data table ``width`` twips wide under its caption, or the caption and what the table
    says when empty."""
    out.body.paragraph(out.caption, (Run(t.caption),))
    if not t.table.rows:
        out.body.paragraph(None, (Run(t.table.empty, italic=True),))
        return
    rows = (
        (
            *(Cell((c,)) for c in r.cells),
            *((Cell(evidence_labels(r.evidence), mono=True),) if t.with_evidence else ()),
        )
        for r in t.table.rows
    )
    wordml.add_table(out.word, t.columns, t.widths, rows, width)


def standalone_svg(svg: str) -> str | None:
    """The drawing as an SVG file Word can read (namespace, prolog), or None if not SVG XML."""
    text = svg if _DEFAULT_NAMESPACE.search(svg.split(">", 1)[0]) else svg.replace(
        "<svg", f'<svg xmlns="{_SVG}"', 1
    )  # fmt: skip
    try:
        root = SafeET.fromstring(text)
    except Exception:  # not well-formed, or a DTD or entity defusedxml refuses
        return None
    if root.tag != f"{{{_SVG}}}svg":
        return None
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text


def svg_size(svg: str) -> tuple[float, float]:
    """The drawing's printed size in points, shrunk to fit the page; 400 x 300 when unknown."""
    start = svg.find("<svg")
    head = svg[start:].split(">", 1)[0]
    sizes = {m.group(1): float(m.group(2)) * (0.75 if m.group(3) == "px" else 1.0)
             for m in _SVG_SIZE.finditer(head)}  # fmt: skip
    box = _VIEW_BOX.search(head)
    width = sizes.get("width") or (float(box.group(1)) if box else 400.0)
    height = sizes.get("height") or (float(box.group(2)) if box else 300.0)
    scale = min(1.0, _MAX_FIGURE_PT[0] / max(width, 1.0), _MAX_FIGURE_PT[1] / max(height, 1.0))
    return max(width * scale, 1.0), max(height * scale, 1.0)


def _figure(out: _Out, f: FigureView) -> None:
    """The drawing (SVG picture) or why there is none, then the figure's caption."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    svg = standalone_svg(f.svg) if f.svg else None
    if svg is not None:
        paragraph = out.word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        wordml.add_svg(out.word, paragraph, svg, svg_size(svg))
    else:
        note = f.note if f.svg is None else "The drawing is shown in the PDF and HTML editions."
        out.body.paragraph(None, (Run(note, italic=True),))
    out.body.paragraph(out.caption, (Run(f.caption),))


def _section(out: _Out, s: SectionView) -> None:
    """A section: heading, status, statements or matrix, tables, figures, open questions."""
    sec = s.section
    if s.opens_wide:  # the heading goes with the table onto its landscape pages
        out.body.end_section(_portrait_end(out.body))
    out.word.add_heading(clean(f"{s.number} {sec.title}"), level=s.level)
    if sec.status is Status.INFO:
        out.body.paragraph(None, (Run("Descriptive", italic=True),))
    else:
        out.body.paragraph(None, (Run("Status: "), Run(sec.status.label, bold=True)))
    if sec.matrix and sec.statements:
        rows = (_matrix_row(x) for x in sec.statements)
        wordml.add_table(out.word, MATRIX_COLUMNS, s.matrix_widths, rows, TEXT_WIDTH_TWIPS)
    else:
        for statement in sec.statements:
            out.body.paragraph(out.bullet, _statement_runs(statement))
    _tables(out, s)
    for f in s.figures:
        _figure(out, f)
    if sec.open_questions:
        out.body.paragraph(None, (Run("Open questions", bold=True),))
        for q in sec.open_questions:
            answer = (Run(" Answer in ", color=wordml.MUTED), Run(q.answer_in, mono=True))
            out.body.paragraph(out.bullet, (Run(q.text), *answer))


def _closing(word: WordDocument, view: DocumentView) -> None:
    """The open questions of the whole document, then the approval (signature) block."""
    heading = word.add_heading(OPEN_QUESTIONS, level=1)
    heading.paragraph_format.page_break_before = True
    n = len(view.questions)
    if n:
        word.add_paragraph(
            f"{n} question{'' if n == 1 else 's'} the evidence could not answer. Answer each in "
            "the place named, then build the document again."
        )
        rows = (
            (Cell((f"{q.number} {q.section}",)), Cell((q.question.text,)),
             Cell((q.question.answer_in,), mono=True))
            for q in view.questions
        )  # fmt: skip
        wordml.add_table(word, ("Section", "Question", "Answer in"), (24, 46, 30), rows,
                         TEXT_WIDTH_TWIPS)  # fmt: skip
    else:
        word.add_paragraph().add_run(
            "None: the evidence and the answers fill every section."
        ).italic = True
    _approval(word, view)


def _approval(word: WordDocument, view: DocumentView) -> None:
    """The signature table: role, name, signature, date; tall rows to sign in."""
    h = view.document.header
    heading = word.add_heading(APPROVAL, level=1)
    heading.paragraph_format.page_break_before = True
    word.add_paragraph(
        clean(
            f"By signing, each approver confirms having reviewed revision {h.revision} of this "
            f"document ({h.id}, inputs digest {h.inputs_digest})."
        )
    )
    approvals = view.document.approvals
    rows = [(Cell((a.role,)), Cell((a.name or "",)), Cell(("",)), Cell(("",))) for a in approvals]
    rows = rows or [
        (Cell(("No approver named",), muted=True), Cell(("",)), Cell(("",)), Cell(("",)))
    ]
    wordml.add_table(
        word, ("Role", "Name", "Signature", "Date"), (26, 26, 30, 18), rows, TEXT_WIDTH_TWIPS,
        row_height=720,
    )  # fmt: skip


def _properties(word: WordDocument, doc: Document, moment: datetime) -> None:
    """Core properties (title, subject, author, revision, times) and update-fields-on-open."""
    h = doc.header
    core = word.core_properties
    core.title = clean(h.title)
    core.subject = clean(f"{h.device} {h.device_version}")
    core.author = core.last_modified_by = clean(h.manufacturer)
    core.keywords = clean(", ".join(h.frameworks))
    core.identifier = clean(h.id)
    core.comments = clean(f"Built by medsec; inputs digest {h.inputs_digest}")
    core.revision = max(1, h.revision)
    core.created = core.modified = moment.replace(tzinfo=None)
    wordml.update_fields_on_open(word)
    wordml.drop_thumbnail(word)


def render_docx(doc: Document) -> bytes:
    """The whole document as a .docx file's bytes."""
    moment = embedded_time(doc.header.date)
    from docx import Document as new_word_document

    view = build_view(doc)
    word = new_word_document()
    _setup(word, view)
    _title(word, view)
    _contents(word, view)
    out = _Out.of(word, doc.header)
    _changes(out, view)
    for s in view.sections:
        _section(out, s)
    _closing(word, view)
    _properties(word, doc, moment)
    data = BytesIO()
    word.save(data)
    return wordml.fixed_zip(data.getvalue(), moment)


RENDERER: Format[Document] = Format(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
    "Word, with real headings and tables, for editing before submission",
    render_docx,
)
