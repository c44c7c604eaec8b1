"""Who is asking, and may they: the guards every route of the team server declares.

A request proves who sent it with the session cookie (``medsec_session``, set at sign-in) or an
API token (``Authorization: Bearer mst_…``, for CI). Every route names what it needs, so that a
test can list all routes with their role (:func:`route_roles`) and fail on one that names none:

    @router.get("/devices/{repo}", dependencies=[Depends(require(Role.VIEWER))])
    @router.post("/api/v1/devices/{repo}/sboms")
    def upload(repo: str, who: Principal = Depends(require(Role.ENGINEER, scope="upload"))): ...
    @router.get("/login", dependencies=[Depends(PUBLIC)])

A token reaches only routes that name one of its scopes (``scope=``), and only its repository
(:func:`require_repository`). A role too low, a missing scope or another repository is a 403
and an ``access.denied`` audit entry. Nobody signed in: a browser is sent to ``/login?next=…``
(303), an API client gets a 401 with JSON. Signatures (approvals, document revisions) also
need :func:`require_reauth`: a password entered again within the last five minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, cast
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.applications import Starlette
from starlette.requests import HTTPConnection
from starlette.routing import Mount

from medsec.domain.identity import Principal, Role, Via
from medsec.services import accounts, audit, sessions, tokens
from medsec.web.context import context_of

SESSION_COOKIE = "medsec_session"
TOKEN_PREFIX = "mst_"  # noqa: S105 - the prefix of API tokens, not a secret
RouteRole = Role | Literal["public"]
_UNSET = object()


class NotSignedIn(Exception):
    """The request carries no valid session or token; ``reason`` says which problem."""

    def __init__(self, message: str, reason: str = "not-signed-in") -> None:
        """``message`` is shown to API clients; ``reason`` is the account service's reason."""
        super().__init__(message)
        self.message = message
        self.reason = reason


class ReauthRequired(Exception):
    """A signature needs the password again: the app answers 403 with a form or JSON."""


def wants_json(connection: HTTPConnection) -> bool:
    """Whether to answer with JSON rather than a page: the API, a token, or a JSON client."""
    if connection.url.path.startswith("/api/") or bearer_token(connection) is not None:
        return True
    accept = connection.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def bearer_token(connection: HTTPConnection) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, else ``None``."""
    scheme, _, value = connection.headers.get("authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def session_token(connection: HTTPConnection) -> str | None:
    """The session cookie's token, else ``None``."""
    return connection.cookies.get(SESSION_COOKIE) or None


def optional_principal(request: Request) -> Principal | None:
    """The principal behind ``request`` (cached on it), or ``None`` when nobody signed in.

    A bearer token wins over a cookie; a bad, expired or revoked token is a
    :class:`NotSignedIn` naming the reason (a CI job must learn its token expired).
    """
    cached = getattr(request.state, "principal", _UNSET)
    if cached is not _UNSET:
        return cast("Principal | None", cached)
    engine = context_of(request).engine
    token = bearer_token(request)
    principal: Principal | None = None
    if token is not None:
        try:
            principal = tokens.token_principal(engine, token)
        except accounts.AuthError as error:
            raise NotSignedIn(_token_message(error.reason), error.reason) from None
    elif (cookie := session_token(request)) is not None:
        principal = sessions.session_principal(engine, cookie)
    request.state.principal = principal
    return principal


def _token_message(reason: str) -> str:
    """What an API client is told about a token that does not work."""
    if reason == "expired":
        return "the API token has expired: create a new one with `medsec token create`"
    if reason == "revoked":
        return "the API token was revoked: ask an admin for a new one (`medsec token create`)"
    return "the API token is not valid: check the Authorization header (Bearer mst_…)"


def current(request: Request) -> Principal:
    """The signed-in principal; nobody signed in is :class:`NotSignedIn` (303 or 401)."""
    principal = optional_principal(request)
    if principal is None:
        raise NotSignedIn("sign in first: POST /login, or send Authorization: Bearer mst_…")
    return principal


def csrf_token(connection: HTTPConnection) -> str | None:
    """The CSRF token of the request's session (cached on it), ``None`` without a session."""
    cached = getattr(connection.state, "csrf", _UNSET)
    if cached is not _UNSET:
        return cast("str | None", cached)
    cookie = session_token(connection)
    token = None if cookie is None else sessions.session_csrf(context_of(connection).engine, cookie)
    connection.state.csrf = token
    return token


def deny(request: Request, principal: Principal, message: str, **details: str) -> HTTPException:
    """Record an ``access.denied`` audit entry and return the 403 to raise."""
    audit.record(
        context_of(request).engine,
        principal.username,
        "access.denied",
        f"{request.method} {request.url.path}",
        None,
        None,
        {"role": principal.role.value, "via": principal.via.value, "reason": message, **details},
    )
    return HTTPException(status_code=403, detail=message)


@dataclass(frozen=True)
class Guard:
    """The dependency :func:`require` returns: the role (and token scope) a route needs."""

    role: Role
    scope: str | None = None

    def __call__(self, request: Request) -> Principal:
        """The principal, when its role and (for a token) scope allow the route; else 403."""
        principal = current(request)
        if principal.via is Via.TOKEN and (
            self.scope is None or self.scope not in principal.scopes
        ):
            needed = self.scope or "a signed-in person"
            raise deny(request, principal, f"an API token cannot do this (needs: {needed})")
        if not principal.role.allows(self.role):
            raise deny(
                request,
                principal,
                f"your role '{principal.role.value}' may not do this: it needs "
                f"'{self.role.value}' (ask an admin)",
                needed=self.role.value,
            )
        return principal


@dataclass(frozen=True)
class Public:
    """The dependency of a route anybody may reach (sign-in pages, static files, health)."""

    def __call__(self) -> None:
        """Nothing to check."""


PUBLIC = Public()


def require(role: Role, scope: str | None = None) -> Guard:
    """The dependency of a route that needs ``role`` (and, for an API token, ``scope``)."""
    return Guard(role, scope)


def require_repository(request: Request, principal: Principal, name: str) -> None:
    """403 (audited) when ``principal`` is a token of another repository than ``name``."""
    if principal.repository is not None and principal.repository != name:
        raise deny(
            request,
            principal,
            f"this API token is for repository '{principal.repository}', not '{name}'",
            repository=name,
        )


def require_reauth(request: Request) -> Principal:
    """The principal, when it entered its password again within five minutes; else 403.

    Declare it after the route's :func:`require` guard. A token never signs.
    """
    principal = current(request)
    if principal.via is not Via.SESSION:
        raise deny(request, principal, "a signature needs a signed-in person, not an API token")
    cookie = session_token(request)
    engine = context_of(request).engine
    if cookie is None or not sessions.recently_reauthenticated(engine, cookie):
        raise ReauthRequired
    return principal


def reauthenticate(request: Request, password: str) -> Principal:
    """Re-authenticate the session with ``password`` (a signing form may carry it); else 403.

    A wrong password is a 403 (429 when rate-limited) naming what happened; the attempt is
    recorded by the account service.
    """
    cookie = session_token(request)
    if cookie is None:
        raise NotSignedIn("sign in first")
    client = request.client.host if request.client else "unknown"
    try:
        return sessions.reauthenticate(context_of(request).engine, cookie, password, client)
    except accounts.AuthError as error:
        status = 429 if error.reason == "rate-limited" else 403
        raise HTTPException(status_code=status, detail=str(error)) from None


def safe_next(value: str | None) -> str:
    """``value`` when it is a path on this site, else ``/`` (no open redirect after sign-in)."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or any(ord(c) < 32 or c == "\\" for c in value):
        return "/"
    return value


def _guards(dependant: Dependant) -> Iterator[object]:
    """Every dependency callable of a route, depth first."""
    for sub in dependant.dependencies:
        yield sub.call
        yield from _guards(sub)


def _declared_role(dependant: Dependant | None) -> RouteRole | None:
    """The highest role a route's guards need, "public" for :data:`PUBLIC`, else ``None``."""
    if dependant is None:
        return None
    calls = list(_guards(dependant))
    roles = [call.role for call in calls if isinstance(call, Guard)]
    if roles:
        return max(roles, key=lambda role: role.rank)
    return "public" if any(isinstance(call, Public) for call in calls) else None


def route_roles(app: Starlette) -> dict[tuple[str, str], RouteRole | None]:
    """``(method, path) -> role`` for every route of ``app``, through included routers.

    A route that declares no guard maps to ``None``: the route test fails on it. The static
    files mount is listed as ``("GET", "/static/{path}")``, public.
    """
    table: dict[tuple[str, str], RouteRole | None] = {}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, Mount):
            table[("GET", f"{route.path}/{{path}}")] = "public" if route.name == "static" else None
            continue
        dependant = getattr(context, "dependant", None) if isinstance(route, APIRoute) else None
        role = _declared_role(dependant)
        for method in sorted((context.methods or {"GET"}) - {"HEAD"}) or ["GET"]:
            table[(method, str(context.path))] = role
    return table
