"""SPDX 2.x RDF/XML (``*.spdx.rdf``, ``*.rdf.xml``) through ``defusedxml``, without an RDF library.

The RDF/XML tree is walked once: typed nodes (``spdx:Package``...), nested or referred to by
``rdf:about`` / ``rdf:resource`` / ``rdf:nodeID``, several descriptions of one node merged.
The graph is turned into the SPDX 2 JSON shape and read by ``spdx2.from_obj``, so RDF gives
the same components as JSON. Element ids are the URI fragments (``#SPDXRef-x``); elements of
other documents become ``DocumentRef-x:SPDXRef-y``. Entities and external DTDs are refused.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from medsec.domain.component import SbomFormat, SbomResult
from medsec.domain.errors import InputError
from medsec.sources.sbom import spdx2, xmlinput
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES, check_size
from medsec.sources.sbom.notes import Notes
from medsec.sources.sbom.reader import Content, Probe, ReadContext, ReaderMeta
from medsec.sources.sbom.spdx2_rdf_graph import Node, walk

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SPDX_NS = "http://spdx.org/rdf/terms#"
_SPECIAL = {SPDX_NS + "none": "NONE", SPDX_NS + "noassertion": "NOASSERTION"}
_LICENCE_SETS = {"ConjunctiveLicenseSet": " AND ", "DisjunctiveLicenseSet": " OR "}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_MAX_LICENCE_DEPTH = 16
_PACKAGE_TEXTS = {
    "name": "name",
    "versionInfo": "versionInfo",
    "supplier": "supplier",
    "originator": "originator",
    "summary": "summary",
    "description": "description",
    "validUntilDate": "validUntilDate",
}


def parse(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SbomResult:
    """Read SPDX 2 RDF/XML into the JSON shape and on through ``spdx2``."""
    check_size(len(data), source, max_bytes)
    root = xmlinput.load(data, source=source)
    if root.tag != f"{{{RDF_NS}}}RDF":
        raise InputError.single(source, f"XML root is {root.tag!r}, not <rdf:RDF>")
    notes = Notes(source)
    obj = _Document(walk(root, counter=itertools.count()), notes).to_json()
    result = spdx2.from_obj(obj, source=source, fmt=SbomFormat.SPDX2_RDF)
    return SbomResult(document=result.document, warnings=notes.freeze() + result.warnings)


def fragment(uri: str) -> str:
    """The last part of a URI: after ``#``, else after the last ``/``."""
    return uri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def enum_name(value: str | None, *prefixes: str) -> str | None:
    """``...#relationshipType_dependsOn`` -> ``DEPENDS_ON``; literal names pass upper-cased."""
    if value is None:
        return None
    name = fragment(value)
    for prefix in prefixes:
        name = name.removeprefix(prefix)
    if "_" in name or name.isupper():
        return name.upper()
    return _CAMEL.sub("_", name).upper()


class _Document:
    """The walked graph seen as one SPDX document: ids, packages, relationships."""

    def __init__(self, nodes: dict[str, Node], notes: Notes) -> None:
        """Find the SpdxDocument node, its namespace and its external document refs."""
        self.nodes = nodes
        self.notes = notes
        documents = [key for key, node in nodes.items() if node.kind == "SpdxDocument"]
        if not documents:
            raise InputError.single(
                notes.source,
                "no spdx:SpdxDocument in the RDF graph: not an SPDX RDF/XML document",
                hint="SPDX 2 RDF/XML has an <spdx:SpdxDocument rdf:about='NAMESPACE#SPDXRef-"
                "DOCUMENT'> node",
            )
        if len(documents) > 1:
            notes.warn(f"{len(documents)} SpdxDocument nodes; the first is read")
        self.key = documents[0]
        self.doc = nodes[self.key]
        self.namespace = self.key.rpartition("#")[0] if "#" in self.key else self.key
        self.doc_id = unquote(self.key.rpartition("#")[2]) if "#" in self.key else ""
        self.doc_id = self.doc_id or spdx2.DOCUMENT_ID
        self.external = {
            ref.first("spdxDocument"): ref.text("externalDocumentId")
            for ref in self._linked(self.doc, "externalDocumentRef")
        }

    def spdx_id(self, key: str) -> str:
        """The SPDX id of a node key: local fragment, ``DocumentRef-x:y`` or the full URI."""
        if key in _SPECIAL or key == self.key:
            return _SPECIAL.get(key) or self.doc_id
        base, sep, local = key.rpartition("#")
        if not sep:
            return key
        local = unquote(local)
        if base in ("", self.namespace) or ":" in local:
            return local
        document_ref = self.external.get(base)
        return f"{document_ref}:{local}" if document_ref else key

    def to_json(self) -> dict[str, Any]:
        """The SPDX 2 JSON shape that ``spdx2.from_obj`` reads."""
        info = next(self._linked(self.doc, "creationInfo"), None)
        return {
            "spdxVersion": self.doc.text("specVersion"),
            "SPDXID": self.doc_id,
            "name": self.doc.text("name"),
            "documentNamespace": self.namespace or None,
            "creationInfo": {
                "created": info.text("created") if info else None,
                "creators": info.texts("creator") if info else [],
            },
            "documentDescribes": [self.spdx_id(k) for k in self.doc.refs("describesPackage")],
            "packages": [self._package(k, n) for k, n in self._of_kind("Package")],
            "files": [
                {"SPDXID": self.spdx_id(k)}
                for kind in ("File", "Snippet", "ExternalSpdxElement")
                for k, _ in self._of_kind(kind)
            ],
            "relationships": list(self._relationships()),
        }

    def _of_kind(self, kind: str) -> Iterator[tuple[str, Node]]:
        """(key, node) of every node of that type."""
        return ((k, n) for k, n in self.nodes.items() if n.kind == kind)

    def _linked(self, node: Node, name: str) -> Iterator[Node]:
        """The nodes a property refers to that are described in this file."""
        return (self.nodes[k] for k in node.refs(name) if k in self.nodes)

    def _package(self, key: str, node: Node) -> dict[str, Any]:
        """A Package node in the SPDX 2 JSON shape."""
        out: dict[str, Any] = {"SPDXID": self.spdx_id(key)}
        out.update({field: node.text(name) for name, field in _PACKAGE_TEXTS.items()})
        out["licenseDeclared"] = self._licence(node.first("licenseDeclared"), 0)
        out["licenseConcluded"] = self._licence(node.first("licenseConcluded"), 0)
        out["primaryPackagePurpose"] = enum_name(
            node.first("primaryPackagePurpose"), "packagePurpose_", "purpose_"
        )
        out["externalRefs"] = [
            {
                "referenceCategory": enum_name(
                    ref.first("referenceCategory"), "referenceCategory_"
                ),
                "referenceType": fragment(ref.first("referenceType") or ""),
                "referenceLocator": ref.text("referenceLocator"),
            }
            for ref in self._linked(node, "externalRef")
        ]
        out["checksums"] = [
            {
                "algorithm": enum_name(checksum.first("algorithm"), "checksumAlgorithm_"),
                "checksumValue": checksum.text("checksumValue"),
            }
            for checksum in self._linked(node, "checksum")
        ]
        out["annotations"] = [
            {"comment": note.text("rdfs:comment")} for note in self._linked(node, "annotation")
        ]
        return out

    def _licence(self, value: str | None, depth: int) -> str | None:
        """An SPDX licence expression from a licence node, set or URI (cycles cut off)."""
        if value is None or depth > _MAX_LICENCE_DEPTH:
            return None
        node = self.nodes.get(value)
        if node is None:  # a literal, or a URI without a description in this file
            return _SPECIAL.get(value) or (fragment(value) if "/" in value else value)
        joiner = _LICENCE_SETS.get(node.kind)
        if joiner is not None:
            members = [m for k in node.refs("member") if (m := self._licence(k, depth + 1))]
            return f"({joiner.join(members)})" if len(members) > 1 else next(iter(members), None)
        if node.kind == "WithExceptionOperator":
            licence = self._licence(node.first("member"), depth + 1)
            exception = next(self._linked(node, "licenseException"), None)
            name = exception.text("licenseExceptionId") if exception else None
            return f"{licence} WITH {name}" if licence and name else licence
        return node.text("licenseId") or _SPECIAL.get(value) or fragment(value)

    def _relationships(self) -> Iterator[dict[str, Any]]:
        """Relationship nodes in the JSON shape; the source comes from the owner if not given."""
        owners: dict[str, list[str]] = {}
        for key, node in self.nodes.items():
            for target in node.refs("relationship"):
                owners.setdefault(target, []).append(key)
        for key, rel in self._of_kind("Relationship"):
            sources = rel.refs("spdxElement") or owners.get(key, [])
            if not sources:
                self.notes.warn("relationship without a source element; ignored", field=key)
            for source in sources:
                yield {
                    "spdxElementId": self.spdx_id(source),
                    "relationshipType": enum_name(
                        rel.first("relationshipType"), "relationshipType_"
                    ),
                    "relatedSpdxElement": self.spdx_id(rel.first("relatedSpdxElement") or "NONE"),
                }


class Spdx2RdfReader:
    """SPDX 2 RDF/XML: an ``<rdf:RDF>`` root that mentions SPDX."""

    meta = ReaderMeta(
        format=SbomFormat.SPDX2_RDF,
        name="SPDX 2 RDF/XML",
        patterns=("*.spdx.rdf", "*.rdf.xml", "*.spdx.rdf.xml"),
        content=Content.XML,
    )

    def sniff(self, probe: Probe) -> bool:
        """Whether the XML root is ``<rdf:RDF>`` and the head mentions SPDX."""
        return probe.xml_root == "RDF" and b"spdx" in probe.head.lower()

    def read(self, data: bytes, *, source: str, context: ReadContext) -> SbomResult:
        """Read the RDF/XML within the context's size limit."""
        return parse(data, source=source, max_bytes=context.max_bytes)


READER = Spdx2RdfReader()
