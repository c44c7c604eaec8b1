"""Render the report view as one self-contained HTML file (inline CSS and SVG, no network)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from medsec.outputs.renderer import Format
from medsec.outputs.report.view import ReportView, inline_svg

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATE = "report.html.j2"


@cache
def _environment() -> Environment:
    """The Jinja2 environment of the report templates: autoescaped, strict, built once."""
    # Jinja2 is imported on first use: the report registry is read by every command's --help.
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("medsec.outputs.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(view: ReportView) -> str:
    """The report as HTML text; every value from the view is escaped.

    The only markup taken as is is the diagram SVG, and only after ``inline_svg`` has checked
    that it is a bare ``<svg>`` element without scripts, event handlers or links.
    """
    svg = inline_svg(view.diagram.svg)
    section_svgs = {
        s.anchor: Markup(checked)  # noqa: S704 - checked by inline_svg
        for s in view.sections
        if (checked := inline_svg(s.diagram_svg)) is not None
    }
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            view=view,
            svg=Markup(svg) if svg is not None else None,  # noqa: S704 - checked
            section_svgs=section_svgs,
        )
    )


RENDERER: Format[ReportView] = Format(
    "html", "text/html", ".html", "one self-contained file (inline CSS and SVG)", render_html
)
