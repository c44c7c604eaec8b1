"""A document as one self-contained HTML file: inline CSS and SVG, no script, no network.

The same HTML is the PDF edition's source (``pdf.py`` lays it out with WeasyPrint): the print
rules of ``templates/document.css`` give it a title page, contents with page numbers, a running
header and footer. Every value is escaped by the template (autoescape, StrictUndefined); the
only markup taken as is are the drawings, after :func:`inline_svg` has accepted them. Control
characters become U+FFFD (:func:`view.clean`): fonts have no glyph for them.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from medsec.domain.document import Document
from medsec.outputs.documents.view import (
    MATRIX_COLUMNS,
    DocumentView,
    build_view,
    clean,
    listed_gap,
)
from medsec.outputs.renderer import Format
from medsec.outputs.report.figure import inline_svg

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATE = "document.html.j2"


def _finalize(value: object) -> object:
    """Every ``{{ value }}``: text cleaned of control characters (before autoescape); markup kept."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean(value)
    return value


def _svg(svg: str | None) -> Markup:
    """The ``svg`` template filter: a drawing inlined as markup, only if ``inline_svg`` accepts it."""
    checked = inline_svg(svg)
    return Markup(checked) if checked is not None else Markup()  # noqa: S704 - checked


@cache
def _environment() -> Environment:
    """The Jinja2 environment of the document templates: autoescaped, strict, built once."""
    # Jinja2 is imported on first use: the registry is read by every command's --help.
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("medsec.outputs.documents", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters["svg"] = _svg
    env.globals["listed_gap"] = listed_gap
    return env


def render_view(view: DocumentView) -> str:
    """The HTML text of a document view (the PDF renderer lays out the same text)."""
    return _environment().get_template(TEMPLATE).render(view=view, matrix_columns=MATRIX_COLUMNS)


def render_html(doc: Document) -> str:
    """The whole document as HTML text; every value from the document is escaped."""
    return render_view(build_view(doc))


RENDERER: Format[Document] = Format(
    "html",
    "text/html",
    ".html",
    "one self-contained file (inline CSS and SVG), for reading and review",
    render_html,
)
