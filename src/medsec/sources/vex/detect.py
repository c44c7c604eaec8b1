"""Which VEX format a file holds, decided from its content; the registry of readers.

JSON is parsed once here and handed to the reader; XML and YAML readers get the bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from enum import StrEnum
from typing import Any, Final

from medsec.domain.errors import InputError
from medsec.domain.vex import VexDocument
from medsec.sources.vex import csaf, cyclonedx, cyclonedx_xml, openvex
from medsec.sources.vex.jsondoc import load
from medsec.untrusted import jsontext
from medsec.untrusted.depth import recursion_guard


class VexInput(StrEnum):
    """The VEX formats medsec reads, one per reader in the registry."""

    CYCLONEDX_JSON = "cyclonedx-json"
    CYCLONEDX_XML = "cyclonedx-xml"
    OPENVEX_JSON = "openvex-json"
    OPENVEX_YAML = "openvex-yaml"
    CSAF = "csaf"


HINT = "medsec reads CycloneDX 1.4-1.7 (JSON, XML), OpenVEX (JSON, YAML) and CSAF 2.0 VEX"
_FROM_JSON: Final[Mapping[VexInput, Callable[..., VexDocument]]] = {
    VexInput.CYCLONEDX_JSON: cyclonedx.document,
    VexInput.OPENVEX_JSON: openvex.document,
    VexInput.CSAF: csaf.document,
}
_FROM_BYTES: Final[Mapping[VexInput, Callable[..., VexDocument]]] = {
    VexInput.CYCLONEDX_XML: cyclonedx_xml.parse,
    VexInput.OPENVEX_YAML: openvex.parse,
}


def _not_vex(source: str, reason: str) -> InputError:
    """The error for content that is no VEX document medsec reads, with what it does read."""
    return InputError.single(source, f"not a VEX document: {reason}", hint=HINT)


def sniff_json(doc: Any, source: str) -> VexInput:
    """The VEX format of a parsed JSON document, from its marker keys."""
    if not isinstance(doc, dict):
        raise _not_vex(source, "the JSON is not an object")
    if doc.get("bomFormat") == "CycloneDX":
        return VexInput.CYCLONEDX_JSON
    if str(doc.get("@context", "")).startswith(openvex.CONTEXT):
        return VexInput.OPENVEX_JSON
    if isinstance(doc.get("document"), dict) and "csaf_version" in doc["document"]:
        return VexInput.CSAF
    raise _not_vex(source, "no bomFormat, OpenVEX @context or CSAF document found")


def sniff(data: bytes, *, source: str) -> tuple[VexInput, Any]:
    """The format, and the parsed JSON when the content is JSON (else None)."""
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:4096]
    if not head:
        raise _not_vex(source, "the file is empty")
    if head[:1] in (b"{", b"["):
        doc = load(data, source=source)
        return sniff_json(doc, source), doc
    if head[:1] == b"<":
        if b"cyclonedx.org/schema/bom" in head:
            return VexInput.CYCLONEDX_XML, None
        raise _not_vex(source, "XML that is not CycloneDX")
    if b"statements" in data[:1_048_576] and (b"openvex" in head or b"vex_attestation" in head):
        return VexInput.OPENVEX_YAML, None
    raise _not_vex(source, "neither JSON, CycloneDX XML nor OpenVEX YAML")


def read(data: bytes, *, source: str) -> VexDocument:
    """Read any supported VEX document; a malformed one raises InputError with its place."""
    with recursion_guard(source):
        kind, doc = sniff(data, source=source)
        if kind not in _FROM_JSON:
            return _FROM_BYTES[kind](data, source=source)
        document = _FROM_JSON[kind](doc, source=source)
    duplicates = jsontext.duplicate_keys(data, source=source)
    if not duplicates:
        return document
    return replace(document, warnings=document.warnings + tuple(map(str, duplicates)))
