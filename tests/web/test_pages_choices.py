"""The change forms offer what the project holds: the findings of every released version's
latest monitoring scan (and of the branch head's records), the pentest findings of every
engagement and the recorded document revisions, each with its state; a choice offered saves."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE
from tests.web.conftest import PASSWORD, Server
from tests.web.pages_api_device import Device, git, register

from medsec.domain.identity import Role
from medsec.project.document_records import Revision, load_revisions, write_revisions
from medsec.project.server_settings import ServerSettings
from medsec.services import db, monitor
from medsec.services.monitor import MonitorOptions

H11 = "CVE-2025-43859@pkg:pypi/h11"  # critical; in the example's SBOMs, not assessed
STARLETTE = "CVE-2024-47874@pkg:pypi/starlette"  # assessed exploitable in vulnerabilities.yaml
MONITORED = dt.date(2026, 12, 1)  # after the example's newest decision (2026-11-25)


@pytest.fixture
def device(server: Server, tmp_path: Path) -> Device:
    """The registered pump (v1.0, v1.1, a head) without any scan record on the branch."""
    return register(server, tmp_path)


def monitored(server: Server, device: Device) -> str:
    """Run ``medsec monitor --offline`` over the pump; the commit of its scan records."""
    db.import_path(db.ImportOptions(EXAMPLE / "advisories", server.context.store_url))
    settings = ServerSettings(state_dir=server.context.state_dir)
    options = MonitorOptions(today=MONITORED, offline=True, notify=False)
    report = monitor.run(server.engine, server.store, settings, options)
    assert [(v.version, v.error) for v in report.versions] == [("v1.0", None), ("v1.1", None)]
    return report.commits[device.name]


def options(page: str, name: str) -> dict[str, str]:
    """value -> label of the options of the ``<select name=...>`` on the page."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.DOTALL)
    assert select, f"no select {name}"
    found = re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select[1], re.DOTALL)
    return {unescape(v): unescape(label) for v, label in found}


def test_findings_of_monitoring_scans_are_offered_with_versions_and_state(
    server: Server, device: Device
) -> None:
    engineer = server.signed_in("ed", Role.ENGINEER)
    before = engineer.get("/devices/pump/changes")
    assert before.status_code == 200
    assert options(before.text, "finding_id").get(H11) is None  # nothing scanned yet
    assert "No finding to assess" not in before.text  # the example's assessments are listed
    monitored(server, device)

    page = engineer.get("/devices/pump/changes")
    assert page.status_code == 200
    found = options(page.text, "finding_id")
    assert H11 in found, sorted(found)
    assert "h11 0.14.0" in found[H11] and "critical" in found[H11]
    assert "in v1.0, v1.1" in found[H11] and found[H11].endswith("now in_triage")
    assert found[STARLETTE].endswith("now exploitable")
    groups = re.findall(r'<optgroup label="([^"]+)">', page.text.split('name="finding_id"')[1])
    assert groups[:2] == ["Not assessed yet", "Assessed (change the decision)"]
    not_yet = page.text.split("Not assessed yet")[1].split("</optgroup>")[0]
    assert H11 in not_yet and STARLETTE not in not_yet
    assert "v1.0</code> (2026-12-01, 10 findings)" in page.text

    api = engineer.get("/api/v1/devices/pump/assessable").json()
    assert [s["version"] for s in api["sources"]] == ["v1.0", "v1.1"]
    h11 = next(f for f in api["findings"] if f["id"] == H11)
    assert (h11["versions"], h11["assessed"], h11["severity"]) == (
        ["v1.0", "v1.1"],
        False,
        "critical",
    )
    assert api["findings"][0]["id"] == H11  # not assessed and critical: first


def test_an_offered_finding_is_assessed_and_then_shown_with_its_state(
    server: Server, device: Device
) -> None:
    monitored(server, device)
    engineer = server.signed_in("ed", Role.ENGINEER)
    form = {"csrf_token": server.csrf(engineer), "finding_id": H11, "state": "not_affected",
            "justification": "code_not_reachable", "detail": "h11 serves no request",
            "expected_head": device.head()}  # fmt: skip
    done = engineer.post("/devices/pump/assessments", data=form)
    assert done.status_code == 200, done.text
    assert "vulnerabilities.yaml" in git(device.path, "show", "--name-only", "--format=", "HEAD")
    after = options(engineer.get("/devices/pump/changes").text, "finding_id")
    assert after[H11].endswith("now not_affected")
    assessed = engineer.get("/api/v1/devices/pump/assessable").json()["findings"]
    assert next(f for f in assessed if f["id"] == H11)["assessed"] is True


def test_a_version_whose_records_left_the_branch_is_read_from_its_commit(
    server: Server, device: Device
) -> None:
    commit = monitored(server, device)
    git(device.path, "rm", "-q", "-r", "records/releases/v1.0")
    git(device.path, "commit", "-q", "-m", "records moved")
    engineer = server.signed_in("ed", Role.ENGINEER)
    api = engineer.get("/api/v1/devices/pump/assessable").json()
    v10 = next(s for s in api["sources"] if s["version"] == "v1.0")
    assert v10["record"] == f"{commit[:12]}:records/releases/v1.0/scans/2026-12-01.json"


def test_pentest_findings_are_offered_and_a_choice_is_saved(server: Server, device: Device) -> None:
    engineer = server.signed_in("ed", Role.ENGINEER)
    page = engineer.get("/devices/pump/changes")
    found = options(page.text, "pentest_finding")
    assert found["pt-2026/PT-2026-01"].startswith("PT-2026-01 · UART console")
    assert found["pt-2026/PT-2026-01"].endswith("now open")
    assert "now risk-accepted (until 2027-06-30)" in found["pt-2026/PT-2026-03"]
    assert 'name="engagement"' not in page.text  # no free text any more
    assert found["pt-2026/PT-2026-04"].endswith("now retest-passed")
    form = {"csrf_token": server.csrf(engineer), "pentest_finding": "pt-2026/PT-2026-04",
            "state": "open", "note": "stack traces are back in 3.2.1",
            "expected_head": device.head()}  # fmt: skip
    done = engineer.post("/devices/pump/pentest-states", data=form)
    assert done.status_code == 200, done.text
    text = (device.path / "pentests/pt-2026/findings.yaml").read_text(encoding="utf-8")
    assert "stack traces are back in 3.2.1" in text
    again = options(engineer.get("/devices/pump/changes").text, "pentest_finding")
    assert again["pt-2026/PT-2026-04"].endswith("now open")
    api = engineer.get("/api/v1/devices/pump/pentest-findings").json()
    assert {(p["id"], p["state"]) for p in api} >= {("PT-2026-04", "open")}
    empty = {"csrf_token": server.csrf(engineer), "state": "fixed"}
    assert engineer.post("/devices/pump/pentest-states", data=empty).status_code == 422


def _record_document(device: Device) -> None:
    """A built document's revision record on the branch, as ``medsec docs build`` leaves it."""
    revision = Revision(1, dt.date(2026, 9, 1), "a" * 64, "b" * 64, {}, {"intro": "complete"})
    write_revisions(device.path, "security-guide", [revision])
    git(device.path, "add", "records/documents/security-guide.json")
    git(device.path, "commit", "-q", "-m", "security guide revision 1")


def test_document_revisions_are_offered_and_a_choice_is_signed(
    server: Server, device: Device
) -> None:
    approver = server.signed_in("amy", Role.APPROVER)
    empty = approver.get("/devices/pump/changes")
    assert "No document revision is recorded" in empty.text
    _record_document(device)
    page = approver.get("/devices/pump/changes")
    found = options(page.text, "document_revision")
    assert list(found) == ["security-guide@1"]
    assert found["security-guide@1"].endswith("(latest) · not signed")
    assert 'name="document"' not in page.text
    form = {"csrf_token": server.csrf(approver), "document_revision": "security-guide@1",
            "meaning": "approved for release", "password": PASSWORD,
            "expected_head": device.head()}  # fmt: skip
    done = approver.post("/devices/pump/signatures", data=form)
    assert done.status_code == 200, done.text
    signed = load_revisions(device.path, "security-guide")[0].signatures
    assert [(s.username, s.meaning) for s in signed] == [("amy", "approved for release")]
    after = options(approver.get("/devices/pump/changes").text, "document_revision")
    assert "signed: Amy (approver): approved for release" in after["security-guide@1"]
    api = approver.get("/api/v1/devices/pump/documents").json()
    assert api[0]["id"] == "security-guide" and api[0]["title"]
    assert len(api[0]["revisions"][0]["signatures"]) == 1
    body = json.loads((device.path / "records/documents/security-guide.json").read_text())
    assert body["revisions"][0]["signatures"][0]["meaning"] == "approved for release"
