"""The Word XML that python-docx has no API for: fields, fast tables, SVG pictures, fixed ZIP times.

- Text: WordprocessingML is XML 1.0, which cannot hold most control characters; every text
  goes through :func:`view.clean`, which replaces them with U+FFFD as the HTML edition does.
- Fields: page numbers in the footer and the table of contents are Word fields (``PAGE``,
  ``NUMPAGES``, ``TOC``), computed by Word when it opens or prints the file.
- Tables: rows are written as XML directly; python-docx's cell objects re-read the whole
  table grid on every access, which makes a 7,000-row table take minutes.
- Drawings: Word 2016 and later show an SVG picture (``asvg:svgBlip``, the Office 2016 SVG
  extension) and older readers its PNG fallback; the fallback here is a plain panel that says
  where the drawing is, as python has no SVG rasteriser without a system library.
- Reproducibility: python-docx stamps each ZIP entry with the wall clock; :func:`fixed_zip`
  rewrites the archive with one given time.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from io import BytesIO
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from medsec.outputs.documents.timestamp import zip_time
from medsec.outputs.documents.view import clean

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph

SVG_EXTENSION_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
SVG_NAMESPACE = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
DRAWING_NAMESPACE = "http://schemas.openxmlformats.org/drawingml/2006/main"
RELATIONSHIP_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
IMAGE_RELATIONSHIP = f"{RELATIONSHIP_NAMESPACE}/image"
MUTED = "5F6368"


W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@cache
def _w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag (``w:p`` -> ``{...main}p``)."""
    return f"{{{W_NAMESPACE}}}{tag.removeprefix('w:')}"


def _sub(parent: Any, tag: str, **attributes: str) -> Any:
    """A child element ``w:tag`` with ``w:`` attributes, appended to ``parent``.

    ``makeelement`` of the parent keeps python-docx's element classes, without the namespace
    work of ``OxmlElement`` (a third of the time of a 30,000-row document).
    """
    element = parent.makeelement(_w(tag), {_w(k): v for k, v in attributes.items()})
    parent.append(element)
    return element


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph: text and its look, on a new line when ``newline``."""

    text: str
    bold: bool = False
    italic: bool = False
    mono: bool = False
    color: str | None = None
    newline: bool = False


def add_run(paragraph_element: Any, run: Run) -> None:
    """``run`` at the end of a ``w:p`` element (a line break first when it asks)."""
    r = _sub(paragraph_element, "w:r")
    if run.bold or run.italic or run.mono or run.color:
        properties = _sub(r, "w:rPr")
        if run.mono:
            _sub(properties, "w:rFonts", ascii="Consolas", hAnsi="Consolas", cs="Consolas")
        if run.bold:
            _sub(properties, "w:b")
        if run.italic:
            _sub(properties, "w:i")
        if run.color:
            _sub(properties, "w:color", val=run.color)
    if run.newline:
        _sub(r, "w:br")
    t = _sub(r, "w:t")
    t.text = text = clean(run.text)
    if text != text.strip():
        t.set(_XML_SPACE, "preserve")


def add_text(
    paragraph_element: Any,
    text: str,
    *,
    bold: bool = False,
    mono: bool = False,
    color: str | None = None,
) -> None:
    """A run of ``text`` at the end of a ``w:p`` element: bold, monospaced and/or coloured."""
    add_run(paragraph_element, Run(text, bold=bold, mono=mono, color=color))


class Body:
    """Writes paragraphs straight into the document body, before its section properties.

    python-docx looks a style up by name through every style, and finds the body's end by
    scanning all its children, for each paragraph: for 10,000 statements that is minutes.
    Here the style is given by id and the end is found once.
    """

    def __init__(self, word: WordDocument) -> None:
        """The body of ``word``, ready to take paragraphs at its end."""
        self._body = word.element.body
        self._end = self._body.find(_w("w:sectPr"))

    def paragraph(self, style_id: str | None, runs: Iterable[Run]) -> Any:
        """A paragraph of ``runs`` in the style ``style_id`` (None: Normal) at the end."""
        p = self._body.makeelement(_w("w:p"), {})
        if style_id is not None:
            _sub(_sub(p, "w:pPr"), "w:pStyle", val=style_id)
        for run in runs:
            add_run(p, run)
        if self._end is not None:
            self._end.addprevious(p)
        else:
            self._body.append(p)
        return p

    @property
    def last_section(self) -> Any:
        """The ``w:sectPr`` at the body's end: the properties of the document's last section."""
        if self._end is None:
            self._end = _sub(self._body, "w:sectPr")
        return self._end

    def end_section(self, properties: Any) -> None:
        """End a section here: an empty paragraph holding ``properties`` (a ``w:sectPr``), which
        apply to the pages since the previous section's end (Word's "next page" break)."""
        p = self._body.makeelement(_w("w:p"), {})
        _sub(p, "w:pPr").append(properties)
        self.last_section.addprevious(p)


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A simple field (``PAGE``, ``NUMPAGES``) showing ``shown`` until Word computes it."""
    field = _sub(paragraph._p, "w:fldSimple", instr=instruction)
    add_text(field, shown)


def field_char(paragraph: Paragraph, kind: str, instruction: str | None = None) -> None:
    """A complex field's mark: ``begin`` (with its instruction), ``separate`` or ``end``."""
    run = _sub(paragraph._p, "w:r")
    _sub(run, "w:fldChar", fldCharType=kind)
    if instruction is not None:
        code = _sub(_sub(paragraph._p, "w:r"), "w:instrText")
        code.text = instruction
        code.set(_XML_SPACE, "preserve")
        _sub(_sub(paragraph._p, "w:r"), "w:fldChar", fldCharType="separate")


@dataclass(frozen=True)
class Cell:
    """A table cell: lines of text (one paragraph, line breaks between), their look, a fill."""

    lines: tuple[str, ...]
    bold: bool = False
    mono: bool = False
    fill: str | None = None  # background colour, hex without '#'
    muted: bool = False


def _cell(row: Any, cell: Cell, width: int | None) -> None:
    """One ``w:tc`` at the end of ``row``; its width only when given (see :func:`add_table`).

    Cells take their 8 pt type and tight spacing from the table style ("Table Grid", set by
    ``docx.py``): no paragraph properties per cell.
    """
    tc = _sub(row, "w:tc")
    if width is not None or cell.fill:
        properties = _sub(tc, "w:tcPr")
        if width is not None:
            _sub(properties, "w:tcW", w=str(width), type="dxa")
        if cell.fill:
            _sub(properties, "w:shd", val="clear", color="auto", fill=cell.fill)
    p = _sub(tc, "w:p")
    color = MUTED if cell.muted else None
    for n, line in enumerate(cell.lines):
        add_run(p, Run(line, bold=cell.bold, mono=cell.mono, color=color, newline=n > 0))


def add_table(
    word: WordDocument,
    header: Sequence[str] | None,
    widths: Sequence[float],
    rows: Iterable[Sequence[Cell]],
    text_width: int,
    *,
    row_height: int | None = None,
) -> None:
    """A "Table Grid" table: a header row repeated on each page (if any), then ``rows``.

    ``widths`` are percent of ``text_width`` (twips). The layout is fixed: the columns are the
    table grid's, and only the first row states its cells' widths (Word sizes a fixed table
    from its first row), so a 30,000-row table holds no width per cell: it takes 40 % less
    memory to build, and Word does not measure every cell when it opens the file.
    ``row_height`` (twips) is a minimum height per row.
    """
    twips = [max(1, int(text_width * w / 100)) for w in widths]
    table = word.add_table(rows=0, cols=len(twips), style="Table Grid")
    table.autofit = False  # <w:tblLayout w:type="fixed"/>, in its place in tblPr
    tbl = table._tbl
    for col, width in zip(tbl.tblGrid.findall(_w("w:gridCol")), twips, strict=True):
        col.set(_w("w:w"), str(width))
    sized: list[int | None] = list(twips)
    if header is not None:
        head = _sub(tbl, "w:tr")
        _sub(_sub(head, "w:trPr"), "w:tblHeader")
        for name, width in zip(header, twips, strict=True):
            _cell(head, Cell((name,), bold=True, fill="EEF1F5"), width)
        sized = [None] * len(twips)
    for cells in rows:
        tr = _sub(tbl, "w:tr")
        properties = _sub(tr, "w:trPr")
        _sub(properties, "w:cantSplit")
        if row_height is not None:
            _sub(properties, "w:trHeight", val=str(row_height), hRule="atLeast")
        padded = [*cells, *(Cell(("",)) for _ in range(len(twips) - len(cells)))]
        for cell, size in zip(padded, sized, strict=False):  # a short row is padded
            _cell(tr, cell, size)
        sized = [None] * len(twips)


def update_fields_on_open(word: WordDocument) -> None:
    """Ask Word to compute the fields (contents, page numbers) when it opens the file."""
    settings = word.settings.element
    update = _sub(settings, "w:updateFields", val="true")
    # CT_Settings is a sequence: updateFields comes before these (Word rejects another order)
    later = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids")
    for child in settings:
        if child.tag in {_w(f"w:{name}") for name in later}:
            child.addprevious(update)
            break


def use_font(word: WordDocument, font: str) -> None:
    """Set every style (and the defaults) in ``font``, not the template's theme fonts.

    The template's theme fonts (Cambria, Calibri) fall back to a serif where they are not
    installed; Arial is on every Word installation and has a metric twin on Linux.
    """
    styles = word.styles.element
    theme = [_w(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")]
    defaults = styles.find(f"{_w('w:docDefaults')}/{_w('w:rPrDefault')}/{_w('w:rPr')}")
    if defaults is not None and defaults.find(_w("w:rFonts")) is None:
        defaults.insert(0, _sub(defaults, "w:rFonts"))
    for fonts in styles.iter(_w("w:rFonts")):
        for attribute in theme:
            fonts.attrib.pop(attribute, None)
        for attribute in ("ascii", "hAnsi", "cs"):
            fonts.set(_w(f"w:{attribute}"), font)


def default_size(word: WordDocument, half_points: int) -> None:
    """The document's default type size (in half points), replacing the template's."""
    path = f"{_w('w:docDefaults')}/{_w('w:rPrDefault')}/{_w('w:rPr')}"
    defaults = word.styles.element.find(path)
    if defaults is None:
        return
    for tag in ("w:sz", "w:szCs"):
        element = defaults.find(_w(tag))
        if element is None:
            element = _sub(defaults, tag)
        element.set(_w("w:val"), str(half_points))


def drop_thumbnail(word: WordDocument) -> None:
    """Remove the template's preview picture: it does not show this document."""
    rels = word.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            del rels[rid]


def add_svg(
    word: WordDocument, paragraph: Paragraph, svg: str, size_pt: tuple[float, float]
) -> None:
    """A picture showing ``svg`` (Word 2016+), with a PNG panel for older readers."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.shared import Pt

    width, height = size_pt
    shape = paragraph.add_run().add_picture(
        BytesIO(placeholder_png(width, height)), width=Pt(width), height=Pt(height)
    )
    package = word.part.package
    partname = package.next_partname("/word/media/image%d.svg")
    part = Part(PackURI(partname), "image/svg+xml", svg.encode("utf-8"), package)
    rid = word.part.relate_to(part, IMAGE_RELATIONSHIP)
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    extension = parse_xml(
        f'<a:extLst xmlns:a="{DRAWING_NAMESPACE}"><a:ext uri="{SVG_EXTENSION_URI}">'
        f'<asvg:svgBlip xmlns:asvg="{SVG_NAMESPACE}" xmlns:r="{RELATIONSHIP_NAMESPACE}" '
        f'r:embed="{escape(rid, {chr(34): "&quot;"})}"/></a:ext></a:extLst>'
    )
    blip.append(extension)


PLACEHOLDER_TEXT = "Vector drawing: shown by Word 2016 or later, and in the PDF and HTML editions."


def placeholder_png(width_pt: float, height_pt: float) -> bytes:
    """A light panel of the drawing's proportions saying where the drawing is shown."""
    from PIL import Image, ImageDraw, ImageFont

    scale = 2  # 144 dpi: sharp enough for a note
    size = (max(40, int(width_pt * scale)), max(30, int(height_pt * scale)))
    image = Image.new("RGB", size, (243, 244, 246))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0] - 1, size[1] - 1), outline=(150, 156, 166), width=2)
    font = ImageFont.load_default(size=max(10, min(22, size[1] // 6)))
    words, lines, line = PLACEHOLDER_TEXT.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if line and draw.textlength(trial, font=font) > size[0] - 20:
            lines.append(line)
            trial = word
        line = trial
    lines.append(line)
    draw.multiline_text((10, 10), "\n".join(lines), fill=(80, 86, 96), font=font)
    out = BytesIO()
    image.save(out, format="PNG", dpi=(72 * scale, 72 * scale))
    return out.getvalue()


def fixed_zip(data: bytes, moment: datetime) -> bytes:
    """The ZIP archive ``data`` with every entry stamped ``moment``, in the same order."""
    stamp = zip_time(moment)
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
