"""Use cases: the DFD diagram and the self-contained HTML report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from medsec.domain.errors import UsageError
from medsec.domain.model import Project
from medsec.engines.compliance.context import CheckContext
from medsec.outputs import diagram
from medsec.outputs.report.html import render_html
from medsec.outputs.report.view import Section, build_view
from medsec.project.loader import load_project
from medsec.services.check import CheckOptions
from medsec.services.check import run as run_check

DIAGRAM_FORMATS = ("dot", "mermaid", "svg")


def render_diagram(root: Path, fmt: str) -> str:
    project = load_project(root)
    return diagram_text(project, fmt)


def diagram_text(project: Project, fmt: str) -> str:
    dot = diagram.to_dot(project)
    if fmt == "dot":
        return dot
    if fmt == "mermaid":
        return diagram.to_mermaid(project)
    svg = diagram.to_svg(dot)
    if svg is None:
        raise UsageError(
            "SVG needs Graphviz's 'dot' (apt-get install graphviz); use --format dot or mermaid"
        )
    return svg


def extra_sections(project: Project, today: date) -> tuple[Section, ...]:
    """Sections contributed by the other engines (SBOM support table, ...)."""
    from medsec.services.pentest_report import pentest_sections
    from medsec.services.sbom import report_sections
    from medsec.services.views import view_sections

    return (
        tuple(report_sections(project, today))
        + pentest_sections(project, today)
        + view_sections(project)
    )


def _vulnerabilities(ctx: CheckContext) -> Section:
    from medsec.outputs.scan import report_section
    from medsec.services.vuln_status import history_metrics

    root = Path(ctx.project.root)
    figures = history_metrics(root, ctx.vulnerabilities) if ctx.vulnerability_scan else None
    return report_section(ctx.vulnerabilities, ctx.vulnerability_scan, figures)


@dataclass(frozen=True)
class ReportOptions:
    root: Path
    today: date


def render_report(options: ReportOptions) -> str:
    result = run_check(CheckOptions(options.root, options.today))
    ctx = result.context
    project = ctx.project
    dot = diagram.to_dot(project)
    view = build_view(
        project,
        result.threats.threats,
        result.threats.missing,
        result.checklist,
        architecture_digest=ctx.architecture_digest,
        generated_on=options.today,
        diagram_svg=diagram.to_svg(dot),
        diagram_mermaid=diagram.to_mermaid(project),
        extra_sections=(*extra_sections(project, options.today), _vulnerabilities(ctx)),
    )
    return render_html(view)
