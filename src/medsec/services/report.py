"""Use cases: the project whose data-flow diagram is drawn, and the view model of the report.

Nothing here chooses a format: the CLI picks the diagram renderer and the report renderer from
their registries, and gives the report the drawer that makes SVG (or one that does not).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from medsec.domain.model import Project
from medsec.engines.compliance.context import CheckContext
from medsec.outputs.report.figure import SvgDrawer, dfd_figures
from medsec.outputs.report.privacy import privacy_sections
from medsec.outputs.report.signoff import decisions
from medsec.outputs.report.view import ReportView, Section, build_view
from medsec.project.loader import load_project
from medsec.services.check import CheckOptions
from medsec.services.check import run as run_check


def diagram_model(root: Path) -> Project:
    """The project whose data-flow diagram ``medsec diagram`` draws."""
    return load_project(root)


def extra_sections(project: Project, today: date, draw: SvgDrawer) -> tuple[Section, ...]:
    """Sections contributed by the other engines (SBOM tables, pentests, FDA views, ...)."""
    from medsec.services.pentest_report import pentest_sections
    from medsec.services.sbom import report_sections
    from medsec.services.views import view_sections

    return (
        tuple(report_sections(project, today))
        + pentest_sections(project, today)
        + view_sections(project, draw)
    )


def _vulnerabilities(ctx: CheckContext) -> Section:
    """The vulnerability section: current statuses and, after a scan, their history figures."""
    from medsec.outputs.scan.report_section import report_section
    from medsec.services.vuln_status import history_metrics

    root = Path(ctx.project.root)
    figures = history_metrics(root, ctx.vulnerabilities) if ctx.vulnerability_scan else None
    return report_section(ctx.vulnerabilities, ctx.vulnerability_scan, figures)


@dataclass(frozen=True)
class ReportOptions:
    """What the report covers, and how it draws diagrams."""

    root: Path
    today: date
    draw_svg: SvgDrawer  # DOT source -> inline SVG, or None (the report then says so)


def build_report(options: ReportOptions) -> ReportView:
    """Everything the report shows: checklist, diagrams, threats, risk, trace, evidence."""
    result = run_check(CheckOptions(options.root, options.today))
    ctx = result.context
    project = ctx.project
    return build_view(
        project,
        result.threats.threats,
        result.threats.missing,
        result.checklist,
        architecture_digest=ctx.architecture_digest,
        generated_on=options.today,
        diagram=dfd_figures(project, options.draw_svg),
        extra_sections=(
            decisions(project, result.threats.threats),
            *extra_sections(project, options.today, options.draw_svg),
            *privacy_sections(project, result.threats.threats),
            _vulnerabilities(ctx),
        ),
    )
