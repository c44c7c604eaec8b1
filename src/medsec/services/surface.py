"""Use case: the attack surface of the current release, compared with the previous record.

``record=True`` writes ``records/surface/<version>.json`` (the same JSON ``--format json``
prints), which the ``security-concept`` checklist item looks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from medsec.domain.model import Project
from medsec.domain.surface import Surface, SurfaceComparison, SurfaceRecord
from medsec.engines.surface.compare import compare, current_record, previous_record
from medsec.engines.surface.score import surface
from medsec.outputs.surface.json import render_json
from medsec.project.atomic import write_atomic
from medsec.project.loader import load_project
from medsec.project.surface_records import load_records, record_path
from medsec.services.pentest_findings import base_of, engagement_findings, latest_services


@dataclass(frozen=True)
class SurfaceOptions:
    """Which project to measure, and whether to keep the result as a record."""

    root: Path
    today: date
    record: bool = False
    rationale: str | None = None


@dataclass(frozen=True)
class SurfaceResult:
    """The surface, its comparison with the previous release, and its JSON record."""

    project: Project
    surface: Surface
    comparison: SurfaceComparison | None
    rationale: str | None
    json: str
    recorded: str | None  # path written, relative to the project


def current_surface(project: Project, base: Path) -> Surface:
    """The surface of ``project`` with the services of its latest port scan."""
    services = latest_services(project, engagement_findings(base, project))
    return surface(project, services)


def compare_with_records(
    found: Surface, records: tuple[SurfaceRecord, ...], rationale: str | None
) -> SurfaceComparison | None:
    """Compare with the record of the highest earlier version; None on a first release."""
    previous = previous_record(records, found.version)
    return compare(found, previous, rationale) if previous else None


def run(options: SurfaceOptions) -> SurfaceResult:
    """Measure the attack surface, compare it with the previous release, optionally record it."""
    project = load_project(options.root)
    base = base_of(options.root)
    found = current_surface(project, base)
    records = load_records(base)
    kept = current_record(records, found.version)
    rationale = options.rationale or (kept.rationale if kept else None)
    comparison = compare_with_records(found, records, rationale)
    text = render_json(found, comparison, options.today, rationale)
    recorded = None
    if options.record:
        path = record_path(base, found.version)
        write_atomic(path, text)
        recorded = path.relative_to(base).as_posix()
    return SurfaceResult(project, found, comparison, rationale, text, recorded)
