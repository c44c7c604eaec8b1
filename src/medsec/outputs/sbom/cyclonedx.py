"""The device SBOM as CycloneDX 1.6 JSON or XML, through ``cyclonedx-python-lib``.

Device = ``metadata.component``; each software element = a component whose nested
components are its SBOM's; dependencies: device -> elements -> components -> their
dependencies. Support data goes into ``medsec:`` properties (names in medsec.domain.component).
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterable
from typing import TypeVar, cast

from cyclonedx.contrib.license.factories import LicenseFactory
from cyclonedx.model import HashAlgorithm, HashType, Property
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component as CdxComponent
from cyclonedx.model.component import ComponentType
from cyclonedx.model.contact import OrganizationalEntity
from cyclonedx.model.tool import ToolRepository
from cyclonedx.output.json import JsonV1Dot6
from cyclonedx.output.xml import XmlV1Dot6
from packageurl import PackageURL

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
from medsec.outputs.xmlchars import xml_text

_ALGORITHMS = {
    "MD5": HashAlgorithm.MD5,
    "SHA1": HashAlgorithm.SHA_1,
    "SHA256": HashAlgorithm.SHA_256,
    "SHA384": HashAlgorithm.SHA_384,
    "SHA512": HashAlgorithm.SHA_512,
    "SHA3256": HashAlgorithm.SHA3_256,
    "SHA3384": HashAlgorithm.SHA3_384,
    "SHA3512": HashAlgorithm.SHA3_512,
    "BLAKE2B256": HashAlgorithm.BLAKE2B_256,
    "BLAKE2B384": HashAlgorithm.BLAKE2B_384,
    "BLAKE2B512": HashAlgorithm.BLAKE2B_512,
    "BLAKE3": HashAlgorithm.BLAKE3,
}
_HEX = re.compile(r"^[a-f0-9]{32}$|^[a-f0-9]{40}$|^[a-f0-9]{64}$|^[a-f0-9]{96}$|^[a-f0-9]{128}$")
_TYPES = {t.value: t for t in ComponentType}
_LICENSES = LicenseFactory()
_T = TypeVar("_T")
NAMESPACE = uuid.UUID("6f1d2f4e-2a52-4c57-9b1c-6d0c2a3f8e11")


def serial(sbom: DeviceSbom) -> uuid.UUID:
    """Stable serial number: the same device release and content give the same UUID."""
    refs = ",".join(sorted(c.ref + "@" + (c.version or "") for c in sbom.components()))
    return uuid.uuid5(NAMESPACE, f"{sbom.id}@{sbom.version}|{sbom.created.isoformat()}|{refs}")


def _properties(component: Component) -> list[Property]:
    """``medsec:`` properties for support data, extra CPEs, odd hashes and unparsable purls."""
    props = []
    if component.support_level:
        props.append(Property(name=PROPERTY_SUPPORT_LEVEL, value=component.support_level.value))
    if component.end_of_support:
        props.append(
            Property(name=PROPERTY_END_OF_SUPPORT, value=component.end_of_support.isoformat())
        )
    if component.component_class:
        props.append(Property(name=PROPERTY_CLASS, value=component.component_class.value))
    if component.support_rationale:
        props.append(Property(name=PROPERTY_RATIONALE, value=component.support_rationale))
    props.extend(Property(name="medsec:cpe", value=cpe) for cpe in component.cpes[1:])
    for digest in component.hashes:
        if digest.algorithm not in _ALGORITHMS or not _HEX.match(digest.value):
            props.append(Property(name=f"medsec:hash:{digest.algorithm}", value=digest.value))
    if component.purl and _purl(component.purl) is None:
        props.append(Property(name="medsec:purl", value=component.purl))
    return props


def _purl(text: str | None) -> PackageURL | None:
    """The parsed purl, or None when it does not parse (it then travels as a property)."""
    if not text:
        return None
    try:
        return PackageURL.from_string(text)
    except ValueError:
        return None


def _component(component: Component, children: dict[str | None, list[Component]]) -> CdxComponent:
    """One component, with its nested children, as a CycloneDX component."""
    out = CdxComponent(
        name=component.name or "(unnamed)",
        version=component.version,
        group=component.group,
        type=_TYPES.get(component.type or "", ComponentType.LIBRARY),
        bom_ref=component.ref,
        supplier=OrganizationalEntity(name=component.supplier) if component.supplier else None,
        purl=_purl(component.purl),
        cpe=component.cpes[0] if component.cpes else None,
        description=component.description,
        hashes=[
            HashType(alg=_ALGORITHMS[h.algorithm], content=h.value)
            for h in component.hashes
            if h.algorithm in _ALGORITHMS and _HEX.match(h.value)
        ],
        licenses=[_LICENSES.make_from_string(text) for text in component.licenses[:1]],
        properties=_properties(component),
    )
    for child in children.get(component.ref, ()):
        out.components.add(_component(child, children))
    return out


def _element(element: ElementSbom) -> tuple[CdxComponent, dict[str, CdxComponent]]:
    """A software element as a component holding its SBOM's tree, and its components by ref."""
    children: dict[str | None, list[Component]] = {}
    refs = {c.ref for c in element.components}
    for c in element.components:
        children.setdefault(c.parent if c.parent in refs else None, []).append(c)
    node = CdxComponent(
        name=element.name,
        version=element.version,
        type=_TYPES.get(element.type, ComponentType.APPLICATION),
        bom_ref=f"element:{element.id}",
        properties=[Property(name="medsec:element", value=element.id)]
        + [Property(name="medsec:source", value=s) for s in element.sources],
    )
    for top in children.get(None, ()):
        node.components.add(_component(top, children))
    return node, _index(node.components)


def _index(components: Iterable[CdxComponent]) -> dict[str, CdxComponent]:
    """Every component in a nested tree, by bom-ref, for the dependency graph."""
    out: dict[str, CdxComponent] = {}
    stack = list(components)
    while stack:
        item = stack.pop()
        out[str(item.bom_ref.value)] = item
        stack.extend(item.components)
    return out


def build(sbom: DeviceSbom) -> Bom:
    """The device SBOM as a CycloneDX BOM: device, elements, components and dependencies."""
    bom = Bom(serial_number=serial(sbom))
    bom.metadata.timestamp = sbom.created
    bom.metadata.tools = ToolRepository(
        components=[
            CdxComponent(name="medsec", version=__version__, type=ComponentType.APPLICATION)
        ]
    )
    bom.metadata.manufacturer = OrganizationalEntity(name=sbom.manufacturer)
    device = CdxComponent(
        name=sbom.name,
        version=sbom.version,
        type=ComponentType.DEVICE,
        bom_ref=f"device:{sbom.id}",
        supplier=OrganizationalEntity(name=sbom.manufacturer),
    )
    bom.metadata.component = device
    nodes = []
    for element in sbom.elements:
        node, index = _element(element)
        bom.components.add(node)
        nodes.append(node)
        bom.register_dependency(node, [index[r] for r in element.roots if r in index])
        for component in element.components:
            targets = [index[d] for d in component.depends_on if d in index]
            bom.register_dependency(index[component.ref], targets)
    bom.register_dependency(device, nodes)
    return bom


def render_json(sbom: DeviceSbom) -> str:
    """The device SBOM as indented CycloneDX 1.6 JSON."""
    return JsonV1Dot6(build(sbom)).output_as_string(indent=2) + "\n"


def render_xml(sbom: DeviceSbom) -> str:
    """The device SBOM as indented CycloneDX 1.6 XML; every text made XML-safe first."""
    return XmlV1Dot6(build(_xml_safe(sbom))).output_as_string(indent=2) + "\n"


def _xml_safe(value: _T) -> _T:
    """``value`` with every string in it (dataclass fields and tuples, recursively) passed
    through :func:`xml_text`; enums, dates and numbers are left as they are."""
    if isinstance(value, str) and type(value) is str:  # not a StrEnum: its value is fixed
        return cast(_T, xml_text(value))
    if isinstance(value, tuple):
        return cast(_T, tuple(_xml_safe(item) for item in value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return cast(_T, dataclasses.replace(value, **changes))
    return value


JSON: Format[DeviceSbom] = Format(
    "cyclonedx-json",
    "application/vnd.cyclonedx+json",
    ".cdx.json",
    "CycloneDX 1.6 JSON",
    render_json,
)
XML: Format[DeviceSbom] = Format(
    "cyclonedx-xml", "application/vnd.cyclonedx+xml", ".cdx.xml", "CycloneDX 1.6 XML", render_xml
)
