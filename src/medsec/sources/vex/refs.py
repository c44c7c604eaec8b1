"""Turning a VEX document's product references (purls, bom-links, medsec URNs) into components."""

from __future__ import annotations

from urllib.parse import unquote

from packageurl import PackageURL

from medsec.domain.vulnerability import ComponentRef

COMPONENT_URN = "urn:medsec:component:"


def from_purl(purl: str, *, name: str | None = None, cpe: str | None = None) -> ComponentRef:
    """A component from a purl; a broken or nameless purl keeps only the given name."""
    try:
        p = PackageURL.from_string(purl)
    except ValueError:  # a broken purl identifies nothing: keep the name
        return ComponentRef(name=name or purl, version=None, cpe=cpe)
    if not p.name:
        return ComponentRef(name=name or purl, version=None, cpe=cpe)
    return ComponentRef(name=name or str(p.name), version=p.version, purl=purl, cpe=cpe)


def from_reference(ref: str) -> ComponentRef:
    """A component from a reference alone: a purl, a medsec URN, a BOM-Link, or a plain name."""
    value = ref.strip()
    if value.startswith("urn:cdx:") and "#" in value:
        value = unquote(value.split("#", 1)[1])
    if value.startswith("pkg:"):
        return from_purl(value)
    if value.startswith(COMPONENT_URN):
        name, _, version = value[len(COMPONENT_URN) :].partition("@")
        return ComponentRef(name=unquote(name), version=unquote(version) or None)
    if value.startswith("cpe:"):
        return ComponentRef(name=value, version=None, cpe=value)
    return ComponentRef(name=value, version=None)
