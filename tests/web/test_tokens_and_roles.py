"""API tokens (repository, scopes, expiry, revocation) and role escalation attempts: 403, audited."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import PlainTextResponse
from sqlalchemy import select, update
from tests.web.conftest import Server

from medsec.domain.identity import Principal, Role
from medsec.services import accounts, audit, tokens
from medsec.storage.server_schema import api_tokens
from medsec.storage.server_schema import audit as audit_table
from medsec.web.deps import require, require_repository


def _add_routes(server: Server) -> None:
    """An upload route of a repository (engineer, scope upload) and an admin role change."""

    @server.app.post("/api/v1/test/{repo}/upload")
    def upload(
        repo: str,
        request: Request,
        who: Annotated[Principal, Depends(require(Role.ENGINEER, scope="upload"))],
    ) -> PlainTextResponse:
        require_repository(request, who, repo)
        return PlainTextResponse(f"{who.username} -> {repo}")

    @server.app.post("/test-admin/{name}/role")
    def set_role(
        name: str, who: Annotated[Principal, Depends(require(Role.ADMIN))]
    ) -> PlainTextResponse:
        return PlainTextResponse("changed")


def _denials(server: Server) -> list[dict[str, object]]:
    """The access.denied audit entries, oldest first."""
    with server.engine.connect() as conn:
        rows = conn.execute(
            select(audit_table).where(audit_table.c.action == "access.denied").order_by("seq")
        ).mappings()
        return [dict(r) for r in rows]


def _token(server: Server, role: Role = Role.ENGINEER, scopes: set[str] | None = None) -> str:
    """A token of a new account with ``role`` for repository 'pump'."""
    who = server.account(f"ci{role.value}", role)
    for name in ("pump", "monitor"):
        with contextlib.suppress(Exception):  # already there
            server.repository(name)
    return tokens.create_token(server.engine, who.account_id, "pump", scopes or {"upload"})


def test_token_reaches_its_repository_only(server: Server) -> None:
    _add_routes(server)
    client = server.client(headers={"Authorization": f"Bearer {_token(server)}"})
    assert client.post("/api/v1/test/pump/upload").text == "ciengineer -> pump"
    other = client.post("/api/v1/test/monitor/upload")
    assert other.status_code == 403
    assert "for repository 'pump', not 'monitor'" in other.json()["detail"]
    denied = _denials(server)
    assert len(denied) == 1
    assert denied[0]["actor"] == "ciengineer"
    assert denied[0]["target"] == "POST /api/v1/test/monitor/upload"


def test_token_needs_the_scope_and_never_opens_pages(server: Server) -> None:
    _add_routes(server)
    client = server.client(headers={"Authorization": f"Bearer {_token(server, scopes={'read'})}"})
    assert client.post("/api/v1/test/pump/upload").status_code == 403
    page = client.get("/reauth")
    assert page.status_code == 403
    assert "API token cannot do this" in page.json()["detail"]
    assert len(_denials(server)) == 2


def test_expired_and_revoked_tokens(server: Server) -> None:
    _add_routes(server)
    token = _token(server)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    with server.engine.begin() as conn:
        conn.execute(update(api_tokens).values(expires_at=past))
    client = server.client(headers={"Authorization": f"Bearer {token}"})
    expired = client.post("/api/v1/test/pump/upload")
    assert expired.status_code == 401
    assert expired.json()["reason"] == "expired"
    assert "medsec token create" in expired.json()["detail"]
    assert expired.headers["www-authenticate"] == "Bearer"


def test_engineer_posting_to_an_approver_route_is_refused_and_audited(server: Server) -> None:
    from tests.web.test_auth_routes import _add_signing_route

    _add_signing_route(server)
    client = server.signed_in("erin", Role.ENGINEER)
    response = client.post("/sign-for-test", headers={"X-CSRF-Token": server.csrf(client)})
    assert response.status_code == 403
    [entry] = _denials(server)
    assert entry["actor"] == "erin"
    assert entry["target"] == "POST /sign-for-test"
    assert json.loads(str(entry["details"]))["needed"] == "approver"
    assert audit.verify(server.engine).ok


def test_viewer_changing_its_own_role_is_refused_and_audited(server: Server) -> None:
    _add_routes(server)
    client = server.signed_in("vic", Role.VIEWER)
    token = server.csrf(client)
    response = client.post("/test-admin/vic/role", data={"role": "admin", "csrf_token": token})
    assert response.status_code == 403
    assert "your role 'viewer' may not do this" in html.unescape(response.text)
    [entry] = _denials(server)
    assert entry["actor"] == "vic"
    assert json.loads(str(entry["details"]))["role"] == "viewer"
    assert [a.role for a in accounts.list_accounts(server.engine) if a.username == "vic"] == [
        Role.VIEWER
    ]
