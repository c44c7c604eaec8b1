"""The FastAPI application of the team server: routers, error pages and the security middleware.

:func:`create_app` builds one app over a :class:`ServerContext`. The routers, in order:
sign-in (:mod:`medsec.web.auth_routes`), the server's own routes (health, the OpenAPI schema),
then the pages and the REST API when their modules exist (``medsec.web.pages_routes`` and
``medsec.web.api_routes``, each exposing ``router``). Every route declares its guard
(:mod:`medsec.web.deps`); the route test enumerates them.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import secrets
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from medsec import __version__
from medsec.domain.errors import InputError, MedsecError, SourceUnavailableError, UsageError
from medsec.domain.identity import Role
from medsec.web import auth_routes
from medsec.web.context import STATIC_DIR, ServerContext
from medsec.web.deps import (
    PUBLIC,
    NotSignedIn,
    ReauthRequired,
    require,
    safe_next,
    wants_json,
)
from medsec.web.pages import render
from medsec.web.security import RequestChecks, SecurityHeaders

OPTIONAL_ROUTERS = ("medsec.web.pages_routes", "medsec.web.api_routes")
FLOW_COOKIE = "medsec_flow"  # the single-sign-on round trip's state (authlib), signed
SECRET_FILE = "flow-secret"  # noqa: S105 - a file name, not a secret
# status of a MedsecError a route did not handle, by the error's ``reason`` (GitError, AuthError)
REASON_STATUS = {
    "conflict": 409,
    "dirty": 409,
    "wrong-branch": 409,
    "read-only": 503,
    "git-failed": 500,
    "bad-credentials": 401,
    "locked": 403,
    "disabled": 403,
    "rate-limited": 429,
    "expired": 401,
    "revoked": 401,
    "forbidden": 403,
}

system = APIRouter()


@system.get("/healthz", dependencies=[Depends(PUBLIC)], include_in_schema=False)
def healthz() -> dict[str, str]:
    """Liveness for a load balancer: the process answers (no data, no sign-in)."""
    return {"status": "ok"}


@system.get(
    "/api/openapi.json",
    dependencies=[Depends(require(Role.VIEWER, scope="read"))],
    include_in_schema=False,
)
def openapi_schema(request: Request) -> JSONResponse:
    """The OpenAPI schema of the REST API (signed in, or a token with the read scope)."""
    return JSONResponse(request.app.openapi())


def create_app(context: ServerContext) -> FastAPI:
    """The team server's app over ``context`` (one per process)."""
    app = FastAPI(
        title="medsec team server",
        version=__version__,
        docs_url=None,  # Swagger UI needs inline scripts and a CDN: the schema is served plain
        redoc_url=None,
        openapi_url=None,  # served by openapi_schema behind sign-in
    )
    app.state.context = context
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    include_routers(app)
    install_error_handlers(app)
    context.state_dir.mkdir(parents=True, exist_ok=True)
    # middleware: the last added runs first (outermost)
    app.add_middleware(
        SessionMiddleware,
        secret_key=flow_secret(context),
        session_cookie=FLOW_COOKIE,
        max_age=600,
        same_site="lax",
        https_only=context.secure,
    )
    app.add_middleware(RequestChecks)
    app.add_middleware(SecurityHeaders, hsts=context.secure)
    return app


def include_routers(app: FastAPI) -> None:
    """Add the routers: sign-in, the server's own, then the pages and the API when present."""
    app.include_router(auth_routes.router)
    app.include_router(system)
    for name in OPTIONAL_ROUTERS:
        if importlib.util.find_spec(name) is not None:
            app.include_router(importlib.import_module(name).router)


def flow_secret(context: ServerContext) -> str:
    """The key signing the sign-on state cookie: kept in ``state_dir`` (mode 600), made once."""
    path = context.state_dir / SECRET_FILE
    if not path.exists():
        context.state_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_hex(32), encoding="ascii")
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_text(encoding="ascii").strip()


def _return_to(request: Request) -> str:
    """Where to come back after signing in: this page, or for a POST the page it came from."""
    if request.method == "GET":
        query = f"?{request.url.query}" if request.url.query else ""
        return safe_next(request.url.path + query)
    for header in ("hx-current-url", "referer"):
        value = request.headers.get(header)
        if value:
            parts = urlsplit(value)
            if parts.netloc in ("", request.url.netloc):
                return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))
    return "/"


def _error_headers(message: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The headers of an error response: ``X-Medsec-Error`` (app.js shows it for htmx)."""
    return {"x-medsec-error": json.dumps(message)[1:-1], **(extra or {})}


def error_page(request: Request, status: int, message: str, **extra: Any) -> Response:
    """An error as JSON for API clients, else the error page (``X-Medsec-Error`` on both)."""
    headers = _error_headers(message)
    if wants_json(request):
        return JSONResponse({"detail": message, **extra}, status_code=status, headers=headers)
    values = {"status": status, "message": message, **extra}
    return render(request, "error.html", values, status_code=status, headers=headers)


async def _not_signed_in(request: Request, error: Exception) -> Response:
    """303 to the sign-in page for a browser (htmx: ``HX-Redirect``), 401 JSON for the API."""
    assert isinstance(error, NotSignedIn)
    if wants_json(request):
        headers = _error_headers(error.message, {"www-authenticate": "Bearer"})
        body = {"detail": error.message, "reason": error.reason}
        return JSONResponse(body, status_code=401, headers=headers)
    target = "/login?next=" + quote(_return_to(request), safe="/")
    if request.headers.get("hx-request"):
        return Response(
            status_code=401, headers=_error_headers(error.message, {"hx-redirect": target})
        )
    return RedirectResponse(target, status_code=303)


async def _reauth_required(request: Request, error: Exception) -> Response:
    """403 asking for the password again: a form (htmx: redirected to it), or JSON."""
    message = "this signature needs your password again (re-authentication)"
    target = "/reauth?next=" + quote(_return_to(request), safe="/")
    if wants_json(request):
        return JSONResponse(
            {"detail": message, "reauth": "/reauth"},
            status_code=403,
            headers=_error_headers(message),
        )
    if request.headers.get("hx-request"):
        return Response(status_code=403, headers=_error_headers(message, {"hx-redirect": target}))
    values = {**auth_routes.reauth_values(request, _return_to(request), None), "message": message}
    return render(request, "reauth.html", values, status_code=403, headers=_error_headers(message))


async def _http_error(request: Request, error: Exception) -> Response:
    """An ``HTTPException``: its status and detail as JSON or the error page."""
    assert isinstance(error, StarletteHTTPException)
    message = error.detail if isinstance(error.detail, str) else "the request was refused"
    response = error_page(request, error.status_code, message)
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


async def _validation_error(request: Request, error: Exception) -> Response:
    """A request that does not fit the route (422): the fields and problems."""
    assert isinstance(error, RequestValidationError)
    problems = [
        f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}"
        for e in error.errors()
    ]
    message = "the request is not valid: " + "; ".join(problems)
    return error_page(request, 422, message, problems=problems)


async def _medsec_error(request: Request, error: Exception) -> Response:
    """A medsec error a route let through: its diagnostics, with a status by its family."""
    assert isinstance(error, MedsecError)
    reason = getattr(error, "reason", None)
    if isinstance(reason, str) and reason in REASON_STATUS:
        status = REASON_STATUS[reason]
    elif isinstance(error, InputError):
        status = 422
    elif isinstance(error, SourceUnavailableError):
        status = 503
    else:
        status = 400 if isinstance(error, UsageError) else 422
    return error_page(request, status, error.diagnostics())


def install_error_handlers(app: FastAPI) -> None:
    """Turn sign-in, re-authentication, HTTP, validation and medsec errors into answers."""
    app.add_exception_handler(NotSignedIn, _not_signed_in)
    app.add_exception_handler(ReauthRequired, _reauth_required)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(MedsecError, _medsec_error)
