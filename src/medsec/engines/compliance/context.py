"""Everything a checklist item may look at, gathered by the check service (engines stay pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from medsec.domain.coverage import EcosystemCoverage
from medsec.domain.model import Project
from medsec.domain.pentest import EngagementFindings, Service
from medsec.domain.surface import SurfaceRecord
from medsec.domain.threat import AssessedThreat, MissingInformation
from medsec.engines.sbom.ntia import ComponentCompleteness
from medsec.engines.signoff import Digests
from medsec.engines.vulnmgmt import VulnStatus


@dataclass(frozen=True)
class ScanRecordFact:
    """A CVE scan record found under ``records/scans/``."""

    path: str
    date: date
    data_age_days: int | None
    elements: tuple[str, ...]
    findings: int
    unassessed: int
    # per ecosystem: the advisories the database held (None: the record does not say)
    coverage: tuple[EcosystemCoverage, ...] | None = None


@dataclass(frozen=True)
class SbomFact:
    """What was learned from one SBOM file of one element (filled in by the SBOM service)."""

    element: str
    path: str
    exists: bool
    components: int | None = None
    complete_components: int | None = None  # with all NTIA minimum elements
    missing_support: int | None = None  # components without level of support / end of support
    past_end_of_support: tuple[str, ...] = ()  # labels of components shipped with no acceptance
    past_end_entries: tuple[str, ...] = ()  # the support.yaml entry (name, purl) deciding each
    problem: str | None = None
    incomplete: tuple[ComponentCompleteness, ...] = ()  # components lacking NTIA or FDA fields
    # IEC 81001-5-1 class (maintained, supported, required; "": not stated) -> components
    classes: tuple[tuple[str, int], ...] = ()
    # the product the SBOM describes (its subject), its end of support and the support.yaml
    # entry that states it ("": the SBOM itself, or nothing states it)
    product: str | None = None
    product_end_of_support: date | None = None
    product_support_entry: str = ""


@dataclass(frozen=True)
class SarifFact:
    """A SARIF evidence file of an activity (static analysis): what it still reports."""

    path: str
    tool: str | None = None
    results: int = 0
    open_results: int = 0  # not suppressed
    problem: str | None = None  # why it could not be read as SARIF


@dataclass(frozen=True)
class EvidenceFact:
    """An evidence file an activity cites, as read: its digest and whether it is of its kind.

    ``kind`` is what its name declares (``pdf``, ``sarif``, ``json``, ``xml``, ``text`` or
    ``other``); ``problem`` says why the content is not that (empty, a PDF without pages or
    text, JSON that does not parse ...), ``detail`` what was found (``12 pages``).
    """

    path: str
    sha256: str
    kind: str
    problem: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class VexFact:
    """A VEX document kept in the project, as read: the vulnerabilities its statements cover."""

    path: str
    covers: frozenset[str] = frozenset()  # finding ids, vulnerability ids and aliases
    statements: int = 0
    problem: str | None = None  # why it is not a VEX document medsec reads


@dataclass(frozen=True)
class CheckContext:
    """The evidence a checklist item judges: the project, today, and the facts services read."""

    project: Project
    today: date
    threats: tuple[AssessedThreat, ...]
    missing: tuple[MissingInformation, ...]
    architecture_digest: str
    register_exists: bool = False
    unregistered: tuple[str, ...] = ()  # generated threats not yet written to threats.yaml
    vulnerability_assessments: int | None = None  # entries in vulnerabilities.yaml, None: no file
    vulnerabilities: tuple[VulnStatus, ...] = ()  # findings of the latest scan, with deadlines
    vulnerability_scan: str | None = None  # the scan record they come from
    sboms: tuple[SbomFact, ...] = ()
    scans: tuple[ScanRecordFact, ...] = ()
    surface_records: tuple[str, ...] = ()  # files under records/surface/
    surface_history: tuple[SurfaceRecord, ...] = ()  # the records, read
    engagements: tuple[EngagementFindings, ...] = ()  # pentests/ID/findings.yaml, per engagement
    services: tuple[Service, ...] = ()  # listening services of the latest port scan
    services_path: str | None = None  # the findings file holding that scan
    sarif: tuple[SarifFact, ...] = ()  # SARIF evidence files of activities
    vex_documents: tuple[str, ...] = ()  # published VEX files found in the project
    vex_read: tuple[VexFact, ...] = ()  # those files, read
    evidence: tuple[EvidenceFact, ...] = ()  # evidence files activities cite, read
    # the project folder as the user named it: the commands of fix hints name it, so they run
    # as printed from where 'medsec check' was run ("." when it was run inside the project)
    project_dir: str = "."
    notes: tuple[str, ...] = field(default=())
    # today's digests of what reviews cover (None: only architecture_digest is known)
    digests: Digests | None = None

    @property
    def current(self) -> Digests:
        """Today's digests; without the full set, the architecture digest alone."""
        return self.digests or Digests(self.architecture_digest, self.architecture_digest)
