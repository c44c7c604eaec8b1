"""What a browser console complains about stays quiet: the icon every page links is served
(no 404), every password field says what it is for (autocomplete), and `medsec serve` starts
without authlib's httpx deprecation warning."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

from tests.web.conftest import Server

from medsec.domain.identity import Role
from medsec.web.context import STATIC_DIR

TEMPLATES = Path(STATIC_DIR).parent / "templates"
_INPUT = re.compile(r"<input\b[^>]*>")


def test_every_page_links_an_icon_that_is_served(server: Server) -> None:
    client = server.client()
    login = client.get("/login")
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', login.text)
    assert link, "base.html links no icon: the browser asks for /favicon.ico and gets a 404"
    icon = client.get(link[1])
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg") and "<script" not in icon.text
    signed = server.signed_in("vera", Role.VIEWER)
    assert link[0] in signed.get("/").text


def test_sign_in_and_password_fields_carry_autocomplete(server: Server) -> None:
    login = server.client().get("/login").text
    fields = {m: i for i in _INPUT.findall(login) if (m := _name(i)) in ("username", "password")}
    assert 'autocomplete="username"' in fields["username"]
    assert 'autocomplete="current-password"' in fields["password"]
    client = server.signed_in("vera", Role.VIEWER)
    reauth = client.get("/reauth").text
    assert all('autocomplete="current-password"' in i for i in _password_inputs(reauth))
    assert _password_inputs(reauth)


def test_no_template_has_a_password_field_without_autocomplete() -> None:
    checked = 0
    for template in sorted(TEMPLATES.glob("*.html")):
        for field in _password_inputs(template.read_text(encoding="utf-8")):
            checked += 1
            assert "autocomplete=" in field, f"{template.name}: {field}"
    assert checked >= 4  # login, re-auth, approvals, signatures


def test_authlib_is_imported_without_its_httpx_deprecation_warning() -> None:
    code = "import medsec.web.auth_routes, authlib.integrations.starlette_client"
    done = subprocess.run(
        [sys.executable, "-W", "always", "-c", code],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "The httpx module is deprecated" not in done.stderr, done.stderr
    # the warning exists when authlib is imported plainly: the filter above is what hides it
    plain = subprocess.run(
        [sys.executable, "-W", "always", "-c", "import authlib.integrations.starlette_client"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    if importlib.util.find_spec("httpx2") is None:  # authlib falls back to httpx and warns
        assert "The httpx module is deprecated" in plain.stderr


def _name(field: str) -> str | None:
    """The name attribute of an ``<input>``."""
    found = re.search(r'name="([^"]+)"', field)
    return found[1] if found else None


def _password_inputs(html: str) -> list[str]:
    """Every ``<input type="password">`` of the HTML."""
    return [i for i in _INPUT.findall(html) if 'type="password"' in i]
