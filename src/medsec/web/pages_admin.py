"""The audit trail page and the admin page (accounts, repositories, tokens).

The audit page shows whether the whole hash chain verifies, and each problem when it does
not; the admin page lists accounts, repositories and token records, creates a token for one
repository (shown once) and revokes one. Account and repository changes stay with the CLI
(``medsec user``, ``medsec repo``), which the page names.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from medsec.domain.identity import Principal, Role
from medsec.web import api_admin
from medsec.web.api_models import TokenCreatedOut, TokenIn
from medsec.web.deps import require
from medsec.web.pages import render

router = APIRouter(tags=["pages"], include_in_schema=False)
Viewer = Annotated[Principal, Depends(require(Role.VIEWER))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, principal: Viewer) -> HTMLResponse:
    """The newest audit entries and the verification of the whole chain."""
    del principal
    return render(request, "pages_audit.html", {"audit": api_admin.audit_trail(request)})


def _admin(request: Request, created: TokenCreatedOut | None = None) -> HTMLResponse:
    """The admin page, with a token just created shown once."""
    values = {
        "accounts": api_admin.accounts(request),
        "repositories": api_admin.repositories(request),
        "tokens": api_admin.tokens(request),
        "created": created,
    }
    return render(request, "pages_admin.html", values)


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, principal: Admin) -> HTMLResponse:
    """Accounts, repositories and API tokens (admin)."""
    del principal
    return _admin(request)


@router.post("/admin/tokens", response_class=HTMLResponse)
def create_token(
    request: Request,
    principal: Admin,
    account_id: Annotated[int, Form()],
    repository: Annotated[str, Form(max_length=200)],
    scopes: Annotated[list[str], Form()],
    days: Annotated[int, Form()] = 90,
) -> HTMLResponse:
    """Create a token for one repository; the page shows it this once."""
    try:
        body = TokenIn.model_validate(
            {"account_id": account_id, "repository": repository, "scopes": scopes, "days": days}
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise HTTPException(422, f"the token cannot be created: {problems}") from exc
    return _admin(request, api_admin.create_token(request, body, principal))


@router.post("/admin/tokens/{token_id}/revoke", response_class=HTMLResponse)
def revoke_token(request: Request, token_id: int, principal: Admin) -> HTMLResponse:
    """Revoke one token."""
    api_admin.revoke_token(request, token_id, principal)
    return _admin(request)
