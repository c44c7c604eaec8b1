"""SPDX 3.0 JSON-LD (``@context`` + ``@graph``), read without an RDF library.

Packages become components; support data is native (``supportLevel``, ``validUntilTime``);
licences and dependencies come from ``Relationship`` elements.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from medsec.domain.component import (
    Component,
    Hash,
    Origin,
    SbomDocument,
    SbomFormat,
    SbomResult,
    SupportLevel,
)
from medsec.domain.errors import InputError
from medsec.sources.sbom import normalise
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES, check_size
from medsec.sources.sbom.notes import Notes
from medsec.sources.sbom.reader import Content, Probe, ReadContext, ReaderMeta, json_document

_DEPENDS = {
    "dependsOn",
    "hasDynamicLink",
    "hasStaticLink",
    "hasPrerequisite",
    "hasProvidedDependency",
}
_LICENCES = ("hasDeclaredLicense", "hasConcludedLicense")


def parse(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SbomResult:
    """Read SPDX 3 JSON-LD bytes."""
    return READER.read(data, source=source, context=ReadContext(max_bytes=max_bytes))


def _id(item: dict[str, Any]) -> str | None:
    """An element's id (``spdxId`` or ``@id``), or None."""
    value = item.get("spdxId") or item.get("@id")
    return value if isinstance(value, str) else None


def _kind(item: dict[str, Any]) -> str:
    """An element's type without its prefix (``software_Package`` -> ``Package``)."""
    value = item.get("type") or item.get("@type") or ""
    return str(value).rsplit("_", 1)[-1].rsplit(":", 1)[-1]


def from_obj(obj: Any, *, source: str) -> SbomResult:
    """Read a parsed SPDX 3 JSON-LD document: packages, relationships, creation info."""
    if not isinstance(obj, dict) or not isinstance(obj.get("@graph"), list):
        raise InputError.single(source, "not SPDX 3 JSON-LD: no '@graph' list", field="@graph")
    notes = Notes(source)
    graph = [e for e in obj["@graph"] if isinstance(e, dict)]
    index = {i: e for e in graph if (i := _id(e))}
    infos = [e for e in graph if _kind(e) == "CreationInfo"]
    spec = _spec_version(infos, notes)
    components = _packages(obj["@graph"], index, notes)
    relations = [e for e in graph if _kind(e) == "Relationship"]
    components = _relate(components, relations, index, notes)
    roots = _roots(graph, relations)
    subjects = [components[r] for r in roots if r in components]
    created = normalise.timestamp(infos[0].get("created")) if infos else None
    doc = next((e for e in graph if _kind(e) in ("SpdxDocument", "Sbom")), {})
    authors, tools = _creators(infos, index)
    document = SbomDocument(
        source=source,
        format=SbomFormat.SPDX3_JSONLD,
        spec_version=spec or "3.0.1",
        components=tuple(components.values()),
        name=normalise.text(doc.get("name")),
        serial=_id(doc) if doc else None,
        created=created,
        authors=authors,
        tools=tools,
        subject=subjects[0] if len(subjects) == 1 else None,
        has_dependency_data=any(_relationship_type(r) in _DEPENDS for r in relations),
    )
    return SbomResult(document=document, warnings=notes.freeze())


def _spec_version(infos: list[dict[str, Any]], notes: Notes) -> str | None:
    """The specVersion of the first CreationInfo; anything but 3.x is warned about."""
    spec = normalise.text(infos[0].get("specVersion")) if infos else None
    if spec is None or not spec.startswith("3."):
        notes.warn(f"unknown SPDX 3 specVersion {spec!r}; read as 3.0.1", field="CreationInfo")
    return spec


def _packages(
    elements: list[Any], index: dict[str, dict[str, Any]], notes: Notes
) -> dict[str, Component]:
    """Ref -> component for every Package element of the graph."""
    return {
        ref: _package(e, n, ref, index, notes)
        for n, e in enumerate(elements)
        if isinstance(e, dict) and _kind(e) == "Package" and (ref := _id(e) or f"@graph[{n}]")
    }


def _name_of(value: object, index: dict[str, dict[str, Any]]) -> str | None:
    """The name of an element given by id or inline, or the value itself as a name."""
    item = index.get(value) if isinstance(value, str) else value
    if isinstance(item, dict):
        return normalise.text(item.get("name"))
    return normalise.text(value)


def _package(
    item: dict[str, Any], n: int, ref: str, index: dict[str, dict[str, Any]], notes: Notes
) -> Component:
    """One component from a Package element."""
    at = f"@graph[{n}]"
    name = normalise.text(item.get("name"))
    if name is None:
        notes.warn("package without a name", field=at)
    purl, cpes = _identifiers(item, notes, at)
    hashes = tuple(
        h
        for v in normalise.items(item.get("verifiedUsing"), notes, f"{at}.verifiedUsing")
        if isinstance(v, dict)
        and _kind(v) == "Hash"
        and (h := normalise.make_hash(v.get("algorithm"), v.get("hashValue")))
    )
    level = _support_level(item.get("supportLevel"), notes, at)
    eos = normalise.end_of_support(item.get("validUntilTime"), notes, at)
    originators = item.get("originatedBy") or []
    return Component(
        ref=ref,
        name=name or "",
        version=normalise.text(item.get("software_packageVersion")),
        supplier=_name_of(item.get("suppliedBy"), index),
        author=_name_of(originators[0], index)
        if isinstance(originators, list) and originators
        else None,
        purl=purl,
        cpes=tuple(cpes),
        hashes=_hashes(hashes),
        type=normalise.text(item.get("software_primaryPurpose")),
        description=normalise.text(item.get("summary")) or normalise.text(item.get("description")),
        origin=Origin(source=notes.source, ref=ref, location=at),
        support_level=level,
        end_of_support=eos,
        support_source="sbom" if (level or eos) else None,
    )


def _identifiers(item: dict[str, Any], notes: Notes, at: str) -> tuple[str | None, list[str]]:
    """The purl (``software_packageUrl`` first) and the CPEs of a package."""
    purl = normalise.text(item.get("software_packageUrl"))
    cpes: list[str] = []
    for ident in normalise.items(item.get("externalIdentifier"), notes, f"{at}.externalIdentifier"):
        if not isinstance(ident, dict):
            continue
        kind, value = ident.get("externalIdentifierType"), normalise.text(ident.get("identifier"))
        if value and kind in ("cpe23", "cpe22"):
            cpes.append(value)
        elif value and kind == "packageUrl" and purl is None:
            purl = value
    if purl:
        normalise.check_purl(purl, notes, at)
    return purl, cpes


def _support_level(levels: object, notes: Notes, at: str) -> SupportLevel | None:
    """The first SupportType of a package (one value or a list)."""
    values = levels if isinstance(levels, list) else [levels] if levels else []
    return normalise.support_level(values[0], notes, at) if values else None


def _hashes(hashes: tuple[Hash, ...]) -> tuple[Hash, ...]:
    """The hashes without duplicates, in order."""
    return tuple(dict.fromkeys(hashes))


def _relationship_type(relation: dict[str, Any]) -> str | None:
    """The relationship's type when it is a string (a list or a number is no type)."""
    kind = relation.get("relationshipType")
    return kind if isinstance(kind, str) else None


def _targets(relation: dict[str, Any]) -> list[str]:
    """The element ids a relationship's ``to`` names (one or a list)."""
    to = relation.get("to")
    items = to if isinstance(to, list) else [to]
    return [t for t in items if isinstance(t, str)]


def _relate(
    components: dict[str, Component],
    relations: list[dict[str, Any]],
    index: dict[str, dict[str, Any]],
    notes: Notes,
) -> dict[str, Component]:
    """Components with licences, dependencies and parents from the relationships."""
    deps: dict[str, list[str]] = {}
    parents: dict[str, str] = {}
    licences: dict[str, list[str]] = {}
    for relation in relations:
        kind, owner = _relationship_type(relation), relation.get("from")
        if not isinstance(owner, str) or owner not in components:
            continue
        for target in _targets(relation):
            if kind in _LICENCES:
                expression = normalise.text(
                    index.get(target, {}).get("simplelicensing_licenseExpression")
                )
                if expression and (kind == "hasDeclaredLicense" or owner not in licences):
                    licences[owner] = [expression]
            elif target not in components:
                if target not in index and kind in _DEPENDS:
                    notes.warn(f"{kind} refers to unknown element {target!r}", field=_id(relation))
            elif kind in _DEPENDS:
                deps.setdefault(owner, []).append(target)
            elif kind == "contains":
                parents.setdefault(target, owner)
    return {
        ref: replace(
            c,
            depends_on=tuple(dict.fromkeys(deps.get(ref, ()))),
            parent=parents.get(ref),
            licenses=tuple(licences.get(ref, ())),
        )
        for ref, c in components.items()
    }


def _roots(graph: list[dict[str, Any]], relations: list[dict[str, Any]]) -> list[str]:
    """Ids of the root elements and the described elements, each once."""
    roots: list[str] = []
    for item in graph:
        if _kind(item) in ("SpdxDocument", "Sbom", "Bundle", "Bom"):
            elements = item.get("rootElement")
            if isinstance(elements, list):
                roots.extend(r for r in elements if isinstance(r, str))
    for relation in relations:
        if relation.get("relationshipType") == "describes":
            roots.extend(_targets(relation))
    return list(dict.fromkeys(roots))


def _creators(
    infos: list[dict[str, Any]], index: dict[str, dict[str, Any]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Author and tool names from ``createdBy`` and ``createdUsing``, each once."""
    authors: list[str] = []
    tools: list[str] = []
    for info in infos:
        for key, out in (("createdBy", authors), ("createdUsing", tools)):
            refs = info.get(key)
            for ref in refs if isinstance(refs, list) else []:
                name = _name_of(ref, index)
                if name and name not in out:
                    out.append(name)
    return tuple(authors), tuple(tools)


class Spdx3Reader:
    """SPDX 3 JSON-LD: an ``@graph`` with an SPDX (or no) ``@context``."""

    meta = ReaderMeta(
        format=SbomFormat.SPDX3_JSONLD,
        name="SPDX 3 JSON-LD",
        patterns=("*.spdx3.json", "*.jsonld"),
        content=Content.JSON,
    )

    def sniff(self, probe: Probe) -> bool:
        """Whether the JSON has an ``@graph`` and an SPDX (or no) ``@context``."""
        obj = probe.json
        if not isinstance(obj, dict) or "@graph" not in obj:
            return False
        context = obj.get("@context")
        return context is None or "spdx" in str(context).lower()

    def read(self, data: bytes, *, source: str, context: ReadContext) -> SbomResult:
        """Read the JSON the sniffer already parsed (or parse it now)."""
        check_size(len(data), source, context.max_bytes)
        return from_obj(json_document(data, source=source, context=context), source=source)


READER = Spdx3Reader()
