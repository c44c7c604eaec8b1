"""Rendering a page: the template plus what every page shows (who, the CSRF token, the menu).

Pages extend ``base.html`` and fill ``{% block title %}`` and ``{% block content %}``; a page
that needs more script adds ``<script src>`` of a static file in ``{% block scripts %}`` (never
inline code: the Content-Security-Policy refuses it). An htmx request for a fragment renders a
template that does not extend ``base.html``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from medsec.domain.identity import Principal, Role
from medsec.web.context import context_of
from medsec.web.deps import NotSignedIn, csrf_token, optional_principal


@dataclass(frozen=True)
class NavItem:
    """One entry of the menu: shown to principals whose role allows ``role``."""

    label: str
    href: str
    role: Role


NAV: tuple[NavItem, ...] = (
    NavItem("Portfolio", "/", Role.VIEWER),
    NavItem("Audit trail", "/audit", Role.VIEWER),
    NavItem("Admin", "/admin", Role.ADMIN),
)


def nav_for(principal: Principal | None, path: str) -> list[dict[str, Any]]:
    """The menu entries ``principal`` may use, the one of ``path`` marked current."""
    if principal is None:
        return []
    items = [item for item in NAV if principal.role.allows(item.role)]
    best = max(
        (item.href for item in items if path == item.href or path.startswith(item.href + "/")),
        key=len,
        default=None,
    )
    return [{"label": i.label, "href": i.href, "current": i.href == best} for i in items]


def _principal(request: Request) -> Principal | None:
    """The principal for the page chrome; an invalid token shows as nobody signed in."""
    try:
        return optional_principal(request)
    except NotSignedIn:
        return None


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Render ``template`` with ``context`` plus ``principal``, ``csrf``, ``nav``, ``settings``.

    ``csrf`` is the session's token (``None`` when nobody is signed in): ``base.html`` puts it
    into ``hx-headers`` on ``<body>`` for htmx; a plain form adds
    ``<input type="hidden" name="csrf_token" value="{{ csrf }}">``.
    """
    principal = _principal(request)
    values: dict[str, Any] = {
        "request": request,
        "principal": principal,
        "csrf": csrf_token(request) if principal is not None else None,
        "nav": nav_for(principal, request.url.path),
        "settings": context_of(request).settings,
        **(context or {}),
    }
    templates = context_of(request).templates
    response = templates.TemplateResponse(
        request, template, values, status_code=status_code, headers=dict(headers or {})
    )
    assert isinstance(response, HTMLResponse)
    return response
