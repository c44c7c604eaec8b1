"""Untrusted scanner XML through the shared guarded parser (``medsec.untrusted.xmltext``):
DTDs allowed (Burp ships one), entities and external references refused; tree helpers."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from medsec.untrusted import xmltext

__all__ = ["Element", "child", "children", "iter_events", "local", "parse_xml", "text"]


def parse_xml(data: bytes, source: str) -> Element:
    """The root element; entities refused, syntax errors located."""
    return xmltext.parse_xml(data, source=source, what="scanner reports")


def iter_events(
    data: bytes, source: str, *, starts: frozenset[str], ends: frozenset[str]
) -> Iterator[tuple[str, Element]]:
    """Stream a big report: ``("root", root)`` first, then ``("start", e)`` for the local
    names in ``starts`` (attributes only) and ``("end", e)`` for those in ``ends``.

    Elements in ``ends`` are cleared once the consumer has handled them, so memory stays flat
    on reports of hundreds of MB; the consumer must not keep references into them.
    """
    first = True
    for event, element in xmltext.iter_xml(data, source=source, what="scanner reports"):
        if first:
            first = False
            yield "root", element
            continue
        name = local(element)
        if event == "start" and name in starts:
            yield "start", element
        elif event == "end" and name in ends:
            yield "end", element
            element.clear()


def local(element: Element) -> str:
    """Tag without namespace."""
    return xmltext.local(element)


def children(element: Element | None, name: str) -> list[Element]:
    """The children of ``element`` with local name ``name``."""
    if element is None:
        return []
    return [c for c in element if local(c) == name]


def child(element: Element | None, name: str) -> Element | None:
    """The first child of ``element`` with local name ``name``, or None."""
    if element is None:
        return None
    return next((c for c in element if local(c) == name), None)


def text(element: Element | None, name: str | None = None) -> str | None:
    """Stripped text of ``element`` (or of its child ``name``); None when absent or blank."""
    node = element if name is None else child(element, name)
    if node is None or node.text is None:
        return None
    value = node.text.strip()
    return value or None
