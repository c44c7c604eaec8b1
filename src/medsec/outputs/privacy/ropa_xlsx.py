"""The records of processing (GDPR Art. 30) as an Excel workbook, the shape DPOs keep them in.

One sheet per part of the record: ``Controller`` (the manufacturer and the parties with their
roles), ``Processing activities`` (Art. 30(1)(b)-(f), one row per use case that needs personal
data), ``Data inventory`` (every personal data item), ``Recipients``, ``Transfers``
(30(1)(e)), ``Security measures`` (30(1)(g)) and, when the manufacturer processes for a
controller party, ``Processor record`` (30(2)). Byte-stable: the workbook's dates are
``SOURCE_DATE_EPOCH`` (else the given day) and the zip entries carry fixed times.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from medsec.domain.model import Project
from medsec.engines.privacy.ropa import Ropa
from medsec.engines.privacy.transfers import mechanism_text

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _joined(values: Iterable[str], empty: str = "") -> str:
    """Values joined with commas, each once."""
    return ", ".join(dict.fromkeys(values)) or empty


def _sheet(wb: Workbook, title: str, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A sheet with a bold header row and wrapped cells."""
    ws: Worksheet = wb.create_sheet(title)
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = _BOLD
    for row in rows:
        ws.append(list(row))
    for column in ws.iter_cols(min_row=2):
        for cell in column:
            cell.alignment = _WRAP
    for n in range(len(columns)):
        ws.column_dimensions[chr(ord("A") + n)].width = 28
    ws.freeze_panes = "A2"


def _controller(project: Project) -> list[tuple[str, str]]:
    """Who is who: the manufacturer, then each party with its role."""
    rows = [
        ("Manufacturer", project.device.manufacturer),
        ("Product", f"{project.device.name} {project.device.version}"),
    ]
    rows += [
        (
            f"Party {p.id}",
            f"{p.name} ({p.kind.value}; {p.role.value if p.role else 'role not stated'})",
        )
        for p in project.parties
    ]
    return rows


def _activities(record: Ropa) -> list[list[str]]:
    """One row per processing activity."""
    out = []
    for a in record.activities:
        ids = {d.id for d in a.data}
        out.append(
            [
                a.id,
                a.name,
                _joined(f"{d.id} ({d.category.value})" for d in a.data),
                _joined(a.subjects),
                _joined(a.legal_bases),
                _joined(
                    [r for d in a.data for r in d.recipients]
                    + [r.name for r in record.recipients if ids & set(r.data)]
                ),
                _joined((t.country for t in record.transfers if ids & set(t.data)), "none"),
                _joined(f"{d.id}: {d.retention or 'not stated'}" for d in a.data),
            ]
        )
    return out


def _processor(record: Ropa) -> list[tuple[str, str]]:
    """The Art. 30(2) fields."""
    rec = record.processor
    if rec is None:
        return []
    return [
        ("(a) controllers", _joined(c.name for c in rec.controllers)),
        ("(b) categories of processing", _joined(rec.activities)),
        ("personal data", _joined(rec.data)),
        ("elements", _joined(e.id for e in rec.elements)),
        ("(c) transfers", _joined((f"{t.subject} → {t.country}" for t in rec.transfers), "none")),
        ("(d) security measures", _joined((c.id for c in rec.measures), "none")),
    ]


def _inventory(record: Ropa) -> list[list[str]]:
    """One row per personal data item."""
    return [
        [
            r.item.id,
            r.item.name,
            r.item.category.value,
            r.item.subjects or "",
            r.item.purpose or "",
            _joined(r.item.legal_basis),
            r.item.retention or "",
            _joined((*r.item.recipients, *r.recipients)),
            _joined(t.country for t in r.transfers),
            _joined(r.use_cases),
            r.item.status.value,
        ]
        for r in record.items
    ]


def _transfers(record: Ropa) -> list[list[str]]:
    """One row per transfer."""
    return [
        [
            f"{t.kind} {t.subject}",
            _joined(t.data),
            t.destination.place.code,
            t.country,
            mechanism_text(t.mechanism) if t.mechanism else "none",
            "covered" if t.covered else f"not covered: {t.problem}",
        ]
        for t in record.transfers
    ]


_ACTIVITIES = (
    "Activity",
    "Purpose",
    "Personal data",
    "Data subjects",
    "Legal basis",
    "Recipients",
    "Third-country transfers",
    "Erasure time limits",
)
_INVENTORY = (
    "Data item",
    "Name",
    "Category",
    "Subjects",
    "Purpose",
    "Legal basis",
    "Retention",
    "Recipients",
    "Transfers",
    "Use cases",
    "Status",
)


def workbook(project: Project, record: Ropa) -> Workbook:
    """The record as an openpyxl workbook."""
    wb = Workbook()
    first = wb.active
    if first is not None:
        wb.remove(first)
    _sheet(wb, "Controller", ("Field", "Entry"), _controller(project))
    _sheet(wb, "Processing activities", _ACTIVITIES, _activities(record))
    _sheet(wb, "Data inventory", _INVENTORY, _inventory(record))
    _sheet(
        wb,
        "Recipients",
        ("Recipient", "Role", "Elements", "Personal data"),
        ([r.name, r.role, _joined(r.elements), _joined(r.data)] for r in record.recipients),
    )
    _sheet(
        wb,
        "Transfers",
        ("Transfer", "Personal data", "To", "Country", "Mechanism", "Status"),
        _transfers(record),
    )
    _sheet(
        wb,
        "Security measures",
        ("Control", "Measure", "Category", "Applies to", "Verified by"),
        (
            [c.id, c.name, c.category.value, _joined(c.applies_to), _joined(c.verified_by)]
            for c in record.measures
        ),
    )
    if record.processor is not None:
        _sheet(wb, "Processor record", ("Field", "Entry"), _processor(record))
    return wb


def _stamp(day: date) -> datetime:
    """The workbook's date: SOURCE_DATE_EPOCH when set (reproducible builds), else ``day``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
    return datetime(day.year, day.month, day.day)


def render(project: Project, record: Ropa, day: date) -> bytes:
    """The workbook's bytes: the same record on the same day gives the same bytes."""
    wb = workbook(project, record)
    stamp = _stamp(day)
    wb.properties.creator = "medsec"
    wb.properties.title = f"Records of processing: {project.device.name} {project.device.version}"
    wb.properties.created = wb.properties.modified = stamp
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
