"""The probe every sniffer looks at, built once from the file's content (never its name).

JSON is parsed here once and handed on, so big files are not parsed twice. When no reader
claims a probe, ``unrecognised`` says what the content looked like.
"""

from __future__ import annotations

import re

from medsec.domain.errors import InputError
from medsec.sources.sbom.reader import Content, Probe
from medsec.untrusted import jsontext

HEAD = 65536
_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_XML_PROLOG = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.S)


def probe(data: bytes, *, source: str) -> Probe:
    """Classify the content (JSON, XML, text, binary); ``InputError`` for UTF-16 or bad JSON."""
    raw = data[:HEAD]
    body = data.removeprefix(b"\xef\xbb\xbf")
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.single(source, "UTF-16 text; save the SBOM as UTF-8")
    head = body[:HEAD].lstrip()
    if b"\x00" in head[:4096]:
        return Probe(raw, head, Content.BINARY)
    if head[:1] == b"{" or head[:2] in (b"[{", b"[]", b"[\n", b"[ "):
        return Probe(raw, head, Content.JSON, json=_load_json(body, source))
    if head[:1] == b"<":
        return Probe(raw, head, Content.XML, xml_root=_xml_root(head))
    return Probe(raw, head, Content.TEXT)


def _load_json(body: bytes, source: str) -> object:
    """The parsed JSON body; a syntax error (or nesting over 1024) is located."""
    return jsontext.loads(body, source=source)


def _xml_root(head: bytes) -> str:
    """The local name of the first element after prolog, comments and DOCTYPE."""
    match = _XML_ROOT.search(_XML_PROLOG.sub(b"", head))
    return match.group(1).decode("ascii", "replace") if match else "?"


def first_line(head: bytes) -> str:
    """The first line of a text head, decoded leniently (CSV headers, messages)."""
    return head.split(b"\n", 1)[0].decode("utf-8", "replace")


def not_sbom(source: str, reason: str, supported: str | None = None) -> InputError:
    """The error for content no reader claims, with the list of formats medsec reads."""
    return InputError.single(
        source,
        f"not an SBOM: {reason}",
        hint=f"medsec reads {supported}" if supported else None,
    )


def unrecognised(found: Probe, *, source: str, supported: str) -> InputError:
    """Why no reader claimed the probe, phrased after what the content looked like."""
    if not found.head:
        return not_sbom(source, "the file is empty", supported)
    if found.content is Content.BINARY:
        return not_sbom(source, "binary content", supported)
    if found.content is Content.XML:
        return not_sbom(
            source,
            f"XML with root <{found.xml_root}>, not a CycloneDX <bom> or SPDX <rdf:RDF>",
            supported,
        )
    if found.content is Content.JSON:
        obj = found.json
        if not isinstance(obj, dict):
            return not_sbom(source, f"JSON {type(obj).__name__}, not an object", supported)
        keys = ", ".join(sorted(map(str, obj))[:8]) or "none"
        return not_sbom(
            source, f"JSON without CycloneDX or SPDX markers (top-level keys: {keys})", supported
        )
    return not_sbom(
        source, f"unrecognised text starting {first_line(found.head)[:60]!r}", supported
    )
