"""Telling a report by its content (never by its name): what the importers' sniffers share,
and the reason given for a file no importer recognises."""

from __future__ import annotations

import re

from medsec.domain.errors import InputError
from medsec.sources.scanners.importer import Content
from medsec.sources.scanners.jsoninput import load_json
from medsec.sources.scanners.table import header_keys

HEAD_BYTES = 65536
BOM = b"\xef\xbb\xbf"
_PROLOG = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.S)
_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_UNSUPPORTED_XML = {
    "NessusClientData": "a Nessus v1 file: export the scan again as 'Nessus' (v2)",
    "bom": "a CycloneDX SBOM: use 'medsec sbom'",
    "SCAN": "a Qualys scan, which medsec does not read: export CSV in the medsec template",
    "ASSET_DATA_REPORT": "a Qualys report, which medsec does not read",
    "WAS_SCAN_REPORT": "a Qualys WAS report, which medsec does not read",
    "WAS_WEBAPP_REPORT": "a Qualys WAS report, which medsec does not read",
}


def head_of(data: bytes) -> bytes:
    """What sniffers see: the first 64 KiB without a UTF-8 BOM and leading blanks."""
    return data.removeprefix(BOM)[:HEAD_BYTES].lstrip()


def content_kind(data: bytes) -> Content:
    """XML, JSON or other text, from the first non-blank byte."""
    head = head_of(data)
    if head[:1] == b"<":
        return Content.XML
    if head[:1] in (b"{", b"["):
        return Content.JSON
    return Content.TEXT


def is_json(head: bytes) -> bool:
    """A JSON document or JSON Lines stream (starts with ``{`` or ``[``)."""
    return head[:1] in (b"{", b"[")


def is_text(head: bytes) -> bool:
    """Neither XML nor JSON: CSV (or nothing)."""
    return head[:1] not in (b"<", b"{", b"[")


def xml_root(head: bytes) -> str | None:
    """The local name of the root element (after prolog, comments and DOCTYPE), or None."""
    if head[:1] != b"<":
        return None
    match = _XML_ROOT.search(_PROLOG.sub(b"", head))
    return match.group(1).decode("ascii", "replace") if match else None


def csv_columns(head: bytes) -> set[str]:
    """Normalised column names of a CSV header line (empty for XML and JSON)."""
    return header_keys(head) if is_text(head) else set()


def unreadable(data: bytes, source: str) -> str | None:
    """Checked before any sniffer: UTF-16 raises a located error; binary content is a reason."""
    if data.removeprefix(BOM).startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.single(source, "UTF-16 text; save the report as UTF-8")
    if b"\x00" in head_of(data)[:4096]:
        return "binary content (a PDF or archive?)"
    return None


def refusal(data: bytes, source: str) -> str:
    """Why no importer took ``data`` (broken JSON raises its located error instead)."""
    head = head_of(data)
    kind = content_kind(data)
    if kind is Content.XML:
        root = xml_root(head) or "?"
        return _UNSUPPORTED_XML.get(root, f"XML with root <{root}>")
    if kind is Content.JSON:
        return _json_reason(data.removeprefix(BOM), source)
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace")
    return f"text starting {first[:60]!r}"


def _json_reason(body: bytes, source: str) -> str:
    doc = load_json(body, source)  # invalid JSON: a located error here
    if isinstance(doc, dict):
        if "bomFormat" in doc or "spdxVersion" in doc:
            return "an SBOM: use 'medsec sbom'"
        keys = ", ".join(sorted(map(str, doc))[:8]) or "none"
        return f"JSON with top-level keys {keys}"
    return f"JSON {type(doc).__name__} without Nuclei results"
