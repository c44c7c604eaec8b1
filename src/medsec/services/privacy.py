"""Use case: the records of processing as a workbook (``medsec privacy ropa``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from medsec.engines.privacy.ropa import ropa
from medsec.outputs.privacy.ropa_xlsx import render
from medsec.project.loader import load_project


def ropa_workbook(root: Path, today: date) -> tuple[bytes, int, int]:
    """The RoPA workbook of the project, its processing activities and personal data items."""
    project = load_project(root)
    record = ropa(project)
    return render(project, record, today), len(record.activities), len(record.items)
