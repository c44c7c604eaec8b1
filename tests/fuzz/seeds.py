"""Small, typical inputs of every format medsec reads: the seeds the fuzzers mutate.

Written for the fuzzers (every field a reader looks at appears at least once), or taken from
the repository's own fixtures; never from ../shared, so the fuzz suite runs anywhere.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path
from typing import Any

import orjson
import zstandard
from ruamel.yaml import YAML
from tests.sources.scanners.test_scanner_parsers import SAMPLES as SCANNER_SAMPLES

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "sbom"


def yaml_text(value: Any) -> bytes:
    """A value as block-style YAML (how SPDX YAML, OpenVEX YAML and support files look)."""
    out = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.dump(value, out)
    return out.getvalue().encode()


CDX: dict[str, Any] = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.6",
    "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
    "version": 1,
    "metadata": {
        "timestamp": "2024-01-02T03:04:05Z",
        "authors": [{"name": "ACME"}],
        "tools": {"components": [{"name": "syft", "version": "1.0"}]},
        "component": {"type": "device", "bom-ref": "dev", "name": "pump", "version": "3.2"},
    },
    "components": [
        {
            "type": "library",
            "bom-ref": "a",
            "name": "openssl",
            "version": "3.0.13",
            "group": "org",
            "purl": "pkg:generic/openssl@3.0.13",
            "cpe": "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*",
            "supplier": {"name": "OpenSSL"},
            "hashes": [{"alg": "SHA-256", "content": "ab" * 32}],
            "licenses": [{"license": {"id": "Apache-2.0"}}, {"expression": "MIT OR 0BSD"}],
            "properties": [
                {"name": "medsec:support_level", "value": "limitedSupport"},
                {"name": "medsec:end_of_support", "value": "2026-09-07"},
                {"name": "medsec:component_class", "value": "supported"},
                {"name": "medsec:cpe", "value": "cpe:2.3:a:x:y:1:*:*:*:*:*:*:*"},
            ],
            "components": [{"type": "library", "bom-ref": "b", "name": "zlib", "version": "1.3"}],
        }
    ],
    "services": [{"bom-ref": "svc", "name": "api"}],
    "dependencies": [{"ref": "a", "dependsOn": ["b", "svc"]}, {"ref": "dev", "dependsOn": ["a"]}],
}

SPDX2: dict[str, Any] = {
    "spdxVersion": "SPDX-2.3",
    "dataLicense": "CC0-1.0",
    "SPDXID": "SPDXRef-DOCUMENT",
    "name": "pump-fw",
    "documentNamespace": "https://acme.example/spdx/pump-fw-1",
    "creationInfo": {
        "created": "2024-01-02T03:04:05Z",
        "creators": ["Tool: yocto", "Organization: ACME (psirt@acme.example)"],
    },
    "documentDescribes": ["SPDXRef-fw"],
    "packages": [
        {
            "SPDXID": "SPDXRef-fw",
            "name": "pump-fw",
            "versionInfo": "1.4.0",
            "supplier": "Organization: ACME",
            "primaryPackagePurpose": "FIRMWARE",
        },
        {
            "SPDXID": "SPDXRef-busybox",
            "name": "busybox",
            "versionInfo": "1.36.1",
            "originator": "Person: Erik",
            "licenseDeclared": "GPL-2.0-only",
            "validUntilDate": "2027-12-31T00:00:00Z",
            "checksums": [{"algorithm": "SHA1", "checksumValue": "aa" * 20}],
            "externalRefs": [
                {
                    "referenceCategory": "PACKAGE-MANAGER",
                    "referenceType": "purl",
                    "referenceLocator": "pkg:generic/busybox@1.36.1",
                },
                {
                    "referenceCategory": "SECURITY",
                    "referenceType": "cpe23Type",
                    "referenceLocator": "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*",
                },
            ],
            "annotations": [{"comment": "medsec:support_level=limitedSupport"}],
        },
    ],
    "files": [{"SPDXID": "SPDXRef-file", "fileName": "./bin/busybox"}],
    "relationships": [
        {
            "spdxElementId": "SPDXRef-fw",
            "relationshipType": "CONTAINS",
            "relatedSpdxElement": "SPDXRef-busybox",
        },
        {
            "spdxElementId": "SPDXRef-busybox",
            "relationshipType": "DEPENDS_ON",
            "relatedSpdxElement": "SPDXRef-file",
        },
    ],
}

SPDX3: dict[str, Any] = {
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

CDX_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"
     serialNumber="urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79">
  <metadata>
    <timestamp>2024-01-02T03:04:05Z</timestamp>
    <component type="device" bom-ref="dev"><name>pump</name><version>3.2</version></component>
  </metadata>
  <components>
    <component type="library" bom-ref="a">
      <supplier><name>OpenSSL</name></supplier>
      <group>org</group><name>openssl</name><version>3.0.13</version>
      <hashes><hash alg="SHA-256">abababababababababababababababababababababababababababababababab</hash></hashes>
      <licenses><license><id>Apache-2.0</id></license></licenses>
      <purl>pkg:generic/openssl@3.0.13</purl>
      <properties><property name="medsec:end_of_support">2026-09-07</property></properties>
      <components>
        <component type="library" bom-ref="b"><name>zlib</name><version>1.3</version></component>
      </components>
    </component>
  </components>
  <dependencies>
    <dependency ref="a"><dependency ref="b"/></dependency>
  </dependencies>
</bom>
"""

SPDX_TAG_VALUE = b"""SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: pump-fw
DocumentNamespace: https://acme.example/spdx/pump-fw-1
Creator: Tool: yocto
Created: 2024-01-02T03:04:05Z

PackageName: busybox
SPDXID: SPDXRef-busybox
PackageVersion: 1.36.1
PackageSupplier: Organization: ACME
PackageDownloadLocation: NOASSERTION
PackageLicenseDeclared: GPL-2.0-only
PackageChecksum: SHA1: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
PackageDescription: <text>A multi-call binary,
two lines.</text>
ExternalRef: PACKAGE-MANAGER purl pkg:generic/busybox@1.36.1
ValidUntilDate: 2027-12-31T00:00:00Z
Annotator: Tool: medsec
AnnotationDate: 2024-01-02T03:04:05Z
AnnotationType: OTHER
SPDXREF: SPDXRef-busybox
AnnotationComment: <text>medsec:support_level=limitedSupport
medsec:component_class=supported</text>

PackageName: zlib
SPDXID: SPDXRef-zlib
PackageVersion: 1.3

Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-busybox
Relationship: SPDXRef-busybox DEPENDS_ON SPDXRef-zlib
"""


def yocto_archive() -> bytes:
    """A Yocto image archive (tar in zstd) built from the repository's Yocto fixtures."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path in sorted((FIXTURES / "yocto").glob("*.json")):
            name = "index.json" if path.name.endswith(".index.json") else path.name
            info = tarfile.TarInfo(name)
            data = path.read_bytes()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return zstandard.ZstdCompressor().compress(buffer.getvalue())


SBOM: dict[str, bytes] = {
    "cyclonedx-json": orjson.dumps(CDX, option=orjson.OPT_INDENT_2),
    "cyclonedx-xml": CDX_XML,
    "spdx2-json": orjson.dumps(SPDX2, option=orjson.OPT_INDENT_2),
    "spdx2-yaml": yaml_text(SPDX2),
    "spdx2-tag-value": SPDX_TAG_VALUE,
    "spdx2-rdf": (FIXTURES / "spdx-rdf" / "typical.spdx.rdf.xml").read_bytes(),
    "spdx3": orjson.dumps(SPDX3, option=orjson.OPT_INDENT_2),
    "yocto": (FIXTURES / "yocto" / "core-image-minimal-qemux86-64.spdx.json").read_bytes(),
    "yocto-archive": yocto_archive(),
    "manual-csv": (FIXTURES / "manual" / "components.csv").read_bytes(),
    "manual-yaml": (FIXTURES / "manual" / "components.yaml").read_bytes(),
    "buildroot": (FIXTURES / "buildroot" / "manifest.csv").read_bytes(),
}
SBOM_JSON = {"cyclonedx-json": CDX, "spdx2-json": SPDX2, "spdx3": SPDX3}
SBOM_YAML = {"spdx2-yaml": SPDX2}

SUPPORT = b"""format: medsec-support/1
components:
  - purl: pkg:generic/openssl
    level: limitedSupport
    end_of_support: 2026-09-07
    class: supported
    rationale: OpenSSL 3.0 LTS
    approver: A. Lindqvist
    compensating_controls: [ctl-fw-signing]
  - name: busybox
    version: "1.35.*"
    element: pump-fw
    end_of_support: 2027-12-31
"""

CDX_VEX: dict[str, Any] = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.6",
    "version": 1,
    "metadata": {"component": {"bom-ref": "dev", "name": "pump", "version": "3.2"}},
    "components": [
        {
            "bom-ref": "a",
            "name": "openssl",
            "version": "3.0.13",
            "purl": "pkg:generic/openssl@3.0.13",
        }
    ],
    "vulnerabilities": [
        {
            "id": "CVE-2024-0001",
            "description": "a flaw",
            "cwes": [79],
            "ratings": [
                {"method": "CVSSv31", "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
                {"severity": "high"},
            ],
            "references": [{"id": "GHSA-xxxx", "source": {"name": "GitHub"}}],
            "analysis": {
                "state": "not_affected",
                "justification": "code_not_reachable",
                "response": ["will_not_fix"],
                "detail": "the parser is not built",
                "firstIssued": "2024-01-02T03:04:05Z",
            },
            "affects": [{"ref": "a", "versions": [{"version": "3.0.13", "status": "unaffected"}]}],
            "properties": [{"name": "medsec:author", "value": "psirt"}],
        }
    ],
}

OPENVEX: dict[str, Any] = {
    "@context": "https://openvex.dev/ns/v0.2.0",
    "@id": "https://acme.example/vex/1",
    "author": "ACME PSIRT",
    "timestamp": "2024-01-02T03:04:05Z",
    "version": 1,
    "statements": [
        {
            "vulnerability": {"name": "CVE-2024-0001", "aliases": ["GHSA-xxxx"]},
            "products": [
                {
                    "@id": "pkg:generic/pump@3.2",
                    "subcomponents": [{"@id": "pkg:generic/openssl@3.0.13"}],
                }
            ],
            "status": "not_affected",
            "justification": "vulnerable_code_not_in_execute_path",
            "impact_statement": "not reachable",
            "timestamp": "2024-01-02T03:04:05Z",
        },
        {
            "vulnerability": {"name": "CVE-2024-0002"},
            "products": [{"@id": "pkg:generic/zlib@1.3"}],
            "status": "affected",
            "action_statement": "update to 1.3.1",
        },
    ],
}

CSAF: dict[str, Any] = {
    "document": {
        "category": "csaf_vex",
        "csaf_version": "2.0",
        "title": "pump VEX",
        "publisher": {"category": "vendor", "name": "ACME", "namespace": "https://acme.example"},
        "tracking": {
            "id": "ACME-2024-1",
            "status": "final",
            "version": "1",
            "initial_release_date": "2024-01-02T03:04:05Z",
            "current_release_date": "2024-01-02T03:04:05Z",
            "revision_history": [{"date": "2024-01-02T03:04:05Z", "number": "1", "summary": "x"}],
        },
    },
    "product_tree": {
        "branches": [
            {
                "category": "vendor",
                "name": "ACME",
                "branches": [
                    {
                        "category": "product_version",
                        "name": "3.2",
                        "product": {
                            "product_id": "PUMP-3.2",
                            "name": "pump 3.2",
                            "product_identification_helper": {"purl": "pkg:generic/pump@3.2"},
                        },
                    }
                ],
            }
        ],
        "product_groups": [{"group_id": "G1", "product_ids": ["PUMP-3.2"]}],
    },
    "vulnerabilities": [
        {
            "cve": "CVE-2024-0001",
            "ids": [{"system_name": "GHSA", "text": "GHSA-xxxx"}],
            "product_status": {"known_not_affected": ["PUMP-3.2"], "fixed": ["PUMP-3.2"]},
            "flags": [{"label": "vulnerable_code_not_present", "group_ids": ["G1"]}],
            "threats": [{"category": "impact", "details": "none", "product_ids": ["PUMP-3.2"]}],
            "remediations": [
                {"category": "vendor_fix", "details": "update", "product_ids": ["PUMP-3.2"]}
            ],
            "scores": [
                {
                    "products": ["PUMP-3.2"],
                    "cvss_v3": {"vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
                }
            ],
        }
    ],
}

CDX_VEX_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
  <components>
    <component type="library" bom-ref="a"><name>openssl</name><version>3.0.13</version>
      <purl>pkg:generic/openssl@3.0.13</purl>
      <components><component type="library" bom-ref="b"><name>zlib</name></component></components>
    </component>
  </components>
  <vulnerabilities>
    <vulnerability bom-ref="v1">
      <id>CVE-2024-0001</id>
      <ratings><rating><severity>high</severity><method>CVSSv31</method>
        <vector>CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H</vector></rating></ratings>
      <cwes><cwe>79</cwe></cwes>
      <description>a flaw</description>
      <analysis><state>not_affected</state><justification>code_not_reachable</justification>
        <responses><response>will_not_fix</response></responses><detail>not built</detail>
      </analysis>
      <affects><target><ref>a</ref><versions><version><version>3.0.13</version>
        <status>unaffected</status></version></versions></target></affects>
      <properties><property name="medsec:author">psirt</property></properties>
    </vulnerability>
  </vulnerabilities>
</bom>
"""

VEX: dict[str, bytes] = {
    "cyclonedx-json": orjson.dumps(CDX_VEX, option=orjson.OPT_INDENT_2),
    "cyclonedx-xml": CDX_VEX_XML,
    "openvex-json": orjson.dumps(OPENVEX, option=orjson.OPT_INDENT_2),
    "openvex-yaml": yaml_text(OPENVEX),
    "csaf": orjson.dumps(CSAF, option=orjson.OPT_INDENT_2),
}
VEX_JSON = {"cyclonedx-json": CDX_VEX, "openvex-json": OPENVEX, "csaf": CSAF}
VEX_YAML = {"openvex-yaml": OPENVEX}

OSV: dict[str, Any] = {
    "schema_version": "1.6.0",
    "id": "GHSA-xxxx-yyyy-zzzz",
    "modified": "2024-01-02T03:04:05Z",
    "published": "2024-01-01T00:00:00Z",
    "aliases": ["CVE-2024-0001"],
    "summary": "a flaw",
    "details": "details",
    "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": "django", "purl": "pkg:pypi/django"},
            "ranges": [
                {
                    "type": "ECOSYSTEM",
                    "events": [{"introduced": "0"}, {"fixed": "4.2.1"}],
                },
                {"type": "GIT", "repo": "https://x", "events": [{"introduced": "0"}]},
            ],
            "versions": ["4.2.0"],
        }
    ],
    "references": [{"type": "ADVISORY", "url": "https://x/advisory"}],
    "database_specific": {"cwe_ids": ["CWE-79"], "severity": "HIGH"},
}

NVD: dict[str, Any] = {
    "resultsPerPage": 1,
    "startIndex": 0,
    "totalResults": 1,
    "format": "NVD_CVE",
    "version": "2.0",
    "timestamp": "2024-01-02T03:04:05.000",
    "vulnerabilities": [
        {
            "cve": {
                "id": "CVE-2024-0001",
                "published": "2024-01-01T00:00:00.000",
                "lastModified": "2024-01-02T00:00:00.000",
                "descriptions": [{"lang": "en", "value": "a flaw"}],
                "metrics": {
                    "cvssMetricV31": [
                        {
                            "cvssData": {
                                "version": "3.1",
                                "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                                "baseScore": 9.8,
                            }
                        }
                    ]
                },
                "weaknesses": [{"description": [{"lang": "en", "value": "CWE-79"}]}],
                "configurations": [
                    {
                        "nodes": [
                            {
                                "operator": "OR",
                                "cpeMatch": [
                                    {
                                        "vulnerable": True,
                                        "criteria": "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*",
                                        "versionStartIncluding": "3.0.0",
                                        "versionEndExcluding": "3.0.14",
                                    }
                                ],
                            }
                        ]
                    }
                ],
                "references": [{"url": "https://x/advisory"}],
            }
        }
    ],
}

KEV: dict[str, Any] = {
    "title": "CISA Catalog of Known Exploited Vulnerabilities",
    "catalogVersion": "2025.08.25",
    "dateReleased": "2025-08-25T14:00:00.000Z",
    "count": 1,
    "vulnerabilities": [
        {
            "cveID": "CVE-2023-4863",
            "vendorProject": "Google",
            "product": "Chromium WebP",
            "vulnerabilityName": "Heap overflow",
            "dateAdded": "2023-09-13",
            "dueDate": "2023-10-04",
            "knownRansomwareCampaignUse": "Unknown",
        }
    ],
}
KEV_CSV = (
    b"cveID,vendorProject,product,vulnerabilityName,dateAdded,dueDate\n"
    b"CVE-2023-4863,Google,Chromium WebP,Heap overflow,2023-09-13,2023-10-04\n"
)
EPSS = (
    b"#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z\n"
    b"cve,epss,percentile\nCVE-2023-4863,0.93,0.99\nCVE-2024-0001,0.00043,0.1\n"
)

ADVISORIES: dict[str, bytes] = {
    "osv-json": orjson.dumps(OSV, option=orjson.OPT_INDENT_2),
    "osv-yaml": yaml_text(OSV),
    "nvd": orjson.dumps(NVD, option=orjson.OPT_INDENT_2),
    "kev-json": orjson.dumps(KEV, option=orjson.OPT_INDENT_2),
    "kev-csv": KEV_CSV,
    "epss": EPSS,
}
ADVISORY_JSON = {"osv-json": OSV, "nvd": NVD, "kev-json": KEV}
ADVISORY_YAML = {"osv-yaml": OSV}

SCANNERS: dict[str, bytes] = {fmt.value: sample for fmt, sample in SCANNER_SAMPLES.items()}
