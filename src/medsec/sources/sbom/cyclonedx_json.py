"""CycloneDX JSON 1.2–1.7, read leniently and fast (orjson + one pass over the components).

``from_obj`` also reads the dict that ``cyclonedx_xml`` builds from an XML BOM. Every
component is kept, nested ones included; problems become warnings with a field path.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from medsec.domain.component import Component, Hash, Origin, SbomDocument, SbomFormat, SbomResult
from medsec.domain.errors import InputError
from medsec.domain.wording import counted
from medsec.sources.sbom import cyclonedx_schema, normalise
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES, MAX_NESTING, check_size
from medsec.sources.sbom.notes import Notes
from medsec.sources.sbom.reader import Content, Probe, ReadContext, ReaderMeta, json_document
from medsec.untrusted import jsontext

KNOWN_VERSIONS = frozenset({"1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"})
READ_AS = "1.6"


def parse(
    data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES, validate: bool = True
) -> SbomResult:
    """Read CycloneDX JSON bytes (size checked, then parsed with orjson)."""
    check_size(len(data), source, max_bytes)
    return READER.read(
        data, source=source, context=ReadContext(max_bytes=max_bytes, validate=validate)
    )


def from_obj(
    obj: Any,
    *,
    source: str,
    fmt: SbomFormat = SbomFormat.CYCLONEDX_JSON,
    validate: bool = True,
) -> SbomResult:
    """Read a CycloneDX BOM already parsed into a dict (from JSON or from the XML reader)."""
    if not isinstance(obj, dict):
        raise InputError.single(source, "not a CycloneDX BOM: the document is not an object")
    notes = Notes(source)
    spec = _spec_version(obj, notes, fmt)
    if validate and fmt is SbomFormat.CYCLONEDX_JSON:
        cyclonedx_schema.check(
            obj, spec if spec in cyclonedx_schema.SCHEMA_VERSIONS else READ_AS, notes
        )
    reader = _Reader(source, notes)
    reader.read_edges(obj.get("dependencies"))
    metadata = normalise.mapping(obj.get("metadata"))
    subject = None
    if isinstance(metadata.get("component"), dict):
        subject = reader.component(metadata["component"], "metadata.component", None)
    components = reader.walk(obj.get("components"), "components", None)
    reader.services(obj.get("services"))
    has_deps = reader.check_edges()
    _services_note(obj, notes)
    created = _created(metadata.get("timestamp"), notes)
    document = SbomDocument(
        source=source,
        format=fmt,
        spec_version=spec,
        components=reader.finish(components),
        name=subject.name if subject else None,
        serial=normalise.text(obj.get("serialNumber")),
        created=created,
        authors=_authors(metadata),
        tools=_tools(metadata.get("tools")),
        subject=reader.finish((subject,))[0] if subject else None,
        has_dependency_data=has_deps,
    )
    return SbomResult(document=document, warnings=notes.freeze())


def _created(value: object, notes: Notes) -> datetime | None:
    """The BOM's timestamp; an unreadable value or a bare date is warned about."""
    created = normalise.timestamp(value)
    if value is not None and created is None:
        notes.warn(f"unreadable timestamp {value!r}", field="metadata.timestamp")
    elif isinstance(value, str) and "T" not in value.upper():
        notes.warn(f"timestamp {value!r} is a date, not a date-time", field="metadata.timestamp")
    return created


def _spec_version(obj: dict[str, Any], notes: Notes, fmt: SbomFormat) -> str:
    """The specVersion to read as; a wrong bomFormat is an error, gaps are warnings."""
    fmt_name = obj.get("bomFormat")
    if fmt is SbomFormat.CYCLONEDX_JSON:
        if fmt_name is None:
            notes.warn("bomFormat missing; read as CycloneDX", field="bomFormat")
        elif fmt_name != "CycloneDX":
            raise InputError.single(
                notes.source, f"bomFormat is {fmt_name!r}, not 'CycloneDX'", field="bomFormat"
            )
    spec = normalise.text(obj.get("specVersion"))
    if spec is None:
        notes.warn(f"specVersion missing; read as {READ_AS}", field="specVersion")
        return READ_AS
    if spec not in KNOWN_VERSIONS:
        notes.warn(
            f"unknown CycloneDX specVersion {spec!r}; read as {READ_AS}",
            field="specVersion",
            hint="medsec knows CycloneDX 1.0–1.7",
        )
    return spec


class _Reader:
    """One pass over the component tree; dependencies are read first so each component is
    built once; refs made unique; dangling references warned about once each."""

    def __init__(self, source: str, notes: Notes) -> None:
        """Start a pass with no components, refs or dependency edges seen yet."""
        self.source = source
        self.notes = notes
        self.refs: set[str] = set()
        self.service_refs: set[str] = set()
        self.edges: dict[str, list[str]] = {}
        self.edge_at: dict[str, str] = {}
        self.dangling: set[str] = set()
        self.has_edges = False

    def walk(self, items: object, path: str, parent: str | None) -> list[Component]:
        """Every component of a (nested) list, each list before those nested in it; owners set."""
        out: list[Component] = []
        stack: list[tuple[object, str, str | None, int]] = [(items, path, parent, 0)]
        while stack:
            current, where, owner, depth = stack.pop()
            if current is None:
                continue
            if not isinstance(current, list):
                self.notes.warn("components is not a list; ignored", field=where)
                continue
            if depth > MAX_NESTING:
                raise InputError.single(
                    self.source, f"components nested deeper than {MAX_NESTING} levels", field=where
                )
            nested: list[tuple[object, str, str | None, int]] = []
            for index, item in enumerate(current):
                at = f"{where}[{index}]"
                if not isinstance(item, dict):
                    self.notes.warn("component is not an object; ignored", field=at)
                    continue
                component = self.component(item, at, owner)
                out.append(component)
                if item.get("components") is not None:
                    nested.append(
                        (item["components"], at + ".components", component.ref, depth + 1)
                    )
            stack.extend(reversed(nested))
        return out

    def component(self, item: dict[str, Any], at: str, parent: str | None) -> Component:
        """One component from its JSON object, with its dependency edges attached."""
        notes = self.notes
        name = normalise.text(item.get("name"))
        if name is None:
            notes.warn("component without a name", field=at)
        version = normalise.number_as_text(item.get("version"), notes, at + ".version")
        purl = normalise.text(item.get("purl"))
        if purl is not None:
            normalise.check_purl(purl, notes, at + ".purl")
        cpe = normalise.text(item.get("cpe"))
        ref = self._ref(normalise.text(item.get("bom-ref")), purl, name, version, at)
        raw_props = item.get("properties")
        props = _properties(raw_props)
        level = eos = klass = rationale = None
        if props:
            level, eos, klass, rationale = normalise.support_properties(
                props, notes, at + ".properties"
            )
            purl = purl or normalise.text(props.get("medsec:purl"))
        supplier = item.get("supplier")
        edges = self.edges.get(ref)
        return Component(
            ref=ref,
            name=name or "",
            version=version,
            group=normalise.text(item.get("group")),
            supplier=normalise.text(supplier.get("name")) if isinstance(supplier, dict) else None,
            author=normalise.text(item.get("author")) or normalise.text(item.get("publisher")),
            purl=purl,
            cpes=((cpe,) if cpe else ()) + (_repeated(raw_props, "medsec:cpe") if props else ()),
            hashes=_hashes(item.get("hashes")) + (_extra_hashes(props) if props else ()),
            licenses=_licenses(item.get("licenses")),
            type=normalise.text(item.get("type")),
            description=normalise.text(item.get("description")),
            depends_on=tuple(dict.fromkeys(edges)) if edges else (),
            parent=parent,
            origin=Origin(source=self.source, ref=ref, location=at),
            support_level=level,
            end_of_support=eos,
            component_class=klass,
            support_source="sbom" if (level or eos or klass) else None,
            support_rationale=rationale,
        )

    def _ref(
        self, given: str | None, purl: str | None, name: str | None, version: str | None, at: str
    ) -> str:
        """A unique ref for a component: bom-ref, purl, name@version or its place."""
        ref = given or purl or (f"{name}@{version}" if name and version else None) or at
        if ref in self.refs:
            if given:
                self.notes.warn(f"duplicate bom-ref {given!r}; renamed for this read", field=at)
            ref = f"{ref}#{at}"
        self.refs.add(ref)
        return ref

    def read_edges(self, items: object) -> None:
        """Collect the dependency edges by ref before any component is built."""
        if items is None:
            return
        if not isinstance(items, list):
            self.notes.warn("dependencies is not a list; ignored", field="dependencies")
            return
        self.has_edges = bool(items)
        for index, item in enumerate(items):
            at = f"dependencies[{index}]"
            ref = normalise.text(item.get("ref")) if isinstance(item, dict) else None
            if ref is None:
                self.notes.warn("dependency without a ref; ignored", field=at)
                continue
            targets = item.get("dependsOn") or []
            if not isinstance(targets, list):
                self.notes.warn("dependsOn is not a list; ignored", field=at + ".dependsOn")
                continue
            self.edge_at.setdefault(ref, at)
            self.edges.setdefault(ref, []).extend(t for t in targets if isinstance(t, str))

    def services(self, items: object) -> None:
        """Service bom-refs are valid dependency targets, though services are not components."""
        stack = [items]
        while stack:
            current = stack.pop()
            for item in current if isinstance(current, list) else []:
                if isinstance(item, dict):
                    if isinstance(item.get("bom-ref"), str):
                        self.service_refs.add(item["bom-ref"])
                    stack.append(item.get("services"))

    def check_edges(self) -> bool:
        """Warn about entries and targets naming no component; they are left out of depends_on."""
        for ref, targets in self.edges.items():
            if ref not in self.refs and ref not in self.service_refs:
                self.notes.warn(
                    f"dependency entry for unknown ref {ref!r}", field=self.edge_at[ref] + ".ref"
                )
            for target in targets:
                if target not in self.refs:
                    self.dangling.add(target)
                    if target not in self.service_refs:
                        self.notes.warn(
                            f"dependency of {ref!r} on unknown ref {target!r}",
                            field=self.edge_at[ref] + ".dependsOn",
                        )
        return self.has_edges

    def finish(self, components: list[Component] | tuple[Component, ...]) -> tuple[Component, ...]:
        """The components without edges to dangling refs (warned about in check_edges)."""
        if not self.dangling:
            return tuple(components)
        return tuple(
            replace(c, depends_on=tuple(d for d in c.depends_on if d not in self.dangling))
            if any(d in self.dangling for d in c.depends_on)
            else c
            for c in components
        )


def _properties(items: object) -> dict[str, str]:
    """Property name -> value (the last one of a name wins; non-strings read as "")."""
    if not isinstance(items, list):
        return {}
    out: dict[str, str] = {}
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            value = item.get("value")
            out[item["name"]] = value if isinstance(value, str) else ""
    return out


def _repeated(items: object, name: str) -> tuple[str, ...]:
    """A property that may repeat (``medsec:cpe``); the properties dict keeps only one."""
    return tuple(
        i["value"]
        for i in (items if isinstance(items, list) else [])
        if isinstance(i, dict) and i.get("name") == name and isinstance(i.get("value"), str)
    )


def _extra_hashes(props: dict[str, str]) -> tuple[Hash, ...]:
    """Hashes medsec could not write natively (``medsec:hash:SHA224``)."""
    found = (
        normalise.make_hash(key.removeprefix("medsec:hash:"), value)
        for key, value in props.items()
        if key.startswith("medsec:hash:")
    )
    return tuple(h for h in found if h is not None)


def _hashes(items: object) -> tuple[Hash, ...]:
    """The usable hashes of a ``hashes`` list, algorithm names normalised."""
    if not isinstance(items, list):
        return ()
    out = (
        normalise.make_hash(i.get("alg"), i.get("content")) for i in items if isinstance(i, dict)
    )
    return tuple(h for h in out if h is not None)


def _licenses(items: object) -> tuple[str, ...]:
    """Licence expressions, ids or names, in document order."""
    if not isinstance(items, list):
        return ()
    out: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        expression = normalise.text(item.get("expression"))
        lic = item.get("license")
        if expression:
            out.append(expression)
        elif isinstance(lic, dict):
            value = normalise.text(lic.get("id")) or normalise.text(lic.get("name"))
            if value:
                out.append(value)
    return tuple(out)


def _authors(metadata: dict[str, Any]) -> tuple[str, ...]:
    """Names of the BOM's authors, manufacturer and supplier, each once."""
    out: list[str] = []
    for key in ("authors", "manufacture", "manufacturer", "supplier"):
        value = metadata.get(key)
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            if isinstance(entry, dict):
                name = normalise.text(entry.get("name")) or normalise.text(entry.get("email"))
                if name and name not in out:
                    out.append(name)
    return tuple(out)


def _tools(value: object) -> tuple[str, ...]:
    """``name version`` of every tool, from the pre-1.5 list or the 1.5+ object."""
    entries: list[Any] = []
    if isinstance(value, list):
        entries = value
    elif isinstance(value, dict):  # 1.5+: {"components": [...], "services": [...]}
        for key in ("components", "services"):
            if isinstance(value.get(key), list):
                entries.extend(value[key])
    names = []
    for entry in entries:
        if isinstance(entry, dict) and normalise.text(entry.get("name")):
            version = normalise.text(entry.get("version"))
            names.append(f"{entry['name']} {version}" if version else str(entry["name"]))
    return tuple(names)


def _services_note(obj: dict[str, Any], notes: Notes) -> None:
    """Warn that listed services are not read as components, so none seem lost."""
    services = obj.get("services")
    if isinstance(services, list) and services:
        notes.warn(
            f"{counted(len(services), 'service')} listed; services are not software components "
            "and are not part of the component list",
            field="services",
        )


class CycloneDxJsonReader:
    """CycloneDX JSON: ``bomFormat``, or a CycloneDX ``$schema`` / ``specVersion`` shape."""

    meta = ReaderMeta(
        format=SbomFormat.CYCLONEDX_JSON,
        name="CycloneDX JSON",
        patterns=("*.cdx.json", "bom.json"),
        content=Content.JSON,
    )

    def sniff(self, probe: Probe) -> bool:
        """Whether the JSON has bomFormat, or a CycloneDX schema or shape."""
        obj = probe.json
        if not isinstance(obj, dict):
            return False
        if "bomFormat" in obj:  # a wrong value is refused by ``read`` with the value named
            return True
        if "spdxVersion" in obj or "@graph" in obj:  # SPDX markers beat CycloneDX hints
            return False
        return "cyclonedx" in str(obj.get("$schema", "")).lower() or (
            "specVersion" in obj and ("components" in obj or "metadata" in obj)
        )

    def read(self, data: bytes, *, source: str, context: ReadContext) -> SbomResult:
        """Read the JSON the sniffer already parsed (or parse it now); a BOM with a number
        for a version is parsed again, exactly, so the version keeps its digits."""
        check_size(len(data), source, context.max_bytes)
        obj = json_document(data, source=source, context=context)
        if _float_versions(obj):
            obj = jsontext.exact(data, source=source)
        return from_obj(obj, source=source, validate=context.validate)


def _float_versions(obj: object) -> bool:
    """Whether a component (metadata's included) has a fractional or huge number as version:
    orjson has rounded it (``1.10`` -> ``1.1``, 30 digits -> ``1.2e+29``)."""
    if not isinstance(obj, dict):
        return False
    metadata = normalise.mapping(obj.get("metadata"))
    stack: list[object] = [metadata.get("component"), obj.get("components")]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if isinstance(item.get("version"), float):
                return True
            stack.append(item.get("components"))
    return False


READER = CycloneDxJsonReader()
