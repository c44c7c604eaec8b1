"""Tenable Nessus CSV export.

Nessus writes one row per plugin, host, port **and CVE**; rows of one plugin on one host and
port are merged back into one finding (one ``ReportItem``), with the fingerprint of the XML
export (see ``nessus``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from medsec.domain.errors import InputError
from medsec.domain.pentest import Finding, ParsedReport, ReportFormat, Severity
from medsec.sources.scanners import normalise as n
from medsec.sources.scanners.detect import csv_columns
from medsec.sources.scanners.importer import Content, Importer
from medsec.sources.scanners.nessus import TOOL, nessus_finding
from medsec.sources.scanners.table import Row, read_table

REQUIRED = ("pluginid", "risk", "host", "port", "name")
_RISK = {
    "none": Severity.INFO,
    "info": Severity.INFO,
    "low": Severity.LOW,
    "medium": Severity.MEDIUM,
    "high": Severity.HIGH,
    "critical": Severity.CRITICAL,
}


@dataclass
class _Item:
    first: Row
    severity: Severity
    cves: list[str] = field(default_factory=list)


def parse(data: bytes, *, source: str) -> ParsedReport:
    """A Nessus CSV export: rows of one ``ReportItem`` merged into one finding."""
    _, rows = read_table(data, source, required=REQUIRED, what="Nessus CSV export")
    items: dict[tuple[str, str, str, str, str], _Item] = {}
    for row in rows:
        plugin, host = row.get("pluginid"), row.get("host")
        if not plugin or not host:
            raise InputError.single(
                source, "row without Plugin ID or Host", line=row.line, hint="truncated row?"
            )
        risk = (row.get("risk") or "none").lower()
        severity = _RISK.get(risk)
        if severity is None:
            raise InputError.single(
                source,
                f"Risk {row.get('risk')!r} is not None, Low, Medium, High or Critical",
                line=row.line,
                field="Risk",
            )
        # one row per CVE: rows of one ReportItem share plugin, host, port and output
        ident = (
            plugin,
            host,
            (row.get("protocol") or "").lower(),
            row.get("port") or "",
            row.get("pluginoutput") or "",
        )
        item = items.setdefault(ident, _Item(row, severity))
        item.cves.append(row.get("cve") or "")
    findings = tuple(_finding(item) for item in items.values())
    return ParsedReport(ReportFormat.NESSUS_CSV, "Nessus", findings)


def _finding(item: _Item) -> Finding:
    row = item.first
    cvss3 = n.score(row.get("cvssv30basescore", "cvssv3basescore"))
    cvss2 = n.score(row.get("cvssv20basescore", "cvssv2basescore", "cvss"))
    return nessus_finding(
        plugin=row.get("pluginid") or "",
        host=row.get("host") or "",
        protocol=row.get("protocol"),
        port=n.port(row.get("port")),
        title=row.get("name") or "",
        severity=item.severity,
        cvss=cvss3 if cvss3 is not None else cvss2,
        vector=row.get("cvssv30vector", "cvssv3vector") if cvss3 is not None else None,
        cwe=n.cwes(row.get("cwe")),
        cve=n.cves(item.cves),
        evidence=n.clean(row.get("pluginoutput")),
        solution=row.get("solution"),
    )


def sniff(head: bytes, name: str) -> bool:
    """A Nessus CSV export: a ``Plugin ID`` column."""
    return "pluginid" in csv_columns(head)


IMPORTER = Importer(
    format=ReportFormat.NESSUS_CSV,
    family=TOOL,
    display="Nessus (CSV)",
    extensions=(".csv",),
    content=Content.TEXT,
    sniff=sniff,
    parse=parse,
)
