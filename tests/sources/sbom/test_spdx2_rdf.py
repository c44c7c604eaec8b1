"""SPDX 2 RDF/XML: the same components as the SPDX 2 JSON twin; hostile XML refused."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medsec.domain.component import Component, SbomFormat
from medsec.domain.errors import InputError
from medsec.sources.sbom import spdx2_json, spdx2_rdf
from medsec.sources.sbom.reader import ReadContext
from medsec.sources.sbom.registry import read

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "sbom" / "spdx-rdf"
NS = "https://acme.example/spdx/pump-fw-1.4.0"
HEAD = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:spdx="http://spdx.org/rdf/terms#">'
)

# typical.spdx.rdf.xml written as SPDX 2 JSON (what the RDF must read to)
JSON_TWIN = {
    "spdxVersion": "SPDX-2.3",
    "SPDXID": "SPDXRef-DOCUMENT",
    "name": "pump-fw-1.4.0",
    "documentNamespace": NS,
    "creationInfo": {
        "created": "2026-03-02T08:00:00Z",
        "creators": ["Tool: acme-sbom-2.1", "Organization: ACME Medical GmbH"],
    },
    "externalDocumentRefs": [
        {
            "externalDocumentId": "DocumentRef-toolchain",
            "spdxDocument": "https://acme.example/spdx/toolchain-13",
        }
    ],
    "packages": [
        {
            "SPDXID": "SPDXRef-fw",
            "name": "pump-fw",
            "versionInfo": "1.4.0",
            "supplier": "Organization: ACME Medical GmbH (psirt@acme.example)",
            "primaryPackagePurpose": "FIRMWARE",
            "licenseDeclared": "LicenseRef-acme-proprietary",
            "licenseConcluded": "NOASSERTION",
        },
        {
            "SPDXID": "SPDXRef-openssl",
            "name": "openssl",
            "versionInfo": "3.0.13",
            "supplier": "Organization: OpenSSL Software Foundation",
            "primaryPackagePurpose": "LIBRARY",
            "licenseDeclared": "Apache-2.0",
            "checksums": [
                {
                    "algorithm": "SHA256",
                    "checksumValue": "88525753f79d3bec27d2fa7c66aec0b3c0e1d4a8b3a1f2c5e6d7a8b9c0d1e2f3",
                }
            ],
            "externalRefs": [
                {
                    "referenceCategory": "PACKAGE-MANAGER",
                    "referenceType": "purl",
                    "referenceLocator": "pkg:generic/openssl@3.0.13",
                },
                {
                    "referenceCategory": "SECURITY",
                    "referenceType": "cpe23Type",
                    "referenceLocator": "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*",
                },
            ],
            "annotations": [
                {"comment": "medsec:support_level=limitedSupport\nmedsec:end_of_support=2026-09-07"}
            ],
        },
        {
            "SPDXID": "SPDXRef-zlib",
            "name": "zlib",
            "versionInfo": "1.3.1",
            "summary": "General purpose compression library",
            "licenseConcluded": "(Zlib OR LicenseRef-zlib-variant)",
            "checksums": [
                {"algorithm": "SHA1", "checksumValue": "0f3a6d1e2b4c5a69788796a5b4c3d2e1f0a9b8c7"}
            ],
            "externalRefs": [
                {
                    "referenceCategory": "PACKAGE-MANAGER",
                    "referenceType": "purl",
                    "referenceLocator": "pkg:generic/zlib@1.3.1",
                }
            ],
        },
    ],
    "files": [{"SPDXID": "SPDXRef-main-c", "fileName": "./src/main.c"}],
    "relationships": [
        {
            "spdxElementId": "SPDXRef-DOCUMENT",
            "relationshipType": "DESCRIBES",
            "relatedSpdxElement": "SPDXRef-fw",
        },
        {
            "spdxElementId": "SPDXRef-fw",
            "relationshipType": "DEPENDS_ON",
            "relatedSpdxElement": "SPDXRef-openssl",
        },
        {
            "spdxElementId": "SPDXRef-fw",
            "relationshipType": "CONTAINS",
            "relatedSpdxElement": "SPDXRef-zlib",
        },
        {
            "spdxElementId": "SPDXRef-fw",
            "relationshipType": "DEPENDS_ON",
            "relatedSpdxElement": "DocumentRef-toolchain:SPDXRef-libgcc",
        },
        {
            "spdxElementId": "SPDXRef-fw",
            "relationshipType": "CONTAINS",
            "relatedSpdxElement": "SPDXRef-main-c",
        },
        {
            "spdxElementId": "SPDXRef-openssl",
            "relationshipType": "DYNAMIC_LINK",
            "relatedSpdxElement": "SPDXRef-zlib",
        },
    ],
}


def _without_place(component: Component) -> Component:
    return replace(component, origin=replace(component.origin, location=None))


def test_rdf_reads_to_the_same_components_as_its_json_twin() -> None:
    rdf = read((FIXTURE / "typical.spdx.rdf.xml").read_bytes(), source="fw.spdx.rdf.xml")
    twin = spdx2_json.parse(orjson.dumps(JSON_TWIN), source="fw.spdx.rdf.xml")
    doc, expected = rdf.document, twin.document
    assert doc.format is SbomFormat.SPDX2_RDF
    assert [_without_place(c) for c in doc.components] == [
        _without_place(c) for c in expected.components
    ]
    assert (doc.spec_version, doc.name, doc.serial, doc.created, doc.authors, doc.tools) == (
        expected.spec_version,
        expected.name,
        expected.serial,
        expected.created,
        expected.authors,
        expected.tools,
    )
    assert doc.subject is not None and doc.subject.name == "pump-fw"
    assert not rdf.warnings and not twin.warnings


def test_rdf_fields_that_matter_for_matching() -> None:
    doc = read((FIXTURE / "typical.spdx.rdf.xml").read_bytes(), source="fw").document
    fw, openssl, zlib = doc.components
    assert fw.depends_on == ("SPDXRef-openssl",) and zlib.parent == "SPDXRef-fw"
    assert openssl.purl == "pkg:generic/openssl@3.0.13" and openssl.cpes
    assert openssl.hashes[0].algorithm == "SHA256" and openssl.depends_on == ("SPDXRef-zlib",)
    assert str(openssl.end_of_support) == "2026-09-07"
    assert zlib.description == "General purpose compression library"  # second description
    assert zlib.licenses == ("(Zlib OR LicenseRef-zlib-variant)",)


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (
            '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            + HEAD
            + "<spdx:SpdxDocument><spdx:name>&b;</spdx:name></spdx:SpdxDocument></rdf:RDF>",
            "refused",
        ),
        (
            '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + HEAD
            + "<spdx:SpdxDocument><spdx:name>&x;</spdx:name></spdx:SpdxDocument></rdf:RDF>",
            "refused",
        ),
        (HEAD + "<spdx:Package/></rdf:RDF>", "no spdx:SpdxDocument"),
        (HEAD + "<spdx:SpdxDocument>", "malformed XML"),
    ],
)
def test_hostile_or_broken_rdf_is_an_input_error(body: str, needle: str) -> None:
    with pytest.raises(InputError) as caught:
        read(body.encode(), source="evil.spdx.rdf")
    assert needle in str(caught.value) and "evil.spdx.rdf" in str(caught.value)


def test_rdf_without_about_and_cyclic_licences_still_reads() -> None:
    body = (
        HEAD
        + '<spdx:SpdxDocument rdf:about="">'
        + "<spdx:specVersion>SPDX-2.2</spdx:specVersion>"
        + '<spdx:describesPackage rdf:resource="#SPDXRef-a"/></spdx:SpdxDocument>'
        + '<spdx:Package rdf:about="#SPDXRef-a"><spdx:name>a</spdx:name>'
        + '<spdx:licenseDeclared rdf:resource="#set"/></spdx:Package>'
        + '<spdx:ConjunctiveLicenseSet rdf:about="#set">'
        + '<spdx:member rdf:resource="#set"/><spdx:member rdf:resource="http://spdx.org/licenses/MIT"/>'
        + "</spdx:ConjunctiveLicenseSet></rdf:RDF>"
    )
    result = spdx2_rdf.READER.read(body.encode(), source="c.rdf", context=ReadContext())
    (component,) = result.document.components
    assert component.name == "a" and result.document.subject == component
    assert component.licenses and "MIT" in component.licenses[0]


def test_enum_names_from_uris_and_literals() -> None:
    assert spdx2_rdf.enum_name("x#relationshipType_runtimeDependencyOf", "relationshipType_") == (
        "RUNTIME_DEPENDENCY_OF"
    )
    assert spdx2_rdf.enum_name("DEPENDS_ON", "relationshipType_") == "DEPENDS_ON"
    assert spdx2_rdf.enum_name("http://spdx.org/rdf/terms#purpose_operatingSystem", "purpose_") == (
        "OPERATING_SYSTEM"
    )
    assert spdx2_rdf.enum_name("packagePurpose_container", "packagePurpose_", "purpose_") == (
        "CONTAINER"
    )


def test_shared_rdf_examples_are_read(shared: Path) -> None:
    files = sorted((shared / "fixtures" / "sbom").rglob("*.rdf*"))
    if not files:
        pytest.skip("no SPDX RDF/XML examples in the shared fixtures (see MANIFEST.md)")
    for path in files:
        result = read(path.read_bytes(), source=path.name)
        assert result.document.format is SbomFormat.SPDX2_RDF
        assert result.document.components


_TAGS = st.sampled_from(
    [
        "spdx:SpdxDocument",
        "spdx:Package",
        "spdx:Relationship",
        "spdx:relationship",
        "spdx:relatedSpdxElement",
        "spdx:relationshipType",
        "spdx:licenseDeclared",
        "spdx:ConjunctiveLicenseSet",
        "spdx:member",
        "spdx:name",
        "spdx:checksum",
        "spdx:externalRef",
        "rdf:Description",
        "rdf:type",
    ]
)
_ATTRS = st.sampled_from(
    ["", ' rdf:about="#a"', ' rdf:about="#b"', ' rdf:resource="#a"', ' rdf:nodeID="n"']
)
_TREES = st.recursive(
    st.text(alphabet="abc <&>", max_size=6).map(
        lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    ),
    lambda children: st.builds(
        lambda tag, attr, inner: f"<{tag}{attr}>{''.join(inner)}</{tag}>",
        _TAGS,
        _ATTRS,
        st.lists(children, max_size=3),
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_TREES, max_size=4))
def test_any_rdf_shape_reads_or_is_an_input_error(trees: list[str]) -> None:
    body = HEAD.replace("<rdf:RDF", '<rdf:RDF xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"')
    with contextlib.suppress(InputError):
        read((body + "".join(trees) + "</rdf:RDF>").encode(), source="fuzz.rdf")
