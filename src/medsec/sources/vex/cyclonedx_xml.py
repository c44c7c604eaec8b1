"""CycloneDX VEX in XML (1.4-1.6): turned into CycloneDX's JSON shape, then read like JSON.

Untrusted XML goes through ``medsec.untrusted.xmltext`` (no entities, no external references).
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from medsec.domain.vex import VexDocument
from medsec.sources.vex import cyclonedx
from medsec.sources.vex.jsondoc import MAX_BYTES, problem
from medsec.untrusted.xmltext import parse_xml

_NS = re.compile(r"^\{http://cyclonedx\.org/schema/bom/(\d\.\d)\}")


def _name(e: Element) -> str:
    """An element's tag without its namespace."""
    return e.tag.rsplit("}", 1)[-1]


def _child(e: Element, name: str) -> Element | None:
    """The first child of that name, or None."""
    return next((c for c in e if _name(c) == name), None)


def _children(e: Element | None, name: str) -> list[Element]:
    """The children of that name; none when the parent is absent."""
    return [] if e is None else [c for c in e if _name(c) == name]


def _text(e: Element | None, name: str) -> str | None:
    """The stripped text of the named child, or None when absent or blank."""
    c = None if e is None else _child(e, name)
    return c.text.strip() if c is not None and c.text and c.text.strip() else None


def _component(e: Element) -> dict[str, Any]:
    """A component element in CycloneDX's JSON shape, with its nested components."""
    out: dict[str, Any] = {k: v for k, v in (("bom-ref", e.get("bom-ref")),) if v}
    for key in ("name", "version", "purl", "cpe"):
        value = _text(e, key)
        if value:
            out[key] = value
    nested = _children(_child(e, "components"), "component")
    if nested:
        out["components"] = [_component(c) for c in nested]
    return out


def _analysis(e: Element | None) -> dict[str, Any] | None:
    """An analysis element in CycloneDX's JSON shape; None when absent."""
    if e is None:
        return None
    out: dict[str, Any] = {}
    for key in ("state", "justification", "detail", "firstIssued", "lastUpdated"):
        value = _text(e, key)
        if value:
            out[key] = value
    responses = [r.text.strip() for r in _children(_child(e, "responses"), "response") if r.text]
    if responses:
        out["response"] = responses
    return out


def _vulnerability(e: Element) -> dict[str, Any]:
    """A vulnerability element in CycloneDX's JSON shape, absent keys left out."""
    out: dict[str, Any] = {"id": _text(e, "id"), "description": _text(e, "description")}
    out["references"] = [
        {"id": _text(r, "id")} for r in _children(_child(e, "references"), "reference")
    ]
    out["ratings"] = [
        {k: _text(r, k) for k in ("severity", "method", "vector") if _text(r, k)}
        for r in _children(_child(e, "ratings"), "rating")
    ]
    out["cwes"] = [
        int(c.text) for c in _children(_child(e, "cwes"), "cwe") if c.text and c.text.isdigit()
    ]
    out["analysis"] = _analysis(_child(e, "analysis"))
    out["affects"] = [
        {
            "ref": _text(t, "ref"),
            "versions": [
                {k: _text(v, k) for k in ("version", "range", "status") if _text(v, k)}
                for v in _children(_child(t, "versions"), "version")
            ],
        }
        for t in _children(_child(e, "affects"), "target")
    ]
    out["properties"] = [
        {"name": p.get("name"), "value": p.text or ""}
        for p in _children(_child(e, "properties"), "property")
    ]
    return {k: v for k, v in out.items() if v is not None}


def parse(data: bytes, *, source: str) -> VexDocument:
    """Read a CycloneDX VEX XML file; malformed or unsafe XML raises InputError."""
    if len(data) > MAX_BYTES:
        raise problem(source, "", "file is too large for a VEX document")
    root = parse_xml(data, source=source, what="VEX documents")
    m = _NS.match(root.tag)
    if _name(root) != "bom" or m is None:
        raise problem(source, "/bom", "not a CycloneDX XML document")
    metadata = _child(root, "metadata")
    meta_component = None if metadata is None else _child(metadata, "component")
    bom: dict[str, Any] = {
        "bomFormat": "CycloneDX",
        "specVersion": m.group(1),
        "serialNumber": root.get("serialNumber"),
        "metadata": {
            "timestamp": _text(metadata, "timestamp"),
            **({"component": _component(meta_component)} if meta_component is not None else {}),
        },
        "components": [_component(c) for c in _children(_child(root, "components"), "component")],
        "vulnerabilities": [
            _vulnerability(v) for v in _children(_child(root, "vulnerabilities"), "vulnerability")
        ],
    }
    return cyclonedx.document(bom, source=source)
