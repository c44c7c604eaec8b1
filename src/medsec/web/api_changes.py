"""Write endpoints of the API: approvals, assessments, pentest finding states, signatures.

Each calls one use case of ``medsec.services.changes`` (which edits the project file through
the existing writers, commits it with the signed-in user as author and records the audit
entry) and answers with the commit and the audit sequence number. Approving a risk
acceptance and signing a document revision need the approver role and a re-authentication
within five minutes; a token never signs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from medsec.domain.identity import Principal, Role
from medsec.web import api_lookup
from medsec.web.api_models import (
    ApprovalIn,
    AssessmentIn,
    ChangeOut,
    ErrorOut,
    PentestStateIn,
    SignatureIn,
)
from medsec.web.deps import require, require_reauth

router = APIRouter(prefix="/api/v1/devices/{repo}", tags=["changes"])
Engineer = Annotated[Principal, Depends(require(Role.ENGINEER))]
Approver = Annotated[Principal, Depends(require(Role.APPROVER))]
Signer = Annotated[Principal, Depends(require_reauth)]
ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorOut},
    404: {"model": ErrorOut},
    409: {"model": ErrorOut},
    422: {"model": ErrorOut},
}


def apply(
    request: Request, repo: str, principal: Principal, use_case: Callable[[Any], Any]
) -> ChangeOut:
    """Run one change use case on the registered repository.

    Its errors go to the app's handler: a commit the repository refuses (conflict, dirty,
    wrong branch: 409; read-only: 503), a bad value (422), each with what to do.
    """
    row = api_lookup.repository(request, repo, principal)
    change = use_case(row)
    return ChangeOut(
        commit=change.commit, paths=[str(p) for p in change.paths], audit_seq=change.audit_seq
    )


def approve(request: Request, repo: str, principal: Principal, body: ApprovalIn) -> ChangeOut:
    """Approve one risk acceptance (the use case of the page and the API)."""
    from medsec.services import changes

    engine = api_lookup.server(request).engine
    return apply(
        request,
        repo,
        principal,
        lambda row: changes.approve_risk_acceptance(
            engine, row, body.threat_id, principal, body.meaning, body.expected_head
        ),
    )


def assess(request: Request, repo: str, principal: Principal, body: AssessmentIn) -> ChangeOut:
    """Record the assessment of one vulnerability finding."""
    from medsec.services import changes

    engine = api_lookup.server(request).engine
    return apply(
        request,
        repo,
        principal,
        lambda row: changes.assess_vulnerability(
            engine,
            row,
            body.finding_id,
            principal,
            body.state,
            body.justification,
            body.detail,
            body.expected_head,
        ),
    )


def pentest_state(
    request: Request, repo: str, principal: Principal, body: PentestStateIn
) -> ChangeOut:
    """Move one pentest finding in its workflow."""
    from medsec.services import changes

    engine = api_lookup.server(request).engine
    return apply(
        request,
        repo,
        principal,
        lambda row: changes.set_pentest_finding_state(
            engine,
            row,
            body.engagement,
            body.finding_id,
            principal,
            body.state,
            body.note,
            body.expected_head,
            change=body.change,
            rationale=body.rationale,
            expires=body.expires,
            retest=body.retest,
        ),
    )


def sign(request: Request, repo: str, principal: Principal, body: SignatureIn) -> ChangeOut:
    """Sign one revision of a project document."""
    from medsec.services import changes

    engine = api_lookup.server(request).engine
    return apply(
        request,
        repo,
        principal,
        lambda row: changes.sign_document_revision(
            engine,
            row,
            body.document,
            body.revision,
            principal,
            body.meaning,
            body.expected_head,
        ),
    )


@router.post("/approvals", response_model=ChangeOut, responses=ERRORS)
def post_approval(
    request: Request, repo: str, body: ApprovalIn, principal: Approver, signer: Signer
) -> ChangeOut:
    """Approve a pending risk acceptance (approver, re-authenticated): a commit and an audit entry."""
    del signer
    return approve(request, repo, principal, body)


@router.post("/assessments", response_model=ChangeOut, responses=ERRORS)
def post_assessment(
    request: Request, repo: str, body: AssessmentIn, principal: Engineer
) -> ChangeOut:
    """Assess a vulnerability finding in vulnerabilities.yaml (engineer)."""
    return assess(request, repo, principal, body)


@router.post("/pentest-states", response_model=ChangeOut, responses=ERRORS)
def post_pentest_state(
    request: Request, repo: str, body: PentestStateIn, principal: Engineer
) -> ChangeOut:
    """Set a pentest finding's state in its engagement's findings.yaml (engineer)."""
    return pentest_state(request, repo, principal, body)


@router.post("/signatures", response_model=ChangeOut, responses=ERRORS)
def post_signature(
    request: Request, repo: str, body: SignatureIn, principal: Approver, signer: Signer
) -> ChangeOut:
    """Sign a document revision (approver, re-authenticated): a commit and an audit entry."""
    del signer
    return sign(request, repo, principal, body)
