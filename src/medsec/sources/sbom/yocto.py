"""Yocto ``create-spdx`` output: an index plus one SPDX 2.2 JSON document per recipe/package.

The index (``IMAGE.spdx.index.json`` or ``index.json``) lists ``{"documents": [{"filename",
"documentNamespace", "sha1"}]}``. The documents are merged into one SPDX document whose ids
are prefixed with their file name, cross-document references (``DocumentRef-x:SPDXRef-y``)
resolved, and read by ``spdx2``. A listed document that is missing is a warning, never a
silent gap.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import orjson

from medsec.domain.component import SbomFormat, SbomResult
from medsec.domain.errors import InputError
from medsec.sources.sbom import spdx2
from medsec.sources.sbom.archive import safe_name
from medsec.sources.sbom.normalise import mapping
from medsec.sources.sbom.notes import Notes
from medsec.sources.sbom.reader import Content, Probe, ReadContext, ReaderMeta, json_document


def listed_files(index: Any, *, source: str) -> list[str]:
    """The document file names an index lists (relative, no ``..``), in order."""
    entries = index.get("documents") if isinstance(index, dict) else None
    if not isinstance(entries, list):
        raise InputError.single(source, "not a Yocto SPDX index: no 'documents' list")
    names = []
    for number, entry in enumerate(entries):
        name = entry.get("filename") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not safe_name(name):
            raise InputError.single(
                source, f"unusable file name {name!r}", field=f"documents[{number}].filename"
            )
        names.append(name)
    return names


def parse(
    index_data: bytes,
    *,
    source: str,
    documents: Mapping[str, bytes],
    fmt: SbomFormat = SbomFormat.YOCTO_INDEX,
) -> SbomResult:
    """``documents`` maps each listed file name to its bytes (absent names are reported)."""
    try:
        index = orjson.loads(index_data)
    except orjson.JSONDecodeError as exc:
        raise InputError.single(source, f"invalid JSON: {exc.msg}", line=exc.lineno) from None
    notes = Notes(source)
    merged: dict[str, Any] = {
        "spdxVersion": "SPDX-2.2",
        "packages": [],
        "files": [],
        "relationships": [],
        "creationInfo": {"creators": []},
    }
    loaded = _load_all(index, source, documents, notes)
    namespaces = {doc.get("documentNamespace"): name for name, doc in loaded}
    for name, doc in loaded:
        _merge(merged, name, doc, namespaces)
    result = spdx2.from_obj(merged, source=source, fmt=fmt)
    return SbomResult(document=result.document, warnings=notes.freeze() + result.warnings)


def _load_all(
    index: Any, source: str, documents: Mapping[str, bytes], notes: Notes
) -> list[tuple[str, dict[str, Any]]]:
    """(name, document) for every listed document found; missing or changed ones warned."""
    entries = index["documents"] if isinstance(index, dict) else []
    out = []
    for number, name in enumerate(listed_files(index, source=source)):
        at = f"documents[{number}]"
        data = documents.get(name)
        if data is None:
            notes.warn(f"listed document {name!r} not found; its packages are missing", field=at)
            continue
        expected = entries[number].get("sha1")
        if (
            isinstance(expected, str)
            and hashlib.sha1(data, usedforsecurity=False).hexdigest() != expected
        ):
            notes.warn(
                f"{name}: SHA-1 differs from the index (file changed after the build?)", field=at
            )
        try:
            doc = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise InputError.single(
                f"{source}: {name}", f"invalid JSON: {exc.msg}", line=exc.lineno
            ) from None
        if not isinstance(doc, dict) or "spdxVersion" not in doc:
            raise InputError.single(f"{source}: {name}", "not an SPDX 2 JSON document")
        out.append((name, doc))
    return out


def _merge(
    merged: dict[str, Any], name: str, doc: dict[str, Any], namespaces: dict[Any, str]
) -> None:
    """Add one document to the merged one, its ids prefixed with the file name."""
    external = {
        ref.get("externalDocumentId"): namespaces.get(ref.get("spdxDocument"))
        for ref in doc.get("externalDocumentRefs") or []
        if isinstance(ref, dict)
    }

    def rewrite(element: object) -> str:
        """An element id made unique: ``name#id``, or the target of a DocumentRef."""
        text = str(element)
        if ":" in text and text.startswith("DocumentRef-"):
            doc_ref, _, local = text.partition(":")
            target = external.get(doc_ref)
            return f"{target}#{local}" if target else text
        return f"{name}#{text}" if text not in ("NONE", "NOASSERTION") else text

    for package in doc.get("packages") or []:
        if isinstance(package, dict):
            merged["packages"].append({**package, "SPDXID": rewrite(package.get("SPDXID"))})
    for item in doc.get("files") or []:
        if isinstance(item, dict):
            merged["files"].append({"SPDXID": rewrite(item.get("SPDXID"))})
    for rel in doc.get("relationships") or []:
        if isinstance(rel, dict) and rel.get("spdxElementId") != doc.get("SPDXID"):
            merged["relationships"].append(
                {
                    **rel,
                    "spdxElementId": rewrite(rel.get("spdxElementId")),
                    "relatedSpdxElement": rewrite(rel.get("relatedSpdxElement")),
                }
            )
    info = mapping(doc.get("creationInfo"))
    creators = merged["creationInfo"]["creators"]
    creators.extend(c for c in info.get("creators") or [] if c not in creators)
    created = info.get("created")
    if isinstance(created, str) and created > merged["creationInfo"].get("created", ""):
        merged["creationInfo"]["created"] = created


class YoctoIndexReader:
    """A Yocto ``IMAGE.spdx.index.json``; the listed documents are read from beside it."""

    meta = ReaderMeta(
        format=SbomFormat.YOCTO_INDEX,
        name="Yocto SPDX index",
        patterns=("*.spdx.index.json", "index.json"),
        content=Content.JSON,
    )

    def sniff(self, probe: Probe) -> bool:
        """Whether the JSON has a ``documents`` list of entries with a filename."""
        documents = probe.json.get("documents") if isinstance(probe.json, dict) else None
        return isinstance(documents, list) and all(
            isinstance(d, dict) and "filename" in d for d in documents
        )

    def read(self, data: bytes, *, source: str, context: ReadContext) -> SbomResult:
        """Read the index and the listed documents the companion loader finds."""
        index = json_document(data, source=source, context=context)
        documents = {
            name: raw
            for name in listed_files(index, source=source)
            if (raw := context.companions(name)) is not None
        }
        return parse(data, source=source, documents=documents)


READER = YoctoIndexReader()
