"""Use case: evaluate the nine checklist items for a project."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from medsec.domain.checklist import Checklist
from medsec.engines.compliance.checklist import evaluate
from medsec.engines.compliance.context import CheckContext
from medsec.engines.threats.digest import architecture_digest
from medsec.project.loader import load_project, project_file
from medsec.project.register_file import register_path
from medsec.services import evidence
from medsec.services.digests import current_digests
from medsec.services.threats import ThreatResult, analyse
from medsec.services.vuln_status import current_statuses


@dataclass(frozen=True)
class CheckOptions:
    """What ``medsec check`` evaluates: a project folder as of a date."""

    root: Path
    today: date


@dataclass(frozen=True)
class CheckResult:
    """The evaluated checklist, with the context and threats it was judged on (for the report)."""

    checklist: Checklist
    context: CheckContext
    threats: ThreatResult


def project_folder(root: Path) -> str:
    """The project folder as the user named it (``root``, or the folder of a named medsec.yaml)."""
    return str(root.parent if root.is_file() else root)


def build_context(root: Path, today: date) -> tuple[CheckContext, ThreatResult]:
    """Gather every piece of evidence the checklist items read, from the project and its records."""
    from medsec.project.surface_records import load_records
    from medsec.services.pentest_findings import engagement_findings, latest_scan
    from medsec.services.sbom import sbom_facts  # the SBOM service is heavy: load on use

    project = load_project(root)
    base = project_file(root).parent
    threats = analyse(project, root, today)
    engagements = engagement_findings(base, project)
    scan = latest_scan(project, engagements)
    vuln_scan, vulns = current_statuses(base, project, today)
    vex = evidence.vex_documents(base)
    ctx = CheckContext(
        project=project,
        today=today,
        threats=threats.threats,
        missing=threats.missing,
        architecture_digest=architecture_digest(project),
        register_exists=register_path(root).exists(),
        unregistered=threats.summary.new + threats.summary.revived,
        vulnerability_assessments=evidence.vulnerability_assessments(base),
        vulnerabilities=vulns,
        vulnerability_scan=vuln_scan,
        sboms=sbom_facts(project, today),
        scans=evidence.scan_records(base),
        surface_records=evidence.surface_records(base),
        surface_history=load_records(base),
        engagements=engagements,
        services=scan.services if scan else (),
        services_path=scan.path if scan else None,
        sarif=evidence.sarif_facts(base, project),
        vex_documents=vex,
        vex_read=evidence.vex_facts(base, vex),
        evidence=evidence.evidence_facts(base, project),
        project_dir=project_folder(root),
        digests=current_digests(base, project, threats.threats),
    )
    return ctx, threats


def run(options: CheckOptions) -> CheckResult:
    """Evaluate the nine checklist items of the project at ``options.root``."""
    ctx, threats = build_context(options.root, options.today)
    return CheckResult(evaluate(ctx), ctx, threats)
