"""The audit trail and administration, for the API and the pages alike.

Lists are read straight from the server tables (never a password or token hash); changes go
through the account service, which records each in the audit trail.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlalchemy import select

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
    from medsec.storage.server_schema import audit as table

    engine = api_lookup.server(request).engine
    check = audit.verify(engine)
    query = select(table).order_by(table.c.seq.desc()).limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    entries = [
        AuditEntryOut(
            seq=r["seq"],
            at=r["at"],
            actor=r["actor"],
            action=r["action"],
            target=r["target"],
            before=r["before"],
            after=r["after"],
            details=json.loads(r["details"]),
            hash=r["hash"],
        )
        for r in rows
    ]
    return AuditOut(
        ok=check.ok, entries_checked=check.entries, problems=list(check.problems), entries=entries
    )


def accounts(request: Request) -> list[AccountOut]:
    """Every account, by user name."""
    from medsec.storage.server_schema import accounts as table

    query = select(table).order_by(table.c.username)
    with api_lookup.server(request).engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        AccountOut(
            id=r["id"],
            username=r["username"],
            display_name=r["display_name"],
            email=r["email"],
            role=r["role"],
            disabled=bool(r["disabled"]),
        )
        for r in rows
    ]


def tokens(request: Request) -> list[TokenOut]:
    """Every API token's record (newest first), with its repository's name."""
    from medsec.storage.server_schema import api_tokens, repositories

    query = (
        select(api_tokens, repositories.c.name.label("repository"))
        .join(repositories, repositories.c.id == api_tokens.c.repository_id)
        .order_by(api_tokens.c.id.desc())
    )
    with api_lookup.server(request).engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        TokenOut(
            id=r["id"],
            name=r["name"],
            repository=r["repository"],
            scopes=r["scopes"].split(),
            expires_at=r["expires_at"],
            revoked=r["revoked_at"] is not None,
        )
        for r in rows
    ]


def repositories(request: Request) -> list[RepositoryOut]:
    """Every registered repository."""
    from medsec.services.repositories import list_repositories

    return [repository_out(r) for r in list_repositories(api_lookup.server(request).engine)]


def create_token(request: Request, body: TokenIn, principal: Principal) -> TokenCreatedOut:
    """A new token for one repository (the account service audits it); shown this once."""
    from medsec.services import accounts as account_service

    engine = api_lookup.server(request).engine
    try:
        token = account_service.create_token(
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
    """Revoke one token (the account service audits it)."""
    from medsec.services import accounts as account_service

    try:
        account_service.revoke_token(api_lookup.server(request).engine, token_id, actor=principal)
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
