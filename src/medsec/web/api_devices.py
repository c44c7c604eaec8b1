"""Read endpoints of the API: portfolio, devices, versions, checklist, findings, scans, approvals.

Everything a page shows, as JSON. A token reaches these with its ``read`` scope and only for
its own repository; people by role (viewer and up).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from medsec.domain.identity import Principal, Role
from medsec.web import api_approvals, api_choices, api_lookup
from medsec.web.api_models import (
    AssessableOut,
    CheckOut,
    DeviceOut,
    DocumentChoiceOut,
    EndOfSupport,
    ErrorOut,
    FindingsOut,
    PendingApprovalOut,
    PentestChoiceOut,
    ReleaseSummaryOut,
    RepositoryOut,
    ScanOut,
    TrendPointOut,
)
from medsec.web.deps import require

router = APIRouter(prefix="/api/v1", tags=["portfolio"])
Reader = Annotated[Principal, Depends(require(Role.VIEWER, scope="read"))]
ERRORS: dict[int | str, dict[str, Any]] = {403: {"model": ErrorOut}, 404: {"model": ErrorOut}}


def _eos(entry: Any) -> EndOfSupport:
    """One end-of-support entry, a (name, date) pair or an object with those fields."""
    if isinstance(entry, tuple | list):
        return EndOfSupport(component=str(entry[0]), date=entry[1])
    return EndOfSupport(component=str(entry.component), date=entry.date)


def summary_out(s: Any) -> ReleaseSummaryOut:
    """A ``portfolio.ReleaseSummary`` as the API shows it."""
    return ReleaseSummaryOut(
        repository=s.repository,
        device_id=s.device_id,
        device_name=s.device_name,
        version=s.version,
        commit=s.commit,
        released_at=s.released_at,
        items=dict(s.items),
        open_critical=s.open_critical,
        open_kev=s.open_kev,
        overdue=s.overdue,
        end_of_support_12m=[_eos(e) for e in s.end_of_support_12m],
        pentest_age_days=s.pentest_age_days,
        last_cve_analysis=s.last_cve_analysis,
        surface_score=s.surface_score,
        findings=s.findings,
        computed_at=s.computed_at,
        problems=list(s.problems),
    )


def repository_out(repo: Any) -> RepositoryOut:
    """A registered repository as the API shows it (never its path on the server)."""
    return RepositoryOut(
        name=repo.name,
        project_dir=repo.project_dir,
        branch=repo.branch,
        release_pattern=repo.release_pattern,
    )


def visible(principal: Principal, repository: str) -> bool:
    """Whether ``principal`` may see ``repository`` (a token sees only its own)."""
    return principal.repository is None or principal.repository == repository


def summaries(request: Request, principal: Principal, repository: str | None = None) -> list[Any]:
    """Every precomputed version summary the principal may see (of one repository if named)."""
    return stamped_summaries(request, principal, repository)[1]


def stamped_summaries(
    request: Request, principal: Principal, repository: str | None = None
) -> tuple[tuple[Any, ...], list[Any]]:
    """:func:`summaries` with the stamp of the table they were read at (``portfolio.stamp``)."""
    from medsec.services.portfolio import stamped

    now, rows = stamped(api_lookup.server(request).engine)
    return now, [
        s for s in rows if visible(principal, s.repository) and repository in (None, s.repository)
    ]


def device(request: Request, principal: Principal, repo: str) -> DeviceOut:
    """A device with every version's summary and its trend over releases."""
    from medsec.services.portfolio import trend

    row = api_lookup.repository(request, repo, principal)
    versions = [summary_out(s) for s in summaries(request, principal, repo)]
    points = [
        TrendPointOut(
            version=p.version,
            released_at=p.released_at,
            findings=p.findings,
            critical=p.critical,
            surface_score=p.surface_score,
        )
        for p in trend(api_lookup.server(request).engine, repo)
    ]
    return DeviceOut(repository=repository_out(row), versions=versions, trend=points)


@router.get("/portfolio", response_model=list[ReleaseSummaryOut])
def get_portfolio(request: Request, principal: Reader) -> list[ReleaseSummaryOut]:
    """Every device × version with its dashboard figures."""
    return [summary_out(s) for s in summaries(request, principal)]


@router.get("/devices", response_model=list[RepositoryOut])
def get_devices(request: Request, principal: Reader) -> list[RepositoryOut]:
    """The registered repositories (devices) the caller may see."""
    from medsec.services.repositories import list_repositories

    rows = list_repositories(api_lookup.server(request).engine)
    return [repository_out(r) for r in rows if visible(principal, r.name)]


@router.get("/devices/{repo}", response_model=DeviceOut, responses=ERRORS)
def get_device(request: Request, repo: str, principal: Reader) -> DeviceOut:
    """One device: its versions' summaries and the trend of findings and surface score."""
    return device(request, principal, repo)


@router.get("/devices/{repo}/versions", response_model=list[ReleaseSummaryOut], responses=ERRORS)
def get_versions(request: Request, repo: str, principal: Reader) -> list[ReleaseSummaryOut]:
    """The summaries of every version of one device, oldest release first."""
    api_lookup.repository(request, repo, principal)
    return [summary_out(s) for s in summaries(request, principal, repo)]


@router.get("/devices/{repo}/check", response_model=CheckOut, responses=ERRORS)
def get_check(
    request: Request, repo: str, principal: Reader, version: str = api_lookup.CURRENT
) -> CheckOut:
    """The checklist of a version (``current`` by default) and ``medsec check``'s exit status."""
    row = api_lookup.repository(request, repo, principal)
    tree = api_lookup.version_tree(request, row, version)
    return api_lookup.check(row, tree, api_lookup.today())


@router.get(
    "/devices/{repo}/versions/{version}/findings", response_model=FindingsOut, responses=ERRORS
)
def get_findings(request: Request, repo: str, version: str, principal: Reader) -> FindingsOut:
    """The vulnerability findings of the version's latest scan record, with their status."""
    row = api_lookup.repository(request, repo, principal)
    tree = api_lookup.version_tree(request, row, version)
    return api_lookup.findings(row, tree, api_lookup.today())


@router.get("/devices/{repo}/versions/{version}/scan", response_model=ScanOut, responses=ERRORS)
def get_scan(request: Request, repo: str, version: str, principal: Reader) -> ScanOut:
    """The latest monitoring scan of the version (what ``medsec monitor`` recorded)."""
    row = api_lookup.repository(request, repo, principal)
    api_lookup.version_commit(row, version)  # 404 for a version that does not exist
    return api_lookup.latest_scan(request, row, version)


@router.get("/devices/{repo}/approvals", response_model=list[PendingApprovalOut], responses=ERRORS)
def get_approvals(request: Request, repo: str, principal: Reader) -> list[PendingApprovalOut]:
    """Risk acceptances on the branch head waiting for an approver."""
    row = api_lookup.repository(request, repo, principal)
    tree = api_lookup.version_tree(request, row, api_lookup.CURRENT)
    return api_approvals.pending(row, tree, api_lookup.today())


@router.get("/devices/{repo}/assessable", response_model=AssessableOut, responses=ERRORS)
def get_assessable(request: Request, repo: str, principal: Reader) -> AssessableOut:
    """The findings that may be assessed: those of every released version's latest monitoring
    scan and of the branch head's latest scan record, each with its versions and state."""
    row = api_lookup.repository(request, repo, principal)
    head = api_lookup.version_tree(request, row, api_lookup.CURRENT)
    engine = api_lookup.server(request).engine
    return api_choices.assessable(engine, row, head, api_lookup.today())


@router.get(
    "/devices/{repo}/pentest-findings", response_model=list[PentestChoiceOut], responses=ERRORS
)
def get_pentest_findings(request: Request, repo: str, principal: Reader) -> list[PentestChoiceOut]:
    """Every pentest finding of every engagement on the branch head, with its state."""
    row = api_lookup.repository(request, repo, principal)
    head = api_lookup.version_tree(request, row, api_lookup.CURRENT)
    return api_choices.pentest_findings(head)


@router.get("/devices/{repo}/documents", response_model=list[DocumentChoiceOut], responses=ERRORS)
def get_documents(request: Request, repo: str, principal: Reader) -> list[DocumentChoiceOut]:
    """The recorded documents on the branch head, their revisions and signatures."""
    row = api_lookup.repository(request, repo, principal)
    head = api_lookup.version_tree(request, row, api_lookup.CURRENT)
    return api_choices.documents(head)
