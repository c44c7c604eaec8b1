"""Which report a file holds, decided from its content (never from its name)."""

from __future__ import annotations

import re
from enum import StrEnum

from medsec.domain.errors import InputError
from medsec.domain.pentest import ReportFormat
from medsec.sources.scanners.jsoninput import load_json
from medsec.sources.scanners.table import header_keys

_HEAD = 65536
_PROLOG = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.S)
_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_XML_ROOTS = {
    "OWASPZAPReport": ReportFormat.ZAP_XML,
    "issues": ReportFormat.BURP_XML,
    "NessusClientData_v2": ReportFormat.NESSUS_XML,
    "report": ReportFormat.OPENVAS_XML,
    "get_reports_response": ReportFormat.OPENVAS_XML,
    "nmaprun": ReportFormat.NMAP_XML,
}
_UNSUPPORTED_XML = {
    "NessusClientData": "a Nessus v1 file: export the scan again as 'Nessus' (v2)",
    "bom": "a CycloneDX SBOM: use 'medsec sbom'",
    "SCAN": "a Qualys scan, which medsec does not read: export CSV in the medsec template",
    "ASSET_DATA_REPORT": "a Qualys report, which medsec does not read",
    "WAS_SCAN_REPORT": "a Qualys WAS report, which medsec does not read",
    "WAS_WEBAPP_REPORT": "a Qualys WAS report, which medsec does not read",
}
SUPPORTED = (
    "OWASP ZAP (XML, JSON), Burp Suite (XML), Nessus (.nessus, CSV), OpenVAS/Greenbone "
    "(XML, CSV), SARIF 2.1, Nuclei (JSON, JSONL), Nmap XML and the medsec findings CSV template"
)


class Content(StrEnum):
    XML = "xml"
    JSON = "json"
    TEXT = "text"  # CSV, JSON Lines or empty


def content_kind(data: bytes) -> Content:
    head = data.removeprefix(b"\xef\xbb\xbf")[:_HEAD].lstrip()
    if head[:1] == b"<":
        return Content.XML
    if head[:1] in (b"{", b"["):
        return Content.JSON
    return Content.TEXT


def unknown(source: str, reason: str) -> InputError:
    return InputError.single(
        source, f"not a supported pentest report: {reason}", hint=f"medsec reads {SUPPORTED}"
    )


def sniff(data: bytes, *, source: str) -> ReportFormat:
    body = data.removeprefix(b"\xef\xbb\xbf")
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.single(source, "UTF-16 text; save the report as UTF-8")
    head = body[:_HEAD].lstrip()
    if not head:
        return ReportFormat.NUCLEI  # the one format where an empty file is a complete report
    if b"\x00" in head[:4096]:
        raise unknown(source, "binary content (a PDF or archive?)")
    kind = content_kind(body)
    if kind is Content.XML:
        return _xml(head, source)
    if kind is Content.JSON:
        return _json(body, head, source)
    first = head.split(b"\n", 1)[0]
    if first.lstrip().startswith(b"{"):
        return _json(body, head, source)
    return _csv(head, source)


def _xml(head: bytes, source: str) -> ReportFormat:
    match = _XML_ROOT.search(_PROLOG.sub(b"", head))
    root = match.group(1).decode("ascii", "replace") if match else "?"
    if root in _XML_ROOTS:
        return _XML_ROOTS[root]
    if root in _UNSUPPORTED_XML:
        raise unknown(source, _UNSUPPORTED_XML[root])
    raise unknown(source, f"XML with root <{root}>")


def _json(body: bytes, head: bytes, source: str) -> ReportFormat:
    if b'"template-id"' in head or b'"templateID"' in head:
        return ReportFormat.NUCLEI
    if b'"runs"' in head and (b'"version"' in head or b"sarif" in head.lower()):
        return ReportFormat.SARIF
    if b'"site"' in head and (b'"@version"' in head or b'"@generated"' in head):
        return ReportFormat.ZAP_JSON
    doc = load_json(body, source)  # invalid JSON: a located error here
    if doc == []:
        return ReportFormat.NUCLEI  # 'nuclei -json-export' of a scan that found nothing
    if isinstance(doc, dict):
        if "issue_events" in doc:
            raise unknown(source, "Burp REST API JSON: export the issues as XML from Burp")
        if "bomFormat" in doc or "spdxVersion" in doc:
            raise unknown(source, "an SBOM: use 'medsec sbom'")
        keys = ", ".join(sorted(map(str, doc))[:8]) or "none"
        raise unknown(source, f"JSON with top-level keys {keys}")
    raise unknown(source, f"JSON {type(doc).__name__} without Nuclei results")


def _csv(head: bytes, source: str) -> ReportFormat:
    keys = header_keys(head)
    if "pluginid" in keys:
        return ReportFormat.NESSUS_CSV
    if "nvtoid" in keys or "nvtname" in keys:
        return ReportFormat.OPENVAS_CSV
    if keys & {"id", "title", "severity"}:
        return ReportFormat.MANUAL_CSV
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace")
    raise unknown(source, f"text starting {first[:60]!r}")
