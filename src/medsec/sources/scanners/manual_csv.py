"""The medsec CSV template for manual pentest findings (docs/pentest-template.md).

Most device pentests arrive as a PDF; the tester (or whoever reads the PDF) fills one row per
finding. Required columns: ``id``, ``title``, ``severity``; the others are optional and may
be left out or empty. Fingerprint: ``manual`` + the tester's id, so a retest report that
keeps the ids updates the same findings.
"""

from __future__ import annotations

import re

from medsec.domain.errors import Diagnostic, InputError
from medsec.domain.pentest import (
    Finding,
    FindingState,
    Location,
    ParsedReport,
    ReportFormat,
    make_fingerprint,
)
from medsec.sources.scanners import normalise as n
from medsec.sources.scanners.table import Row, read_table

TOOL = "manual"
REQUIRED = ("id", "title", "severity")
COLUMNS = (
    "id",
    "title",
    "severity",
    "cvss",
    "cvss_vector",
    "cwe",
    "cve",
    "host",
    "port",
    "protocol",
    "url",
    "file",
    "interface",
    "evidence",
    "description",
    "recommendation",
    "status",
    "tool",
)
_STATUS = {
    "open": FindingState.OPEN,
    "fixed": FindingState.FIXED,
    "retested": FindingState.RETEST_PASSED,
    "retest-passed": FindingState.RETEST_PASSED,
    "closed": FindingState.RETEST_PASSED,
}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,119}$")


def parse(data: bytes, *, source: str) -> ParsedReport:
    _, rows = read_table(data, source, required=REQUIRED, what="medsec pentest findings CSV")
    findings: list[Finding] = []
    problems: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for row in rows:
        try:
            finding = _finding(row, source)
        except InputError as error:
            problems.extend(error.problems)
            continue
        if finding.id in seen:
            problems.append(
                Diagnostic(
                    source,
                    f"duplicate id '{finding.id}' (first on line {seen[finding.id]})",
                    line=row.line,
                    field="id",
                )
            )
            continue
        seen[finding.id] = row.line
        findings.append(finding)
    if problems:
        raise InputError(problems)
    return ParsedReport(ReportFormat.MANUAL_CSV, "manual (CSV template)", tuple(findings))


def _bad(source: str, row: Row, column: str, message: str, hint: str | None = None) -> InputError:
    return InputError.single(source, message, line=row.line, field=column, hint=hint)


def _finding(row: Row, source: str) -> Finding:
    ident, title = row.get("id"), row.get("title")
    if not ident or not _ID.match(ident):
        raise _bad(
            source,
            row,
            "id",
            f"invalid finding id {ident!r}" if ident else "empty id",
            "letters, digits and . _ : / - (the tester's id, e.g. PT-2026-01)",
        )
    if not title:
        raise _bad(source, row, "title", "empty title")
    severity = n.severity_word(row.get("severity"))
    if severity is None:
        raise _bad(
            source,
            row,
            "severity",
            f"invalid severity {row.get('severity')!r}",
            "critical, high, medium, low or info",
        )
    status_text = (row.get("status") or "").lower()
    status = _STATUS.get(status_text) if status_text else None
    if status_text and status is None:
        raise _bad(
            source,
            row,
            "status",
            f"invalid status {row.get('status')!r}",
            "open, fixed or retested (risk acceptance is the manufacturer's: 'medsec pentest set')",
        )
    port_text = row.get("port")
    port = n.port(port_text)
    if port_text and port is None:
        raise _bad(source, row, "port", f"invalid port {port_text!r}", "a number 1-65535")
    cvss_text = row.get("cvss")
    cvss = n.score(cvss_text)
    if cvss_text and cvss is None:
        raise _bad(source, row, "cvss", f"invalid CVSS score {cvss_text!r}", "0.0 to 10.0")
    url = row.get("url")
    location = n.url_location(url) if url else Location()
    location = Location(
        host=row.get("host") or location.host,
        port=port or location.port,
        protocol=(row.get("protocol") or "").lower() or None,
        url=location.url,
        file=row.get("file"),
    )
    print_ = make_fingerprint(TOOL, ident)
    return Finding(
        fingerprint=print_,
        id=ident,
        title=title,
        severity=severity,
        tool=(row.get("tool") or TOOL).lower(),
        rule=None,
        cvss=cvss,
        cvss_vector=row.get("cvssvector"),
        cwe=n.cwes(*re.split(r"[\s,;]+", row.get("cwe") or "")),
        cve=n.cves(re.split(r"[\s,;]+", row.get("cve") or "")),
        locations=(location,) if location != Location() else (),
        evidence=n.clean(row.get("evidence") or row.get("description")),
        solution=n.clean(row.get("recommendation")),
        tester_status=status,
        target=row.get("interface"),
    )
