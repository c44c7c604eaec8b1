"""Untrusted XML (SBOMs, VEX, scanner reports) through ``defusedxml``: one parser for all.

Entity declarations are what XXE and "billion laughs" need, and external references what
reads local files or the network; no SBOM, VEX or scanner report needs either, so a document
declaring an entity or referring outside itself is refused before anything is expanded. A
DOCTYPE without entities is allowed (Burp ships one). Every other failure (syntax, an unknown
declared encoding) is a located ``InputError``. Elements are built by expat and ElementTree
without recursion; readers walking the tree must not recurse without a bound either.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

from medsec.domain.errors import InputError

_REFUSED = "this may be an XXE or entity-expansion attack; {what} never need entities"


def parse_xml(data: bytes, *, source: str, what: str = "these files") -> Element:
    """The root element; entities and external references refused, syntax errors located.

    ``what`` names the kind of document in the refusal ("SBOMs", "scanner reports").
    """
    try:
        root: Element = fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as exc:
        raise refused(source, exc, what) from None
    except ParseError as exc:
        raise malformed(source, exc) from None
    except (LookupError, ValueError) as exc:  # an unknown or unsupported declared encoding
        raise InputError.single(source, f"unreadable XML: {exc}") from None
    return root


def iter_xml(
    data: bytes, *, source: str, what: str = "these files"
) -> Iterator[tuple[str, Element]]:
    """``(event, element)`` for every start and end, streamed; the same refusals as
    :func:`parse_xml`, raised where they are met."""
    try:
        yield from iterparse(
            io.BytesIO(data),
            events=("start", "end"),
            forbid_dtd=False,
            forbid_entities=True,
            forbid_external=True,
        )
    except DefusedXmlException as exc:
        raise refused(source, exc, what) from None
    except ParseError as exc:
        raise malformed(source, exc) from None
    except (LookupError, ValueError) as exc:
        raise InputError.single(source, f"unreadable XML: {exc}") from None


def refused(source: str, exc: DefusedXmlException, what: str) -> InputError:
    """The error for XML that declares entities or refers to external resources."""
    return InputError.single(
        source,
        f"refused: the XML declares entities or external references ({type(exc).__name__})",
        hint=_REFUSED.format(what=what),
    )


def malformed(source: str, exc: ParseError) -> InputError:
    """A syntax error with its line, and a hint when the file looks cut short."""
    position = getattr(exc, "position", None)
    line = position[0] if position else None
    message = str(exc).split(": line", 1)[0]
    hint = "the file may be truncated" if "no element found" in message else None
    return InputError.single(source, f"malformed XML: {message}", line=line, hint=hint)


def local(element: Element) -> str:
    """The tag without its ``{namespace}`` (empty for comments and processing instructions)."""
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
