"""OpenVAS / Greenbone XML reports (GMP ``<report>``, also inside ``<get_reports_response>``).

One finding per ``<result>``. Fingerprint: ``openvas`` + NVT OID + host + ``port/protocol``
(the same for the CSV export, see ``openvas_csv``).
"""

from __future__ import annotations

from medsec.domain.errors import InputError
from medsec.domain.pentest import (
    Finding,
    Location,
    ParsedReport,
    ReportFormat,
    Severity,
    make_fingerprint,
    short_id,
)
from medsec.sources.scanners import normalise as n
from medsec.sources.scanners.detect import xml_root
from medsec.sources.scanners.importer import Content, Importer
from medsec.sources.scanners.xmlinput import Element, child, children, local, parse_xml, text

TOOL = "openvas"
_ROOTS = ("report", "get_reports_response")
_MARKERS = frozenset({"results", "report_format", "task", "scan_run_status", "gmp", "omp"})


def openvas_finding(
    *,
    oid: str,
    host: str,
    port_text: str | None,
    title: str,
    score: float | None,
    threat: str | None,
    cve: tuple[str, ...],
    cwe: tuple[str, ...],
    evidence: str | None,
    solution: str | None,
) -> Finding:
    """The one shape both Greenbone exports produce."""
    port_part, _, proto = (port_text or "").partition("/")
    severity = Severity.from_score(score) if score is not None else n.severity_word(threat)
    print_ = make_fingerprint(TOOL, oid, host, (port_text or "").lower())
    return Finding(
        fingerprint=print_,
        id=short_id(TOOL, print_),
        title=title,
        severity=severity or Severity.INFO,
        tool=TOOL,
        rule=oid,
        cvss=score,
        cwe=cwe,
        cve=cve,
        locations=(Location(host=host, port=n.port(port_part), protocol=proto.lower() or None),),
        evidence=evidence,
        solution=n.clean(solution),
    )


def parse(data: bytes, *, source: str) -> ParsedReport:
    """A Greenbone XML report: one finding per ``<result>``."""
    root = parse_xml(data, source)
    if local(root) not in _ROOTS:
        raise InputError.single(
            source,
            f"not an OpenVAS/Greenbone report: XML root is <{local(root)}>",
            hint="export the report from Greenbone in the 'XML' report format",
        )
    if not any(local(e) in _MARKERS for e in root.iter()):
        raise InputError.single(
            source,
            "not an OpenVAS/Greenbone report: <report> without results, task or scan status",
            hint="export the report from Greenbone in the 'XML' report format",
        )
    findings = []
    for i, result in enumerate(r for r in root.iter() if local(r) == "result"):
        nvt = child(result, "nvt")
        if nvt is None:
            continue  # a result reference (e.g. in a delta report summary), not a result
        findings.append(_result(result, nvt, f"result[{i}]", source))
    return ParsedReport(ReportFormat.OPENVAS_XML, "OpenVAS", tuple(findings))


def _result(result: Element, nvt: Element, where: str, source: str) -> Finding:
    oid = nvt.get("oid")
    host = text(result, "host")
    if not oid or not host:
        raise InputError.single(
            source,
            "result without NVT oid or host",
            field=where,
            hint="not a complete Greenbone report (truncated or hand-edited?)",
        )
    refs = children(child(nvt, "refs"), "ref")
    tags = _tags(text(nvt, "tags"))
    return openvas_finding(
        oid=oid,
        host=host,
        port_text=text(result, "port"),
        title=text(nvt, "name") or text(result, "name") or f"NVT {oid}",
        score=n.score(text(result, "severity")),
        threat=text(result, "threat"),
        cve=n.cves(r.get("id") for r in refs if (r.get("type") or "").lower() == "cve"),
        cwe=n.cwes(*(r.get("id") for r in refs if (r.get("type") or "").lower() == "cwe")),
        evidence=n.clean(text(result, "description")),
        solution=text(nvt, "solution") or tags.get("solution"),
    )


def _tags(value: str | None) -> dict[str, str]:
    """``summary=...|insight=...|solution=...`` -> dict."""
    out: dict[str, str] = {}
    for part in (value or "").split("|"):
        k, sep, v = part.partition("=")
        if sep:
            out[k.strip()] = v.strip()
    return out


def sniff(head: bytes, name: str) -> bool:
    """A Greenbone XML report: root ``<report>`` or ``<get_reports_response>``."""
    return xml_root(head) in _ROOTS


IMPORTER = Importer(
    format=ReportFormat.OPENVAS_XML,
    family=TOOL,
    aliases=("greenbone",),
    display="OpenVAS/Greenbone (XML)",
    extensions=(".xml",),
    content=Content.XML,
    sniff=sniff,
    parse=parse,
)
