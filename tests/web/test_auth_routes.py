"""Signing in and out with local accounts, lockout, rate limits, re-authentication to sign."""

from __future__ import annotations

import html
from typing import Annotated

from fastapi import Depends
from fastapi.responses import PlainTextResponse
from tests.web.conftest import PASSWORD, Server

from medsec.domain.identity import Principal, Role
from medsec.web.deps import require, require_reauth


def _add_signing_route(server: Server) -> None:
    """POST /sign-for-test: approvers, after a re-authentication."""

    @server.app.post("/sign-for-test", dependencies=[Depends(require(Role.APPROVER))])
    def sign(who: Annotated[Principal, Depends(require_reauth)]) -> PlainTextResponse:
        return PlainTextResponse(f"signed by {who.username}")


def test_sign_in_and_out(any_server: Server) -> None:
    any_server.account("alice", Role.VIEWER)
    client = any_server.client()
    response = any_server.sign_in(client, "alice", next_="/reauth?next=/x")
    assert response.status_code == 303
    assert response.headers["location"] == "/reauth?next=/x"
    page = client.get("/reauth")
    assert page.status_code == 200
    assert "Alice" in page.text and "viewer" in page.text
    assert client.get("/login").status_code == 303, "signed in: the form sends you on"
    cookie = client.cookies.get("medsec_session")
    client.post("/logout", headers={"X-CSRF-Token": any_server.csrf(client)})
    assert client.get("/reauth").status_code == 303
    assert cookie
    replay = any_server.client(cookies={"medsec_session": cookie})
    assert replay.get("/reauth").status_code == 303, "an ended session's cookie opens nothing"


def test_wrong_password_and_lockout(any_server: Server) -> None:
    any_server.account("bob", Role.ENGINEER)
    client = any_server.client()
    codes = [any_server.sign_in(client, "bob", "not the password") for _ in range(5)]
    assert [c.status_code for c in codes] == [401, 401, 401, 401, 403]
    assert "the user name or password is wrong" in codes[0].text
    assert "locked" in codes[-1].text, "the fifth failure locks the account"
    locked = any_server.sign_in(client, "bob", PASSWORD)
    assert locked.status_code == 403
    assert "the account is locked" in locked.text
    assert "medsec_session" not in client.cookies


def test_rate_limited_per_client_address(any_server: Server) -> None:
    client = any_server.client()
    codes = [any_server.sign_in(client, f"nobody{i}", "x").status_code for i in range(12)]
    assert codes[:10] == [401] * 10
    assert codes[-1] == 429
    assert "wait a minute" in any_server.sign_in(client, "nobody", "x").text


def test_sign_in_form_needs_its_own_token(server: Server) -> None:
    server.account("alice", Role.VIEWER)
    client = server.client()
    form = {"username": "alice", "password": PASSWORD, "next": "/", "login_csrf": "forged"}
    response = client.post("/login", data=form)
    assert response.status_code == 403
    assert "medsec_session" not in client.cookies


def test_disabled_account_cannot_sign_in(server: Server) -> None:
    from medsec.services import accounts

    server.account("dora", Role.ENGINEER)
    accounts.disable_account(server.engine, "dora")
    response = server.sign_in(server.client(), "dora")
    assert response.status_code == 403
    assert "disabled" in response.text


def test_signature_needs_reauthentication(server: Server) -> None:
    _add_signing_route(server)
    client = server.signed_in("alice", Role.APPROVER)
    token = server.csrf(client)
    asked = client.post(
        "/sign-for-test",
        headers={"X-CSRF-Token": token, "Referer": "https://testserver/devices/pump/approvals"},
    )
    assert asked.status_code == 403
    assert 'action="/reauth"' in asked.text
    assert 'value="/devices/pump/approvals"' in asked.text
    as_json = client.post(
        "/sign-for-test", headers={"X-CSRF-Token": token, "Accept": "application/json"}
    )
    assert as_json.status_code == 403
    assert as_json.json()["reauth"] == "/reauth"
    htmx = client.post("/sign-for-test", headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert htmx.headers["hx-redirect"].startswith("/reauth?next=")
    wrong = client.post("/reauth", data={"csrf_token": token, "password": "nope", "next": "/x"})
    assert wrong.status_code == 403
    assert "the user name or password is wrong" in wrong.text
    right = client.post("/reauth", data={"csrf_token": token, "password": PASSWORD, "next": "/x"})
    assert right.status_code == 303
    assert right.headers["location"] == "/x"
    signed = client.post("/sign-for-test", headers={"X-CSRF-Token": token})
    assert signed.status_code == 200
    assert signed.text == "signed by alice"


def test_engineer_cannot_sign_even_after_reauthentication(server: Server) -> None:
    _add_signing_route(server)
    client = server.signed_in("erin", Role.ENGINEER)
    token = server.csrf(client)
    client.post("/reauth", data={"csrf_token": token, "password": PASSWORD, "next": "/"})
    response = client.post("/sign-for-test", headers={"X-CSRF-Token": token})
    assert response.status_code == 403
    assert "needs 'approver'" in html.unescape(response.text)


def test_unsigned_browser_goes_to_sign_in_and_comes_back(server: Server) -> None:
    server.account("alice", Role.VIEWER)
    client = server.client()
    response = client.get("/reauth?next=/audit")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/reauth%3Fnext%3D/audit"
    htmx = client.get("/reauth", headers={"HX-Request": "true"})
    assert htmx.status_code == 401
    assert htmx.headers["hx-redirect"].startswith("/login?next=")
