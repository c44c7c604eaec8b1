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
from medsec.services.threats import ThreatResult, analyse


@dataclass(frozen=True)
class CheckOptions:
    root: Path
    today: date


@dataclass(frozen=True)
class CheckResult:
    checklist: Checklist
    context: CheckContext
    threats: ThreatResult


def build_context(root: Path, today: date) -> tuple[CheckContext, ThreatResult]:
    from medsec.services.sbom import sbom_facts  # the SBOM service is heavy: load on use

    project = load_project(root)
    base = project_file(root).parent
    threats = analyse(project, root, today)
    ctx = CheckContext(
        project=project,
        today=today,
        threats=threats.threats,
        missing=threats.missing,
        architecture_digest=architecture_digest(project),
        register_exists=register_path(root).exists(),
        unregistered=threats.summary.new + threats.summary.revived,
        vulnerability_assessments=evidence.vulnerability_assessments(base),
        sboms=sbom_facts(project, today),
        scans=evidence.scan_records(base),
        surface_records=evidence.surface_records(base),
        vex_documents=evidence.vex_documents(base),
    )
    return ctx, threats


def run(options: CheckOptions) -> CheckResult:
    ctx, threats = build_context(options.root, options.today)
    return CheckResult(evaluate(ctx), ctx, threats)
