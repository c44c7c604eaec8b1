"""Readers on small documents: leniency, located warnings, support data, typed errors."""

from __future__ import annotations

from datetime import date

import orjson
import pytest

from medsec.domain.component import ComponentClass, SbomFormat, SupportLevel
from medsec.domain.errors import InputError
from medsec.sources.sbom import cyclonedx_json, spdx2_json, spdx3, spdx_tagvalue
from medsec.sources.sbom.registry import read


def cdx(**extra: object) -> bytes:
    doc = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, **extra}
    return orjson.dumps(doc)


def test_cyclonedx_nested_components_and_support_properties() -> None:
    data = cdx(
        metadata={"timestamp": "2024-01-02T03:04:05.123456789Z", "authors": [{"name": "ACME"}]},
        components=[
            {
                "type": "library",
                "bom-ref": "a",
                "name": "a",
                "version": "1",
                "purl": "pkg:npm/a@1",
                "supplier": {"name": "A Inc"},
                "hashes": [{"alg": "SHA-256", "content": "AB" * 32}],
                "properties": [
                    {"name": "medsec:support_level", "value": "limited-support"},
                    {"name": "medsec:end_of_support", "value": "2027-12-31"},
                    {"name": "medsec:component_class", "value": "supported"},
                ],
                "components": [{"type": "library", "bom-ref": "b", "name": "b", "version": "2"}],
            }
        ],
        dependencies=[{"ref": "a", "dependsOn": ["b"]}],
    )
    doc = read(data, source="x.json").document
    a, b = doc.components
    assert (a.name, b.name, b.parent) == ("a", "b", "a")
    assert a.depends_on == ("b",)
    assert a.support_level is SupportLevel.LIMITED_SUPPORT
    assert a.end_of_support == date(2027, 12, 31)
    assert a.component_class is ComponentClass.SUPPORTED
    assert a.hashes[0].algorithm == "SHA256" and a.hashes[0].value == "ab" * 32
    assert doc.created is not None and doc.created.year == 2024
    assert doc.authors == ("ACME",)


def test_cyclonedx_problems_are_located_warnings_never_losses() -> None:
    data = orjson.dumps(
        {
            "specVersion": "9.9",
            "components": [
                {"bom-ref": "dup", "name": "x", "version": "1", "purl": "not a purl"},
                {"bom-ref": "dup", "name": "y", "version": "2"},
                {"version": "3"},
                "junk",
            ],
            "dependencies": [{"ref": "dup", "dependsOn": ["ghost"]}, {"dependsOn": []}],
        }
    )
    result = read(data, source="messy.json")
    names = [c.name for c in result.document.components]
    assert names == ["x", "y", ""]
    assert len({c.ref for c in result.document.components}) == 3
    messages = {(w.field, w.message.split(" ")[0]) for w in result.warnings}
    fields = {w.field for w in result.warnings}
    assert "bomFormat" in fields  # bomFormat missing
    assert "specVersion" in fields  # unknown spec version
    assert "components[0].purl" in fields  # invalid purl
    assert "components[1]" in fields  # duplicate bom-ref
    assert "components[2]" in fields  # no name
    assert "components[3]" in fields  # not an object
    assert any("ghost" in w.message for w in result.warnings)  # dangling dependency
    assert ("dependencies[1]", "dependency") in messages
    assert result.document.components[0].depends_on == ()


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b'{"bomFormat": "CycloneDX", "components": [', "invalid JSON"),
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b'{"bomFormat": "SPDX"}', "not 'CycloneDX'"),
        (b'{"hello": "world"}', "not an SBOM"),
        (b"[1, 2]", "not an SBOM"),
        (b'[{"a": 1}]', "not an object"),
        (b"<html><body/></html>", "not a CycloneDX"),
        (b'<rdf:RDF xmlns:rdf="x" xmlns:spdx="http://spdx.org/rdf/terms#"/>', "RDF"),
        (b"<bom xmlns='http://cyclonedx.org/schema/bom/1.5'><components>", "malformed XML"),
        (b"\xff\xfeS\x00P\x00", "UTF-16"),
    ],
)
def test_broken_input_is_a_typed_error_naming_the_file(data: bytes, needle: str) -> None:
    with pytest.raises(InputError) as caught:
        read(data, source="bad.file")
    assert needle in str(caught.value)
    assert "bad.file" in str(caught.value)


def test_size_limit_is_checked_before_parsing() -> None:
    with pytest.raises(InputError, match="over the 100-byte limit"):
        read(b"{" + b" " * 200 + b"}", source="big.json", max_bytes=100)
    with pytest.raises(InputError, match="limit"):
        cyclonedx_json.parse(b"{}" * 100, source="big.json", max_bytes=10)


def test_deep_nesting_is_refused() -> None:
    node: dict[str, object] = {"name": "leaf", "version": "1"}
    for depth in range(100):
        node = {"name": f"n{depth}", "version": "1", "components": [node]}
    with pytest.raises(InputError, match="nested deeper"):
        read(cdx(components=[node]), source="deep.json")


def test_spdx2_json_lowercase_relationships_and_support_annotation() -> None:
    doc = {
        "spdxVersion": "SPDX-2.3",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": "d",
        "documentNamespace": "https://x/d",
        "creationInfo": {
            "created": "2023-05-01T10:00:00.5Z",
            "creators": ["Tool: t", "Organization: O"],
        },
        "packages": [
            {
                "SPDXID": "SPDXRef-app",
                "name": "app",
                "versionInfo": "1.0",
                "supplier": "Organization: ACME (a@b)",
            },
            {
                "SPDXID": "SPDXRef-lib",
                "name": "lib",
                "versionInfo": "NOASSERTION",
                "validUntilDate": "2026-01-31T00:00:00Z",
                "externalRefs": [
                    {
                        "referenceCategory": "PACKAGE_MANAGER",
                        "referenceType": "purl",
                        "referenceLocator": "pkg:pypi/lib@2",
                    },
                    {
                        "referenceCategory": "SECURITY",
                        "referenceType": "cpe23Type",
                        "referenceLocator": "cpe:2.3:a:x:lib:2:*:*:*:*:*:*:*",
                    },
                ],
                "annotations": [{"comment": "medsec:support_level=noSupport\nother text"}],
            },
        ],
        "relationships": [
            {
                "spdxElementId": "SPDXRef-DOCUMENT",
                "relationshipType": "describes",
                "relatedSpdxElement": "SPDXRef-app",
            },
            {
                "spdxElementId": "SPDXRef-app",
                "relationshipType": "depends_on",
                "relatedSpdxElement": "SPDXRef-lib",
            },
            {
                "spdxElementId": "SPDXRef-app",
                "relationshipType": "DEPENDS_ON",
                "relatedSpdxElement": "SPDXRef-gone",
            },
        ],
    }
    result = spdx2_json.parse(orjson.dumps(doc), source="d.spdx.json")
    app, lib = result.document.components
    assert result.document.subject == app
    assert app.supplier == "ACME" and app.depends_on == ("SPDXRef-lib",)
    assert lib.version is None and lib.purl == "pkg:pypi/lib@2" and lib.cpes
    assert lib.end_of_support == date(2026, 1, 31)
    assert lib.support_level is SupportLevel.NO_SUPPORT
    assert result.document.authors == ("O",) and result.document.tools == ("t",)
    assert any(
        "SPDXRef-gone" in w.message and w.field == "relationships[2]" for w in result.warnings
    )


def test_tagvalue_multiline_text_and_line_numbers() -> None:
    text = b"""SPDXVersion: SPDX-2.2
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: t
DocumentComment: <text>two
lines</text>
Creator: Tool: x
Created: 2022-01-01T00:00:00.123Z

PackageName: foo
SPDXID: SPDXRef-foo
PackageVersion: 1.2
ExternalRef: PACKAGE-MANAGER purl pkg:golang/foo@1.2
ExternalRef: broken
PackageChecksum: SHA1: 85ed0817af83a24ad8da68c2b5094de69833983c
this line is garbage
"""
    result = spdx_tagvalue.parse(text, source="t.spdx")
    (foo,) = result.document.components
    assert foo.origin.location == "line 10"
    assert foo.purl == "pkg:golang/foo@1.2"
    assert foo.hashes[0].algorithm == "SHA1"
    assert {w.line for w in result.warnings} == {14, 16}
    with pytest.raises(InputError, match="no SPDXVersion"):
        spdx_tagvalue.parse(b"PackageName: x\n", source="t")


def test_spdx3_native_support_fields() -> None:
    graph = {
        "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
        "@graph": [
            {
                "type": "CreationInfo",
                "@id": "_:c",
                "specVersion": "3.0.1",
                "created": "2024-01-01T00:00:00Z",
                "createdBy": ["urn:o"],
            },
            {"type": "Organization", "spdxId": "urn:o", "name": "Org", "creationInfo": "_:c"},
            {
                "type": "software_Package",
                "spdxId": "urn:p",
                "name": "p",
                "software_packageVersion": "1",
                "software_packageUrl": "pkg:npm/p@1",
                "suppliedBy": "urn:o",
                "supportLevel": ["endOfSupport"],
                "validUntilTime": "2020-01-01T00:00:00Z",
                "verifiedUsing": [{"type": "Hash", "algorithm": "sha256", "hashValue": "aa" * 32}],
                "creationInfo": "_:c",
            },
            {"type": "software_Package", "spdxId": "urn:q", "name": "q", "creationInfo": "_:c"},
            {
                "type": "Relationship",
                "spdxId": "urn:r",
                "from": "urn:p",
                "to": ["urn:q"],
                "relationshipType": "dependsOn",
            },
        ],
    }
    result = spdx3.parse(orjson.dumps(graph), source="p.spdx3.json")
    p, _q = result.document.components
    assert result.document.format is SbomFormat.SPDX3_JSONLD
    assert (p.supplier, p.support_level, p.end_of_support) == (
        "Org",
        SupportLevel.END_OF_SUPPORT,
        date(2020, 1, 1),
    )
    assert p.depends_on == ("urn:q",) and p.hashes[0].algorithm == "SHA256"
    assert result.document.authors == ("Org",)
    with pytest.raises(InputError, match="@graph"):
        spdx3.parse(b'{"@context": "x"}', source="p")


def test_wrong_extension_does_not_matter(tmp_path: object) -> None:
    data = cdx(components=[{"name": "z", "version": "1"}])
    assert read(data, source="looks-like.spdx.txt").document.format is SbomFormat.CYCLONEDX_JSON


def test_spdx2_duplicate_ids_are_renamed_not_dropped() -> None:
    doc = {
        "spdxVersion": "SPDX-2.3",
        "packages": [
            {"SPDXID": "SPDXRef-a", "name": "one"},
            {"SPDXID": "SPDXRef-a", "name": "two"},
        ],
    }
    result = spdx2_json.parse(orjson.dumps(doc), source="d")
    assert [c.name for c in result.document.components] == ["one", "two"]
    assert len({c.ref for c in result.document.components}) == 2
    assert any("duplicate SPDXID" in w.message for w in result.warnings)


def test_cyclonedx_xml_1_7_namespace_and_services_refs() -> None:
    xml = (
        b"""<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.7" version="1">
  <components>
    <component type="library" bom-ref="a"><name>a</name><version>1</version>
      <hashes><hash alg="SHA-256">"""
        + b"ab" * 32
        + b"""</hash></hashes>
      <licenses><expression>MIT OR Apache-2.0</expression></licenses>
      <properties><property name="medsec:end_of_support">2030-01-01</property></properties>
    </component>
  </components>
  <services><service bom-ref="svc"><name>api</name></service></services>
  <dependencies><dependency ref="a"><dependency ref="svc"/></dependency></dependencies>
</bom>"""
    )
    result = read(xml, source="x.xml")
    (a,) = result.document.components
    assert result.document.spec_version == "1.7"
    assert a.licenses == ("MIT OR Apache-2.0",) and str(a.end_of_support) == "2030-01-01"
    assert a.depends_on == ()  # a service is no component, and no warning about a dangling ref
    assert not any("svc" in w.message for w in result.warnings)
