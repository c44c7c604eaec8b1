"""Which SBOM format a file holds, decided from its content (never from its name).

JSON is parsed once here and handed on, so big files are not parsed twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

from medsec.domain.component import SbomFormat
from medsec.domain.errors import InputError

_HEAD = 65536
_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_TAGVALUE = re.compile(rb"^\s*SPDXVersion\s*:", re.M)
_YAML_SPDX = re.compile(rb"^[\"']?spdxVersion[\"']?\s*:", re.M)
_YAML_MANUAL = re.compile(rb"^format\s*:\s*[\"']?medsec-components/", re.M)


@dataclass(frozen=True)
class Sniffed:
    format: SbomFormat
    json: Any = None  # the parsed document when the content is JSON


def _not_sbom(source: str, reason: str) -> InputError:
    return InputError.single(
        source,
        f"not an SBOM: {reason}",
        hint="medsec reads CycloneDX JSON/XML, SPDX 2 JSON/YAML/tag-value, SPDX 3 JSON-LD, "
        "Yocto SPDX indexes, Buildroot manifest.csv and medsec component lists",
    )


def sniff(data: bytes, *, source: str) -> Sniffed:
    body = data.removeprefix(b"\xef\xbb\xbf")
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.single(source, "UTF-16 text; save the SBOM as UTF-8")
    head = body[:_HEAD].lstrip()
    if not head:
        raise _not_sbom(source, "the file is empty")
    if b"\x00" in head[:4096]:
        raise _not_sbom(source, "binary content")
    if head[:1] == b"{" or head[:2] in (b"[{", b"[]", b"[\n", b"[ "):
        return _sniff_json(body, source)
    if head[:1] == b"<":
        return Sniffed(_sniff_xml(head, source))
    if _TAGVALUE.search(head):
        return Sniffed(SbomFormat.SPDX2_TAGVALUE)
    if _YAML_SPDX.search(head):
        return Sniffed(SbomFormat.SPDX2_YAML)
    if _YAML_MANUAL.search(head):
        return Sniffed(SbomFormat.MANUAL_YAML)
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace")
    columns = {c.strip().strip('"').strip().upper() for c in re.split(r"[,;\t]", first)}
    if {"PACKAGE", "VERSION"} <= columns:
        return Sniffed(SbomFormat.BUILDROOT_MANIFEST)
    if {"NAME", "VERSION"} <= columns:
        return Sniffed(SbomFormat.MANUAL_CSV)
    raise _not_sbom(source, f"unrecognised text starting {first[:60]!r}")


def _sniff_json(body: bytes, source: str) -> Sniffed:
    try:
        obj = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InputError.single(
            source, f"invalid JSON: {exc.msg}", line=exc.lineno, field=f"column {exc.colno}"
        ) from None
    return Sniffed(classify_json(obj, source), obj)


def classify_json(obj: Any, source: str) -> SbomFormat:
    if not isinstance(obj, dict):
        raise _not_sbom(source, f"JSON {type(obj).__name__}, not an object")
    if "bomFormat" in obj:
        if obj["bomFormat"] != "CycloneDX":
            raise InputError.single(
                source, f"bomFormat is {obj['bomFormat']!r}, not 'CycloneDX'", field="bomFormat"
            )
        return SbomFormat.CYCLONEDX_JSON
    if "spdxVersion" in obj:
        return SbomFormat.SPDX2_JSON
    context = obj.get("@context")
    if "@graph" in obj and ("spdx" in str(context).lower() or context is None):
        return SbomFormat.SPDX3_JSONLD
    if "cyclonedx" in str(obj.get("$schema", "")).lower() or (
        "specVersion" in obj and ("components" in obj or "metadata" in obj)
    ):
        return SbomFormat.CYCLONEDX_JSON
    documents = obj.get("documents")
    if isinstance(documents, list) and all(
        isinstance(d, dict) and "filename" in d for d in documents
    ):
        return SbomFormat.YOCTO_INDEX
    keys = ", ".join(sorted(map(str, obj))[:8]) or "none"
    raise _not_sbom(source, f"JSON without CycloneDX or SPDX markers (top-level keys: {keys})")


def _sniff_xml(head: bytes, source: str) -> SbomFormat:
    text = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", b"", head, flags=re.S)
    match = _XML_ROOT.search(text)
    root = match.group(1).decode("ascii", "replace") if match else "?"
    if root == "bom" and b"cyclonedx.org/schema/bom" in head:
        return SbomFormat.CYCLONEDX_XML
    if root == "RDF" and b"spdx" in head.lower():
        raise _not_sbom(source, "SPDX RDF/XML is not supported; convert it to SPDX JSON")
    raise _not_sbom(source, f"XML with root <{root}>, not a CycloneDX <bom>")
