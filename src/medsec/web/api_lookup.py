"""What the pages and the API both read: a repository, a version's tree, its checklist,
findings and latest scan (pending approvals: ``api_approvals``; what the change forms offer:
``api_choices``). One home for each, so a page and its API endpoint never disagree.

A version is a released tag matching the repository's pattern, or ``current`` (the head of
its branch); its project folder is the one ``git.materialise`` writes for that commit.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from sqlalchemy import select

from medsec.domain.identity import Principal
from medsec.web.api_models import (
    CheckItemOut,
    CheckOut,
    FindingOut,
    FindingsOut,
    ScanOut,
)
from medsec.web.context import ServerContext, context_of

CURRENT = "current"


def server(request: Request) -> ServerContext:
    """The ``ServerContext`` of the app serving ``request`` (engine, settings, state folder)."""
    return context_of(request)


def today() -> dt.date:
    """The day pages and API judge deadlines and support by."""
    return dt.date.today()


def repository(request: Request, name: str, principal: Principal) -> Any:
    """The registered repository ``name`` (404 when unknown) that ``principal`` may reach."""
    from medsec.services.repositories import get_repository
    from medsec.web.deps import require_repository

    require_repository(request, principal, name)
    repo = get_repository(server(request).engine, name)
    if repo is None:
        raise HTTPException(404, f"no repository '{name}' is registered (see medsec repo list)")
    return repo


@dataclass(frozen=True)
class VersionTree:
    """A version of a repository: its commit and the project folder at that commit."""

    version: str
    commit: str
    tree: Path


def version_commit(repo: Any, version: str) -> str:
    """The commit of a released version (a tag matching the pattern) or of ``current``."""
    from medsec.project import git

    path = Path(repo.path)
    if version == CURRENT:
        return str(git.head(path, repo.branch))
    for release in git.releases(path, repo.release_pattern):
        if release.version == version:
            return str(release.commit)
    raise HTTPException(
        404,
        f"'{version}' is not a released version of {repo.name} (a tag matching "
        f"'{repo.release_pattern}') nor '{CURRENT}'",
    )


def version_tree(request: Request, repo: Any, version: str) -> VersionTree:
    """The project folder of ``repo`` at ``version``, materialised in the state folder."""
    from medsec.project import git

    commit = version_commit(repo, version)
    cache = Path(server(request).state_dir) / "trees"
    tree = git.materialise(Path(repo.path), commit, repo.project_dir, cache)
    return VersionTree(version, commit, Path(tree))


def check(repo: Any, version: VersionTree, when: dt.date) -> CheckOut:
    """The checklist of the version and the exit status ``medsec check`` would give it."""
    from medsec.engines.compliance.checklist import passes
    from medsec.services import check as check_service

    result = check_service.run(check_service.CheckOptions(version.tree, when))
    gate = result.context.project.policy.gate
    items = [
        CheckItemOut(
            id=i.id.value,
            title=i.title,
            mandatory=i.mandatory,
            status=i.status.value,
            summary=i.summary,
        )
        for i in result.checklist.items
    ]
    return CheckOut(
        repository=repo.name,
        version=version.version,
        commit=version.commit,
        gate=gate.value,
        exit_status=0 if passes(result.checklist, gate) else 1,
        items=items,
    )


def findings(repo: Any, version: VersionTree, when: dt.date) -> FindingsOut:
    """The findings of the latest scan record in the project at that version, with statuses."""
    from medsec.project.loader import load_project
    from medsec.services.vuln_status import current_statuses

    project = load_project(version.tree)
    record, statuses = current_statuses(version.tree, project, when)
    rows = [
        FindingOut(
            id=s.finding.id,
            advisory=s.finding.advisory,
            component=" ".join(
                filter(None, (s.finding.component.name, s.finding.component.version))
            ),
            severity=s.finding.severity,
            kev=s.finding.kev,
            state=s.state.value,
            closed=s.closed,
            overdue_triage=s.overdue_triage,
            overdue_remediation=s.overdue_remediation,
        )
        for s in statuses
    ]
    return FindingsOut(repository=repo.name, version=version.version, record=record, findings=rows)


def latest_scan(request: Request, repo: Any, version: str) -> ScanOut:
    """The newest row of ``release_scans`` for the version; every field None when never scanned."""
    from medsec.storage.server_schema import release_scans

    t = release_scans
    query = (
        select(t)
        .where(t.c.repository_id == repo.id, t.c.version == version)
        .order_by(t.c.scanned_at.desc(), t.c.id.desc())
        .limit(1)
    )
    with server(request).engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    if row is None:
        return ScanOut(
            repository=repo.name,
            version=version,
            scanned_at=None,
            commit=None,
            findings=None,
            critical=None,
            kev=None,
            record_path=None,
            record_commit=None,
        )
    return ScanOut(
        repository=repo.name,
        version=version,
        scanned_at=row["scanned_at"],
        commit=row["commit"],
        findings=row["findings"],
        critical=row["critical"],
        kev=row["kev"],
        record_path=row["record_path"],
        record_commit=row["record_commit"],
        result=json.loads(row["result"]),
    )
