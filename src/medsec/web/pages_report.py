"""The drill-down of one device version: the existing HTML report, served under the server's CSP.

Nothing is re-implemented: ``medsec.services.report.build_report`` makes the view and
``medsec.outputs.report.html.render_html`` the HTML, exactly as ``medsec report`` does, for
the project folder at the version's commit. Two things change for the server, which allows
no inline styles: the report's ``<style>`` becomes a link to its stylesheet (served from the
package as it is) and its own CSP ``<meta>`` (written for a file opened from disk) goes, the
server's stricter header applies instead. Sections are cut out of that HTML by their anchors
for the htmx drill-down. Reports are built once per (tree, day) and kept in a small cache.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from html import unescape
from importlib import resources
from pathlib import Path

from medsec.domain.errors import MedsecError

STYLESHEET_URL = "/report.css"
_STYLE = re.compile(r"<style>\n.*?</style>", re.DOTALL)
_META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?')
_SECTION = re.compile(r'<(section|nav) id="([^"]+)"[^>]*>\s*<h2[^>]*>(.*?)</h2>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_THREAT_TABLE = re.compile(r'<table class="threats">.*?</table>', re.DOTALL)
_THREAT_ROW = re.compile(r"<tr>\n<td><code>([^<]+)</code></td>")
ICON_LINK = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
CACHE_SIZE = 16


class ReportUnavailableError(MedsecError):
    """The report of a version could not be built (its project does not load, ...)."""


@dataclass(frozen=True)
class ReportSection:
    """One section of the report: its anchor and its heading as text."""

    anchor: str
    title: str


@dataclass(frozen=True)
class ServedReport:
    """The report of one version as the server serves it: whole, and its sections."""

    html: str
    sections: tuple[ReportSection, ...]

    def section(self, anchor: str) -> str | None:
        """The HTML of the ``<section>`` with this anchor, or None when there is none."""
        start = self.html.find(f'<section id="{anchor}"')
        if start < 0:
            return None
        end = self.html.find("</section>", start)
        return self.html[start : end + len("</section>")] if end >= 0 else None


def stylesheet() -> str:
    """The report's own stylesheet, served as a file instead of inline."""
    return (
        resources.files("medsec.outputs.report")
        .joinpath("templates/report.css")
        .read_text(encoding="utf-8")
    )


def _anchor_threats(html: str) -> str:
    """Each threat's first row in the register tables gets ``id="threat-<id>"``, so the
    approvals page can link to it."""
    from medsec.web.api_approvals import threat_anchor

    seen: set[str] = set()

    def row(match: re.Match[str]) -> str:
        threat = unescape(match[1])
        if threat in seen:
            return match[0]
        seen.add(threat)
        return f'<tr id="{threat_anchor(threat)}">{match[0][4:]}'

    def table(match: re.Match[str]) -> str:
        return _THREAT_ROW.sub(row, match[0])

    return _THREAT_TABLE.sub(table, html)


def for_server(html: str) -> str:
    """The report's HTML with the inline stylesheet linked, its file-only CSP removed, the
    server's icon linked and an anchor on each threat's row.

    Raises ``ValueError`` when the report no longer has the shape this expects (a template
    change must be seen here, not served unstyled or blocked).
    """
    link = f'<link rel="stylesheet" href="{STYLESHEET_URL}">\n{ICON_LINK}'
    linked, styles = _STYLE.subn(link, html, count=1)
    served, metas = _META_CSP.subn("", linked, count=1)
    if styles != 1 or metas != 1:
        raise ValueError("the report's <head> changed: update medsec.web.pages_report.for_server")
    return _anchor_threats(served)


def sections_of(html: str) -> tuple[ReportSection, ...]:
    """Every section (and the contents) of the report in order, with its heading as text."""
    found = []
    for _kind, anchor, heading in _SECTION.findall(html):
        title = " ".join(unescape(_TAG.sub("", heading)).split())
        found.append(ReportSection(anchor, title))
    return tuple(found)


def build(tree: Path, today: date) -> ServedReport:
    """The report of the project folder ``tree`` as of ``today``, ready to serve."""
    from medsec.outputs.drawing.engine import to_svg
    from medsec.outputs.report.html import render_html
    from medsec.services.report import ReportOptions, build_report

    try:
        view = build_report(ReportOptions(tree, today, draw_svg=to_svg))
    except MedsecError as exc:
        raise ReportUnavailableError(f"the report of {tree} cannot be built: {exc}") from exc
    html = for_server(render_html(view))
    return ServedReport(html, sections_of(html))


class ReportCache:
    """The last few reports built, keyed by (tree, day): a version's report is built once."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        """An empty cache of at most ``size`` reports."""
        self._size = size
        self._items: OrderedDict[tuple[str, date], ServedReport] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, tree: Path, today: date) -> ServedReport:
        """The report of ``tree`` as of ``today``, built when not cached."""
        key = (str(tree), today)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        report = build(tree, today)
        with self._lock:
            self._items[key] = report
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return report


REPORTS = ReportCache()
