"""Signing in and out: local accounts, single sign-on (OIDC), and re-authentication to sign.

* ``GET/POST /login`` — a local account's user name and password (argon2, lockout and rate
  limits in :mod:`medsec.services.accounts`); the form carries its own CSRF token, a cookie of
  the form's page (no session exists yet). Failures: wrong credentials 401, locked or disabled
  403, too many attempts 429, each with the reason on the page.
* ``POST /logout`` — ends the session.
* ``GET /login/oidc`` and ``GET /auth/callback`` — the OIDC authorization-code flow with
  authlib (discovery from ``[server.oidc] issuer``; the id_token's signature, issuer, audience
  and nonce checked by authlib); the account is made or updated just in time, its role taken
  from the configured claim.
* ``GET/POST /reauth`` — the password again before a signature (approvals, document revisions).
"""

from __future__ import annotations

import hmac
import secrets
import warnings
from collections.abc import Mapping
from typing import Annotated, Any

from anyio import to_thread
from authlib.common.errors import AuthlibBaseError  # type: ignore[import-untyped]
from authlib.deprecate import AuthlibDeprecationWarning  # type: ignore[import-untyped]
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from joserfc.errors import JoseError

from medsec.domain.identity import Principal, Role
from medsec.project.server_settings import OidcSettings
from medsec.services import accounts, audit, sessions, sso
from medsec.web.context import ServerContext, context_of
from medsec.web.deps import (
    PUBLIC,
    SESSION_COOKIE,
    optional_principal,
    require,
    safe_next,
    session_token,
)
from medsec.web.pages import render

# authlib warns on import that its fallback to the "httpx" package is deprecated in favour of
# "httpx2"; medsec depends on httpx, with which the OIDC client works. Silence exactly that
# warning (message and category), here where authlib is imported, so `medsec serve` starts
# quietly; any other warning of authlib still shows.
with warnings.catch_warnings():
    warnings.filterwarnings(
        "ignore",
        message="The httpx module is deprecated",
        category=AuthlibDeprecationWarning,
    )
    from authlib.integrations.starlette_client import (  # type: ignore[import-untyped]
        OAuth,
        OAuthError,
    )

router = APIRouter(include_in_schema=False)
LOGIN_COOKIE = "medsec_login"  # the sign-in form's CSRF token (double submit)
SESSION_SECONDS = 8 * 3600  # the session's absolute lifetime (the account service enforces it)
STATUS_BY_REASON = {"rate-limited": 429, "locked": 403, "disabled": 403}
OIDC_CLIENT = "medsec"


def set_session_cookie(response: Response, context: ServerContext, token: str) -> None:
    """Put the session token in the ``medsec_session`` cookie: HttpOnly, SameSite=Lax, Secure."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_SECONDS,
        path="/",
        secure=context.secure,
        httponly=True,
        samesite="lax",
    )


def _login_page(
    request: Request, next_: str, error: str | None = None, status: int = 200
) -> Response:
    """The sign-in form with a fresh form token (also set as a cookie of the form)."""
    context = context_of(request)
    token = secrets.token_urlsafe(24)
    values = {
        "next": safe_next(next_),
        "login_csrf": token,
        "error": error,
        "oidc": _oidc_settings(context) is not None,
    }
    response = render(request, "login.html", values, status_code=status)
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        max_age=3600,
        path="/login",
        secure=context.secure,
        httponly=True,
        samesite="strict",
    )
    return response


@router.get("/login", dependencies=[Depends(PUBLIC)])
def login_form(request: Request, next: str = "/") -> Response:
    """The sign-in page (or straight on to ``next`` when already signed in)."""
    try:
        signed_in = optional_principal(request) is not None
    except Exception:
        signed_in = False
    if signed_in:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next)


@router.post("/login", dependencies=[Depends(PUBLIC)])
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form()] = "/",
    login_csrf: Annotated[str, Form()] = "",
) -> Response:
    """Check a local account's password; on success start a session and go to ``next``."""
    context = context_of(request)
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(login_csrf.encode(), expected.encode()):
        message = "the sign-in form expired or was not sent from this site: try again"
        return _login_page(request, next, message, 403)
    if not username or not password:
        return _login_page(request, next, "enter your user name and password", 401)
    client = request.client.host if request.client else "unknown"
    try:
        principal = accounts.authenticate(context.engine, username, password, client)
    except accounts.AuthError as error:
        status = STATUS_BY_REASON.get(error.reason, 401)
        return _login_page(request, next, str(error), status)
    return _signed_in(context, principal, next)


def _signed_in(context: ServerContext, principal: Principal, next_: str) -> Response:
    """Start a session for ``principal`` and send the browser on to ``next_``."""
    token, _csrf = sessions.start_session(context.engine, principal)
    response = RedirectResponse(safe_next(next_), status_code=303)
    set_session_cookie(response, context, token)
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(
    request: Request, principal: Annotated[Principal, Depends(require(Role.VIEWER))]
) -> Response:
    """End the session and show the sign-in page."""
    token = session_token(request)
    if token is not None:
        sessions.end_session(context_of(request).engine, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# --- single sign-on ---------------------------------------------------------------------------


def _oidc_settings(context: ServerContext) -> OidcSettings | None:
    """The ``[server.oidc]`` settings when single sign-on is configured, else ``None``."""
    oidc = context.settings.oidc
    if oidc is None or not oidc.issuer or not oidc.client_id:
        return None
    return oidc


def _oidc_client(request: Request) -> Any:
    """The authlib client of the configured provider (made once per app); 404 when none."""
    context = context_of(request)
    oidc = _oidc_settings(context)
    if oidc is None:
        raise HTTPException(status_code=404, detail="single sign-on is not configured")
    oauth = getattr(request.app.state, "oauth", None)
    if oauth is None:
        oauth = OAuth()
        oauth.register(
            name=OIDC_CLIENT,
            client_id=oidc.client_id,
            client_secret=oidc.client_secret,
            server_metadata_url=oidc.issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": "openid email profile"},
        )
        request.app.state.oauth = oauth
    return oauth.create_client(OIDC_CLIENT)


def _callback_url(request: Request) -> str:
    """Where the provider sends the browser back: ``base_url`` + ``/auth/callback`` if set."""
    base = context_of(request).settings.base_url
    if base:
        return base.rstrip("/") + "/auth/callback"
    return str(request.url_for("auth_callback"))


@router.get("/login/oidc", dependencies=[Depends(PUBLIC)])
async def login_oidc(request: Request, next: str = "/", reauth: bool = False) -> Response:
    """Send the browser to the identity provider (state and nonce kept in a signed cookie).

    ``reauth``: a signed-in single-sign-on account confirms its identity before a signature;
    the provider is asked to prompt for the credentials again (``prompt=login``, ``max_age=0``).
    """
    client = _oidc_client(request)
    request.session["next"] = safe_next(next)
    extra: dict[str, Any] = {}
    if reauth:
        principal = await to_thread.run_sync(optional_principal, request)
        if principal is None:
            raise HTTPException(status_code=403, detail="sign in first, then confirm")
        request.session["reauth"] = principal.account_id
        extra = {"prompt": "login", "max_age": 0}
    else:
        request.session.pop("reauth", None)
    response: Response = await client.authorize_redirect(request, _callback_url(request), **extra)
    return response


@router.get("/auth/callback", dependencies=[Depends(PUBLIC)], name="auth_callback")
async def auth_callback(request: Request) -> Response:
    """Finish single sign-on: check the id_token, make the account, start a session."""
    client = _oidc_client(request)
    context = context_of(request)
    try:
        token = await client.authorize_access_token(request)
    except OAuthError as error:
        detail = error.description or error.error or "the provider refused"
        raise HTTPException(status_code=401, detail=f"single sign-on failed: {detail}") from None
    except (AuthlibBaseError, JoseError) as error:  # the id_token's signature or claims
        detail = f"the identity token was refused ({type(error).__name__}: {error})"
        raise HTTPException(status_code=401, detail=f"single sign-on failed: {detail}") from None
    claims: Mapping[str, Any] = token.get("userinfo") or {}
    if not claims.get("sub"):
        raise HTTPException(
            status_code=401, detail="single sign-on failed: no subject in the token"
        )
    oidc = _oidc_settings(context)
    assert oidc is not None  # _oidc_client answered 404 otherwise
    try:
        principal = await to_thread.run_sync(
            lambda: sso.oidc_account(
                context.engine,
                oidc.issuer,
                str(claims["sub"]),
                dict(claims),
                oidc.role_claim,
                oidc.role_map,
                oidc.default_role,
            )
        )
    except accounts.AuthError as error:
        status = STATUS_BY_REASON.get(error.reason, 401)
        raise HTTPException(status_code=status, detail=str(error)) from None
    next_ = request.session.pop("next", "/")
    reauth_of = request.session.pop("reauth", None)
    if reauth_of is not None:
        return await to_thread.run_sync(_reauthenticated, request, principal, reauth_of, next_)
    return await to_thread.run_sync(_signed_in, context, principal, next_)


def _reauthenticated(
    request: Request, principal: Principal, account_id: int, next_: str
) -> Response:
    """Record a single-sign-on re-authentication on the session, if it is the same person."""
    context = context_of(request)
    current = optional_principal(request)
    token = session_token(request)
    if current is None or token is None or current.account_id != principal.account_id:
        raise HTTPException(status_code=403, detail="not signed in as the confirmed person")
    if principal.account_id != account_id:
        raise HTTPException(status_code=403, detail="not signed in as the confirmed person")
    sessions.mark_reauthenticated(context.engine, token)
    details = {"via": "single sign-on"}
    audit.record(context.engine, principal.username, "reauth", "session", None, None, details)
    return RedirectResponse(safe_next(next_), status_code=303)


# --- re-authentication ------------------------------------------------------------------------


@router.get("/reauth", dependencies=[Depends(require(Role.VIEWER))])
def reauth_form(request: Request, next: str = "/") -> Response:
    """The password form before a signature (single-sign-on accounts: confirm at the provider)."""
    return render(request, "reauth.html", reauth_values(request, next, None))


def reauth_values(request: Request, next_: str, error: str | None) -> dict[str, Any]:
    """What the re-authentication page shows: a password field, or the sign-on button."""
    context = context_of(request)
    principal = optional_principal(request)
    account = (
        None if principal is None else accounts.get_account(context.engine, principal.username)
    )
    sso_only = account is not None and not account.has_password
    return {
        "next": safe_next(next_),
        "error": error,
        "sso": sso_only and _oidc_settings(context) is not None,
    }


@router.post("/reauth")
def reauth(
    request: Request,
    principal: Annotated[Principal, Depends(require(Role.VIEWER))],
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password again; on success go back to ``next`` (signatures open 5 minutes)."""
    token = session_token(request)
    client = request.client.host if request.client else "unknown"
    try:
        if token is None:
            raise accounts.AuthError("bad-credentials")
        sessions.reauthenticate(context_of(request).engine, token, password, client)
    except accounts.AuthError as error:
        status = 429 if error.reason == "rate-limited" else 403
        values = reauth_values(request, next, str(error))
        return render(request, "reauth.html", values, status_code=status)
    return RedirectResponse(safe_next(next), status_code=303)
