"""CycloneDX XML 1.0–1.7 through ``defusedxml``: entities and external references are refused.

The XML tree is turned into the JSON shape and read by ``cyclonedx_json.from_obj``, so both
encodings give the same components.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from medsec.domain.component import SbomFormat, SbomResult
from medsec.domain.errors import InputError
from medsec.sources.sbom import cyclonedx_json, xmlinput
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES, MAX_NESTING, check_size
from medsec.sources.sbom.reader import Content, Probe, ReadContext, ReaderMeta

_NS = re.compile(r"^\{http://cyclonedx\.org/schema/bom/(\d+\.\d+)\}")
_SCALARS = ("name", "version", "group", "description", "author", "publisher", "purl", "cpe")


def parse(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SbomResult:
    """Read CycloneDX XML into the JSON shape and on through ``cyclonedx_json.from_obj``."""
    check_size(len(data), source, max_bytes)
    root = xmlinput.load(data, source=source)
    match = _NS.match(root.tag)
    if match is None or _local(root) != "bom":
        raise InputError.single(
            source, f"XML root is {root.tag!r}, not a CycloneDX <bom>", hint="not an SBOM"
        )
    try:
        obj = _bom(root, match.group(1))
    except _TooDeepError:
        raise InputError.single(
            source, f"components nested deeper than {MAX_NESTING} levels"
        ) from None
    return cyclonedx_json.from_obj(obj, source=source, fmt=SbomFormat.CYCLONEDX_XML)


class _TooDeepError(Exception):
    """Components nested deeper than MAX_NESTING; turned into an InputError by parse."""


_local = xmlinput.local


def _children(element: Element | None, name: str) -> list[Element]:
    """The children of that local name; none when the parent is absent."""
    if element is None:
        return []
    return [child for child in element if _local(child) == name]


def _child(element: Element | None, name: str) -> Element | None:
    """The first child of that local name, or None."""
    found = _children(element, name)
    return found[0] if found else None


def _text(element: Element | None, name: str) -> str | None:
    """The stripped text of the named child, or None."""
    child = _child(element, name)
    return child.text.strip() if child is not None and child.text else None


def _bom(root: Element, spec: str) -> dict[str, Any]:
    """The ``<bom>`` element in CycloneDX's JSON shape (metadata, components, dependencies)."""
    metadata = _child(root, "metadata")
    obj: dict[str, Any] = {
        "bomFormat": "CycloneDX",
        "specVersion": spec,
        "serialNumber": root.get("serialNumber"),
        "components": _components(_child(root, "components"), 0),
        "dependencies": _dependencies(_child(root, "dependencies")),
        "services": [
            {"bom-ref": s.get("bom-ref")} for s in _children(_child(root, "services"), "service")
        ],
    }
    if metadata is not None:
        meta: dict[str, Any] = {"timestamp": _text(metadata, "timestamp")}
        authors = _children(_child(metadata, "authors"), "author")
        meta["authors"] = [{"name": _text(a, "name"), "email": _text(a, "email")} for a in authors]
        for key in ("manufacture", "manufacturer", "supplier"):
            if _child(metadata, key) is not None:
                meta[key] = {"name": _text(metadata, key) or _text(_child(metadata, key), "name")}
        tools = _child(metadata, "tools")
        tool_items = _children(tools, "tool") + _children(_child(tools, "components"), "component")
        meta["tools"] = [
            {"name": _text(t, "name"), "version": _text(t, "version")} for t in tool_items
        ]
        subject = _child(metadata, "component")
        if subject is not None:
            meta["component"] = _component(subject, 0)
        obj["metadata"] = meta
    return obj


def _components(container: Element | None, depth: int) -> list[dict[str, Any]] | None:
    """A ``<components>`` element as a JSON list; None when absent, too deep raises."""
    if container is None:
        return None
    if depth > MAX_NESTING:
        raise _TooDeepError
    return [_component(item, depth) for item in _children(container, "component")]


def _component(item: Element, depth: int) -> dict[str, Any]:
    """A ``<component>`` element as a JSON object, nested components included."""
    out: dict[str, Any] = {"type": item.get("type"), "bom-ref": item.get("bom-ref")}
    for key in _SCALARS:
        out[key] = _text(item, key)
    supplier = _child(item, "supplier")
    if supplier is not None:
        out["supplier"] = {"name": _text(supplier, "name")}
    out["hashes"] = [
        {"alg": h.get("alg"), "content": (h.text or "").strip()}
        for h in _children(_child(item, "hashes"), "hash")
    ]
    out["licenses"] = _licenses(_child(item, "licenses"))
    out["properties"] = [
        {"name": p.get("name"), "value": (p.text or "").strip()}
        for p in _children(_child(item, "properties"), "property")
    ]
    nested = _components(_child(item, "components"), depth + 1)
    if nested is not None:
        out["components"] = nested
    return out


def _licenses(container: Element | None) -> list[dict[str, Any]]:
    """A ``<licenses>`` element as JSON entries: expressions and licence ids or names."""
    out: list[dict[str, Any]] = []
    for child in container if container is not None else []:
        if _local(child) == "expression" and child.text:
            out.append({"expression": child.text.strip()})
        elif _local(child) == "license":
            out.append({"license": {"id": _text(child, "id"), "name": _text(child, "name")}})
    return out


def _dependencies(container: Element | None) -> list[dict[str, Any]] | None:
    """A ``<dependencies>`` element as JSON entries; None when absent."""
    if container is None:
        return None
    return [
        {"ref": dep.get("ref"), "dependsOn": [d.get("ref") for d in _children(dep, "dependency")]}
        for dep in _children(container, "dependency")
    ]


class CycloneDxXmlReader:
    """CycloneDX XML: a ``<bom>`` root in the CycloneDX namespace."""

    meta = ReaderMeta(
        format=SbomFormat.CYCLONEDX_XML,
        name="CycloneDX XML",
        patterns=("*.cdx.xml", "bom.xml"),
        content=Content.XML,
    )

    def sniff(self, probe: Probe) -> bool:
        """Whether the XML root is a ``<bom>`` in the CycloneDX namespace."""
        return probe.xml_root == "bom" and b"cyclonedx.org/schema/bom" in probe.head

    def read(self, data: bytes, *, source: str, context: ReadContext) -> SbomResult:
        """Read the XML within the context's size limit."""
        return parse(data, source=source, max_bytes=context.max_bytes)


READER = CycloneDxXmlReader()
