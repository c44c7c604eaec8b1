"""Issue 12 defects in the SBOM readers: wrong types, an unterminated ``<text>``, numbers as
versions, duplicate keys, nesting bombs, hostile XML, bad encodings and archive attacks."""

from __future__ import annotations

import gzip
import io
import tarfile
from typing import Any

import orjson
import pytest
import zstandard
from tests.fuzz.seeds import CDX, CDX_XML, SPDX2, SPDX3, SPDX_TAG_VALUE, yaml_text

from medsec.domain.errors import InputError
from medsec.sources.sbom.registry import read


def warnings_of(data: bytes) -> list[str]:
    return [str(w) for w in read(data, source="bom").warnings]


def refusal(data: bytes) -> str:
    with pytest.raises(InputError) as caught:
        read(data, source="bom")
    return caught.value.diagnostics()


# --- 6. SPDX type confusion: a located warning, never a TypeError ---------------------------

SPDX2_CONFUSIONS = {
    "documentDescribes": ({"documentDescribes": 1}, "documentDescribes: expected a list, got int"),
    "creators": (
        {"creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": 1}},
        "creationInfo.creators: expected a list, got int",
    ),
    "relationshipType": (
        {
            "relationships": [
                {
                    "spdxElementId": "SPDXRef-fw",
                    "relationshipType": [],
                    "relatedSpdxElement": "SPDXRef-busybox",
                }
            ]
        },
        "relationships[0]: incomplete relationship; ignored",
    ),
    "relationships": ({"relationships": True}, "relationships: expected a list, got bool"),
    "files": ({"files": 7}, "files: expected a list, got int"),
}


@pytest.mark.parametrize("encode", [orjson.dumps, yaml_text], ids=["json", "yaml"])
@pytest.mark.parametrize(
    ("change", "warning"), SPDX2_CONFUSIONS.values(), ids=SPDX2_CONFUSIONS.keys()
)
def test_spdx2_wrong_types_are_located_warnings(
    encode: Any, change: dict[str, Any], warning: str
) -> None:
    data = encode({**SPDX2, **change})
    assert any(warning in w for w in warnings_of(data)), warnings_of(data)
    assert {c.name for c in read(data, source="bom").document.components} == {"pump-fw", "busybox"}


SPDX3_CONFUSIONS = {
    "relationshipType-list": (4, "relationshipType", []),
    "verifiedUsing-bool": (2, "verifiedUsing", True),
    "externalIdentifier-int": (2, "externalIdentifier", 1),
    "rootElement-int": (0, "rootElement", 1),
    "createdBy-int": (0, "createdBy", 1),
}


@pytest.mark.parametrize(
    ("index", "key", "value"), SPDX3_CONFUSIONS.values(), ids=SPDX3_CONFUSIONS.keys()
)
def test_spdx3_wrong_types_never_raise_type_errors(index: int, key: str, value: object) -> None:
    graph = [dict(e) for e in SPDX3["@graph"]]
    graph[index][key] = value
    result = read(orjson.dumps({**SPDX3, "@graph": graph}), source="bom")
    assert [c.name for c in result.document.components] == ["p", "q"]


# --- 13. an unterminated <text> --------------------------------------------------------------


def test_unterminated_text_block_is_a_located_error_not_a_swallowed_file() -> None:
    data = SPDX_TAG_VALUE.replace(b"</text>", b"")
    message = refusal(data)
    assert "bom:16: <text> is never closed by </text>" in message


def test_text_blocks_keep_their_line_breaks_and_other_control_characters() -> None:
    data = SPDX_TAG_VALUE.replace(b"A multi-call binary,", b"A multi\x0ccall\xe2\x80\xa8binary,")
    busybox = next(c for c in read(data, source="bom").document.components if c.name == "busybox")
    assert busybox.description == "A multi\x0ccall\u2028binary,\ntwo lines."


# --- 14. numbers as versions, duplicate keys --------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kept"),
    [(b"123456789012345678901234567890", "123456789012345678901234567890"), (b"1.10", "1.10")],
)
def test_cyclonedx_numeric_version_keeps_its_text_and_is_warned(written: bytes, kept: str) -> None:
    data = orjson.dumps(CDX).replace(b'"version":"3.0.13"', b'"version":' + written)
    result = read(data, source="bom")
    openssl = next(c for c in result.document.components if c.name == "openssl")
    assert openssl.version == kept
    assert any(
        f"components[0].version: a JSON number, not a string; read as '{kept}'" in str(w)
        for w in result.warnings
    )


def test_spdx_numeric_version_keeps_its_text() -> None:
    data = orjson.dumps(SPDX2).replace(b'"versionInfo":"1.36.1"', b'"versionInfo":1.10')
    busybox = next(c for c in read(data, source="bom").document.components if c.name == "busybox")
    assert busybox.version == "1.10"
    assert any("packages[1].versionInfo: a JSON number" in w for w in warnings_of(data))


def test_duplicate_json_keys_are_warned_with_key_and_place() -> None:
    data = orjson.dumps(CDX).replace(b'"name":"zlib"', b'"name":"zlib","name":"evil"')
    assert any(
        "components[0].components[0]: duplicate key 'name' in one object; the last value is used"
        in w
        for w in warnings_of(data)
    )
    assert not any("duplicate key" in w for w in warnings_of(orjson.dumps(CDX)))


# --- nesting bombs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "x": '
        + b"[" * 5000
        + b"]" * 5000
        + b"}",
        b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "x": ' + b"[" * 300 + b"]" * 300 + b"}",
        b"spdxVersion: SPDX-2.3\nx: " + b"[" * 30_000,
        b"spdxVersion: SPDX-2.3\nx:\n" + b"- " * 30_000 + b"x\n",
        b"format: medsec-components/1\ncomponents: " + b"{a: " * 5000,
    ],
    ids=["json-5000", "json-300-schema", "yaml-flow", "yaml-block", "manual-yaml"],
)
def test_nesting_bombs_are_input_errors(data: bytes) -> None:
    assert "nested" in refusal(data) or "depth limit" in refusal(data)


# --- hostile XML in both XML readers ----------------------------------------------------------

ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
)
XXE = b'<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
EXTERNAL_DTD = b'<?xml version="1.0"?><!DOCTYPE bom SYSTEM "http://127.0.0.1:9/evil.dtd">'
RDF = (
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    b'xmlns:spdx="http://spdx.org/rdf/terms#"><spdx:SpdxDocument rdf:about="#d">'
    b"<spdx:name>&c;</spdx:name></spdx:SpdxDocument></rdf:RDF>"
)


@pytest.mark.parametrize("prolog", [ENTITY_BOMB, XXE, EXTERNAL_DTD], ids=["laughs", "xxe", "dtd"])
@pytest.mark.parametrize(
    "body",
    [CDX_XML.split(b"?>", 1)[1].replace(b"<name>zlib</name>", b"<name>&c;</name>"), RDF],
    ids=["cyclonedx-xml", "spdx-rdf"],
)
def test_hostile_xml_is_refused(prolog: bytes, body: bytes) -> None:
    message = refusal(prolog + body)
    assert "refused: the XML declares entities or external references" in message or (
        "undefined entity" in message and prolog is EXTERNAL_DTD
    )


def test_xml_with_an_unknown_declared_encoding_is_an_input_error() -> None:
    assert "unreadable XML" in refusal(CDX_XML.replace(b'encoding="UTF-8"', b'encoding="x-evil"'))


# --- invalid UTF-8 and NUL bytes --------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        SPDX_TAG_VALUE.replace(b"busybox", b"busy\xffbox"),
        yaml_text(SPDX2).replace(b"busybox", b"busy\xed\xa0\x80box"),
        orjson.dumps(CDX).replace(b"zlib", b"zl\xc3ib"),
        b"\x00" * 64,
        SPDX_TAG_VALUE.replace(b"busybox", b"busy\x00box"),
    ],
    ids=["tag-value", "yaml-surrogate", "json", "nul-only", "nul-inside"],
)
def test_bad_encodings_are_input_errors_or_read(data: bytes) -> None:
    try:
        result = read(data, source="bom")
    except InputError as error:
        assert error.problems[0].path == "bom"
    else:
        assert result.document.components


# --- archive attacks: tar slip and a zstd bomb ------------------------------------------------


def _tar_zst(members: dict[str, bytes], *, gzipped: bool = False) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    if gzipped:
        return gzip.compress(buffer.getvalue(), compresslevel=9)
    return zstandard.ZstdCompressor().compress(buffer.getvalue())


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "a/../../b.json"])
def test_tar_slip_member_is_refused(name: str) -> None:
    data = _tar_zst({"index.json": b'{"documents": []}', name: b"{}"})
    assert "member name is absolute or leaves the archive" in refusal(data)


@pytest.mark.parametrize("gzipped", [False, True], ids=["zstd", "gzip"])
def test_archive_bomb_is_refused_by_its_ratio(gzipped: bool) -> None:
    members = {"index.json": b'{"documents": []}', "big.spdx.json": b" " * (60 * 1024 * 1024)}
    data = _tar_zst(members, gzipped=gzipped)
    assert len(data) < 128 * 1024
    assert "compression ratio over 200:1" in refusal(data)
