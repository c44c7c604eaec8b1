"""CSRF, cookie flags, security headers, body size and no inline script or style anywhere."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from fastapi import Depends
from fastapi.responses import PlainTextResponse
from tests.web.conftest import Server, make_server

from medsec.domain.identity import Principal, Role
from medsec.web.context import STATIC_DIR, TEMPLATES_DIR
from medsec.web.deps import require
from medsec.web.security import CSP, MAX_BODY


def _add_echo_route(server: Server) -> None:
    """POST /echo for engineers (and upload tokens): answers the signed-in user name."""

    @server.app.post("/echo")
    def echo(
        who: Annotated[Principal, Depends(require(Role.ENGINEER, scope="upload"))],
    ) -> PlainTextResponse:
        return PlainTextResponse(who.username)


def test_security_headers_on_every_response(server: Server) -> None:
    client = server.client()
    for path in ("/login", "/static/app.css", "/no-such-page", "/api/v1/nothing"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == CSP, path
        assert "script-src 'self';" in CSP and "'unsafe-inline'" not in CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "same-origin"
        assert response.headers["strict-transport-security"].startswith("max-age=31536000")
    assert client.get("/login").headers["cache-control"] == "no-store"
    assert "no-store" not in client.get("/static/app.css").headers.get("cache-control", "")


def test_no_hsts_and_no_secure_cookie_on_plain_local_http(tmp_path: Path) -> None:
    server = make_server(tmp_path, str(tmp_path / "db.sqlite"), secure=False)
    server.account("alice", Role.VIEWER)
    client = server.client()
    response = server.sign_in(client, "alice")
    assert response.status_code == 303
    assert "strict-transport-security" not in response.headers
    cookie = _set_cookie(response, "medsec_session")
    assert "secure" not in cookie.lower()
    server.store.close()


def _set_cookie(response: object, name: str) -> str:
    """The Set-Cookie header of cookie ``name``."""
    headers = response.headers.get_list("set-cookie")  # type: ignore[attr-defined]
    found = [h for h in headers if h.startswith(f"{name}=")]
    assert found, f"no Set-Cookie for {name}: {headers}"
    return str(found[0])


def test_session_cookie_flags(server: Server) -> None:
    server.account("alice", Role.VIEWER)
    response = server.sign_in(server.client(), "alice")
    assert response.status_code == 303
    flags = [part.strip().lower() for part in _set_cookie(response, "medsec_session").split(";")]
    assert "httponly" in flags
    assert "secure" in flags
    assert "samesite=lax" in flags
    assert "path=/" in flags
    token = flags[0].split("=", 1)[1]
    assert len(token) >= 32


def test_csrf_token_required_for_session_posts(server: Server) -> None:
    client = server.signed_in("alice", Role.VIEWER)
    token = server.csrf(client)
    refused = client.post("/logout")
    assert refused.status_code == 403
    assert "reload the page" in refused.text
    assert client.post("/logout", data={"csrf_token": "wrong"}).status_code == 403
    assert client.post("/logout", headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert client.get("/reauth").status_code == 200, "a refused logout must not end the session"
    done = client.post("/logout", headers={"X-CSRF-Token": token})
    assert done.status_code == 303
    assert client.get("/reauth").status_code == 303, "the session ended"


def test_csrf_token_as_form_field_urlencoded_and_multipart(server: Server) -> None:
    _add_echo_route(server)
    client = server.signed_in("erin", Role.ENGINEER)
    token = server.csrf(client)
    assert client.post("/echo", data={"csrf_token": token}).text == "erin"
    multipart = client.post(
        "/echo", data={"csrf_token": token}, files={"file": ("a.json", b"{}", "application/json")}
    )
    assert multipart.status_code == 200
    assert multipart.text == "erin"
    unsigned = client.post("/echo", files={"file": ("a.json", b"{}", "application/json")})
    assert unsigned.status_code == 403


def test_api_tokens_are_exempt_from_csrf(server: Server) -> None:
    from medsec.services import tokens

    _add_echo_route(server)
    erin = server.account("erin", Role.ENGINEER)
    server.repository("pump")
    token = tokens.create_token(server.engine, erin.account_id, "pump", {"upload"})
    client = server.client(headers={"Authorization": f"Bearer {token}"})
    response = client.post("/echo", content=b"x")
    assert response.status_code == 200
    assert response.text == "erin"


def test_body_size_limit(server: Server) -> None:
    _add_echo_route(server)
    client = server.signed_in("erin", Role.ENGINEER)
    token = server.csrf(client)
    big = b"x" * (MAX_BODY + 1)
    response = client.post("/echo", content=big, headers={"X-CSRF-Token": token})
    assert response.status_code == 413
    assert "larger than 32 MiB" in response.text
    ok = client.post("/echo", content=b"x" * 1024, headers={"X-CSRF-Token": token})
    assert ok.status_code == 200


def test_chunked_body_over_the_limit_is_refused(server: Server) -> None:
    _add_echo_route(server)
    client = server.signed_in("erin", Role.ENGINEER)
    token = server.csrf(client)

    def chunks():  # no Content-Length: the limit is counted while reading
        for _ in range(MAX_BODY // (1024 * 1024) + 1):
            yield b"x" * (1024 * 1024)

    response = client.post("/echo", content=chunks(), headers={"X-CSRF-Token": token})
    assert response.status_code == 413


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
HX_ON = re.compile(r"\shx-on[:-]", re.IGNORECASE)


def _inline_problems(text: str) -> list[str]:
    """Inline scripts, styles, event handlers or hx-on attributes in a page or template."""
    found = []
    for name, pattern in (
        ("inline script", INLINE_SCRIPT),
        ("inline style", INLINE_STYLE),
        ("event handler", HANDLER),
        ("hx-on", HX_ON),
    ):
        found += [f"{name}: {m.group(0)!r}" for m in pattern.finditer(text)]
    return found


def test_no_inline_script_or_style_in_any_template() -> None:
    templates = sorted(TEMPLATES_DIR.rglob("*.html"))
    assert len(templates) >= 4
    problems = {t.name: _inline_problems(t.read_text(encoding="utf-8")) for t in templates}
    assert {k: v for k, v in problems.items() if v} == {}


def test_rendered_pages_have_no_inline_script_or_style(server: Server) -> None:
    client = server.signed_in("alice", Role.VIEWER)
    for path in ("/reauth", "/no-such-page"):
        response = client.get(path)
        assert _inline_problems(response.text) == [], path
        assert 'hx-headers=\'{"X-CSRF-Token":' in response.text
    assert _inline_problems(server.client().get("/login").text) == []


def test_vendored_htmx_is_present_with_its_licence() -> None:
    script = (STATIC_DIR / "htmx.min.js").read_text(encoding="utf-8")
    assert script.startswith("var htmx=function()")
    assert "Zero-Clause BSD" in (STATIC_DIR / "htmx.LICENSE.txt").read_text(encoding="utf-8")
    base = (TEMPLATES_DIR / "base.html").read_text(encoding="utf-8")
    assert '"includeIndicatorStyles": false' in base  # htmx would add an inline <style>
    assert '"allowEval": false' in base
