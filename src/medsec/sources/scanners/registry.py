"""Format -> parser, exhaustive over :class:`ReportFormat`, behind one ``read`` with a sniffer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import assert_never

from medsec.domain.errors import InputError, UsageError
from medsec.domain.pentest import ParsedReport, ReportFormat, make_fingerprint, short_id
from medsec.sources.scanners import (
    burp,
    manual_csv,
    nessus,
    nessus_csv,
    nmap,
    nuclei,
    openvas,
    openvas_csv,
    sarif,
    zap,
)
from medsec.sources.scanners.detect import Content, content_kind, sniff

Parser = Callable[..., ParsedReport]
DEFAULT_MAX_BYTES = 1024 * 1024 * 1024  # 1 GiB: the largest Nessus files seen are hundreds of MB

# what ``--as`` accepts: a family (the encoding is then read from the content) or one format
FAMILIES: dict[str, tuple[ReportFormat, ...]] = {
    "zap": (ReportFormat.ZAP_XML, ReportFormat.ZAP_JSON),
    "burp": (ReportFormat.BURP_XML,),
    "nessus": (ReportFormat.NESSUS_XML, ReportFormat.NESSUS_CSV),
    "openvas": (ReportFormat.OPENVAS_XML, ReportFormat.OPENVAS_CSV),
    "greenbone": (ReportFormat.OPENVAS_XML, ReportFormat.OPENVAS_CSV),
    "sarif": (ReportFormat.SARIF,),
    "nuclei": (ReportFormat.NUCLEI,),
    "nmap": (ReportFormat.NMAP_XML,),
    "csv": (ReportFormat.MANUAL_CSV,),
    "manual": (ReportFormat.MANUAL_CSV,),
} | {f.value: (f,) for f in ReportFormat}

_CONTENT = {
    ReportFormat.ZAP_XML: Content.XML,
    ReportFormat.ZAP_JSON: Content.JSON,
    ReportFormat.BURP_XML: Content.XML,
    ReportFormat.NESSUS_XML: Content.XML,
    ReportFormat.NESSUS_CSV: Content.TEXT,
    ReportFormat.OPENVAS_XML: Content.XML,
    ReportFormat.OPENVAS_CSV: Content.TEXT,
    ReportFormat.SARIF: Content.JSON,
    ReportFormat.NUCLEI: Content.JSON,
    ReportFormat.NMAP_XML: Content.XML,
    ReportFormat.MANUAL_CSV: Content.TEXT,
}


def parser_for(fmt: ReportFormat) -> Parser:
    if fmt is ReportFormat.ZAP_XML:
        return zap.parse_xml_report
    if fmt is ReportFormat.ZAP_JSON:
        return zap.parse_json_report
    if fmt is ReportFormat.BURP_XML:
        return burp.parse
    if fmt is ReportFormat.NESSUS_XML:
        return nessus.parse
    if fmt is ReportFormat.NESSUS_CSV:
        return nessus_csv.parse
    if fmt is ReportFormat.OPENVAS_XML:
        return openvas.parse
    if fmt is ReportFormat.OPENVAS_CSV:
        return openvas_csv.parse
    if fmt is ReportFormat.SARIF:
        return sarif.parse
    if fmt is ReportFormat.NUCLEI:
        return nuclei.parse
    if fmt is ReportFormat.NMAP_XML:
        return nmap.parse
    if fmt is ReportFormat.MANUAL_CSV:
        return manual_csv.parse
    assert_never(fmt)


def resolve(forced: str, data: bytes) -> ReportFormat:
    """The format ``--as`` names, choosing the family member that matches the content."""
    candidates = FAMILIES.get(forced.lower())
    if candidates is None:
        raise UsageError(f"unknown report format '{forced}' (one of {', '.join(sorted(FAMILIES))})")
    kind = content_kind(data)
    matching = [f for f in candidates if _CONTENT[f] is kind]
    return (matching or list(candidates))[0]


def distinct(report: ParsedReport) -> ParsedReport:
    """Findings a report repeats under one fingerprint (Nessus does, for two PHP versions on
    one port) stay separate: the n-th repeat's fingerprint is that of (fingerprint, n)."""
    seen: dict[str, int] = {}
    out = []
    for f in report.findings:
        n = seen.get(f.fingerprint, 0)
        seen[f.fingerprint] = n + 1
        if n:
            print_ = make_fingerprint(f.tool, f.fingerprint, n + 1)
            ident = f.id if f.tool == "manual" else short_id(f.tool, print_)
            f = replace(f, fingerprint=print_, id=ident)
        out.append(f)
    return replace(report, findings=tuple(out)) if len(seen) < len(out) else report


def read(
    data: bytes,
    *,
    source: str,
    forced: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ParsedReport:
    """Parse one report: the format from ``forced`` (``--as``) or sniffed from the content."""
    if len(data) > max_bytes:
        raise InputError.single(
            source,
            f"file is {len(data):,} bytes, over the {max_bytes:,}-byte limit for reports",
            hint="split the scan export (one file per host range)",
        )
    fmt = resolve(forced, data) if forced else sniff(data, source=source)
    report = distinct(parser_for(fmt)(data, source=source))
    if not data.strip() and fmt is ReportFormat.NUCLEI:
        return ParsedReport(
            report.format,
            report.tool,
            warnings=("empty file: read as a Nuclei JSON Lines stream with no results",),
        )
    return report
