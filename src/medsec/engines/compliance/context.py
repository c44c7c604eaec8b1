"""Everything a checklist item may look at, gathered by the check service (engines stay pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from medsec.domain.model import Project
from medsec.domain.threat import AssessedThreat, MissingInformation


@dataclass(frozen=True)
class ScanRecordFact:
    """A CVE scan record found under ``records/scans/``."""

    path: str
    date: date
    data_age_days: int | None
    elements: tuple[str, ...]
    findings: int
    unassessed: int


@dataclass(frozen=True)
class SbomFact:
    """What was learned from one SBOM file of one element (filled in by the SBOM service)."""

    element: str
    path: str
    exists: bool
    components: int | None = None
    complete_components: int | None = None  # with all NTIA minimum elements
    missing_support: int | None = None  # components without level of support / end of support
    past_end_of_support: tuple[str, ...] = ()
    problem: str | None = None


@dataclass(frozen=True)
class CheckContext:
    project: Project
    today: date
    threats: tuple[AssessedThreat, ...]
    missing: tuple[MissingInformation, ...]
    architecture_digest: str
    register_exists: bool = False
    unregistered: tuple[str, ...] = ()  # generated threats not yet written to threats.yaml
    vulnerability_assessments: int | None = None  # entries in vulnerabilities.yaml, None: no file
    sboms: tuple[SbomFact, ...] = ()
    scans: tuple[ScanRecordFact, ...] = ()
    surface_records: tuple[str, ...] = ()  # files under records/surface/
    vex_documents: tuple[str, ...] = ()  # published VEX files found in the project
    notes: tuple[str, ...] = field(default=())
