"""Untrusted XML through ``defusedxml``: entities and external references are refused."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from medsec.domain.errors import InputError


def load(data: bytes, *, source: str) -> Element:
    """The root element; a hostile (entities, external DTD) or malformed file is an error."""
    try:
        root: Element = fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as exc:
        raise InputError.single(
            source,
            f"refused: the XML declares entities or external references ({type(exc).__name__})",
            hint="SBOMs never need them; this may be an XXE or entity-expansion attack",
        ) from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise InputError.single(source, f"malformed XML: {exc}", line=line) from None
    return root


def local(element: Element) -> str:
    """The tag without its ``{namespace}``."""
    return element.tag.rsplit("}", 1)[-1]
