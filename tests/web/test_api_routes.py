"""The REST API: every read endpoint, a change, uploads through the hardened readers (nothing
committed when refused), tokens' scopes and repositories, and the OpenAPI schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.conftest import EXAMPLE, REPO
from tests.web.conftest import Server
from tests.web.pages_api_device import Device, register

from medsec.domain.identity import Role
from medsec.services import tokens
from medsec.web import api_upload_readers
from medsec.web.deps import route_roles

HOSTILE = REPO / "tests" / "fixtures" / "sbom" / "hostile"
SBOM = "sbom/clinician-app.cdx.json"


@pytest.fixture
def device(server: Server, tmp_path: Path) -> Device:
    return register(server, tmp_path)


def token_client(server: Server, scopes: set[str], repository: str = "pump") -> TestClient:
    principal = server.account("ci", Role.ENGINEER)
    token = tokens.create_token(server.engine, principal.account_id, repository, scopes)
    return server.client(headers={"Authorization": f"Bearer {token}"})


def test_read_endpoints(server: Server, device: Device) -> None:
    client = server.signed_in("vera", Role.VIEWER)
    portfolio = client.get("/api/v1/portfolio").json()
    assert {s["version"] for s in portfolio} >= {"v1.0", "v1.1"}
    assert all(set(s["items"].values()) <= {"pass", "gap", "fail"} for s in portfolio)
    assert [d["name"] for d in client.get("/api/v1/devices").json()] == ["pump"]
    one = client.get("/api/v1/devices/pump").json()
    assert one["repository"]["branch"] == "main"
    assert [p["version"] for p in one["trend"]][:2] == ["v1.0", "v1.1"]
    versions = client.get("/api/v1/devices/pump/versions").json()
    assert {v["version"] for v in versions} >= {"v1.0", "v1.1"}
    check = client.get("/api/v1/devices/pump/check", params={"version": "v1.0"}).json()
    assert check["exit_status"] in (0, 1) and len(check["items"]) == 9
    assert check["exit_status"] == (0 if all(
        i["status"] == "pass" for i in check["items"] if i["mandatory"]) else 1)  # fmt: skip
    findings = client.get("/api/v1/devices/pump/versions/v1.0/findings").json()
    assert findings["repository"] == "pump" and isinstance(findings["findings"], list)
    scan = client.get("/api/v1/devices/pump/versions/v1.0/scan").json()
    assert scan["scanned_at"] is None  # never monitored in this test
    approvals = client.get("/api/v1/devices/pump/approvals").json()
    assert approvals and all(a["threat_id"] for a in approvals)
    assert client.get("/api/v1/devices/pump/versions/v7/scan").status_code == 404


def test_api_without_sign_in_is_401_json(server: Server, device: Device) -> None:
    response = server.client().get("/api/v1/portfolio")
    assert response.status_code == 401 and "detail" in response.json()


def test_openapi_lists_every_api_route(server: Server) -> None:
    client = server.signed_in("vera", Role.VIEWER)
    schema = client.get("/api/openapi.json").json()
    api = {key for key in route_roles(server.app) if key[1].startswith("/api/v1/")}
    assert len(api) >= 20
    for method, path in api:
        assert method.lower() in schema["paths"][path], (method, path)
    assert "ReleaseSummaryOut" in schema["components"]["schemas"]


def test_a_token_reads_only_its_repository_with_read_scope(server: Server, device: Device) -> None:
    reader = token_client(server, {"read"})
    assert reader.get("/api/v1/devices/pump/check").status_code == 200
    server.repository("other")
    assert reader.get("/api/v1/devices/other").status_code == 403
    assert [s["repository"] for s in reader.get("/api/v1/portfolio").json()] != []
    assert reader.get("/admin").status_code in (401, 403)


def test_an_sbom_upload_is_read_then_committed(server: Server, device: Device) -> None:
    ci = token_client(server, {"upload", "read"})
    data = (EXAMPLE / SBOM).read_bytes().replace(b'"version": 1', b'"version": 2', 1)
    before = device.head()
    response = ci.post("/api/v1/devices/pump/uploads/sbom", data={"path": SBOM},
                       files={"file": ("clinician-app.cdx.json", data)})  # fmt: skip
    assert response.status_code == 200, response.text
    out = response.json()
    assert out["commit"] == device.head() != before
    assert out["components"] > 10 and out["audit_seq"] >= 1
    assert (device.path / SBOM).read_bytes() == data and device.status() == ""


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "billion-laughs.xml",
            (HOSTILE / "billion-laughs.xml").read_bytes(),
            "upload billion-laughs.xml",
        ),
        ("xxe.xml", (HOSTILE / "xxe.xml").read_bytes(), "upload xxe.xml"),
        (
            "broken.cdx.json",
            b'{"bomFormat": "CycloneDX", "components": [',
            "upload broken.cdx.json",
        ),
        ("big.cdx.json", b"{" + b" " * 5000 + b"}", "over the 4,096-byte limit"),
    ],
)
def test_a_refused_upload_commits_nothing(
    server: Server, device: Device, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes,
    message: str,
) -> None:  # fmt: skip
    monkeypatch.setattr(api_upload_readers, "UPLOAD_MAX_BYTES", 4096)
    ci = token_client(server, {"upload"})
    before = device.head()
    response = ci.post("/api/v1/devices/pump/uploads/sbom", data={"path": SBOM},
                       files={"file": (name, data)})  # fmt: skip
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert device.head() == before and device.status() == ""


def test_an_upload_needs_the_upload_scope_and_a_known_sbom(server: Server, device: Device) -> None:
    data = (EXAMPLE / SBOM).read_bytes()
    reader = token_client(server, {"read"})
    files = {"file": ("a.cdx.json", data)}
    denied = reader.post("/api/v1/devices/pump/uploads/sbom", data={"path": SBOM}, files=files)
    assert denied.status_code == 403
    uploader = server.client(headers=reader.headers)  # same token: still no upload scope
    assert uploader.post("/api/v1/devices/pump/uploads/sbom", data={"path": SBOM},
                         files=files).status_code == 403  # fmt: skip
    engineer = server.signed_in("ed", Role.ENGINEER)
    csrf = {"X-CSRF-Token": server.csrf(engineer)}
    unknown = engineer.post("/api/v1/devices/pump/uploads/sbom", headers=csrf,
                            data={"path": "../../etc/passwd"}, files=files)  # fmt: skip
    assert unknown.status_code == 422 and "is not an SBOM of pump" in unknown.json()["detail"]


def test_a_pentest_report_upload_imports_into_the_engagement(
    server: Server, device: Device
) -> None:
    ci = token_client(server, {"upload"})
    data = (EXAMPLE / "pentests" / "pt-2026" / "nmap-pump.xml").read_bytes()
    before = device.head()
    broken = ci.post("/api/v1/devices/pump/uploads/pentest", data={"engagement": "pt-2026"},
                     files={"file": ("scan.xml", b"<nmaprun><host>")})  # fmt: skip
    assert broken.status_code == 422 and device.head() == before and device.status() == ""
    response = ci.post("/api/v1/devices/pump/uploads/pentest", data={"engagement": "pt-2026"},
                       files={"file": ("nmap-retest.xml", data)})  # fmt: skip
    assert response.status_code == 200, response.text
    assert response.json()["path"] == "pentests/pt-2026/nmap-retest.xml"
    assert (device.path / "pentests" / "pt-2026" / "nmap-retest.xml").read_bytes() == data
    assert device.head() != before and device.status() == ""


def test_api_approval_needs_reauthentication(server: Server, device: Device) -> None:
    client = server.signed_in("alice", Role.APPROVER)
    csrf = {"X-CSRF-Token": server.csrf(client)}
    threat = client.get("/api/v1/devices/pump/approvals").json()[0]["threat_id"]
    body = {"threat_id": threat, "meaning": "approved"}
    first = client.post("/api/v1/devices/pump/approvals", json=body, headers=csrf)
    assert first.status_code == 403 and first.json()["reauth"] == "/reauth"


def test_a_pentest_finding_state_is_set_through_the_api(server: Server, device: Device) -> None:
    engineer = server.signed_in("ed", Role.ENGINEER)
    accept = {"engagement": "pt-2026", "finding_id": "PT-2026-01", "state": "risk-accepted",
              "rationale": "console needs physical access", "expires": "2027-06-30"}  # fmt: skip
    headers = {"X-CSRF-Token": server.csrf(engineer)}
    low = engineer.post("/api/v1/devices/pump/pentest-states", json=accept, headers=headers)
    assert low.status_code == 403 and "needs the approver role" in low.json()["detail"]
    client = server.signed_in("alice", Role.APPROVER)
    csrf = {"X-CSRF-Token": server.csrf(client)}
    before = device.head()
    refused = {"engagement": "pt-2026", "finding_id": "PT-2026-01", "state": "fixed",
               "change": "release 1.2"}  # fmt: skip
    response = client.post("/api/v1/devices/pump/pentest-states", json=refused, headers=csrf)
    assert response.status_code == 400  # the service's own rule, with what to do
    assert "change the model first" in response.json()["detail"] and device.head() == before
    body = {"engagement": "pt-2026", "finding_id": "PT-2026-01", "state": "risk-accepted",
            "rationale": "console needs physical access", "expires": "2027-06-30",
            "expected_head": before}  # fmt: skip
    response = client.post("/api/v1/devices/pump/pentest-states", json=body, headers=csrf)
    assert response.status_code == 200, response.text
    out = response.json()
    assert out["commit"] == device.head() != before
    assert out["paths"] == ["pentests/pt-2026/findings.yaml"] and out["audit_seq"] >= 1
    stale = client.post("/api/v1/devices/pump/pentest-states", headers=csrf,
                        json={**body, "rationale": "changed"})  # fmt: skip
    assert stale.status_code == 409, stale.text  # expected_head moved and the file changed
    assert device.head() == out["commit"] and device.status() == ""


def test_a_viewer_cannot_assess(server: Server, device: Device) -> None:
    client = server.signed_in("vera", Role.VIEWER)
    csrf = {"X-CSRF-Token": server.csrf(client)}
    body = {"finding_id": "x", "state": "not_affected"}
    response = client.post("/api/v1/devices/pump/assessments", json=body, headers=csrf)
    assert response.status_code == 403
