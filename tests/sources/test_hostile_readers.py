"""Hostile input through every reader family (VEX, scanner reports, advisory feeds): XML entity
attacks and external DTDs, duplicate JSON keys, bad encodings, nesting bombs. The SBOM readers
have theirs in sbom/test_sbom_hostile.py; the command-line defects in test_hostile_inputs.py."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
from tests.fuzz.seeds import (
    CDX_VEX,
    CDX_VEX_XML,
    OPENVEX,
    OSV,
    SCANNERS,
    VEX,
    yaml_text,
)

from medsec.domain.errors import InputError
from medsec.domain.pentest import ReportFormat
from medsec.sources.advisories import epss, kev, nvd, osv
from medsec.sources.scanners import registry as scanners
from medsec.sources.vex.detect import read as read_vex

XML_SCANNERS = {
    f: SCANNERS[f.value]
    for f in (
        ReportFormat.ZAP_XML,
        ReportFormat.BURP_XML,
        ReportFormat.NESSUS_XML,
        ReportFormat.OPENVAS_XML,
        ReportFormat.NMAP_XML,
    )
}


def refusal(read: object, data: bytes) -> str:
    with pytest.raises(InputError) as caught:
        read(data, source="hostile")  # type: ignore[operator]
    assert caught.value.problems[0].path == "hostile"
    return caught.value.diagnostics()


_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.S)
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_TEXT = re.compile(rb">([^<\s][^<]*)</")
_ATTRIBUTE = re.compile(rb'="([^"]*)"')


def with_doctype(document: bytes, doctype: bytes, entity: bytes) -> bytes:
    """The document with its own DOCTYPE replaced by ``<!DOCTYPE root doctype>``, and
    ``entity`` referenced in the first text of an element (or the first attribute value)."""
    body = _DOCTYPE.sub(
        b"", document.split(b"?>", 1)[1] if document.startswith(b"<?xml") else document
    )
    root = _ROOT.search(body)
    text = _TEXT.search(body) or _ATTRIBUTE.search(body)  # nmap has attributes only
    assert root is not None and text is not None
    body = body[: text.end(1)] + entity + body[text.end(1) :]
    return b'<?xml version="1.0"?><!DOCTYPE ' + root.group(1) + b" " + doctype + b">" + body


LAUGHS = (
    b'[<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]'
)
XXE = b'[<!ENTITY d SYSTEM "file:///etc/passwd">]'

XML_READERS = {
    "vex-cyclonedx": (read_vex, CDX_VEX_XML),
    **{
        f.value: (lambda d, source: scanners.read(d, source=source), data)
        for f, data in XML_SCANNERS.items()
    },
}


@pytest.mark.parametrize(("read", "document"), XML_READERS.values(), ids=XML_READERS.keys())
@pytest.mark.parametrize("attack", [LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_attacks_are_refused(read: object, document: bytes, attack: bytes) -> None:
    data = with_doctype(document, attack, b"&d;")
    assert "refused: the XML declares entities" in refusal(read, data)


@pytest.mark.parametrize(("read", "document"), XML_READERS.values(), ids=XML_READERS.keys())
def test_an_external_dtd_is_never_fetched(read: object, document: bytes, tmp_path: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_bytes(b'<!ENTITY d "LEAKED-FROM-DTD">')
    data = with_doctype(document, b'SYSTEM "' + dtd.as_uri().encode() + b'"', b"&d;")
    try:  # the entity stays undefined (an error, or a skipped entity): the DTD is not read
        result = read(data, source="hostile")  # type: ignore[operator]
    except InputError as error:
        assert "LEAKED" not in error.diagnostics()
    else:
        assert "LEAKED" not in repr(result)


# --- duplicate keys ---------------------------------------------------------------------------


def test_vex_duplicate_keys_are_warned() -> None:
    data = orjson.dumps(CDX_VEX).replace(
        b'"state":"not_affected"', b'"state":"x","state":"not_affected"'
    )
    document = read_vex(data, source="vex.json")
    assert any(
        "vulnerabilities[0].analysis: duplicate key 'state'" in w for w in document.warnings
    ), document.warnings


def test_scanner_duplicate_keys_are_warned() -> None:
    data = SCANNERS[ReportFormat.ZAP_JSON.value].replace(
        b'"riskcode":"2"', b'"riskcode":"0","riskcode":"2"'
    )
    report = scanners.read(data, source="zap.json")
    assert any("site[0].alerts[0]: duplicate key 'riskcode'" in w for w in report.warnings)


# --- bad encodings, NUL bytes and nesting -----------------------------------------------------

BAD_BYTES = [b"\xff\xfe\x00\x00", b"\xc3(", b"\xed\xa0\x80", b"\x00"]


@pytest.mark.parametrize("bad", BAD_BYTES, ids=["utf16-bom", "cut", "surrogate", "nul"])
@pytest.mark.parametrize("name", sorted(VEX), ids=sorted(VEX))
def test_vex_bad_bytes_are_input_errors_or_read(name: str, bad: bytes) -> None:
    data = VEX[name].replace(b"CVE-2024-0001", b"CVE-2024-" + bad + b"0001", 1)
    try:
        read_vex(data, source="hostile")
    except InputError as error:
        assert error.problems[0].path == "hostile"


@pytest.mark.parametrize("bad", BAD_BYTES, ids=["utf16-bom", "cut", "surrogate", "nul"])
@pytest.mark.parametrize("fmt", sorted(SCANNERS), ids=sorted(SCANNERS))
def test_scanner_bad_bytes_are_input_errors_or_read(fmt: str, bad: bytes) -> None:
    data = SCANNERS[fmt]
    data = data[: len(data) // 2] + bad + data[len(data) // 2 :]
    try:
        scanners.read(data, source="hostile")
    except InputError as error:
        assert error.problems[0].path == "hostile"


@pytest.mark.parametrize("parse", [osv.parse, nvd.parse, kev.parse, epss.parse])
@pytest.mark.parametrize("bad", BAD_BYTES, ids=["utf16-bom", "cut", "surrogate", "nul"])
def test_feed_bad_bytes_are_input_errors_or_read(parse: object, bad: bytes) -> None:
    data = orjson.dumps(OSV).replace(b"django", b"dj" + bad + b"ango")
    for variant in (data, b"cveID,vendorProject\r" + bad, bad + b"\n" + data):
        try:
            parse(variant, source="hostile")  # type: ignore[operator]
        except InputError as error:
            assert error.problems[0].path == "hostile"


@pytest.mark.parametrize(
    "data",
    [
        yaml_text(OPENVEX) + b"x: " + b"[" * 30_000,
        yaml_text(OPENVEX).replace(b"statements:", b"statements:\n" + b"- " * 30_000 + b"x\nold:"),
        b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "x": '
        + b"[" * 5000
        + b"]" * 5000
        + b"}",
    ],
    ids=["openvex-yaml-flow", "openvex-yaml-block", "cyclonedx-json"],
)
def test_vex_nesting_bombs_are_input_errors(data: bytes) -> None:
    assert "nested" in refusal(read_vex, data)


def test_openvex_yaml_alias_bomb_is_refused() -> None:
    laughs = b"".join(
        b"l%d: &l%d [%s]\n" % (i, i, b",".join([b"*l%d" % (i - 1)] * 10) if i else b"x")
        for i in range(9)
    )
    assert "alias bomb" in refusal(read_vex, yaml_text(OPENVEX) + laughs)
