"""Every file in shared/fixtures/sbom is read with its number of components, or refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import shared_dir

from medsec.domain.component import SbomFormat
from medsec.domain.errors import InputError
from medsec.sources.sbom.registry import read

ROOT = shared_dir() / "fixtures" / "sbom"

# path -> (format, components incl. nested). Counted independently of medsec (jq/grep).
EXPECTED: dict[str, tuple[SbomFormat, int]] = {
    "bom-shelter/in-the-lab/spdx-popular-containers/data/spdx-syft-balenalib_amd64-alpine-python.json": (
        SbomFormat.SPDX2_JSON,
        73,
    ),
    "bom-shelter/in-the-wild/cyclonedx/ghidra-sbom-cdx.json": (SbomFormat.CYCLONEDX_JSON, 109),
    "bom-shelter/in-the-wild/spdx/flux_0.26.3_sbom.spdx": (SbomFormat.SPDX2_TAGVALUE, 244),
    "bom-shelter/in-the-wild/spdx/flux_0.26.3_sbom.spdx.json": (SbomFormat.SPDX2_JSON, 244),
    "bom-shelter/in-the-wild/spdx/microsoft-sbom-tool.spdx.json": (SbomFormat.SPDX2_JSON, 123),
    "cyclonedx-bom-examples/CBOM/Algorithm/bom.json": (SbomFormat.CYCLONEDX_JSON, 2),
    "cyclonedx-bom-examples/HBOM/PCIe-SATA-adapter-board/bom.json": (SbomFormat.CYCLONEDX_JSON, 6),
    "cyclonedx-bom-examples/SBOM/cern-lhc-vdm-editor-e564943/bom.json": (
        SbomFormat.CYCLONEDX_JSON,
        43,
    ),
    "cyclonedx-bom-examples/SBOM/cern-lhc-vdm-editor-e564943/bom.xml": (
        SbomFormat.CYCLONEDX_XML,
        43,
    ),
    "cyclonedx-bom-examples/SBOM/dropwizard-1.3.15/bom.json": (SbomFormat.CYCLONEDX_JSON, 167),
    "cyclonedx-bom-examples/SBOM/dropwizard-1.3.15/bom.xml": (SbomFormat.CYCLONEDX_XML, 167),
    "cyclonedx-bom-examples/SBOM/juice-shop/v11.1.2/bom.json": (SbomFormat.CYCLONEDX_JSON, 840),
    "cyclonedx-bom-examples/SBOM/juice-shop/via_npm/flat/bom.1.4.json": (
        SbomFormat.CYCLONEDX_JSON,
        1115,
    ),
    "cyclonedx-bom-examples/SBOM/laravel-7.12.0/bom.1.1.xml": (SbomFormat.CYCLONEDX_XML, 62),
    "cyclonedx-bom-examples/SBOM/laravel-7.12.0/bom.1.2.json": (SbomFormat.CYCLONEDX_JSON, 62),
    "cyclonedx-bom-examples/SBOM/laravel-7.12.0/bom.1.4.json": (SbomFormat.CYCLONEDX_JSON, 62),
    "cyclonedx-bom-examples/SBOM/proton-bridge/proton-bridge-v1.8.0.bom.json": (
        SbomFormat.CYCLONEDX_JSON,
        201,
    ),
    "cyclonedx-bom-examples/SaaSBOM/apigateway-microservices-datastores/bom.json": (
        SbomFormat.CYCLONEDX_JSON,
        0,
    ),
    "cyclonedx-spec-tests/tools/src/test/resources/1.6/invalid-component-type-1.6.json": (
        SbomFormat.CYCLONEDX_JSON,
        1,
    ),
    "cyclonedx-spec-tests/tools/src/test/resources/1.6/invalid-dependency-1.6.json": (
        SbomFormat.CYCLONEDX_JSON,
        3,
    ),
    "cyclonedx-spec-tests/tools/src/test/resources/1.6/invalid-metadata-timestamp-1.6.xml": (
        SbomFormat.CYCLONEDX_XML,
        0,
    ),
    "cyclonedx-spec-tests/tools/src/test/resources/1.6/invalid-serialnumber-1.6.json": (
        SbomFormat.CYCLONEDX_JSON,
        0,
    ),
    "cyclonedx-spec-tests/tools/src/test/resources/1.6/valid-bom-1.6.json": (
        SbomFormat.CYCLONEDX_JSON,
        3,
    ),
    "cyclonedx-spec-tests/tools/src/test/resources/1.6/valid-bom-1.6.xml": (
        SbomFormat.CYCLONEDX_XML,
        3,
    ),
    "cyclonedx-spec-tests/tools/src/test/resources/1.6/valid-dependency-1.6.json": (
        SbomFormat.CYCLONEDX_JSON,
        3,
    ),
    "spdx-examples/presentations/OSS-NA-2023/SPDXVersion2.3/01-MinimalSBOM.json": (
        SbomFormat.SPDX2_JSON,
        1,
    ),
    "spdx-examples/presentations/OSS-NA-2023/SPDXVersion2.3/04-SBOMwSecurity.json": (
        SbomFormat.SPDX2_JSON,
        2,
    ),
    "spdx-examples/presentations/SBOMS-SPDX-Now-and-Future/ACME-v2.3.spdx.json": (
        SbomFormat.SPDX2_JSON,
        4,
    ),
    "spdx-examples/software/example1/spdx2.2/example1.spdx": (SbomFormat.SPDX2_TAGVALUE, 1),
    "spdx-examples/software/example10/spdx2.3/hello-source.spdx.json": (SbomFormat.SPDX2_JSON, 1),
    "spdx-examples/software/example10/spdx3.0/hello-source.spdx3.json": (
        SbomFormat.SPDX3_JSONLD,
        1,
    ),
    "spdx-examples/software/example11/spdx2.3/sbom.spdx.json": (SbomFormat.SPDX2_JSON, 4),
    "spdx-examples/software/example12/spdx2.2/hello-src.spdx.json": (SbomFormat.SPDX2_JSON, 1),
    "spdx-examples/software/example14/spdx2.3/examplemaven-0.0.1-enriched.spdx.json": (
        SbomFormat.SPDX2_JSON,
        6,
    ),
    "spdx-examples/software/example6/spdx2.2/example6-bin.spdx": (SbomFormat.SPDX2_TAGVALUE, 1),
    "spdx-examples/software/example6/spdx2.2/example6-lib.spdx": (SbomFormat.SPDX2_TAGVALUE, 5),
    "spdx-examples/software/example7/spdx2.2/example7-bin.spdx.json": (SbomFormat.SPDX2_JSON, 1),
    "spdx-examples/software/example7/spdx2.2/example7-third-party-modules.spdx.json": (
        SbomFormat.SPDX2_JSON,
        3,
    ),
    "spdx-examples/software/example8/spdx2.3/examplemaven-0.0.1.spdx.json": (
        SbomFormat.SPDX2_JSON,
        6,
    ),
    "spdx-examples/software/example9/spdx2.2/appbomination.spdx.json": (SbomFormat.SPDX2_JSON, 7),
    "spdx-spec/examples/SPDXJSONExample-v2.3.spdx.json": (SbomFormat.SPDX2_JSON, 4),
    "spdx-spec/examples/SPDXTagExample-v2.3.spdx": (SbomFormat.SPDX2_TAGVALUE, 4),
    "spdx-spec/examples/SPDXYAMLExample-2.3.spdx.yaml": (SbomFormat.SPDX2_YAML, 4),
    "trivy/integration/testdata/fixtures/sbom/centos-7-cyclonedx.json": (
        SbomFormat.CYCLONEDX_JSON,
        3,
    ),
    "trivy/integration/testdata/fixtures/sbom/centos-7-spdx.txt": (SbomFormat.SPDX2_TAGVALUE, 4),
    "trivy/integration/testdata/fluentd-multiple-lockfiles.cdx.json.golden": (
        SbomFormat.CYCLONEDX_JSON,
        161,
    ),
}
# files that are not SBOMs (or a CycloneDX file with a wrong bomFormat): refused with a reason
REFUSED: dict[str, str] = {
    "bom-shelter/README.md": "not an SBOM",
    "bom-shelter/in-the-lab/spdx-popular-containers/README.md": "not an SBOM",
    "bom-shelter/in-the-wild/README.md": "not an SBOM",
    "bom-shelter/in-the-wild/cyclonedx-in-the-wild-dataset-metadata.csv": "not an SBOM",
    "bom-shelter/in-the-wild/spdx-in-the-wild-dataset-metadata.csv": "not an SBOM",
    "cyclonedx-bom-examples/LICENSE": "not an SBOM",
    "cyclonedx-bom-examples/README.md": "not an SBOM",
    "cyclonedx-bom-examples/SBOM/README.md": "not an SBOM",
    "spdx-examples/README.md": "not an SBOM",
    "cyclonedx-spec-tests/tools/src/test/resources/1.6/invalid-bomformat-1.6.json": "bomFormat is 'AnotherFormat'",
}


def _root() -> Path:
    if not ROOT.is_dir():
        pytest.skip(f"shared fixtures not found at {ROOT} (set MEDSEC_SHARED)")
    return ROOT


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_reads_every_component(rel: str) -> None:
    fmt, count = EXPECTED[rel]
    result = read((_root() / rel).read_bytes(), source=rel)
    assert result.document.format is fmt
    assert len(result.document.components) == count
    assert all(c.origin.source == rel for c in result.document.components)


@pytest.mark.parametrize("rel", sorted(REFUSED))
def test_refuses_what_is_not_an_sbom(rel: str) -> None:
    with pytest.raises(InputError) as caught:
        read((_root() / rel).read_bytes(), source=rel)
    assert REFUSED[rel] in str(caught.value)
    assert rel in str(caught.value)


def test_every_fixture_file_is_accounted_for() -> None:
    present = {str(p.relative_to(_root())) for p in _root().rglob("*") if p.is_file()}
    assert present == set(EXPECTED) | set(REFUSED)


def test_json_and_xml_encodings_agree() -> None:
    base = "cyclonedx-bom-examples/SBOM/dropwizard-1.3.15/"
    as_json = read((_root() / (base + "bom.json")).read_bytes(), source="j").document
    as_xml = read((_root() / (base + "bom.xml")).read_bytes(), source="x").document

    def key(doc: object) -> set[tuple[object, ...]]:
        return {(c.display_name, c.version, c.purl, c.hashes) for c in doc.components}  # type: ignore[attr-defined]

    assert key(as_json) == key(as_xml)


def test_messy_real_files_keep_their_data() -> None:
    flux = read(
        (_root() / "bom-shelter/in-the-wild/spdx/flux_0.26.3_sbom.spdx.json").read_bytes(),
        source="f",
    )
    assert flux.document.created is not None  # nanosecond timestamp read
    assert sum(1 for c in flux.document.components if c.purl) > 200
    ms = read(
        (_root() / "bom-shelter/in-the-wild/spdx/microsoft-sbom-tool.spdx.json").read_bytes(),
        source="m",
    )
    assert any("invalid purl" in w.message and w.field == "packages[61]" for w in ms.warnings)
    trivy = read(
        (_root() / "trivy/integration/testdata/fixtures/sbom/centos-7-spdx.txt").read_bytes(),
        source="t",
    )
    versions = {c.name: c.version for c in trivy.document.components}
    assert versions["openssl-libs"] == "1.0.2k"  # read although PackageDownloadLocation is missing
    spdx3 = read(
        (_root() / "spdx-examples/software/example10/spdx3.0/hello-source.spdx3.json").read_bytes(),
        source="s",
    )
    assert spdx3.document.components[0].name == "hello"
    assert spdx3.document.authors == ("Nisha Kumar",)


def test_spec_conformance_invalid_files_give_located_warnings() -> None:
    base = "cyclonedx-spec-tests/tools/src/test/resources/1.6/"
    dep = read((_root() / (base + "invalid-dependency-1.6.json")).read_bytes(), source="d")
    assert any(w.field == "dependencies[0]" for w in dep.warnings)
    serial = read((_root() / (base + "invalid-serialnumber-1.6.json")).read_bytes(), source="s")
    assert any(w.field == "serialNumber" and "schema" in w.message for w in serial.warnings)
    stamp = read((_root() / (base + "invalid-metadata-timestamp-1.6.xml")).read_bytes(), source="t")
    assert any(w.field == "metadata.timestamp" for w in stamp.warnings)
