"""Use case: the FDA security architecture views, for ``medsec views`` and the report.

The views are built here; which format draws them is the caller's choice (the CLI looks it up
in ``outputs.drawing.VIEW_RENDERERS``; the report receives an SVG drawer).
"""

from __future__ import annotations

from pathlib import Path

from medsec.domain.model import Project
from medsec.outputs.report.figure import SvgDrawer
from medsec.outputs.report.view import Section
from medsec.outputs.views import BUILDERS, VIEW_NAMES, ArchitectureView, all_views, report_sections
from medsec.project.loader import load_project

__all__ = ["VIEW_NAMES", "architecture_view", "view_sections"]


def architecture_view(root: Path, name: str) -> ArchitectureView:
    """The FDA view called ``name`` (one of ``VIEW_NAMES``) of the project at ``root``."""
    return BUILDERS[name](load_project(root))


def view_sections(project: Project, draw: SvgDrawer) -> tuple[Section, ...]:
    """The report sections of the four views: drawings (laid out by ``draw``) and tables."""
    return tuple(s for v in all_views(project) for s in report_sections(v, draw))
