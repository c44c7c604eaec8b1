"""Pages that change a device's project: approvals, assessments, pentest states, signatures.

Each form posts to a route that calls the same function as its API endpoint
(``api_changes``): the project file is edited through the existing writer, committed with the
signed-in user as author, and audited; the answer shows the commit and the audit entry. A
signature (approval, document revision) needs the approver role and the password again: the
form carries it, or a re-authentication of the last five minutes counts.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse

from medsec.domain.identity import Principal, Role
from medsec.domain.pentest import FindingState
from medsec.domain.vulnerability import Justification, VexState
from medsec.web import api_approvals, api_changes, api_choices, api_lookup
from medsec.web.api_models import (
    ApprovalIn,
    AssessmentIn,
    ChangeOut,
    PentestStateIn,
    SignatureIn,
)
from medsec.web.deps import reauthenticate, require, require_reauth
from medsec.web.pages import render

router = APIRouter(tags=["pages"], include_in_schema=False)
Viewer = Annotated[Principal, Depends(require(Role.VIEWER))]
Engineer = Annotated[Principal, Depends(require(Role.ENGINEER))]
Approver = Annotated[Principal, Depends(require(Role.APPROVER))]
Text = Annotated[str, Form(max_length=4000)]
Optional = Annotated[str | None, Form(max_length=4000)]


def _signed(request: Request, password: str | None) -> None:
    """The signer's identity proven again: by the password in the form, or a recent one."""
    if password:
        reauthenticate(request, password)
    else:
        require_reauth(request)


def _done(request: Request, repo: str, what: str, change: ChangeOut) -> HTMLResponse:
    """The page after a change: what was done, its commit and its audit entry."""
    values = {"repo": repo, "what": what, "change": change}
    return render(request, "pages_change_done.html", values)


@router.get("/devices/{repo}/approvals", response_class=HTMLResponse)
def approvals(request: Request, repo: str, principal: Viewer) -> HTMLResponse:
    """The risk acceptances on the branch head waiting for an approver's signature."""
    row = api_lookup.repository(request, repo, principal)
    head = api_lookup.version_tree(request, row, api_lookup.CURRENT)
    values = {
        "repo": repo,
        "head": head.commit,
        "pending": api_approvals.pending(row, head, api_lookup.today()),
        "can_approve": principal.role.allows(Role.APPROVER),
    }
    return render(request, "pages_approvals.html", values)


@router.post("/devices/{repo}/approvals", response_class=HTMLResponse)
def approve(
    request: Request,
    repo: str,
    principal: Approver,
    threat_id: Text,
    meaning: Text,
    password: Optional = None,
    expected_head: Optional = None,
) -> HTMLResponse:
    """Approve one risk acceptance: re-authenticated, committed, audited."""
    _signed(request, password)
    body = ApprovalIn(threat_id=threat_id, meaning=meaning, expected_head=expected_head)
    change = api_changes.approve(request, repo, principal, body)
    return _done(request, repo, f"Approved the risk acceptance of {threat_id}", change)


@router.get("/devices/{repo}/changes", response_class=HTMLResponse)
def change_forms(request: Request, repo: str, principal: Engineer) -> HTMLResponse:
    """Forms: assess a vulnerability, set a pentest finding's state, sign a document revision."""
    row = api_lookup.repository(request, repo, principal)
    head = api_lookup.version_tree(request, row, api_lookup.CURRENT)
    engine = api_lookup.server(request).engine
    values = {
        "repo": repo,
        "head": head.commit,
        "assessable": api_choices.assessable(engine, row, head, api_lookup.today()),
        "vex_states": [s.value for s in VexState],
        "justifications": [j.value for j in Justification],
        "pentest": api_choices.pentest_findings(head),
        "pentest_states": [s.value for s in FindingState],
        "documents": api_choices.documents(head),
        "can_sign": principal.role.allows(Role.APPROVER),
    }
    return render(request, "pages_changes.html", values)


def _split(choice: str | None, sep: str, first: str | None, second: str | None) -> tuple[str, str]:
    """The two parts of a form's combined choice (``engagement/finding``, ``document@3``), or
    the two separate fields an API client or older form sends; 422 when neither is whole."""
    if choice:
        left, found, right = choice.partition(sep) if sep == "/" else choice.rpartition(sep)
        if found and left and right:
            return left, right
    if first and second:
        return first, second
    raise HTTPException(422, "choose an entry from the list (the form sent none)")


@router.post("/devices/{repo}/assessments", response_class=HTMLResponse)
def assess(
    request: Request,
    repo: str,
    principal: Engineer,
    finding_id: Text,
    state: Text,
    justification: Optional = None,
    detail: Optional = None,
    expected_head: Optional = None,
) -> HTMLResponse:
    """Assess one vulnerability finding (vulnerabilities.yaml)."""
    body = AssessmentIn(
        finding_id=finding_id,
        state=state,
        justification=justification or None,
        detail=detail or None,
        expected_head=expected_head or None,
    )
    change = api_changes.assess(request, repo, principal, body)
    return _done(request, repo, f"Assessed {finding_id} as {state}", change)


@router.post("/devices/{repo}/pentest-states", response_class=HTMLResponse)
def pentest_state(
    request: Request,
    repo: str,
    principal: Engineer,
    state: Text,
    pentest_finding: Optional = None,
    engagement: Optional = None,
    finding_id: Optional = None,
    note: Optional = None,
    change: Optional = None,
    rationale: Optional = None,
    retest: Optional = None,
    expected_head: Optional = None,
) -> HTMLResponse:
    """Move one pentest finding in its workflow (the engagement's findings.yaml).

    The form sends ``pentest_finding`` as ``engagement/finding id``."""
    engagement, finding_id = _split(pentest_finding, "/", engagement, finding_id)
    body = PentestStateIn(
        engagement=engagement,
        finding_id=finding_id,
        state=state,
        note=note or None,
        change=change or None,
        rationale=rationale or None,
        retest=retest or None,
        expected_head=expected_head or None,
    )
    done = api_changes.pentest_state(request, repo, principal, body)
    return _done(request, repo, f"Set {engagement}/{finding_id} to {state}", done)


@router.post("/devices/{repo}/signatures", response_class=HTMLResponse)
def sign(
    request: Request,
    repo: str,
    principal: Approver,
    meaning: Text,
    document_revision: Optional = None,
    document: Optional = None,
    revision: Optional = None,
    password: Optional = None,
    expected_head: Optional = None,
) -> HTMLResponse:
    """Sign one document revision: re-authenticated, committed, audited.

    The form sends ``document_revision`` as ``document@revision``."""
    document, revision = _split(document_revision, "@", document, revision)
    _signed(request, password)
    body = SignatureIn(
        document=document,
        revision=revision,
        meaning=meaning,
        expected_head=expected_head or None,
    )
    change = api_changes.sign(request, repo, principal, body)
    return _done(request, repo, f"Signed {document} revision {revision}", change)
