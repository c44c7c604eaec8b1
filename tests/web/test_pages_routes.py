"""Every page with a signed-in browser: dashboard, device and trends, drill-down, approvals,
change forms, audit trail and admin; the roles each needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.web.conftest import PASSWORD, Server
from tests.web.pages_api_device import Device, git, register

from medsec.domain.identity import Role
from medsec.services import audit
from medsec.web import pages_table


@pytest.fixture
def device(server: Server, tmp_path: Path) -> Device:
    return register(server, tmp_path)


def pending_id(server: Server, client: object, device: Device) -> str:
    page = client.get(f"/devices/{device.name}/approvals")  # type: ignore[attr-defined]
    assert page.status_code == 200, page.text
    found = re.findall(r'data-threat="([^"]+)"', page.text)
    assert found, "the example has a risk acceptance without approver"
    return str(found[0])


def test_dashboard_lists_every_version_with_its_figures(server: Server, device: Device) -> None:
    client = server.signed_in("vera", Role.VIEWER)
    page = client.get("/")
    assert page.status_code == 200
    assert "<h1>Portfolio</h1>" in page.text
    for version in ("v1.0", "v1.1"):
        assert f'href="/devices/pump/{version}"' in page.text
    assert re.search(r'class="badge badge-(pass|gap|fail)"', page.text)
    assert '<p class="muted">3 device versions.</p>' in page.text  # v1.0, v1.1, current


def test_dashboard_pages_long_portfolios(
    server: Server, device: Device, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages_table, "PAGE_SIZE", 2)
    client = server.signed_in("vera", Role.VIEWER)
    first = client.get("/", params={"sort": "version"})
    assert "1–2 of 3 device versions (page 1 of 2)." in first.text
    assert 'href="/devices/pump/v1.0"' in first.text and '/devices/pump/current"' not in first.text
    assert 'href="/?sort=version&amp;page=2"' in first.text and 'rel="prev"' not in first.text
    second = client.get(
        "/", params={"sort": "version", "page": "2"}, headers={"HX-Request": "true"}
    )
    assert "3–3 of 3 device versions (page 2 of 2)." in second.text
    assert 'href="/devices/pump/current"' in second.text and 'rel="next"' not in second.text
    past = client.get("/", params={"sort": "version", "page": "99"})
    assert "(page 2 of 2)" in past.text  # past the end: the last page


def test_dashboard_shows_a_new_release_at_once(server: Server, device: Device) -> None:
    from tests.web.pages_api_device import TODAY

    from medsec.services import portfolio

    client = server.signed_in("vera", Role.VIEWER)
    assert 'href="/devices/pump/v1.2"' not in client.get("/").text  # the table is now cached
    git(device.path, "tag", "v1.2")
    portfolio.refresh(server.engine, server.store, server.context.state_dir, TODAY)
    assert 'href="/devices/pump/v1.2"' in client.get("/").text


def test_dashboard_filters_answer_htmx_with_the_table_alone(server: Server, device: Device) -> None:
    client = server.signed_in("vera", Role.VIEWER)
    part = client.get("/", params={"q": "no-such-device"}, headers={"HX-Request": "true"})
    assert part.status_code == 200
    assert "<html" not in part.text and 'id="portfolio"' in part.text
    assert "No device version matches these filters." in part.text
    sorted_ = client.get(
        "/", params={"sort": "version", "desc": "true"}, headers={"HX-Request": "true"}
    )
    assert sorted_.text.index("/devices/pump/v1.1") < sorted_.text.index("/devices/pump/v1.0")


def test_device_page_draws_trend_charts_inline(server: Server, device: Device) -> None:
    client = server.signed_in("vera", Role.VIEWER)
    page = client.get("/devices/pump")
    assert page.status_code == 200
    assert page.text.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 2
    assert 'aria-label="Findings per release"' in page.text
    assert "<script>" not in page.text.split("</head>")[1]


def test_version_drill_down_serves_the_existing_report_sections(
    server: Server, device: Device
) -> None:
    client = server.signed_in("vera", Role.VIEWER)
    page = client.get("/devices/pump/v1.0")
    assert page.status_code == 200
    assert 'hx-get="/devices/pump/v1.0/sections/device"' in page.text
    part = client.get("/devices/pump/v1.0/sections/device", headers={"HX-Request": "true"})
    assert part.status_code == 200
    assert '<section id="device">' in part.text and "ACME Medical GmbH" in part.text
    assert "<html" not in part.text
    whole = client.get("/devices/pump/v1.0/report")
    assert whole.status_code == 200
    assert '<link rel="stylesheet" href="/report.css">' in whole.text
    css = client.get("/report.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert client.get("/devices/pump/v1.0/sections/nothing").status_code == 404
    assert client.get("/devices/pump/v9.9").status_code == 404
    assert client.get("/devices/nobody/v1.0").status_code == 404


def test_pages_need_a_sign_in(server: Server, device: Device) -> None:
    client = server.client()
    for path in ("/", "/devices/pump", "/devices/pump/v1.0", "/devices/pump/approvals", "/audit"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")


def test_an_approver_approves_a_risk_acceptance_as_a_commit_and_an_audit_entry(
    server: Server, device: Device
) -> None:
    client = server.signed_in("alice", Role.APPROVER)
    threat = pending_id(server, client, device)
    before = device.head()
    form = {
        "csrf_token": server.csrf(client),
        "threat_id": threat,
        "meaning": "I approve this risk acceptance",
        "password": PASSWORD,
        "expected_head": before,
    }
    done = client.post("/devices/pump/approvals", data=form)
    assert done.status_code == 200, done.text
    commit = re.search(r'<code class="commit">([0-9a-f]{40})</code>', done.text)
    seq = re.search(r'class="audit-seq">#(\d+)</a>', done.text)
    assert commit and seq
    assert device.head() == commit[1] != before
    assert git(device.path, "log", "-1", "--format=%an") == "Alice"
    assert "threats.yaml" in git(device.path, "show", "--name-only", "--format=", commit[1])
    assert device.status() == ""
    check = audit.verify(server.engine)
    assert check.ok, check.problems
    trail = client.get("/audit")
    assert f'id="audit-{seq[1]}"' in trail.text and "verify-ok" in trail.text
    after = client.get("/devices/pump/approvals")
    assert f'value="{threat}"' not in after.text


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ENGINEER])
def test_below_approver_cannot_approve(server: Server, device: Device, role: Role) -> None:
    client = server.signed_in("eve", role)
    threat = pending_id(server, client, device)
    before = device.head()
    form = {"csrf_token": server.csrf(client), "threat_id": threat, "meaning": "ok",
            "password": PASSWORD}  # fmt: skip
    response = client.post("/devices/pump/approvals", data=form)
    assert response.status_code == 403
    assert device.head() == before
    assert 'name="password"' not in client.get("/devices/pump/approvals").text


def test_a_wrong_password_signs_nothing(server: Server, device: Device) -> None:
    client = server.signed_in("alice", Role.APPROVER)
    threat = pending_id(server, client, device)
    before = device.head()
    form = {"csrf_token": server.csrf(client), "threat_id": threat, "meaning": "ok",
            "password": "wrong"}  # fmt: skip
    response = client.post("/devices/pump/approvals", data=form)
    assert response.status_code == 403
    assert device.head() == before and device.status() == ""


def test_change_forms_are_for_engineers(server: Server, device: Device) -> None:
    engineer = server.signed_in("ed", Role.ENGINEER)
    page = engineer.get("/devices/pump/changes")
    assert page.status_code == 200
    assert 'action="/devices/pump/assessments"' in page.text
    assert 'action="/devices/pump/pentest-states"' in page.text
    assert 'action="/devices/pump/signatures"' not in page.text  # engineers do not sign
    viewer = server.signed_in("vera", Role.VIEWER)
    assert viewer.get("/devices/pump/changes").status_code == 403


def test_admin_page_is_for_admins_and_shows_a_new_token_once(
    server: Server, device: Device
) -> None:
    assert server.signed_in("ed", Role.ENGINEER).get("/admin").status_code == 403
    admin = server.signed_in("root", Role.ADMIN)
    page = admin.get("/admin")
    assert page.status_code == 200 and "<h2>Accounts</h2>" in page.text and ">pump</a>" in page.text
    account = re.search(r'<option value="(\d+)">ed \(engineer\)</option>', page.text)
    assert account
    form = {"csrf_token": server.csrf(admin), "account_id": account[1], "repository": "pump",
            "scopes": ["read", "upload"], "days": "30"}  # fmt: skip
    created = admin.post("/admin/tokens", data=form)
    assert created.status_code == 200, created.text
    token = re.search(r'<p class="token">(mst_[^<]+)</p>', created.text)
    assert token
    assert token[1] not in admin.get("/admin").text
