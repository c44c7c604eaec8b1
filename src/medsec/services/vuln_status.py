"""Where every vulnerability of the latest scan stands: deadlines, overdue, re-review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from medsec.domain.model import Project
from medsec.engines.vulnmgmt import VulnStatus, statuses
from medsec.project.vulnerabilities_file import load_assessments
from medsec.services.scan_records import first_seen
from medsec.services.vex_findings import latest_scan


def current_statuses(
    root: Path, project: Project, today: dt.date
) -> tuple[str | None, tuple[VulnStatus, ...]]:
    """(scan record path, statuses) of the latest scan, judged with today's assessments."""
    record = latest_scan(root)
    if record is None:
        return None, ()
    hazards = {h.id for h in project.hazards}
    assessments = load_assessments(root, hazards=hazards, today=today).assessments
    return record.path, statuses(
        record.findings, assessments, project.policy, first_seen(root), today
    )
