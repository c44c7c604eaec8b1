"""Single sign-on against a small OIDC provider on 127.0.0.1 (discovery, JWKS, RS256 id_token)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey
from tests.web.conftest import Server, make_server

from medsec.domain.identity import Role
from medsec.project.server_settings import OidcSettings
from medsec.services import accounts

CLIENT_ID = "medsec-test"
CLIENT_SECRET = "s3cret-of-the-test-client"


class Provider:
    """An OIDC provider: authorization code flow, RS256 id_tokens, claims set by the test."""

    def __init__(self) -> None:
        """Generate the signing key; start serving on a free port of 127.0.0.1."""
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})
        self.signing_key = self.key  # a test may swap in a key the JWKS does not list
        self.claims: dict[str, Any] = {"sub": "u-123", "email": "quinn@example.com"}
        self.codes: dict[str, str] = {}  # code -> nonce
        self.token_requests: list[dict[str, list[str]]] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop serving."""
        self.httpd.shutdown()
        self.httpd.server_close()

    def discovery(self) -> dict[str, Any]:
        """The provider metadata."""
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def id_token(self, nonce: str) -> str:
        """An RS256-signed id_token with the test's claims."""
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **self.claims,
        }
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.signing_key)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, value: Any, status: int = 200) -> None:
                body = json.dumps(value).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path == "/.well-known/openid-configuration":
                    self._json(provider.discovery())
                elif parts.path == "/jwks":
                    self._json({"keys": [provider.key.as_dict(private=False)]})
                elif parts.path == "/authorize":
                    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                    assert query["client_id"] == CLIENT_ID
                    code = f"code-{len(provider.codes)}"
                    provider.codes[code] = query["nonce"]
                    back = urlencode({"code": code, "state": query["state"]})
                    self.send_response(302)
                    self.send_header("Location", f"{query['redirect_uri']}?{back}")
                    self.end_headers()
                else:
                    self._json({"error": "not_found"}, 404)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = parse_qs(self.rfile.read(length).decode())
                provider.token_requests.append(form)
                code = form.get("code", [""])[0]
                if code not in provider.codes:
                    self._json({"error": "invalid_grant"}, 400)
                    return
                nonce = provider.codes.pop(code)
                self._json(
                    {
                        "access_token": "at-" + code,
                        "token_type": "Bearer",
                        "expires_in": 300,
                        "id_token": provider.id_token(nonce),
                    }
                )

        return Handler


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[Provider]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    made = Provider()
    yield made
    made.close()


@pytest.fixture
def sso(tmp_path: Path, provider: Provider) -> Iterator[Server]:
    oidc = OidcSettings(
        issuer=provider.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        role_claim="groups",
        role_map={"qa-approvers": Role.APPROVER},
    )
    server = make_server(tmp_path, str(tmp_path / "db.sqlite"), oidc=oidc)
    yield server
    server.store.close()


def _round_trip(server: Server, client: Any, next_: str = "/reauth") -> httpx.Response:
    """Sign in through the provider as a browser would; the callback's response."""
    start = client.get("/login/oidc", params={"next": next_})
    assert start.status_code in (302, 303, 307), start.text
    authorize = start.headers["location"]
    assert authorize.startswith(server.context.settings.oidc.issuer + "/authorize?")
    query = parse_qs(urlsplit(authorize).query)
    assert query["redirect_uri"] == ["https://testserver/auth/callback"]
    assert query["nonce"] and query["state"]
    back = httpx.get(authorize, follow_redirects=False)
    assert back.status_code == 302
    callback = urlsplit(back.headers["location"])
    response: httpx.Response = client.get(f"{callback.path}?{callback.query}")
    return response


def test_single_sign_on_makes_the_account_with_the_mapped_role(
    sso: Server, provider: Provider
) -> None:
    provider.claims.update(name="Quinn Q.", groups=["qa-approvers"], preferred_username="quinn")
    client = sso.client()
    assert "single sign-on" in client.get("/login").text
    done = _round_trip(sso, client, "/reauth?next=/a")
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/reauth?next=/a"
    assert "medsec_session" in client.cookies
    page = client.get("/reauth")
    assert page.status_code == 200
    [account] = [a for a in accounts.list_accounts(sso.engine) if a.role is Role.APPROVER]
    assert account.email == "quinn@example.com"
    assert provider.token_requests, "the code was exchanged at the token endpoint"


def test_unmapped_group_gets_the_default_role(sso: Server, provider: Provider) -> None:
    provider.claims.update(groups=["somebody-else"])
    client = sso.client()
    assert _round_trip(sso, client).status_code == 303
    roles = [a.role for a in accounts.list_accounts(sso.engine)]
    assert roles == [Role.VIEWER]


def test_id_token_signed_with_another_key_is_refused(sso: Server, provider: Provider) -> None:
    provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    client = sso.client()
    refused = _round_trip(sso, client)
    assert refused.status_code == 401
    assert "single sign-on failed" in refused.text
    assert "medsec_session" not in client.cookies
    assert accounts.list_accounts(sso.engine) == []


def test_forged_state_is_refused(sso: Server, provider: Provider) -> None:
    client = sso.client()
    client.get("/login/oidc")
    refused = client.get("/auth/callback?code=code-0&state=forged")
    assert refused.status_code == 401
    assert "single sign-on failed" in refused.text
    assert "medsec_session" not in client.cookies


def test_without_oidc_settings_the_routes_are_404(server: Server) -> None:
    client = server.client()
    assert client.get("/login/oidc").status_code == 404
    assert "single sign-on" not in client.get("/login").text


def test_single_sign_on_account_reauthenticates_at_the_provider(
    sso: Server, provider: Provider
) -> None:
    from tests.web.test_auth_routes import _add_signing_route

    _add_signing_route(sso)
    provider.claims.update(groups=["qa-approvers"], name="Quinn")
    client = sso.client()
    assert _round_trip(sso, client).status_code == 303
    token = sso.csrf_from(client, "/reauth?next=/devices/pump/approvals")
    asked = client.post("/sign-for-test", headers={"X-CSRF-Token": token})
    assert asked.status_code == 403
    assert "/login/oidc?reauth=1" in asked.text
    start = client.get("/login/oidc", params={"reauth": "1", "next": "/devices/pump/approvals"})
    query = parse_qs(urlsplit(start.headers["location"]).query)
    assert query["prompt"] == ["login"]
    assert query["max_age"] == ["0"]
    back = httpx.get(start.headers["location"], follow_redirects=False)
    callback = urlsplit(back.headers["location"])
    done = client.get(f"{callback.path}?{callback.query}")
    assert done.status_code == 303
    assert done.headers["location"] == "/devices/pump/approvals"
    signed = client.post("/sign-for-test", headers={"X-CSRF-Token": token})
    assert signed.status_code == 200, signed.text
    from medsec.services import audit

    newest = audit.entries(sso.engine, limit=1)[0]
    assert (newest.action, newest.actor) == ("reauth", "quinn@example.com")
    assert audit.verify(sso.engine).ok


def test_reauthentication_as_another_person_is_refused(sso: Server, provider: Provider) -> None:
    provider.claims.update(groups=["qa-approvers"])
    client = sso.client()
    assert _round_trip(sso, client).status_code == 303
    start = client.get("/login/oidc", params={"reauth": "1"})
    provider.claims.update(sub="somebody-else")
    back = httpx.get(start.headers["location"], follow_redirects=False)
    callback = urlsplit(back.headers["location"])
    refused = client.get(f"{callback.path}?{callback.query}")
    assert refused.status_code == 403
    assert "not signed in as the confirmed person" in refused.text
