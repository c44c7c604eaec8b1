"""Where every vulnerability of the latest scan stands: deadlines, overdue, re-review."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

from medsec.domain.model import Project
from medsec.engines.vulnmgmt import Metrics, VulnStatus, metrics, statuses
from medsec.project import scan_records
from medsec.project.vulnerabilities_file import load_assessments


def current_statuses(
    root: Path, project: Project, today: dt.date
) -> tuple[str | None, tuple[VulnStatus, ...]]:
    """(scan record path, statuses) of the latest scan, judged with today's assessments."""
    record = scan_records.latest(root)
    if record is None:
        return None, ()
    hazards = {h.id for h in project.hazards}
    elements = {e.id for e in project.elements}
    assessments = load_assessments(
        root, hazards=hazards, today=today, elements=elements
    ).assessments
    return record.path, statuses(
        record.findings, assessments, project.policy, scan_records.first_seen(root), today
    )


def history_metrics(root: Path, current: tuple[VulnStatus, ...]) -> Metrics:
    """FDA metrics: findings of earlier scans that the latest no longer shows count as patched."""
    scans = scan_records.history(root)
    latest = scans[-1][1] if scans else set()
    fixed: dict[str, dt.date] = {}
    for (_, before), (when, after) in itertools.pairwise(scans):
        for fid in before - after:
            fixed.setdefault(fid, when)
    fixed = {k: v for k, v in fixed.items() if k not in latest}
    return metrics(current, load_assessments(root).assessments, fixed)
