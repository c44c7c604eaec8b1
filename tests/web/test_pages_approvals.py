"""The approvals page and API give the approver what to judge a risk acceptance by: inherent
and residual risk and CVSS, hazards, controls, expiry, who proposed it and when, and a link to
the threat's row in the report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.web.conftest import Server
from tests.web.pages_api_device import Device, git, register

from medsec.domain.identity import Role

THREAT = "MD-11@drug-lib-server"  # the example's one acceptance without an approver


@pytest.fixture
def device(server: Server, tmp_path: Path) -> Device:
    """The pump, with the acceptance's rationale and expiry written by a named engineer."""
    made = register(server, tmp_path)
    register_file = made.path / "threats.yaml"
    text = register_file.read_text(encoding="utf-8")
    start = text.index(f"  - id: {THREAT}\n")
    entry_end = text.find("\n  - id: ", start + 1)
    entry = text[start:entry_end]
    before = entry.replace("    decision: accept\n", "    decision: mitigate\n")
    register_file.write_text(text[:start] + before + text[entry_end:], encoding="utf-8")
    git(made.path, "commit", "-q", "-am", "MD-11 to be mitigated")
    changed = entry.replace(
        "    decision: accept\n", "    decision: accept\n    expires: 2027-06-30\n"
    )
    register_file.write_text(text[:start] + changed + text[entry_end:], encoding="utf-8")
    git(made.path, "-c", "user.name=Erin Engineer", "-c", "user.email=erin@example.org",
        "commit", "-q", "-am", "accept MD-11 until mid-2027", "--author",
        "Erin Engineer <erin@example.org>", "--date", "2026-09-15T10:30:00+00:00")  # fmt: skip
    return made


def test_the_api_tells_what_an_approval_is_judged_by(server: Server, device: Device) -> None:
    viewer = server.signed_in("vera", Role.VIEWER)
    found = viewer.get("/api/v1/devices/pump/approvals").json()
    p = next(x for x in found if x["threat_id"] == THREAT)
    assert p["expires"] == "2027-06-30"
    assert (p["risk"], p["residual_risk"]) == ("critical", "critical")
    assert [c["version"] for c in p["cvss"]] == ["3.1", "4.0"]
    assert p["cvss"][0]["vector"] == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:H/A:H"
    assert p["cvss"][0]["score"] == 9.4
    assert p["residual"][0]["score"] == 9.4  # no control lowers it
    assert [h["id"] for h in p["hazards"]] == ["HAZ-01", "HAZ-02"]
    assert p["controls"] == []
    assert p["categories"] == ["S", "E"] and p["rule"] == "MD-11"
    assert p["proposed_by"] == "Erin Engineer <erin@example.org>"
    assert p["proposed_at"].startswith("2026-09-15T10:30:00")
    assert p["proposed_in"] == git(device.path, "rev-parse", "HEAD")
    assert p["report"] == "/devices/pump/current/report#threat-MD-11%40drug-lib-server"
    assert any("benefit_risk" in problem for problem in p["problems"])


def test_the_page_shows_it_and_links_to_the_threat_in_the_report(
    server: Server, device: Device
) -> None:
    approver = server.signed_in("amy", Role.APPROVER)
    page = approver.get("/devices/pump/approvals")
    assert page.status_code == 200
    section = page.text.split(f'data-threat="{THREAT}"')[1].split("</section>")[0]
    assert "CVSS 3.1 9.4 (critical)" in section.split('class="risk-inherent"')[1]
    assert "critical" in section.split('class="risk-residual"')[1].split("</dd>")[0]
    assert "<code>HAZ-01</code> Overdose" in section
    assert "none: the whole inherent risk is accepted" in section
    assert '<dd class="expires">2027-06-30</dd>' in section
    assert "by Erin Engineer &lt;erin@example.org&gt; on 2026-09-15 10:30 UTC" in section
    link = re.search(r'<a class="report-link" href="([^"]+)">', section)
    assert link and link[1] == "/devices/pump/current/report#threat-MD-11%40drug-lib-server"
    report = approver.get(link[1].split("#")[0])
    assert report.status_code == 200
    assert f'<tr id="{link[1].split("#")[1]}">' in report.text
    assert report.text.count('<tr id="threat-MD-11%40drug-lib-server">') == 1
