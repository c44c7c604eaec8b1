"""The device SBOM as SPDX 2.3 JSON and tag-value (one document model, two encodings).

Support data: ``validUntilDate`` (end of support) plus an annotation whose comment holds
``medsec:support_level=...`` lines, which medsec's SPDX reader reads back.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import orjson

from medsec import __version__
from medsec.domain.component import (
    PROPERTY_CLASS,
    PROPERTY_END_OF_SUPPORT,
    PROPERTY_RATIONALE,
    PROPERTY_SUPPORT_LEVEL,
    Component,
)
from medsec.domain.device_sbom import DeviceSbom, ElementSbom
from medsec.outputs.renderer import Format
from medsec.outputs.sbom.cyclonedx import serial

TOOL = f"Tool: medsec-{__version__}"
_ALGORITHMS = {
    "MD5": "MD5",
    "SHA1": "SHA1",
    "SHA224": "SHA224",
    "SHA256": "SHA256",
    "SHA384": "SHA384",
    "SHA512": "SHA512",
    "SHA3256": "SHA3-256",
    "SHA3384": "SHA3-384",
    "SHA3512": "SHA3-512",
    "BLAKE2B256": "BLAKE2b-256",
    "BLAKE2B384": "BLAKE2b-384",
    "BLAKE2B512": "BLAKE2b-512",
    "BLAKE3": "BLAKE3",
    "MD2": "MD2",
    "MD4": "MD4",
    "MD6": "MD6",
    "ADLER32": "ADLER32",
}
_PURPOSES = {
    "application": "APPLICATION",
    "framework": "FRAMEWORK",
    "library": "LIBRARY",
    "container": "CONTAINER",
    "operating-system": "OPERATING_SYSTEM",
    "device": "DEVICE",
    "firmware": "FIRMWARE",
    "file": "FILE",
    "source": "SOURCE",
    "archive": "ARCHIVE",
    "install": "INSTALL",
}
_EXPRESSION = re.compile(r"^[A-Za-z0-9.+\-: ()]+$")
_ID_CHARS = re.compile(r"[^A-Za-z0-9.\-]+")


def _stamp(value: datetime) -> str:
    """A datetime as SPDX wants it: UTC, seconds, ``Z``."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def spdx_id(ref: str) -> str:
    """An SPDXID from a medsec ref, reduced to the characters SPDX allows."""
    return "SPDXRef-" + (_ID_CHARS.sub("-", ref).strip("-") or "x")


class _Ids:
    """Stable, unique SPDXIDs for medsec refs."""

    def __init__(self) -> None:
        """Start with no id handed out."""
        self.ids: dict[str, str] = {}
        self.used: set[str] = set()

    def __call__(self, ref: str) -> str:
        """The SPDXID of ``ref``: the same on every call, suffixed when two refs reduce alike."""
        if ref not in self.ids:
            candidate, n = spdx_id(ref), 1
            while candidate in self.used:
                n += 1
                candidate = f"{spdx_id(ref)}-{n}"
            self.ids[ref] = candidate
            self.used.add(candidate)
        return self.ids[ref]


def _licence(component: Component) -> str:
    """The first declared licence when it is a plain SPDX expression, else NOASSERTION."""
    text = component.licenses[0] if component.licenses else ""
    return text if text and _EXPRESSION.match(text) else "NOASSERTION"


def _support_comment(component: Component) -> str | None:
    """Support data SPDX 2.3 has no field for, as ``medsec:`` key=value lines."""
    rows = []
    if component.support_level:
        rows.append(f"{PROPERTY_SUPPORT_LEVEL}={component.support_level.value}")
    if component.end_of_support:
        rows.append(f"{PROPERTY_END_OF_SUPPORT}={component.end_of_support.isoformat()}")
    if component.component_class:
        rows.append(f"{PROPERTY_CLASS}={component.component_class.value}")
    if component.support_rationale:
        rows.append(f"{PROPERTY_RATIONALE}={' '.join(component.support_rationale.split())}")
    return "\n".join(rows) or None


def _package(component: Component, ident: str, created: str) -> dict[str, Any]:
    """One component as an SPDX 2.3 package; empty fields left out."""
    package: dict[str, Any] = {
        "SPDXID": ident,
        "name": component.display_name or "(unnamed)",
        "versionInfo": component.version,
        "supplier": f"Organization: {component.supplier}" if component.supplier else "NOASSERTION",
        "downloadLocation": "NOASSERTION",
        "filesAnalyzed": False,
        "licenseConcluded": "NOASSERTION",
        "licenseDeclared": _licence(component),
        "copyrightText": "NOASSERTION",
        "primaryPackagePurpose": _PURPOSES.get(component.type or ""),
        "description": component.description,
        "checksums": [
            {"algorithm": _ALGORITHMS[h.algorithm], "checksumValue": h.value}
            for h in component.hashes
            if h.algorithm in _ALGORITHMS
        ],
        "externalRefs": (
            [
                {
                    "referenceCategory": "PACKAGE-MANAGER",
                    "referenceType": "purl",
                    "referenceLocator": component.purl,
                }
            ]
            if component.purl
            else []
        )
        + [
            {"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": cpe}
            for cpe in component.cpes
        ],
    }
    if component.end_of_support:
        package["validUntilDate"] = f"{component.end_of_support.isoformat()}T00:00:00Z"
    comment = _support_comment(component)
    if comment:
        package["annotations"] = [
            {
                "annotationType": "OTHER",
                "annotator": TOOL,
                "annotationDate": created,
                "comment": comment,
            }
        ]
    return {k: v for k, v in package.items() if v not in (None, [])}


def _element_part(
    element: ElementSbom, ids: _Ids, device_id: str, sbom: DeviceSbom, created: str
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """One element's packages (itself, then its components) and their relationships."""
    element_id = ids(f"element-{element.id}")
    packages: list[dict[str, Any]] = [
        {
            "SPDXID": element_id,
            "name": element.name,
            **({"versionInfo": element.version} if element.version else {}),
            "supplier": f"Organization: {sbom.manufacturer}",
            "downloadLocation": "NOASSERTION",
            "filesAnalyzed": False,
            "primaryPackagePurpose": _PURPOSES.get(element.type, "APPLICATION"),
            "comment": f"medsec element {element.id}",
        }
    ]
    relationships = [_rel(device_id, "CONTAINS", element_id)]
    refs = {c.ref for c in element.components}
    for component in element.components:
        packages.append(_package(component, ids(component.ref), created))
        owner = ids(component.parent) if component.parent in refs else element_id
        relationships.append(_rel(owner, "CONTAINS", ids(component.ref)))
        relationships.extend(
            _rel(ids(component.ref), "DEPENDS_ON", ids(d))
            for d in component.depends_on
            if d in refs
        )
    relationships.extend(_rel(element_id, "DEPENDS_ON", ids(r)) for r in element.roots if r in refs)
    return packages, relationships


def document(sbom: DeviceSbom) -> dict[str, Any]:
    """The SPDX 2.3 document as the JSON shape (``render_tagvalue`` writes the same content)."""
    created = _stamp(sbom.created)
    ids = _Ids()
    device_id = ids(f"device-{sbom.id}")
    packages = [
        {
            "SPDXID": device_id,
            "name": sbom.name,
            "versionInfo": sbom.version,
            "supplier": f"Organization: {sbom.manufacturer}",
            "downloadLocation": "NOASSERTION",
            "filesAnalyzed": False,
            "primaryPackagePurpose": "DEVICE",
        }
    ]
    relationships = [_rel("SPDXRef-DOCUMENT", "DESCRIBES", device_id)]
    for element in sbom.elements:
        element_packages, element_relationships = _element_part(
            element, ids, device_id, sbom, created
        )
        packages += element_packages
        relationships += element_relationships
    return {
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": f"{sbom.name} {sbom.version}",
        "documentNamespace": f"https://spdx.org/spdxdocs/{sbom.id}-{sbom.version}-{serial(sbom)}",
        "creationInfo": {
            "created": created,
            "creators": [f"Organization: {sbom.manufacturer}", TOOL],
        },
        "packages": packages,
        "relationships": relationships,
    }


def _rel(source: str, kind: str, target: str) -> dict[str, str]:
    """One SPDX relationship."""
    return {"spdxElementId": source, "relationshipType": kind, "relatedSpdxElement": target}


def render_json(sbom: DeviceSbom) -> str:
    """The device SBOM as indented SPDX 2.3 JSON."""
    return orjson.dumps(document(sbom), option=orjson.OPT_INDENT_2).decode() + "\n"


_LINE_BREAK = re.compile(r"[\r\n]")
TEXT_CLOSE = "</text>"
TEXT_CLOSE_ESCAPED = "<\\/text>"  # what a ``</text>`` inside a wrapped value becomes


def tag_value(value: object) -> str:
    """One value as SPDX tag-value must write it, so that no value can end its line early.

    Booleans are lower-case. A value with a line break, or one a reader would take for the
    start of a block (``<text>`` first), is wrapped in ``<text>...</text>``; a ``</text>``
    inside it becomes ``<\\/text>`` (the format has no escape; the block would end there and
    the rest become tags: a component name could inject packages); a NUL is written ``\\x00``.
    Every other value is written as it is.
    """
    text = str(value).lower() if isinstance(value, bool) else str(value)
    text = text.replace("\x00", "\\x00")  # a NUL makes readers take the file for binary
    if not _LINE_BREAK.search(text) and not text.lstrip().startswith("<text>"):
        return text
    return f"<text>{text.replace(TEXT_CLOSE, TEXT_CLOSE_ESCAPED)}</text>"


def _line(tag: str, value: object) -> str:
    """``Tag: value`` with the value escaped for tag-value."""
    return f"{tag}: {tag_value(value)}"


_PACKAGE_TAGS = {
    "name": "PackageName",
    "SPDXID": "SPDXID",
    "versionInfo": "PackageVersion",
    "supplier": "PackageSupplier",
    "downloadLocation": "PackageDownloadLocation",
    "filesAnalyzed": "FilesAnalyzed",
    "licenseConcluded": "PackageLicenseConcluded",
    "licenseDeclared": "PackageLicenseDeclared",
    "copyrightText": "PackageCopyrightText",
    "primaryPackagePurpose": "PrimaryPackagePurpose",
    "validUntilDate": "ValidUntilDate",
    "description": "PackageDescription",
    "comment": "PackageComment",
}


def _package_lines(package: dict[str, Any]) -> list[str]:
    """One package's tags, checksums, external references and support annotations."""
    lines = [_line(tag, package[key]) for key, tag in _PACKAGE_TAGS.items() if key in package]
    lines.extend(
        _line("PackageChecksum", f"{c['algorithm']}: {c['checksumValue']}")
        for c in package.get("checksums", [])
    )
    lines.extend(
        _line(
            "ExternalRef",
            f"{r['referenceCategory']} {r['referenceType']} {r['referenceLocator']}",
        )
        for r in package.get("externalRefs", [])
    )
    for note in package.get("annotations", []):
        lines += [
            _line("Annotator", note["annotator"]),
            _line("AnnotationDate", note["annotationDate"]),
            _line("AnnotationType", note["annotationType"]),
            _line("SPDXREF", package["SPDXID"]),
            f"AnnotationComment: <text>{note['comment'].replace(TEXT_CLOSE, TEXT_CLOSE_ESCAPED)}"
            "</text>",
        ]
    return lines


def render_tagvalue(sbom: DeviceSbom) -> str:
    """The device SBOM as SPDX 2.3 tag-value, from the same document as the JSON; every
    value escaped by :func:`tag_value`."""
    doc = document(sbom)
    lines = [
        _line("SPDXVersion", doc["spdxVersion"]),
        _line("DataLicense", doc["dataLicense"]),
        _line("SPDXID", doc["SPDXID"]),
        _line("DocumentName", doc["name"]),
        _line("DocumentNamespace", doc["documentNamespace"]),
        *(_line("Creator", c) for c in doc["creationInfo"]["creators"]),
        _line("Created", doc["creationInfo"]["created"]),
    ]
    for package in doc["packages"]:
        lines.append("")
        lines.extend(_package_lines(package))
    lines.append("")
    lines.extend(
        _line(
            "Relationship",
            f"{r['spdxElementId']} {r['relationshipType']} {r['relatedSpdxElement']}",
        )
        for r in doc["relationships"]
    )
    return "\n".join(lines) + "\n"


JSON: Format[DeviceSbom] = Format(
    "spdx-json", "application/spdx+json", ".spdx.json", "SPDX 2.3 JSON", render_json
)
TAG_VALUE: Format[DeviceSbom] = Format(
    "spdx-tv", "text/spdx", ".spdx", "SPDX 2.3 tag-value", render_tagvalue
)
