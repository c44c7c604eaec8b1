"""Render the report view as one self-contained HTML file (inline CSS and SVG, no network)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from medsec.outputs.renderer import Format
from medsec.outputs.report.figure import inline_svg
from medsec.outputs.report.view import ReportView

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATE = "report.html.j2"


def _svg(svg: str | None) -> Markup:
    """The ``svg`` template filter: a drawing inlined as markup, only if ``inline_svg`` accepts it."""
    checked = inline_svg(svg)
    return Markup(checked) if checked is not None else Markup()  # noqa: S704 - checked


@cache
def _environment() -> Environment:
    """The Jinja2 environment of the report templates: autoescaped, strict, built once."""
    # Jinja2 is imported on first use: the report registry is read by every command's --help.
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("medsec.outputs.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["svg"] = _svg
    return env


def render_html(view: ReportView) -> str:
    """The report as HTML text; every value from the view is escaped.

    The only markup taken as is are the diagrams, and only after ``inline_svg`` has checked
    that each is a bare ``<svg>`` element without scripts, event handlers or links.
    """
    return _environment().get_template(TEMPLATE).render(view=view)


RENDERER: Format[ReportView] = Format(
    "html", "text/html", ".html", "one self-contained file (inline CSS and SVG)", render_html
)
