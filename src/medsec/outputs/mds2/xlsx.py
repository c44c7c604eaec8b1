"""The MDS2 form as an Excel workbook laid out like the official form (openpyxl).

One sheet, ``MDS2``: a header block (manufacturer, device, model, document id, date), then per
section a title row and one row per question with the columns of the form (ID, question,
answer, note) and where the answer comes from. Byte-stable: the workbook's created/modified
dates are ``SOURCE_DATE_EPOCH`` (else the form's date) and the zip entries carry fixed times.
The reader (:func:`parse`) reads such a workbook back for ``medsec mds2 diff``.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import UTC, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.writer.excel import ExcelWriter

from medsec.domain.errors import InputError
from medsec.engines.mds2.model import Mds2Form, Mds2Row, Snapshot, SnapshotRow
from medsec.outputs.renderer import Format

SHEET = "MDS2"
TITLE = "Manufacturer Disclosure Statement for Medical Device Security – MDS2 (ANSI/NEMA HN 1-2019)"
COLUMNS = ("ID", "Question", "Answer", "Note", "Derived from / answered in", "Origin")
WIDTHS = (12, 70, 10, 60, 60, 10)
_ID = re.compile(r"^[A-Z]{3,4}-\d+(\.\d+)*$")
_BOLD = Font(bold=True)
_SECTION = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MAX_UNZIPPED = 50 * 1024 * 1024  # a form workbook unpacks to well under 1 MB
MAX_ENTRIES = 500


def _stamp(form: Mds2Form) -> datetime:
    """The workbook's date: SOURCE_DATE_EPOCH when set (reproducible builds), else the form's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
    return datetime(form.device.date.year, form.device.date.month, form.device.date.day)


def _header(ws: object, form: Mds2Form) -> None:
    """The title and the header block of the form."""
    d = form.device
    ws.append([TITLE])  # type: ignore[attr-defined]
    ws["A1"].font = Font(bold=True, size=13)  # type: ignore[index]
    for label, value in (
        ("Manufacturer", d.manufacturer),
        ("Device", d.name),
        ("Version", d.version),
        ("Document ID", f"MDS2-{d.device_id}-{d.version}"),
        ("Date", d.date.isoformat()),
        (
            "Answered",
            f"{sum(1 for r in form.rows if r.answer)} of {len(form.rows)} "
            f"({form.derived} derived from the model, {len(form.open)} open)",
        ),
    ):
        ws.append([label, value])  # type: ignore[attr-defined]
    ws.append([])  # type: ignore[attr-defined]
    ws.append(list(COLUMNS))  # type: ignore[attr-defined]
    for cell in ws[ws.max_row]:  # type: ignore[attr-defined,index]
        cell.font = _BOLD


def _cells(r: Mds2Row) -> list[str]:
    """A question's row: id, text, answer, note, sources, origin."""
    return [
        r.question.id,
        r.question.text,
        r.answer.value if r.answer else "",
        r.note,
        "\n".join(r.sources),
        r.origin.value,
    ]


def workbook(form: Mds2Form) -> Workbook:
    """The form as an openpyxl workbook."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    _header(ws, form)
    for s in form.sections:
        ws.append([f"{s.title.upper()} ({s.code})", s.description])
        for cell in ws[ws.max_row]:
            cell.font, cell.fill = _BOLD, _SECTION
        for r in form.in_section(s.code):
            ws.append(_cells(r))
            for cell in ws[ws.max_row]:
                cell.alignment = _WRAP
    for n, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + n)].width = width
    ws.freeze_panes = "A10"
    stamp = _stamp(form)
    wb.properties.creator = "medsec"
    wb.properties.title = f"MDS2 {form.device.name} {form.device.version}"
    wb.properties.created = wb.properties.modified = stamp
    return wb


def render(form: Mds2Form) -> bytes:
    """The workbook's bytes: the same form gives the same bytes."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook(form), archive).write_data()
    return _fixed_times(raw.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The same zip with every entry's time set to one fixed value (zip stores local times)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def _check_zip(data: bytes, source: str) -> None:
    """Refuse archives that are not a small workbook (zip bombs, thousands of entries)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as error:
        raise InputError.single(source, f"not an xlsx workbook: {error}") from None
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNZIPPED:
        raise InputError.single(source, "not an MDS2 workbook: the archive is far too large")


def parse(data: bytes, *, source: str) -> Snapshot:
    """A workbook :func:`render` wrote (or one laid out the same way) as a snapshot."""
    _check_zip(data, source)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise InputError.single(source, f"not a readable xlsx workbook: {error}") from None
    if SHEET not in wb.sheetnames:
        raise InputError.single(source, f"no sheet '{SHEET}': not an MDS2 form by medsec")
    rows, head = [], {}
    for values in wb[SHEET].iter_rows(values_only=True):
        cells = ["" if v is None else str(v) for v in values]
        if len(cells) >= 2 and cells[0] in ("Device", "Version"):
            head[cells[0]] = cells[1]
        if cells and _ID.match(cells[0]):
            padded = cells + [""] * (4 - len(cells))
            rows.append(
                SnapshotRow(padded[0], padded[0].split("-")[0], padded[2] or None, padded[3])
            )
    wb.close()
    if not rows:
        raise InputError.single(source, "no question rows found: not an MDS2 form by medsec")
    return Snapshot(source, head.get("Device", ""), head.get("Version", ""), tuple(rows))


RENDERER: Format[Mds2Form] = Format(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsx",
    "the form laid out like the official MDS2 workbook (sections, ids, questions, answers, notes)",
    render,
)
