"""The device SBOM as SPDX 3.0.1 JSON-LD; support data is native (``supportLevel``,
``validUntilTime``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import orjson

from medsec.domain.component import Component
from medsec.domain.device_sbom import DeviceSbom
from medsec.outputs.renderer import Format
from medsec.outputs.sbom.cyclonedx import serial

CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
SPEC = "3.0.1"
_INFO = "_:creationinfo"
_ALGORITHMS = {
    "MD5": "md5",
    "SHA1": "sha1",
    "SHA224": "sha224",
    "SHA256": "sha256",
    "SHA384": "sha384",
    "SHA512": "sha512",
    "SHA3256": "sha3_256",
    "SHA3384": "sha3_384",
    "SHA3512": "sha3_512",
    "BLAKE2B256": "blake2b256",
    "BLAKE2B384": "blake2b384",
    "BLAKE2B512": "blake2b512",
    "BLAKE3": "blake3",
    "MD2": "md2",
    "MD4": "md4",
    "MD6": "md6",
    "ADLER32": "adler32",
}
_PURPOSES = {
    "application",
    "archive",
    "container",
    "data",
    "device",
    "file",
    "firmware",
    "framework",
    "install",
    "library",
    "module",
    "operatingSystem",
    "source",
}


class _Graph:
    """The SPDX 3 ``@graph`` being built: ids numbered in order, each supplier added once."""

    def __init__(self, sbom: DeviceSbom) -> None:
        """An empty graph whose ids live under the document's stable namespace."""
        self.base = (
            f"https://spdx.org/spdxdocs/{quote(sbom.id)}-{quote(sbom.version)}-{serial(sbom)}"
        )
        self.items: list[dict[str, Any]] = []
        self.agents: dict[str, str] = {}
        self.count = 0

    def new_id(self, kind: str) -> str:
        """The next id for an element of ``kind``."""
        self.count += 1
        return f"{self.base}#{kind}-{self.count}"

    def add(self, kind: str, **fields: Any) -> str:
        """Add an element of type ``kind`` with ``fields``; its id."""
        ident = self.new_id(kind.rsplit("_", 1)[-1])
        self.items.append({"type": kind, "spdxId": ident, "creationInfo": _INFO, **fields})
        return ident

    def organization(self, name: str) -> str:
        """The id of the organization called ``name``, added on first use."""
        if name not in self.agents:
            self.agents[name] = self.add("Organization", name=name)
        return self.agents[name]

    def relate(self, source: str, kind: str, targets: list[str]) -> None:
        """Add a relationship from ``source`` to ``targets``; nothing when there are none."""
        if targets:
            self.add("Relationship", relationshipType=kind, to=targets, **{"from": source})


def _purpose(value: str | None) -> str | None:
    """The SPDX 3 primary purpose of a component type; None when SPDX has no such purpose."""
    if value == "operating-system":
        return "operatingSystem"
    return value if value in _PURPOSES else None


def _identity(graph: _Graph, c: Component) -> dict[str, Any]:
    """What identifies the package for matching: name, version, purl, supplier, CPEs, hashes."""
    fields: dict[str, Any] = {"name": c.display_name or "(unnamed)"}
    if c.version:
        fields["software_packageVersion"] = c.version
    if c.purl:
        fields["software_packageUrl"] = c.purl
    if c.supplier:
        fields["suppliedBy"] = graph.organization(c.supplier)
    if c.cpes:
        fields["externalIdentifier"] = [
            {"type": "ExternalIdentifier", "externalIdentifierType": "cpe23", "identifier": cpe}
            for cpe in c.cpes
        ]
    hashes = [
        {"type": "Hash", "algorithm": _ALGORITHMS[h.algorithm], "hashValue": h.value}
        for h in c.hashes
        if h.algorithm in _ALGORITHMS
    ]
    if hashes:
        fields["verifiedUsing"] = hashes
    return fields


def _comment(c: Component) -> str | None:
    """IEC 81001-5-1 class and support rationale, which SPDX 3 has no field for."""
    if not (c.support_rationale or c.component_class):
        return None
    return "; ".join(
        x
        for x in (
            c.component_class and f"IEC 81001-5-1 class: {c.component_class.value}",
            c.support_rationale and f"support rationale: {c.support_rationale}",
        )
        if x
    )


def _support(c: Component) -> dict[str, Any]:
    """Support level and end of support (native in SPDX 3), purpose, description, comment."""
    fields: dict[str, Any] = {}
    if c.support_level:
        fields["supportLevel"] = [c.support_level.value]
    if c.end_of_support:
        fields["validUntilTime"] = f"{c.end_of_support.isoformat()}T00:00:00Z"
    if purpose := _purpose(c.type):
        fields["software_primaryPurpose"] = purpose
    if c.description:
        fields["description"] = c.description
    if comment := _comment(c):
        fields["comment"] = comment
    return fields


def _package(graph: _Graph, c: Component) -> str:
    """Add one component as a package (and its declared licence) to the graph; its id."""
    ident = graph.add("software_Package", **_identity(graph, c), **_support(c))
    if c.licenses:
        licence = graph.add(
            "simplelicensing_LicenseExpression", simplelicensing_licenseExpression=c.licenses[0]
        )
        graph.relate(ident, "hasDeclaredLicense", [licence])
    return ident


def document(sbom: DeviceSbom) -> dict[str, Any]:
    """The device SBOM as SPDX 3.0.1 JSON-LD: device, elements, components, relationships."""
    graph = _Graph(sbom)
    maker = graph.organization(sbom.manufacturer)
    device = graph.add(
        "software_Package",
        name=sbom.name,
        software_packageVersion=sbom.version,
        suppliedBy=maker,
        software_primaryPurpose="device",
    )
    element_ids = []
    for element in sbom.elements:
        node = graph.add(
            "software_Package",
            name=element.name,
            suppliedBy=maker,
            software_primaryPurpose=_purpose(element.type) or "application",
            comment=f"medsec element {element.id}",
            **({"software_packageVersion": element.version} if element.version else {}),
        )
        element_ids.append(node)
        ids = {c.ref: _package(graph, c) for c in element.components}
        children: dict[str, list[str]] = {}
        for c in element.components:
            owner = ids.get(c.parent or "", node)
            children.setdefault(owner, []).append(ids[c.ref])
            graph.relate(ids[c.ref], "dependsOn", [ids[d] for d in c.depends_on if d in ids])
        for owner, contained in children.items():
            graph.relate(owner, "contains", contained)
        graph.relate(node, "dependsOn", [ids[r] for r in element.roots if r in ids])
    graph.relate(device, "contains", element_ids)
    elements = [item["spdxId"] for item in graph.items]
    sbom_id = graph.add(
        "software_Sbom", rootElement=[device], element=elements, software_sbomType=["build"]
    )
    doc_id = graph.add(
        "SpdxDocument",
        name=f"{sbom.name} {sbom.version}",
        rootElement=[sbom_id],
        element=[*elements, sbom_id],
    )
    del doc_id
    info = {
        "@id": _INFO,
        "type": "CreationInfo",
        "specVersion": SPEC,
        "created": sbom.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "createdBy": [maker],
    }
    return {"@context": CONTEXT, "@graph": [info, *graph.items]}


def render_json(sbom: DeviceSbom) -> str:
    """The device SBOM as indented SPDX 3.0.1 JSON-LD."""
    return orjson.dumps(document(sbom), option=orjson.OPT_INDENT_2).decode() + "\n"


JSON: Format[DeviceSbom] = Format(
    "spdx3-json", "application/spdx+json", ".spdx3.json", "SPDX 3.0.1 JSON-LD", render_json
)
