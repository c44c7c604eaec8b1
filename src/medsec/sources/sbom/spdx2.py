"""SPDX 2.2/2.3 documents in the JSON shape -> components (used for JSON, YAML and tag-value).

Read leniently: lowercase relationship names, fractional timestamps, NOASSERTION everywhere,
missing download locations. Each package becomes a component; files and snippets do not.
A package's ``__line__`` key (set by the tag-value reader) becomes its location.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from medsec.domain.component import (
    Component,
    Hash,
    Origin,
    SbomDocument,
    SbomFormat,
    SbomResult,
)
from medsec.domain.errors import InputError
from medsec.domain.wording import counted
from medsec.sources.sbom import normalise
from medsec.sources.sbom.normalise import mapping
from medsec.sources.sbom.notes import Notes

KNOWN_VERSIONS = frozenset({"SPDX-2.0", "SPDX-2.1", "SPDX-2.2", "SPDX-2.3"})
DOCUMENT_ID = "SPDXRef-DOCUMENT"
LINE = "__line__"

# relationship -> (edge direction): "fwd" A depends on B, "rev" B depends on A
_DEPENDS = {
    "DEPENDS_ON": "fwd",
    "DYNAMIC_LINK": "fwd",
    "STATIC_LINK": "fwd",
    "HAS_PREREQUISITE": "fwd",
    "DEPENDENCY_OF": "rev",
    "RUNTIME_DEPENDENCY_OF": "rev",
    "BUILD_DEPENDENCY_OF": "rev",
    "DEV_DEPENDENCY_OF": "rev",
    "OPTIONAL_DEPENDENCY_OF": "rev",
    "PROVIDED_DEPENDENCY_OF": "rev",
    "TEST_DEPENDENCY_OF": "rev",
    "PREREQUISITE_FOR": "rev",
}
_CONTAINS = {"CONTAINS": "fwd", "CONTAINED_BY": "rev", "PACKAGE_OF": "rev"}


def from_obj(obj: Any, *, source: str, fmt: SbomFormat) -> SbomResult:
    """Read an SPDX 2 document in the JSON shape (from JSON, YAML, tag-value, RDF, Yocto)."""
    if not isinstance(obj, dict):
        raise InputError.single(source, "not an SPDX document: the content is not a mapping")
    notes = Notes(source)
    version = normalise.text(obj.get("spdxVersion"))
    if version not in KNOWN_VERSIONS:
        notes.warn(
            f"unknown spdxVersion {version!r}; read as SPDX-2.3",
            field="spdxVersion",
            hint="medsec reads SPDX 2.2/2.3 here and SPDX 3 as JSON-LD",
        )
    components = _unique_refs(_packages(obj, notes), notes)
    relationships = _relationships(obj, notes)
    described = _described(obj, relationships)
    components, has_deps = _apply_relationships(
        components, relationships, notes, _element_ids(obj, notes)
    )
    created, creators = _creation_info(obj, notes)
    by_ref = {c.ref: c for c in components}
    subjects = [by_ref[d] for d in described if d in by_ref]
    document = SbomDocument(
        source=source,
        format=fmt,
        spec_version=(version or "SPDX-2.3").removeprefix("SPDX-"),
        components=tuple(components),
        name=normalise.text(obj.get("name")),
        serial=normalise.text(obj.get("documentNamespace")),
        created=created,
        authors=tuple(a for c in creators if not _is_tool(c) and (a := normalise.agent(c))),
        tools=tuple(a for c in creators if _is_tool(c) and (a := normalise.agent(c))),
        subject=subjects[0] if len(subjects) == 1 else None,
        has_dependency_data=has_deps,
    )
    return SbomResult(document=document, warnings=notes.freeze())


def _packages(obj: dict[str, Any], notes: Notes) -> list[Component]:
    """One component per package mapping; a non-list ``packages`` is an error."""
    packages = obj.get("packages")
    if packages is None:
        packages = []
    if not isinstance(packages, list):
        raise InputError.single(notes.source, "packages is not a list", field="packages")
    return [_package(p, i, notes) for i, p in enumerate(packages) if _is_pkg(p, i, notes)]


def _creation_info(obj: dict[str, Any], notes: Notes) -> tuple[datetime | None, list[str]]:
    """The creation time (warned if unreadable) and the creator strings."""
    info = mapping(obj.get("creationInfo"))
    created = normalise.timestamp(info.get("created"))
    if info.get("created") is not None and created is None:
        notes.warn(f"unreadable created {info.get('created')!r}", field="creationInfo.created")
    creators = normalise.items(info.get("creators"), notes, "creationInfo.creators")
    return created, [c for c in creators if isinstance(c, str)]


def _is_tool(creator: str) -> bool:
    """Whether a creator is a ``Tool:`` rather than a person or organisation."""
    return creator.strip().lower().startswith("tool")


def _is_pkg(item: object, index: int, notes: Notes) -> bool:
    """Whether a package entry is a mapping; anything else is warned about and skipped."""
    if isinstance(item, dict):
        return True
    notes.warn("package is not a mapping; ignored", field=f"packages[{index}]")
    return False


def _where(item: dict[str, Any], index: int) -> tuple[str, int | None]:
    """Where a package is: its tag-value line when known, else its place in ``packages``."""
    line = item.get(LINE)
    return (f"line {line}" if isinstance(line, int) else f"packages[{index}]"), (
        line if isinstance(line, int) else None
    )


def _package(item: dict[str, Any], index: int, notes: Notes) -> Component:
    """One component from a package, support data from annotations and validUntilDate."""
    at, line = _where(item, index)
    field = None if line else at
    ref = normalise.text(item.get("SPDXID")) or f"packages[{index}]"
    name = normalise.text(item.get("name"))
    if name is None:
        notes.warn("package without a name", field=field, line=line)
    purls, cpes = _external_refs(item.get("externalRefs"), notes, field, line)
    if len(purls) > 1:
        notes.warn(
            f"{counted(len(purls), 'purl')} on one package; the first is used for matching: "
            f"{purls[0]}",
            field=field,
            line=line,
        )
    props = _annotation_props(item.get("annotations"))
    level, eos, klass, rationale = normalise.support_properties(props, notes, field, line)
    valid_until = item.get("validUntilDate")
    if valid_until is not None:
        eos = normalise.end_of_support(valid_until, notes, field, line) or eos
    licence = normalise.text(item.get("licenseDeclared")) or normalise.text(
        item.get("licenseConcluded")
    )
    return Component(
        ref=ref,
        name=name or "",
        version=normalise.number_as_text(item.get("versionInfo"), notes, f"{at}.versionInfo"),
        supplier=normalise.agent(item.get("supplier")),
        author=normalise.agent(item.get("originator")),
        purl=purls[0] if purls else None,
        cpes=tuple(cpes),
        hashes=_checksums(item.get("checksums")),
        licenses=(licence,) if licence else (),
        type=_purpose(item.get("primaryPackagePurpose")),
        description=normalise.text(item.get("summary")) or normalise.text(item.get("description")),
        origin=Origin(source=notes.source, ref=ref, location=at),
        support_level=level,
        end_of_support=eos,
        component_class=klass,
        support_source="sbom" if (level or eos or klass) else None,
        support_rationale=rationale,
    )


def _purpose(value: object) -> str | None:
    """The package purpose as a CycloneDX type: ``OPERATING_SYSTEM`` -> ``operating-system``."""
    raw = normalise.text(value)
    return raw.lower().replace("_", "-") if raw else None


def _external_refs(
    items: object, notes: Notes, field: str | None, line: int | None
) -> tuple[list[str], list[str]]:
    """The purls (each checked) and CPEs of a package's external references."""
    purls: list[str] = []
    cpes: list[str] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        kind = (normalise.text(item.get("referenceType")) or "").lower()
        locator = normalise.text(item.get("referenceLocator"))
        if locator is None:
            continue
        if kind == "purl":
            normalise.check_purl(locator, notes, field, line)
            purls.append(locator)
        elif kind in ("cpe23type", "cpe22type"):
            cpes.append(locator)
    return purls, cpes


def _checksums(items: object) -> tuple[Hash, ...]:
    """The usable checksums of a package as hashes."""
    out = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            digest = normalise.make_hash(item.get("algorithm"), item.get("checksumValue"))
            if digest is not None:
                out.append(digest)
    return tuple(out)


def _annotation_props(items: object) -> dict[str, str]:
    """``medsec:key=value`` lines in annotation comments (how medsec writes SPDX 2 support)."""
    props: dict[str, str] = {}
    for item in items if isinstance(items, list) else []:
        comment = item.get("comment") if isinstance(item, dict) else None
        for row in comment.splitlines() if isinstance(comment, str) else []:
            key, sep, value = row.strip().partition("=")
            if sep and key.startswith("medsec:"):
                props[key.strip()] = value.strip()
    return props


def _unique_refs(components: list[Component], notes: Notes) -> list[Component]:
    """The components with duplicate SPDXIDs renamed (and warned about) for this read."""
    seen: set[str] = set()
    out = []
    for component in components:
        if component.ref in seen:
            notes.warn(
                f"duplicate SPDXID {component.ref!r}; renamed for this read",
                field=component.origin.location,
            )
            new_ref = f"{component.ref}#{component.origin.location}"
            component = replace(
                component, ref=new_ref, origin=replace(component.origin, ref=new_ref)
            )
        seen.add(component.ref)
        out.append(component)
    return out


def _relationships(obj: dict[str, Any], notes: Notes) -> list[tuple[str, str, str, str]]:
    """(from, TYPE, to, location) with upper-case types; package-level lists included."""
    found: list[tuple[str, str, str, str]] = []
    items = obj.get("relationships")
    for index, item in enumerate(normalise.items(items, notes, "relationships")):
        at = f"relationships[{index}]"
        if isinstance(item, dict) and isinstance(item.get(LINE), int):
            at = f"line {item[LINE]}"
        if not isinstance(item, dict):
            notes.warn("relationship is not a mapping; ignored", field=at)
            continue
        source = normalise.text(item.get("spdxElementId"))
        kind = normalise.text(item.get("relationshipType"))
        target = item.get("relatedSpdxElement")
        if source is None or kind is None or not isinstance(target, str):
            notes.warn("incomplete relationship; ignored", field=at)
            continue
        found.append((source, kind.upper().replace("-", "_"), target.strip(), at))
    for doc_id in normalise.items(obj.get("documentDescribes"), notes, "documentDescribes"):
        if isinstance(doc_id, str):
            found.append((DOCUMENT_ID, "DESCRIBES", doc_id, "documentDescribes"))
    return found


def _described(
    obj: dict[str, Any], relationships: Iterable[tuple[str, str, str, str]]
) -> list[str]:
    """The ids the document describes, through DESCRIBES or DESCRIBED_BY."""
    document_id = normalise.text(obj.get("SPDXID")) or DOCUMENT_ID
    out: list[str] = []
    for source, kind, target, _ in relationships:
        if kind == "DESCRIBES" and source == document_id and target not in out:
            out.append(target)
        elif kind == "DESCRIBED_BY" and target == document_id and source not in out:
            out.append(source)
    return out


def _apply_relationships(
    components: list[Component],
    relationships: list[tuple[str, str, str, str]],
    notes: Notes,
    others: set[str],
) -> tuple[list[Component], bool]:
    """Components with their dependencies and parents; whether any edge was found."""
    refs = {c.ref for c in components}
    known = refs | others
    deps: dict[str, list[str]] = {}
    parents: dict[str, str] = {}
    any_edge = False
    for source, kind, target, at in relationships:
        direction = _DEPENDS.get(kind) or _CONTAINS.get(kind)
        if direction is None:
            continue
        owner, child = (source, target) if direction == "fwd" else (target, source)
        if owner not in refs or child not in refs:
            for end in (owner, child):
                if end not in known and ":" not in end and end not in ("NONE", "NOASSERTION"):
                    notes.warn(f"{kind} refers to unknown element {end!r}", field=at)
            continue
        any_edge = True
        if kind in _DEPENDS:
            deps.setdefault(owner, []).append(child)
        else:
            parents.setdefault(child, owner)
    out = []
    for component in components:
        targets = deps.get(component.ref)
        parent = parents.get(component.ref)
        if targets or parent:
            component = replace(
                component,
                depends_on=tuple(dict.fromkeys(targets or ())),
                parent=parent,
            )
        out.append(component)
    return out, any_edge


def _element_ids(obj: dict[str, Any], notes: Notes) -> set[str]:
    """Ids of every SPDX element in the document that is not a package (files, snippets...)."""
    ids = {normalise.text(obj.get("SPDXID")) or DOCUMENT_ID}
    for key in ("files", "snippets", "hasExtractedLicensingInfos"):
        for item in normalise.items(obj.get(key), notes, key):
            if isinstance(item, dict):
                ids.add(str(item.get("SPDXID") or item.get("licenseId") or ""))
    return ids
