"""Every route declares its role, and nothing but the sign-in pages is readable signed out."""

from __future__ import annotations

import re

import pytest
from tests.web.conftest import Server

from medsec.domain.identity import Role
from medsec.web.deps import route_roles

# the routes of the web core (app, sign-in); the pages and API declare theirs in their tests
CORE_ROLES = {
    ("GET", "/login"): "public",
    ("POST", "/login"): "public",
    ("GET", "/login/oidc"): "public",
    ("GET", "/auth/callback"): "public",
    ("GET", "/healthz"): "public",
    ("GET", "/static/{path}"): "public",
    ("POST", "/logout"): Role.VIEWER,
    ("GET", "/reauth"): Role.VIEWER,
    ("POST", "/reauth"): Role.VIEWER,
    ("GET", "/api/openapi.json"): Role.VIEWER,
}
# what may be reached signed out: the sign-in round trips, health, static files; nothing else
PUBLIC_ALLOWED = {key for key, role in CORE_ROLES.items() if role == "public"}


def _concrete(path: str) -> str:
    """A path with every ``{param}`` filled in."""
    return re.sub(r"\{[^}]+\}", "x", path)


def test_every_route_declares_a_role(server: Server) -> None:
    table = route_roles(server.app)
    unguarded = sorted(key for key, role in table.items() if role is None)
    assert not unguarded, f"routes without require(...)/PUBLIC: {unguarded}"
    assert len(table) >= len(CORE_ROLES)


def test_core_route_roles(server: Server) -> None:
    table = route_roles(server.app)
    assert {key: table.get(key) for key in CORE_ROLES} == CORE_ROLES


def test_only_the_sign_in_pages_are_public(server: Server) -> None:
    public = {key for key, role in route_roles(server.app).items() if role == "public"}
    assert public <= PUBLIC_ALLOWED, f"unexpected public routes: {sorted(public - PUBLIC_ALLOWED)}"


def test_nothing_readable_without_sign_in(server: Server) -> None:
    client = server.client()
    checked = 0
    for (method, path), role in route_roles(server.app).items():
        if role == "public":
            continue
        url = _concrete(path)
        response = client.request(method, url)
        checked += 1
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.json()["reason"] == "not-signed-in"
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/login?next="), (method, path)
    assert checked >= 4


def test_a_bogus_token_reads_nothing(server: Server) -> None:
    client = server.client(headers={"Authorization": "Bearer mst_not-a-token"})
    for (method, path), role in route_roles(server.app).items():
        if role == "public":
            continue
        response = client.request(method, _concrete(path))
        assert response.status_code == 401, (method, path, response.status_code)
        assert response.json()["reason"] == "bad-credentials"


def test_a_route_without_a_guard_is_reported(server: Server) -> None:
    @server.app.get("/unguarded-for-test")
    def unguarded() -> dict[str, str]:
        return {}

    assert route_roles(server.app)[("GET", "/unguarded-for-test")] is None


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/devices/pump?x=1", "/devices/pump?x=1"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("/ok\r\nSet-Cookie: x=1", "/"),
    ],
)
def test_sign_in_never_redirects_off_site(server: Server, given: str, expected: str) -> None:
    server.account("alice", Role.VIEWER)
    response = server.sign_in(server.client(), "alice", next_=given)
    assert response.status_code == 303
    assert response.headers["location"] == expected
