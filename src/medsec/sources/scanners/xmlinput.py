"""Untrusted scanner XML through ``defusedxml``: DTDs allowed (Burp ships one), entities refused.

Entity declarations are what XXE and "billion laughs" need; no scanner report needs them, so a
report declaring any entity is refused before anything is expanded.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

from medsec.domain.errors import InputError

__all__ = ["Element", "child", "children", "iter_events", "local", "parse_xml", "text"]


def _refused(source: str, exc: DefusedXmlException) -> InputError:
    return InputError.single(
        source,
        f"refused: the XML declares entities or external references ({type(exc).__name__})",
        hint="scanner reports never need entities; this may be an XXE or entity-expansion attack",
    )


def _malformed(source: str, exc: ParseError) -> InputError:
    position = getattr(exc, "position", None)
    line = position[0] if position else None
    message = str(exc).split(": line", 1)[0]
    hint = "the file may be truncated" if "no element found" in message else None
    return InputError.single(source, f"malformed XML: {message}", line=line, hint=hint)


def parse_xml(data: bytes, source: str) -> Element:
    """The root element; entities refused, syntax errors located."""
    try:
        root: Element = fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as exc:
        raise _refused(source, exc) from None
    except ParseError as exc:
        raise _malformed(source, exc) from None
    return root


def iter_events(
    data: bytes, source: str, *, starts: frozenset[str], ends: frozenset[str]
) -> Iterator[tuple[str, Element]]:
    """Stream a big report: ``("root", root)`` first, then ``("start", e)`` for the local
    names in ``starts`` (attributes only) and ``("end", e)`` for those in ``ends``.

    Elements in ``ends`` are cleared once the consumer has handled them, so memory stays flat
    on reports of hundreds of MB; the consumer must not keep references into them.
    """
    try:
        events = iterparse(
            io.BytesIO(data),
            events=("start", "end"),
            forbid_dtd=False,
            forbid_entities=True,
            forbid_external=True,
        )
        first = True
        for event, element in events:
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
    except DefusedXmlException as exc:
        raise _refused(source, exc) from None
    except ParseError as exc:
        raise _malformed(source, exc) from None


def local(element: Element) -> str:
    """Tag without namespace."""
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


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
