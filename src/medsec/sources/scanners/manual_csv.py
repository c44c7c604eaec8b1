"""The medsec CSV template for manual pentest findings (docs/pentest-template.md).

Most device pentests arrive as a PDF; the tester (or whoever reads the PDF) fills one row per
finding. Required columns: ``id``, ``title``, ``severity``; the others are optional and may
be left out or empty. Fingerprint: ``manual`` + the tester's id, so a retest report that
keeps the ids updates the same findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

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
from medsec.sources.scanners.detect import csv_columns
from medsec.sources.scanners.importer import Content, Importer
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
_T = TypeVar("_T")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,119}$")


def parse(data: bytes, *, source: str) -> ParsedReport:
    """The template's rows as findings; every bad row is reported at once."""
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
    ident, title = _identity(row, source)
    severity = n.severity_word(row.get("severity"))
    if severity is None:
        raise _bad(
            source,
            row,
            "severity",
            f"invalid severity {row.get('severity')!r}",
            "critical, high, medium, low or info",
        )
    status = _status(row, source)
    port = _checked(row, source, "port", n.port, "invalid port", "a number 1-65535")
    cvss = _checked(row, source, "cvss", n.score, "invalid CVSS score", "0.0 to 10.0")
    location = _location(row, port)
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


def _identity(row: Row, source: str) -> tuple[str, str]:
    """The tester's id (the finding's identity) and the title, both required."""
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
    return ident, title


def _status(row: Row, source: str) -> FindingState | None:
    """The tester's status word, if any."""
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
    return status


def _checked(
    row: Row,
    source: str,
    column: str,
    convert: Callable[[str | None], _T | None],
    message: str,
    hint: str,
) -> _T | None:
    """An optional cell converted; a filled cell that does not convert is an error."""
    text = row.get(column)
    value = convert(text)
    if text and value is None:
        raise _bad(source, row, column, f"{message} {text!r}", hint)
    return value


def _location(row: Row, port: int | None) -> Location:
    """Host, port and protocol columns, completed from the URL's."""
    url = row.get("url")
    location = n.url_location(url) if url else Location()
    return Location(
        host=row.get("host") or location.host,
        port=port or location.port,
        protocol=(row.get("protocol") or "").lower() or None,
        url=location.url,
        file=row.get("file"),
    )


def sniff(head: bytes, name: str) -> bool:
    """The template: an ``id``, ``title`` or ``severity`` column (after Nessus and Greenbone
    CSV in the registry, whose exports have a ``Severity`` column too)."""
    return bool(csv_columns(head) & {"id", "title", "severity"})


IMPORTER = Importer(
    format=ReportFormat.MANUAL_CSV,
    family=TOOL,
    aliases=("csv",),
    display="the medsec findings CSV template",
    extensions=(".csv",),
    content=Content.TEXT,
    sniff=sniff,
    parse=parse,
)
