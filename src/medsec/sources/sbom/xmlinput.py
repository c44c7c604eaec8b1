"""Untrusted SBOM XML through the shared guarded parser (entities and external references
refused, syntax errors located)."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from medsec.untrusted import xmltext


def load(data: bytes, *, source: str) -> Element:
    """The root element; a hostile (entities, external DTD) or malformed file is an error."""
    return xmltext.parse_xml(data, source=source, what="SBOMs")


def local(element: Element) -> str:
    """The tag without its ``{namespace}``."""
    return xmltext.local(element)
