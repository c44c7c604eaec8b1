"""SPDX 2.x tag-value, read line by line into the JSON shape (with line numbers).

``spdx-tools`` refuses most real tag-value files (missing checksums or download locations,
fractional timestamps); this reader takes what is there and leaves judging to the checks.
"""

from __future__ import annotations

import re
from typing import Any

from medsec.domain.component import SbomFormat, SbomResult
from medsec.domain.errors import InputError
from medsec.sources.sbom import spdx2
from medsec.sources.sbom.limits import DEFAULT_MAX_BYTES, check_size
from medsec.sources.sbom.notes import Notes
from medsec.sources.sbom.reader import Content, Probe, ReadContext, ReaderMeta

# blanks, not \s: "^\s*" at every line of 64 KB of newlines backtracked quadratically (seconds)
_MARKER = re.compile(rb"^[ \t]*SPDXVersion[ \t]*:", re.M)
_TAG = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$", re.S)
_BREAK = re.compile(r"(\r\n|\r|\n)")
_DOC_TAGS = {
    "SPDXVersion": "spdxVersion",
    "DataLicense": "dataLicense",
    "DocumentName": "name",
    "DocumentNamespace": "documentNamespace",
}
_PKG_TAGS = {
    "PackageVersion": "versionInfo",
    "PackageSupplier": "supplier",
    "PackageOriginator": "originator",
    "PackageDownloadLocation": "downloadLocation",
    "PackageLicenseConcluded": "licenseConcluded",
    "PackageLicenseDeclared": "licenseDeclared",
    "PackageSummary": "summary",
    "PackageDescription": "description",
    "PrimaryPackagePurpose": "primaryPackagePurpose",
    "ValidUntilDate": "validUntilDate",
    "ReleaseDate": "releaseDate",
    "BuiltDate": "builtDate",
}


class _Document:
    """The JSON shape being built, and the section (package, file...) tags now fill."""

    def __init__(self) -> None:
        """Start an empty document whose own tags fill the top level."""
        self.obj: dict[str, Any] = {
            "packages": [],
            "files": [],
            "snippets": [],
            "relationships": [],
            "creationInfo": {"creators": []},
        }
        self.section: dict[str, Any] = self.obj
        self.annotations: list[tuple[dict[str, Any], int]] = []
        self.annotation: dict[str, Any] | None = None

    def start(self, kind: str, line: int, **values: Any) -> None:
        """Open a new section of that kind at the line; later tags fill it."""
        self.section = {spdx2.LINE: line, **values}
        self.obj[kind].append(self.section)


def parse(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SbomResult:
    """Read SPDX tag-value into the JSON shape (with line numbers) and on through ``spdx2``."""
    check_size(len(data), source, max_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(source, f"not UTF-8 text (byte {exc.start})") from None
    notes = Notes(source)
    doc = _read(text, notes)
    if "spdxVersion" not in doc.obj:
        raise InputError.single(source, "no SPDXVersion tag: not an SPDX tag-value document")
    _attach_annotations(doc, notes)
    result = spdx2.from_obj(doc.obj, source=source, fmt=SbomFormat.SPDX2_TAGVALUE)
    return SbomResult(document=result.document, warnings=notes.freeze() + result.warnings)


def _rows(text: str) -> list[tuple[str, str]]:
    """(content, line break) of every line; only CR, LF and CRLF break lines (a form feed or
    U+2028 inside a value is text, as in the tag-value grammar)."""
    parts = _BREAK.split(text)
    return list(zip(parts[0::2], [*parts[1::2], ""], strict=True))


def _lines(text: str, source: str) -> list[tuple[int, str, str]]:
    """(line, tag, value) with ``<text>...</text>`` blocks joined (their line breaks kept)."""
    out: list[tuple[int, str, str]] = []
    rows = _rows(text)
    index = 0
    while index < len(rows):
        raw = rows[index][0]
        number = index + 1
        index += 1
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        match = _TAG.match(raw.lstrip())
        if match is None:
            out.append((number, "", raw))
            continue
        tag, value = match.group(1), match.group(2).lstrip()
        if value.startswith("<text>") and "</text>" not in value:
            value, index = _block(rows, index, value, number, source)
        out.append((number, tag, _untext(value.strip())))
    return out


def _block(
    rows: list[tuple[str, str]], index: int, first: str, number: int, source: str
) -> tuple[str, int]:
    """A ``<text>`` value spanning lines up to the one holding ``</text>``, and the index of
    the row after it; a block never closed is an error, not the rest of the file as a value."""
    parts = [first, rows[index - 1][1]]
    while index < len(rows) and "</text>" not in rows[index][0]:
        parts.extend(rows[index])
        index += 1
    if index == len(rows):
        raise InputError.single(
            source,
            "<text> is never closed by </text>: the rest of the file would be one value",
            line=number,
            hint="add </text> where the value ends",
        )
    parts.append(rows[index][0])
    return "".join(parts), index + 1


def _untext(value: str) -> str:
    """The content of a ``<text>...</text>`` value, stripped."""
    if value.startswith("<text>"):
        value = value[len("<text>") :]
        value = value[: value.rfind("</text>")] if "</text>" in value else value
    return value.strip()


def _read(text: str, notes: Notes) -> _Document:
    """The document of every line; a line that is not ``Tag: value`` is warned about."""
    doc = _Document()
    for line, tag, value in _lines(text, notes.source):
        if not tag:
            notes.warn(f"not a 'Tag: value' line: {value[:60]!r}", line=line)
        else:
            _tag(doc, line, tag, value, notes)
    return doc


def _tag(doc: _Document, line: int, tag: str, value: str, notes: Notes) -> None:
    """Put one tag's value where it belongs in the JSON shape."""
    section = doc.section
    if tag in _DOC_TAGS:
        doc.obj[_DOC_TAGS[tag]] = value
    elif tag == "SPDXID":
        target = doc.obj if section is doc.obj else section
        target["SPDXID"] = value
    elif tag in ("Creator", "Created"):
        info = doc.obj["creationInfo"]
        info["creators"].append(value) if tag == "Creator" else info.__setitem__("created", value)
    elif tag == "PackageName":
        doc.start("packages", line, name=value)
    elif tag == "FileName":
        doc.start("files", line, fileName=value)
    elif tag == "SnippetSPDXID":
        doc.start("snippets", line, SPDXID=value)
    elif tag == "LicenseID":
        doc.section = {spdx2.LINE: line, "licenseId": value}
        doc.obj.setdefault("hasExtractedLicensingInfos", []).append(doc.section)
    elif tag in _PKG_TAGS and "name" in section and spdx2.LINE in section:
        section[_PKG_TAGS[tag]] = value
    elif tag == "PackageChecksum" and "name" in section:
        algorithm, _, digest = value.partition(":")
        section.setdefault("checksums", []).append(
            {"algorithm": algorithm.strip(), "checksumValue": digest.strip()}
        )
    elif tag == "ExternalRef" and "name" in section:
        _external_ref(section, line, value, notes)
    elif tag == "Relationship":
        _relationship(doc, line, value, notes)
    elif tag.startswith("Annot") or tag == "SPDXREF":
        _annotation(doc, line, tag, value)


def _external_ref(section: dict[str, Any], line: int, value: str, notes: Notes) -> None:
    """Add a package's ``CATEGORY TYPE LOCATOR`` external reference."""
    parts = value.split(None, 2)
    if len(parts) != 3:
        notes.warn(f"ExternalRef needs 'CATEGORY TYPE LOCATOR', got {value!r}", line=line)
        return
    section.setdefault("externalRefs", []).append(
        {"referenceCategory": parts[0], "referenceType": parts[1], "referenceLocator": parts[2]}
    )


def _relationship(doc: _Document, line: int, value: str, notes: Notes) -> None:
    """Add an ``A TYPE B`` relationship, with its line."""
    parts = value.split()
    if len(parts) != 3:
        notes.warn(f"Relationship needs 'A TYPE B', got {value!r}", line=line)
        return
    doc.obj["relationships"].append(
        {
            spdx2.LINE: line,
            "spdxElementId": parts[0],
            "relationshipType": parts[1],
            "relatedSpdxElement": parts[2],
        }
    )


def _annotation(doc: _Document, line: int, tag: str, value: str) -> None:
    """Add a tag to the current annotation, opening one at ``Annotator``."""
    if tag == "Annotator" or doc.annotation is None:
        doc.annotation = {"target": doc.section.get("SPDXID")}
        doc.annotations.append((doc.annotation, line))
    key = {"AnnotationComment": "comment", "SPDXREF": "target"}.get(tag, tag)
    doc.annotation[key] = value


def _attach_annotations(doc: _Document, notes: Notes) -> None:
    """Hang annotations on their packages; a lost medsec one is warned about."""
    by_id = {p.get("SPDXID"): p for p in doc.obj["packages"]}
    for annotation, line in doc.annotations:
        package = by_id.get(annotation.get("target"))
        if package is not None:
            package.setdefault("annotations", []).append({"comment": annotation.get("comment")})
        elif str(annotation.get("comment", "")).startswith("medsec:"):
            notes.warn(f"annotation for unknown element {annotation.get('target')!r}", line=line)


class SpdxTagValueReader:
    """SPDX 2 tag-value: an ``SPDXVersion:`` line."""

    meta = ReaderMeta(
        format=SbomFormat.SPDX2_TAGVALUE,
        name="SPDX 2 tag-value",
        patterns=("*.spdx",),
        content=Content.TEXT,
    )

    def sniff(self, probe: Probe) -> bool:
        """Whether a line starts with an ``SPDXVersion:`` tag."""
        return _MARKER.search(probe.head) is not None

    def read(self, data: bytes, *, source: str, context: ReadContext) -> SbomResult:
        """Read the tag-value file within the context's size limit."""
        return parse(data, source=source, max_bytes=context.max_bytes)


READER = SpdxTagValueReader()
