"""The role of every page and API route (a new route must be added here with its role)."""

from __future__ import annotations

from tests.web.conftest import Server

from medsec.domain.identity import Role
from medsec.web.deps import route_roles

V, E, A, ADMIN = Role.VIEWER, Role.ENGINEER, Role.APPROVER, Role.ADMIN
ROLES = {
    ("GET", "/"): V,
    ("GET", "/report.css"): V,
    ("GET", "/devices/{repo}"): V,
    ("GET", "/devices/{repo}/{version}"): V,
    ("GET", "/devices/{repo}/{version}/report"): V,
    ("GET", "/devices/{repo}/{version}/sections/{anchor}"): V,
    ("GET", "/devices/{repo}/approvals"): V,
    ("POST", "/devices/{repo}/approvals"): A,
    ("GET", "/devices/{repo}/changes"): E,
    ("POST", "/devices/{repo}/assessments"): E,
    ("POST", "/devices/{repo}/pentest-states"): E,
    ("POST", "/devices/{repo}/signatures"): A,
    ("GET", "/audit"): V,
    ("GET", "/admin"): ADMIN,
    ("POST", "/admin/tokens"): ADMIN,
    ("POST", "/admin/tokens/{token_id}/revoke"): ADMIN,
    ("GET", "/api/v1/portfolio"): V,
    ("GET", "/api/v1/devices"): V,
    ("GET", "/api/v1/devices/{repo}"): V,
    ("GET", "/api/v1/devices/{repo}/versions"): V,
    ("GET", "/api/v1/devices/{repo}/check"): V,
    ("GET", "/api/v1/devices/{repo}/versions/{version}/findings"): V,
    ("GET", "/api/v1/devices/{repo}/versions/{version}/scan"): V,
    ("GET", "/api/v1/devices/{repo}/approvals"): V,
    ("POST", "/api/v1/devices/{repo}/approvals"): A,
    ("GET", "/api/v1/devices/{repo}/assessable"): V,
    ("GET", "/api/v1/devices/{repo}/pentest-findings"): V,
    ("GET", "/api/v1/devices/{repo}/documents"): V,
    ("POST", "/api/v1/devices/{repo}/assessments"): E,
    ("POST", "/api/v1/devices/{repo}/pentest-states"): E,
    ("POST", "/api/v1/devices/{repo}/signatures"): A,
    ("POST", "/api/v1/devices/{repo}/uploads/sbom"): E,
    ("POST", "/api/v1/devices/{repo}/uploads/pentest"): E,
    ("GET", "/api/v1/audit"): V,
    ("GET", "/api/v1/admin/accounts"): ADMIN,
    ("GET", "/api/v1/admin/repositories"): ADMIN,
    ("GET", "/api/v1/admin/tokens"): ADMIN,
    ("POST", "/api/v1/admin/tokens"): ADMIN,
    ("POST", "/api/v1/admin/tokens/{token_id}/revoke"): ADMIN,
}


def test_every_page_and_api_route_has_its_role(server: Server) -> None:
    table = route_roles(server.app)
    mine = {
        key: role
        for key, role in table.items()
        if key[1].startswith(("/api/v1/", "/devices", "/audit", "/admin", "/report.css"))
        or key == ("GET", "/")
    }
    assert mine == ROLES
