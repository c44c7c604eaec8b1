"""Burp Suite REST API scan results: the same findings (and fingerprints) as the XML export."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import orjson
import pytest

from medsec.cli.main import main
from medsec.domain.errors import InputError
from medsec.domain.pentest import ReportFormat, Severity
from medsec.sources.scanners.registry import read


def _segments(text: str) -> list[dict[str, Any]]:
    data = base64.b64encode(text.encode()).decode()
    return [{"type": "DataSegment", "data": data, "length": len(text)}]


def _event(ident: str, issue: dict[str, Any]) -> dict[str, Any]:
    return {"id": ident, "type": "issue_found", "issue": issue}


def _xss(serial: str, origin: str, path: str, severity: str) -> dict[str, Any]:
    return {
        "name": "Cross-site scripting (reflected)",
        "type_index": 2097920,
        "serial_number": serial,
        "origin": origin,
        "path": path,
        "severity": severity,
        "confidence": "firm",
        "description": f"The value of the <b>q</b> request parameter is copied into {path}.",
        "remediation": "<p>Encode output for its HTML context.</p>",
        "caption": path,
        "evidence": [
            {
                "type": "FirstOrderEvidence",
                "request_response": {
                    "url": f"{origin}{path}?q=x",
                    "request": _segments(f"GET {path}?q=x HTTP/1.1\r\nHost: portal.example\r\n"),
                    "response": _segments("HTTP/1.1 200 OK\r\n\r\n<p>x</p>"),
                    "was_redirect_followed": False,
                },
            }
        ],
        "internal_data": "eyJmbGFncyI6MH0=",
    }


SCAN: dict[str, Any] = {
    "task_id": "12",
    "scan_status": "succeeded",
    "scan_metrics": {
        "crawl_requests_made": 410,
        "audit_requests_made": 8122,
        "issue_events": 3,
        "crawl_and_audit_caption": "Scan finished",
        "crawl_and_audit_progress": 100,
    },
    "issue_events": [
        # the same issue type on one host twice, once with the explicit default port
        _event("3", _xss("8714092211931371520", "https://portal.example:443", "/search", "high")),
        _event("4", _xss("8714092211931371521", "https://portal.example", "/help", "medium")),
        _event(
            "9",
            {
                "name": "Strict transport security not enforced",
                "type_index": 16777984,
                "serial_number": "8714092211931371529",
                "origin": "https://portal.example:8443",
                "path": "/",
                "severity": "low",
                "confidence": "certain",
                "description": "The application fails to prevent users from connecting over HTTP.",
                "caption": "/",
                "evidence": [],
            },
        ),
    ],
    "event_logs": [{"type": "info", "message": "Audit finished"}],
}
BURP_API = orjson.dumps(SCAN, option=orjson.OPT_INDENT_2)

# the XSS issue of SCAN as Burp's XML export writes it ('Report issues' -> XML)
BURP_XML = b"""<?xml version="1.0"?>
<!DOCTYPE issues [<!ELEMENT issues (issue*)>]>
<issues burpVersion="2024.1.1">
<issue><serialNumber>8714092211931371520</serialNumber><type>2097920</type>
<name>Cross-site scripting (reflected)</name><host ip="10.0.0.5">https://portal.example</host>
<path>/search</path><location>/search [q parameter]</location><severity>High</severity>
<confidence>Firm</confidence><issueDetail>copied into /search</issueDetail></issue>
<issue><serialNumber>8714092211931371521</serialNumber><type>2097920</type>
<name>Cross-site scripting (reflected)</name><host ip="10.0.0.5">https://portal.example</host>
<path>/help</path><severity>Medium</severity><confidence>Firm</confidence></issue>
</issues>"""


def _with(**changes: Any) -> bytes:
    return orjson.dumps(SCAN | changes)


def _issue(**changes: Any) -> bytes:
    issue = SCAN["issue_events"][2]["issue"] | changes
    return _with(issue_events=[_event("1", issue)])


def test_an_issue_from_the_api_and_from_the_xml_export_is_one_finding() -> None:
    (xml,) = read(BURP_XML, source="b.xml").findings
    api = read(BURP_API, source="scan.json")
    assert api.format is ReportFormat.BURP_API_JSON and api.warnings == ()
    xss = next(f for f in api.findings if f.rule == "2097920")
    assert (xss.fingerprint, xss.id, xss.tool) == (xml.fingerprint, xml.id, xml.tool)
    assert xss.locations == xml.locations  # https://portal.example:443 is https://portal.example
    assert xss.severity is Severity.HIGH and xss.title == xml.title


def test_api_findings() -> None:
    report = read(BURP_API, source="scan.json")
    assert report.tool == "Burp Suite (REST API)" and len(report.findings) == 2
    xss, hsts = sorted(report.findings, key=lambda f: f.severity.rank, reverse=True)
    assert [loc.url for loc in xss.locations] == [
        "https://portal.example/help",
        "https://portal.example/search",
    ]
    assert xss.evidence is not None and "<b>" not in xss.evidence
    assert "The value of the q request parameter is copied into /search." in xss.evidence
    assert xss.solution == "Encode output for its HTML context."
    assert hsts.severity is Severity.LOW and hsts.locations[0].port == 8443
    assert hsts.solution is None and not hsts.suppressed


def test_unfinished_scans_other_events_and_undefined_severity_are_warnings() -> None:
    events = [
        *SCAN["issue_events"],
        {"id": "20", "type": "issue_deleted", "issue": {}},
        _event("21", SCAN["issue_events"][2]["issue"] | {"severity": "undefined", "path": "/x"}),
    ]
    report = read(_with(scan_status="auditing", issue_events=events), source="scan.json")
    assert report.warnings == (
        "scan status is 'auditing', not 'succeeded': the findings may be incomplete",
        "1 issue event of type 'issue_deleted' skipped: only 'issue_found' is read",
        "1 issue with severity 'undefined' read as info",
    )
    hsts = next(f for f in report.findings if f.rule == "16777984")
    assert hsts.severity is Severity.LOW and len(hsts.locations) == 2  # the highest severity


def test_false_positive_is_kept_and_marked() -> None:
    (f,) = read(_issue(severity="false_positive"), source="scan.json").findings
    assert f.suppressed and f.severity is Severity.INFO


def test_a_scan_without_issues_is_a_zero_finding_import() -> None:
    report = read(_with(issue_events=[]), source="scan.json")
    assert report.format is ReportFormat.BURP_API_JSON and report.findings == ()


def test_as_burp_reads_json_as_the_api_and_xml_as_the_export() -> None:
    assert read(BURP_API, source="s", forced="burp").format is ReportFormat.BURP_API_JSON
    assert read(BURP_XML, source="s", forced="burp").format is ReportFormat.BURP_XML
    with pytest.raises(InputError, match="malformed XML"):
        read(BURP_API, source="s", forced="burp-xml")


BAD = [
    (b"Burp Suite scan 12: 3 issues", None, "invalid JSON"),
    (b'{"task_id": "12", "issue_events": [', None, "invalid JSON"),
    (b"[]", "(document)", "expected an object"),
    (b'{"task_id": "12", "scan_status": "succeeded"}', "issue_events", "no 'issue_events'"),
    (_with(issue_events={"id": "3"}), "issue_events", "expected a list"),
    (_with(issue_events=None), "issue_events", "expected a list"),
    (_with(issue_events=[5]), "issue_events[0]", "expected an object"),
    (_with(issue_events=[{"id": "3"}]), "issue_events[0].type", "without a 'type'"),
    (_with(issue_events=[{"type": "issue_found"}]), "issue_events[0].issue", "expected an object"),
    (_issue(name=None), "issue_events[0].issue.name", "issue without 'name'"),
    (_issue(name=" "), "issue_events[0].issue.name", "issue without 'name'"),
    (_issue(origin=443), "issue_events[0].issue.origin", "expected text, found int"),
    (_issue(origin="portal.example"), "issue_events[0].issue.origin", "not scheme://host"),
    (_issue(origin="https://portal.example:99999"), "issue_events[0].issue.origin", "scheme"),
    (_issue(severity="severe"), "issue_events[0].issue.severity", "is not high, medium"),
    (_issue(severity=3), "issue_events[0].issue.severity", "expected text"),
    (_issue(type_index=None), "issue_events[0].issue.type_index", "not an issue type number"),
    (_issue(type_index=True), "issue_events[0].issue.type_index", "not an issue type number"),
    (_issue(type_index="0x200"), "issue_events[0].issue.type_index", "not an issue type number"),
    (_issue(path=["/"]), "issue_events[0].issue.path", "expected text, found list"),
    (_issue(description={"html": "x"}), "issue_events[0].issue.description", "expected text"),
]


@pytest.mark.parametrize(("data", "where", "message"), BAD)
def test_bad_input_is_a_located_error(data: bytes, where: str | None, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        read(data, source="scan.json", forced="burp-api-json")
    (problem,) = caught.value.problems
    assert problem.path == "scan.json"
    if where is None:
        assert problem.line is not None
    else:
        assert problem.field == where


def test_type_index_as_digits_is_the_same_issue() -> None:
    (text,) = read(_issue(type_index="16777984"), source="a.json").findings
    (number,) = read(_issue(), source="b.json").findings
    assert text.fingerprint == number.fingerprint


def test_bad_report_exits_3_from_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "scan.json"
    report.write_bytes(_issue(severity="severe"))
    code = main(["pentest", "import", str(report), str(tmp_path), "--dry-run"])
    err = capsys.readouterr().err
    assert code == 3
    assert "issue_events[0].issue.severity" in err and "'severe'" in err
