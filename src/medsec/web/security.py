"""The server's HTTP defences, as ASGI middleware: request size, CSRF, security headers.

* :class:`RequestChecks` — a request with a body (POST, PUT, PATCH, DELETE) larger than
  ``max_body`` is a 413 before any route runs; one sent with the session cookie must carry the
  session's CSRF token, in the ``X-CSRF-Token`` header (htmx sends it from ``hx-headers`` on
  ``<body>``) or the form field ``csrf_token``, else 403. A request with an API token
  (``Authorization: Bearer``) is exempt: a browser never adds that header across sites. A
  cookie whose session is over is let through: the route's guard refuses it anyway.
* :class:`SecurityHeaders` — every response: a Content-Security-Policy without inline scripts
  or styles, ``nosniff``, no framing, a strict referrer policy, ``no-store`` for everything but
  static files, and HSTS when the server runs behind https.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from urllib.parse import parse_qs

from anyio import to_thread
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from medsec.services import sessions
from medsec.web.context import context_of
from medsec.web.deps import bearer_token, session_token, wants_json

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
HEADERS: Mapping[str, str] = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"
MAX_BODY = 32 * 1024 * 1024  # uploads: an SBOM or a pentest report; larger ones are refused
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


class BodyTooLarge(Exception):
    """The request body is larger than the server accepts."""


class SecurityHeaders:
    """Add the security headers to every HTTP response (HSTS when ``hsts``)."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        """Wrap ``app``."""
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            """Add the headers the response does not set itself."""
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if self.hsts:
                    headers.setdefault("strict-transport-security", HSTS)
                if not static:
                    headers.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestChecks:
    """Refuse bodies over ``max_body`` (413) and session requests without the CSRF token (403)."""

    def __init__(self, app: ASGIApp, *, max_body: int = MAX_BODY) -> None:
        """Wrap ``app``."""
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check an unsafe request, then hand the app its (buffered) body."""
        if scope["type"] != "http" or scope["method"] not in UNSAFE:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        try:
            declared = int(request.headers.get("content-length") or 0)
        except ValueError:
            declared = 0
        try:
            if declared > self.max_body:
                raise BodyTooLarge
            body = await _read_body(receive, self.max_body)
        except BodyTooLarge:
            message = f"the request is larger than {self.max_body // (1024 * 1024)} MiB"
            await error_response(request, 413, message)(scope, receive, send)
            return
        if not await _csrf_ok(request, body):
            message = "the form is out of date or was not sent from this site: reload the page"
            await error_response(request, 403, message)(scope, receive, send)
            return
        await self.app(scope, _replay(body), send)


async def _read_body(receive: Receive, limit: int) -> bytes:
    """The whole request body, or :class:`BodyTooLarge` past ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    """A ``receive`` that hands the buffered body to the app once, then waits for disconnect."""
    sent = False

    async def receive() -> Message:
        """The body first, then a disconnect."""
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


async def _csrf_ok(request: Request, body: bytes) -> bool:
    """Whether an unsafe request may proceed as far as CSRF goes."""
    if bearer_token(request) is not None:
        return True
    cookie = session_token(request)
    if cookie is None:
        return True  # nobody signed in: the route refuses or it is the sign-in form
    engine = context_of(request).engine
    expected = await to_thread.run_sync(sessions.session_csrf, engine, cookie)
    if expected is None:
        return True  # an ended session: the cookie authenticates nothing
    request.state.csrf = expected
    sent = request.headers.get(CSRF_HEADER) or await _form_token(request, body)
    return bool(sent) and hmac.compare_digest(sent.encode(), expected.encode())


async def _form_token(request: Request, body: bytes) -> str:
    """The ``csrf_token`` field of a urlencoded or multipart form body, ``""`` without one."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        values = parse_qs(body.decode("latin-1"), keep_blank_values=True).get(CSRF_FIELD, [""])
        return values[0]
    if kind == "multipart/form-data":
        parsed = Request(request.scope, _replay(body))
        try:
            form = await parsed.form()
        except Exception:  # a broken multipart body: no token, refused as CSRF
            return ""
        try:
            value = form.get(CSRF_FIELD)
            return value if isinstance(value, str) else ""
        finally:
            await form.close()
    return ""


def error_response(request: Request, status: int, message: str) -> Response:
    """A refusal before any route ran: JSON for API clients, else the error page."""
    headers = {"x-medsec-error": json.dumps(message)[1:-1]}
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    templates = context_of(request).templates
    html = templates.get_template("error.html").render(
        status=status, message=message, principal=None, csrf=None, nav=[]
    )
    return HTMLResponse(html, status_code=status, headers=headers)
