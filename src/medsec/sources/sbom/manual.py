"""Components that come with no SBOM (commercial RTOS, vendor BSP, FPGA bitstream), listed by hand.

YAML (``format: medsec-components/1``)::

    format: medsec-components/1
    author: ACME Medical GmbH          # who wrote this list (NTIA "author")
    created: 2026-09-01                # when (NTIA "timestamp")
    supplier: ACME Medical GmbH        # default supplier of the entries
    components:
      - name: ThreadX
        version: 6.2.1
        supplier: Eclipse Foundation
        purl: pkg:generic/threadx@6.2.1
        cpe: cpe:2.3:o:eclipse:threadx:6.2.1:*:*:*:*:*:*:*   # or cpes: [...]
        license: MIT
        hashes: {sha256: 0f3a...}
        type: operating-system
        depends_on: [other-component-name]
        support_level: support            # SPDX 3 SupportType
        end_of_support: 2030-12-31
        class: supported                  # IEC 81001-5-1: maintained | supported | required
        rationale: Vendor LTS contract 2024-117

CSV: a header row with ``name`` and ``version`` and any of ``supplier, purl, cpe, license,
sha256, type, depends_on`` (``;``-separated names), ``support_level, end_of_support, class,
rationale, description``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from medsec.domain.component import Component, Origin, SbomDocument, SbomFormat, SbomResult
from medsec.domain.errors import InputError
from medsec.sources.sbom import normalise
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES, check_size
from medsec.sources.sbom.notes import Notes
from medsec.sources.sbom.reader import Content, Probe, ReadContext, ReaderMeta
from medsec.sources.sbom.spdx2_yaml import load
from medsec.sources.sbom.tabular import header_columns, rows

FORMAT = "medsec-components/1"
_YAML_MARKER = re.compile(rb"^format\s*:\s*[\"']?medsec-components/", re.M)


def parse_yaml(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SbomResult:
    """Read a ``medsec-components/1`` YAML list."""
    check_size(len(data), source, max_bytes)
    obj = load(data, source=source)
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise InputError.single(source, f"not a component list: 'format: {FORMAT}' missing")
    items = obj.get("components")
    if not isinstance(items, list):
        raise InputError.single(source, "components must be a list", field="components")
    notes = Notes(source)
    default_supplier = normalise.text(obj.get("supplier"))
    entries = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            notes.warn("entry is not a mapping; ignored", field=f"components[{index}]")
            continue
        entries.append((f"components[{index}]", None, _fields(item), default_supplier))
    return _document(obj, entries, notes, SbomFormat.MANUAL_YAML)


def parse_csv(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SbomResult:
    """Read the CSV component list (a header with name and version)."""
    check_size(len(data), source, max_bytes)
    header, records = rows(data, source=source)
    if not {"NAME", "VERSION"} <= {h.strip().upper() for h in header}:
        raise InputError.single(
            source, "not a component list: needs name and version columns", line=1
        )
    notes = Notes(source)
    entries = []
    for line, row in records:
        fields: dict[str, Any] = {k.lower(): v for k, v in row.items() if v}
        fields["depends_on"] = [
            d.strip() for d in fields.get("depends_on", "").split(";") if d.strip()
        ]
        if "sha256" in fields:
            fields["hashes"] = {"sha256": fields["sha256"]}
        entries.append((f"line {line}", line, fields, None))
    return _document({}, entries, notes, SbomFormat.MANUAL_CSV)


def _fields(item: dict[str, Any]) -> dict[str, Any]:
    """The entry's keys lower-cased, so YAML and CSV entries read alike."""
    return {str(k).lower(): v for k, v in item.items()}


def _document(
    obj: dict[str, Any],
    entries: Sequence[tuple[str, int | None, dict[str, Any], str | None]],
    notes: Notes,
    fmt: SbomFormat,
) -> SbomResult:
    """The document of all entries, ``depends_on`` names resolved (unknown ones warned)."""
    components = [_component(at, line, f, supplier, notes) for at, line, f, supplier in entries]
    by_name = {c.name: c.ref for c in components}
    linked = []
    for component, (at, line, fields, _) in zip(components, entries, strict=True):
        wanted = fields.get("depends_on") or []
        for name in wanted:
            if name not in by_name:
                notes.warn(f"depends_on names unknown component {name!r}", field=at, line=line)
        refs = tuple(by_name[n] for n in wanted if isinstance(n, str) and n in by_name)
        linked.append(replace(component, depends_on=refs))
    author = normalise.text(obj.get("author"))
    document = SbomDocument(
        source=notes.source,
        format=fmt,
        spec_version=FORMAT,
        components=tuple(linked),
        created=normalise.timestamp(obj.get("created")),
        authors=(author,) if author else (),
        has_dependency_data=any(c.depends_on for c in linked),
    )
    return SbomResult(document=document, warnings=notes.freeze())


def _component(
    at: str, line: int | None, f: dict[str, Any], supplier: str | None, notes: Notes
) -> Component:
    """One component from an entry's fields; bad values warned about at the entry."""
    field = None if line else at
    name = normalise.text(f.get("name"))
    if name is None:
        notes.warn("entry without a name", field=field, line=line)
    version = normalise.text(f.get("version"))
    ref = f"{name}@{version}" if name and version else at
    purl = normalise.text(f.get("purl"))
    if purl:
        normalise.check_purl(purl, notes, field, line)
    raw_cpes = f.get("cpes")
    cpes: list[object] = raw_cpes if isinstance(raw_cpes, list) else [f.get("cpe")]
    hashes = normalise.mapping(f.get("hashes"))
    level = normalise.support_level(f.get("support_level"), notes, field, line)
    eos = normalise.end_of_support(f.get("end_of_support"), notes, field, line)
    klass = normalise.component_class(f.get("class"), notes, field, line)
    licence = normalise.text(f.get("license"))
    return Component(
        ref=ref,
        name=name or "",
        version=version,
        supplier=normalise.text(f.get("supplier")) or supplier,
        purl=purl,
        cpes=tuple(c for c in (normalise.text(x) for x in cpes) if c),
        hashes=tuple(h for a, v in hashes.items() if (h := normalise.make_hash(a, v))),
        licenses=(licence,) if licence else (),
        type=normalise.text(f.get("type")),
        description=normalise.text(f.get("description")),
        origin=Origin(source=notes.source, ref=ref, location=at),
        support_level=level,
        end_of_support=eos,
        component_class=klass,
        support_source="sbom" if (level or eos or klass) else None,
        support_rationale=normalise.text(f.get("rationale")),
    )


class ManualYamlReader:
    """The medsec component list in YAML: ``format: medsec-components/1``."""

    meta = ReaderMeta(
        format=SbomFormat.MANUAL_YAML,
        name="medsec component list (YAML)",
        patterns=("components.yaml",),
        content=Content.TEXT,
    )

    def sniff(self, probe: Probe) -> bool:
        """Whether a line says ``format: medsec-components/...``."""
        return _YAML_MARKER.search(probe.head) is not None

    def read(self, data: bytes, *, source: str, context: ReadContext) -> SbomResult:
        """Read the YAML list within the context's size limit."""
        return parse_yaml(data, source=source, max_bytes=context.max_bytes)


class ManualCsvReader:
    """The medsec component list in CSV: a header with NAME and VERSION."""

    meta = ReaderMeta(
        format=SbomFormat.MANUAL_CSV,
        name="medsec component list (CSV)",
        patterns=("components.csv",),
        content=Content.TEXT,
    )

    def sniff(self, probe: Probe) -> bool:
        """Whether the first line is a CSV header with NAME and VERSION."""
        return {"NAME", "VERSION"} <= header_columns(probe.head)

    def read(self, data: bytes, *, source: str, context: ReadContext) -> SbomResult:
        """Read the CSV list within the context's size limit."""
        return parse_csv(data, source=source, max_bytes=context.max_bytes)


YAML_READER = ManualYamlReader()
CSV_READER = ManualCsvReader()
