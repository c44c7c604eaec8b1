"""Uploads from CI: an SBOM or a pentest report, read by medsec's hardened readers first.

The order is the safety: the bytes are read with a size bound, parsed by the same readers
``medsec sbom`` and ``medsec pentest import`` use (``medsec.sources.sbom.registry.read``,
``medsec.sources.scanners.registry.read``: bounded, defused XML, depth and expansion limits),
and only a file they accept is written to the project, inside ``git.editing`` (which restores
the paths on any failure) and committed with the uploader as author. A hostile, oversized or
broken file is a 422 with the reader's message, and nothing is written or committed.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from medsec.domain.errors import MedsecError
from medsec.domain.identity import Principal, Role
from medsec.web import api_lookup
from medsec.web import api_upload_readers as readers
from medsec.web.api_models import ErrorOut, UploadOut
from medsec.web.api_upload_readers import (
    Parsed,
    in_repository,
    parse_report,
    parse_sbom,
    refuse,
    upload_name,
)
from medsec.web.deps import require

router = APIRouter(prefix="/api/v1/devices/{repo}/uploads", tags=["uploads"])
ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorOut},
    404: {"model": ErrorOut},
    409: {"model": ErrorOut},
    422: {"model": ErrorOut},
}


def _sbom_target(repo: Any, tree: Path, path: str) -> str:
    """``path`` if the project names it as an SBOM, else a 422 listing the ones it names."""
    known = readers.project_sboms(tree)
    if path not in known:
        raise refuse(
            f"'{path}' is not an SBOM of {repo.name}: upload to one the project names "
            f"({', '.join(known) or 'none'}), or add it to medsec.yaml first"
        )
    return path


def _upload_out(kind: str, path: str, change: Any, parsed: Parsed) -> UploadOut:
    """The response of a committed upload."""
    return UploadOut(
        kind="sbom" if kind == "sbom" else "pentest",
        path=path,
        commit=change.commit,
        audit_seq=change.audit_seq,
        warnings=parsed.warnings,
        components=parsed.components,
        findings=parsed.findings,
    )


Uploader = Annotated[Principal, Depends(require(Role.ENGINEER, scope="upload"))]


@router.post("/sbom", response_model=UploadOut, responses=ERRORS)
async def upload_sbom(
    request: Request,
    repo: str,
    principal: Uploader,
    file: Annotated[UploadFile, File(description="the SBOM (any format medsec reads)")],
    path: Annotated[
        str, Form(description="the project's SBOM it replaces, e.g. sbom/fw.spdx.json")
    ],
    expected_head: Annotated[str | None, Form()] = None,
) -> UploadOut:
    """Replace one of the project's SBOMs; read by the hardened readers before it is committed."""
    from medsec.web.api_commit import commit_files

    row = api_lookup.repository(request, repo, principal)
    name = upload_name(file.filename)
    data = await readers.read_upload(file, readers.UPLOAD_MAX_BYTES)
    parsed = parse_sbom(data, f"upload {name}")
    head = api_lookup.version_tree(request, row, api_lookup.CURRENT)
    target = _sbom_target(row, head.tree, path)
    git_path = in_repository(row, target)

    def write(worktree: Path) -> None:
        """Write the accepted bytes over the SBOM in the working tree."""
        (worktree / git_path).write_bytes(data)

    change = commit_files(
        request,
        row,
        principal,
        [git_path],
        write,
        message=f"Upload SBOM {target} ({hashlib.sha256(data).hexdigest()[:12]})",
        action="upload.sbom",
        expected_head=expected_head,
    )
    return _upload_out("sbom", target, change, parsed)


@router.post("/pentest", response_model=UploadOut, responses=ERRORS)
async def upload_pentest(
    request: Request,
    repo: str,
    principal: Uploader,
    file: Annotated[UploadFile, File(description="the pentest or scanner report")],
    engagement: Annotated[str, Form(description="the engagement id in medsec.yaml")],
    report_format: Annotated[str | None, Form(alias="format")] = None,
    expected_head: Annotated[str | None, Form()] = None,
) -> UploadOut:
    """Import a pentest report into an engagement; read before anything is written."""
    row = api_lookup.repository(request, repo, principal)
    name = upload_name(file.filename)
    data = await readers.read_upload(file, readers.UPLOAD_MAX_BYTES)
    parsed = parse_report(data, f"upload {name}", report_format)
    change = import_report(
        request, row, principal, (name, data, engagement, report_format), expected_head
    )
    return _upload_out("pentest", in_repository(row, "pentests", engagement, name), change, parsed)


def import_report(
    request: Request,
    repo: Any,
    principal: Principal,
    upload: tuple[str, bytes, str, str | None],
    expected_head: str | None,
) -> Any:
    """Import the (already read) report with ``medsec pentest import``'s service and commit it."""
    from medsec.domain.paths import PENTESTS_DIR
    from medsec.services import pentest
    from medsec.services.pentest_findings import engagement as find_engagement
    from medsec.web.api_commit import commit_files

    name, data, engagement, forced = upload
    head = api_lookup.version_tree(request, repo, api_lookup.CURRENT)
    try:
        from medsec.project.loader import load_project

        find_engagement(load_project(head.tree), engagement)
    except MedsecError as exc:
        raise refuse(exc.diagnostics()) from exc
    folder = in_repository(repo, PENTESTS_DIR, engagement)
    paths = [f"{folder}/{name}", f"{folder}/findings.yaml"]

    def write(worktree: Path) -> None:
        """Run the import on the working tree from a temporary copy of the upload."""
        with tempfile.TemporaryDirectory(prefix="medsec-upload-") as tmp:
            report = Path(tmp) / name
            report.write_bytes(data)
            root = worktree / repo.project_dir
            options = pentest.ImportOptions(root, report, api_lookup.today(), engagement, forced)
            pentest.import_report(options)

    return commit_files(
        request,
        repo,
        principal,
        paths,
        write,
        message=f"Import pentest report {name} into {engagement}",
        action="upload.pentest",
        expected_head=expected_head,
    )
