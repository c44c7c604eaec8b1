"""The audit trail and administration, for the API and the pages alike.

Lists are read straight from the server tables (never a password or token hash); changes go
through the account service, which records each in the audit trail.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request

from medsec.domain.errors import MedsecError
from medsec.domain.identity import Principal, Role
from medsec.web import api_lookup
from medsec.web.api_devices import repository_out
from medsec.web.api_models import (
    AccountOut,
    AuditEntryOut,
    AuditOut,
    ErrorOut,
    RepositoryOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)
from medsec.web.deps import require

router = APIRouter(prefix="/api/v1", tags=["audit and admin"])
Viewer = Annotated[Principal, Depends(require(Role.VIEWER))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
AUDIT_PAGE = 200
ERRORS: dict[int | str, dict[str, Any]] = {403: {"model": ErrorOut}, 422: {"model": ErrorOut}}


def audit_trail(request: Request, limit: int = AUDIT_PAGE) -> AuditOut:
    """The newest ``limit`` audit entries and the verification of the whole chain."""
    from medsec.services import audit

    engine = api_lookup.server(request).engine
    check = audit.verify(engine)
    entries = [
        AuditEntryOut(
            seq=e.seq,
            at=e.at,
            actor=e.actor,
            action=e.action,
            target=e.target,
            before=e.before,
            after=e.after,
            details=json.loads(e.details),
            hash=e.hash,
        )
        for e in audit.entries(engine, limit=limit)
    ]
    return AuditOut(
        ok=check.ok, entries_checked=check.entries, problems=list(check.problems), entries=entries
    )


def accounts(request: Request) -> list[AccountOut]:
    """Every account, by user name."""
    from medsec.services.accounts import list_accounts

    return [
        AccountOut(
            id=a.id,
            username=a.username,
            display_name=a.display_name,
            email=a.email,
            role=a.role.value,
            disabled=a.disabled,
        )
        for a in list_accounts(api_lookup.server(request).engine)
    ]


def tokens(request: Request) -> list[TokenOut]:
    """Every API token's record (newest first), with its repository's name."""
    from medsec.services.tokens import list_tokens

    return [
        TokenOut(
            id=t.id,
            name=t.name,
            repository=t.repository,
            scopes=sorted(t.scopes),
            expires_at=t.expires_at,
            revoked=t.revoked_at is not None,
        )
        for t in list_tokens(api_lookup.server(request).engine)
    ]


def repositories(request: Request) -> list[RepositoryOut]:
    """Every registered repository."""
    from medsec.services.repositories import list_repositories

    return [repository_out(r) for r in list_repositories(api_lookup.server(request).engine)]


def create_token(request: Request, body: TokenIn, principal: Principal) -> TokenCreatedOut:
    """A new token for one repository (the token service audits it); shown this once."""
    from medsec.services import tokens as token_service

    engine = api_lookup.server(request).engine
    try:
        token = token_service.create_token(
            engine,
            body.account_id,
            body.repository,
            set(body.scopes),
            days=body.days,
            actor=principal,
        )
    except MedsecError as exc:
        raise HTTPException(422, exc.diagnostics()) from exc
    return TokenCreatedOut(token=token, repository=body.repository, scopes=sorted(body.scopes))


def revoke_token(request: Request, token_id: int, principal: Principal) -> None:
    """Revoke one token (the token service audits it)."""
    from medsec.services import tokens as token_service

    try:
        token_service.revoke_token(api_lookup.server(request).engine, token_id, actor=principal)
    except MedsecError as exc:
        raise HTTPException(422, exc.diagnostics()) from exc


@router.get("/audit", response_model=AuditOut)
def get_audit(request: Request, principal: Viewer) -> AuditOut:
    """The newest audit entries and whether the whole hash chain verifies."""
    del principal
    return audit_trail(request)


@router.get("/admin/accounts", response_model=list[AccountOut], responses=ERRORS)
def get_accounts(request: Request, principal: Admin) -> list[AccountOut]:
    """Every account (admin)."""
    del principal
    return accounts(request)


@router.get("/admin/repositories", response_model=list[RepositoryOut], responses=ERRORS)
def get_repositories(request: Request, principal: Admin) -> list[RepositoryOut]:
    """Every registered repository (admin)."""
    del principal
    return repositories(request)


@router.get("/admin/tokens", response_model=list[TokenOut], responses=ERRORS)
def get_tokens(request: Request, principal: Admin) -> list[TokenOut]:
    """Every API token's record (admin); never the tokens themselves."""
    del principal
    return tokens(request)


@router.post("/admin/tokens", response_model=TokenCreatedOut, responses=ERRORS)
def post_token(request: Request, body: TokenIn, principal: Admin) -> TokenCreatedOut:
    """Create an API token scoped to one repository (admin); the token is shown once."""
    return create_token(request, body, principal)


@router.post("/admin/tokens/{token_id}/revoke", status_code=204, responses=ERRORS)
def post_revoke(request: Request, token_id: int, principal: Admin) -> None:
    """Revoke an API token (admin)."""
    revoke_token(request, token_id, principal)
