"""Pages that read: the portfolio dashboard, a device with its trends, a version's drill-down.

The dashboard reads only the precomputed summaries (fast for hundreds of versions); an htmx
request for it (filters, sort) gets the table alone. A version's drill-down is the existing
HTML report of that version (``pages_report``): its sections listed, each loaded in place, and
the whole report one click away.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from medsec.domain.identity import Principal, Role
from medsec.web import api_devices, api_lookup, pages_report, pages_table
from medsec.web.api_models import TrendPointOut
from medsec.web.deps import require
from medsec.web.pages import render
from medsec.web.pages_charts import Series, line_chart

router = APIRouter(tags=["pages"], include_in_schema=False)
Viewer = Annotated[Principal, Depends(require(Role.VIEWER))]


def _fragment(request: Request) -> bool:
    """Whether htmx asks for a part of the page (not a history restore)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request,
    principal: Viewer,
    q: str = "",
    attention: bool = False,
    item: str = "",
    sort: str = pages_table.DEFAULT_SORT,
    desc: bool = False,
    page: int = 1,
) -> HTMLResponse:
    """Every device × version: checklist per item, findings, deadlines, support, pentest age."""
    query = pages_table.TableQuery.of(q, attention, item, sort, desc, page)
    now, summaries = api_devices.stamped_summaries(request, principal)
    table = _table(request, principal, (now, summaries), query)
    if _fragment(request):
        return HTMLResponse(table)
    values = {
        "table": table,
        "items": pages_table.item_ids(summaries),
        "query": query,
        "sorts": list(pages_table.SORTS),
    }
    return render(request, "pages_portfolio.html", values)


# (stamp of the summaries, who may see what, query) -> the table's HTML: the dashboard is the
# page every user opens first and most often; it is rendered once per change of the portfolio
_TABLES: OrderedDict[tuple[Any, ...], Markup] = OrderedDict()
_TABLES_KEPT = 64


def _table(
    request: Request,
    principal: Principal,
    stamped: tuple[tuple[Any, ...], list[Any]],
    query: pages_table.TableQuery,
) -> Markup:
    """The dashboard's table (one page of it) as HTML, from the cache when nothing changed
    (the summaries' stamp, who may see what, the query and the page size make the key)."""
    now, summaries = stamped
    engine = api_lookup.server(request).engine
    key = (str(engine.url), now, pages_table.PAGE_SIZE, principal.repository, query)
    found = _TABLES.get(key)
    if found is not None:
        _TABLES.move_to_end(key)
        return found
    selected = pages_table.rows(summaries, query)
    values = {
        "page": pages_table.page_of(selected, query.page),
        "total": len(summaries),
        "items": pages_table.item_ids(summaries),
        "query": query,
    }
    template = api_lookup.server(request).templates.get_template("pages_portfolio_table.html")
    html = Markup(template.render(values))  # noqa: S704 - autoescaped Jinja2 output
    _TABLES[key] = html
    if len(_TABLES) > _TABLES_KEPT:
        _TABLES.popitem(last=False)
    return html


def trend_charts(points: list[TrendPointOut]) -> tuple[Markup, Markup]:
    """The findings chart and the attack-surface chart of a device, as inline SVG."""
    labels = [p.version for p in points]
    findings = line_chart(
        "Findings per release",
        labels,
        [
            Series("findings", tuple(float(p.findings) for p in points)),
            Series("critical", tuple(float(p.critical) for p in points)),
        ],
    )
    surface = line_chart(
        "Attack-surface score per release",
        labels,
        [Series("surface score", tuple(p.surface_score for p in points))],
    )
    # pages_charts escapes every text it writes and emits no script, link or style
    return Markup(findings), Markup(surface)  # noqa: S704


@router.get("/devices/{repo}", response_class=HTMLResponse)
def device(request: Request, repo: str, principal: Viewer) -> HTMLResponse:
    """A device: its versions with their figures, and trend charts over its releases."""
    out = api_devices.device(request, principal, repo)
    findings_chart, surface_chart = trend_charts(out.trend)
    values = {
        "device": out,
        "items": pages_table.item_ids(out.versions),
        "findings_chart": findings_chart,
        "surface_chart": surface_chart,
    }
    return render(request, "pages_device.html", values)


@router.get("/report.css")
def report_stylesheet(principal: Viewer) -> Response:
    """The report's own stylesheet, for the report pages (the CSP allows no inline style)."""
    del principal
    return Response(pages_report.stylesheet(), media_type="text/css")


def _report(
    request: Request, repo: str, version: str, principal: Principal
) -> tuple[api_lookup.VersionTree, pages_report.ServedReport]:
    """The version's tree and its report (built once per tree and day)."""
    row = api_lookup.repository(request, repo, principal)
    tree = api_lookup.version_tree(request, row, version)
    try:
        return tree, pages_report.REPORTS.get(tree.tree, api_lookup.today())
    except pages_report.ReportUnavailableError as exc:
        raise HTTPException(422, exc.diagnostics()) from exc


@router.get("/devices/{repo}/{version}", response_class=HTMLResponse)
def version_page(request: Request, repo: str, version: str, principal: Viewer) -> HTMLResponse:
    """A version's drill-down: its figures and the sections of its report, loaded in place."""
    tree, report = _report(request, repo, version, principal)
    summary = next(
        (s for s in api_devices.summaries(request, principal, repo) if s.version == version), None
    )
    values = {
        "repo": repo,
        "version": version,
        "commit": tree.commit,
        "summary": api_devices.summary_out(summary) if summary is not None else None,
        "sections": report.sections,
    }
    return render(request, "pages_version.html", values)


@router.get("/devices/{repo}/{version}/report", response_class=HTMLResponse)
def full_report(request: Request, repo: str, version: str, principal: Viewer) -> HTMLResponse:
    """The whole report of the version, exactly as ``medsec report`` writes it."""
    _tree, report = _report(request, repo, version, principal)
    return HTMLResponse(report.html)


@router.get("/devices/{repo}/{version}/sections/{anchor}", response_class=HTMLResponse)
def report_section(
    request: Request, repo: str, version: str, anchor: str, principal: Viewer
) -> HTMLResponse:
    """One section of the version's report (the htmx drill-down), as the report renders it."""
    _tree, report = _report(request, repo, version, principal)
    html = report.section(anchor)
    if html is None:
        raise HTTPException(404, f"the report of {repo} {version} has no section '{anchor}'")
    values = {"repo": repo, "version": version, "section": Markup(html)}  # noqa: S704
    template = "pages_section_fragment.html" if _fragment(request) else "pages_section.html"
    return render(request, template, values)
