"""OpenVAS / Greenbone "CSV Results" export: one finding per row (per result)."""

from __future__ import annotations

from medsec.domain.errors import InputError
from medsec.domain.pentest import ParsedReport, ReportFormat
from medsec.sources.scanners import normalise as n
from medsec.sources.scanners.detect import csv_columns
from medsec.sources.scanners.importer import Content, Importer
from medsec.sources.scanners.openvas import TOOL, openvas_finding
from medsec.sources.scanners.table import read_table

REQUIRED = ("ip", "nvtoid", "nvtname")


def parse(data: bytes, *, source: str) -> ParsedReport:
    """A Greenbone CSV export: one finding per row."""
    _, rows = read_table(data, source, required=REQUIRED, what="Greenbone CSV export")
    findings = []
    for row in rows:
        oid, host = row.get("nvtoid"), row.get("ip", "hostname")
        if not oid or not host:
            raise InputError.single(source, "row without NVT OID or IP", line=row.line)
        port = row.get("port") or "general"
        proto = row.get("portprotocol") or "tcp"
        findings.append(
            openvas_finding(
                oid=oid,
                host=host,
                port_text=f"{port}/{proto}",
                title=row.get("nvtname") or oid,
                score=n.score(row.get("cvss")),
                threat=row.get("severity"),
                cve=n.cves((row.get("cves") or "").split(",")),
                cwe=(),
                evidence=n.clean(row.get("specificresult")),
                solution=row.get("solution"),
            )
        )
    return ParsedReport(ReportFormat.OPENVAS_CSV, "OpenVAS", tuple(findings))


def sniff(head: bytes, name: str) -> bool:
    """A Greenbone "CSV Results" export: an ``NVT OID`` or ``NVT Name`` column."""
    columns = csv_columns(head)
    return "nvtoid" in columns or "nvtname" in columns


IMPORTER = Importer(
    format=ReportFormat.OPENVAS_CSV,
    family=TOOL,
    aliases=("greenbone",),
    display="OpenVAS/Greenbone (CSV)",
    extensions=(".csv",),
    content=Content.TEXT,
    sniff=sniff,
    parse=parse,
)
