"""Every VEX document in shared/fixtures/vex is read with its number of statements; import ->
export -> import keeps every status, justification, response and original code."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.conftest import shared_dir
from tests.engines.vex_samples import ISSUED, PRODUCT, TODAY
from tests.outputs.vex import vex_schemas

from medsec.domain.vex import VexFormat
from medsec.engines.csaf_checks import mandatory
from medsec.engines.vex import assessment_statements
from medsec.engines.vex_merge import merge
from medsec.outputs.vex import csaf, cyclonedx, openvex
from medsec.sources.vex.detect import read

ROOT = shared_dir() / "fixtures" / "vex"
CDX, OV, CS = VexFormat.CYCLONEDX, VexFormat.OPENVEX, VexFormat.CSAF

# path -> (format, statements). Counted independently of medsec: CycloneDX one per
# vulnerability and affects[] entry (at least one per vulnerability); OpenVEX one per product or
# subcomponent (at least one per statement); CSAF one per product id in product_status, without
# 'recommended' (it is not a VEX status).
EXPECTED: dict[str, tuple[VexFormat, int]] = {
    "csaf/csaf_2.0/examples/csaf/bsi-2022-0001.json": (CS, 7),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-01-a-001.json": (CS, 1),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-01-f-001.json": (CS, 1),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-01-na-001.json": (CS, 1),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-01-ui-001.json": (CS, 1),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-02-na-001.json": (CS, 19),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-03-ms-001.json": (CS, 19),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-04-001.json": (CS, 3),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-05-001.json": (CS, 1),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-06-001.json": (CS, 7),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-07-001.json": (CS, 10),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-08-001.json": (CS, 21),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-09-001.json": (CS, 4),
    "csaf/csaf_2.0/examples/csaf/csaf_vex/sec-vex-2022-0001.json": (CS, 3),
    "csaf/csaf_2.0/examples/csaf/rhsa-2019_1862.json": (CS, 0),
    "csaf/csaf_2.0/examples/csaf/rhsa-2021_5186.json": (CS, 6),
    "csaf/csaf_2.0/examples/csaf/rhsa-2021_5217.json": (CS, 1),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-1/vex-affected.json": (CDX, 1),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-1/vex-fixed.json": (CDX, 1),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-1/vex-not_affected.json": (CDX, 1),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-1/vex-under_investigation.json": (CDX, 1),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-2/vex.json": (CDX, 19),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-3/vex.json": (CDX, 19),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-4/vex.json": (CDX, 1),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-5/vex.json": (CDX, 1),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-6/vex.json": (CDX, 2),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-7/bom-1.json": (CDX, 0),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-7/bom-2.json": (CDX, 0),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-7/vex.json": (CDX, 5),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-8/bom-1.json": (CDX, 0),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-8/bom-2.json": (CDX, 0),
    "cyclonedx-bom-examples/VEX/CISA-Use-Cases/Case-8/vex.json": (CDX, 11),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-1/vex.json": (CDX, 1),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-10/vex.json": (CDX, 1),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-11/vex.json": (CDX, 19),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-12/vex.json": (CDX, 3),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-13/bom-1.json": (CDX, 0),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-13/bom-2.json": (CDX, 0),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-13/bom-3.json": (CDX, 0),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-2/vex.json": (CDX, 1),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-3/vex.json": (CDX, 1),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-4/vex.json": (CDX, 1),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-5/vex.json": (CDX, 2),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-6/bom-1.json": (CDX, 0),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-6/bom-2.json": (CDX, 0),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-6/bom-3.json": (CDX, 0),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-6/vex.json": (CDX, 3),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-7/vex.json": (CDX, 1),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-8/vex.json": (CDX, 1),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-9/bom-1.json": (CDX, 0),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-9/bom-2.json": (CDX, 0),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-9/bom-3.json": (CDX, 0),
    "cyclonedx-bom-examples/VEX/Use-Cases/Case-9/vex.json": (CDX, 57),
    "cyclonedx-bom-examples/VEX/bom.json": (CDX, 0),
    "cyclonedx-bom-examples/VEX/vex.json": (CDX, 1),
    "cyclonedx-spec-tests/tools/src/test/resources/1.4/valid-vulnerability-1.4.json": (CDX, 1),
    "cyclonedx-spec-tests/tools/src/test/resources/1.5/valid-vulnerability-1.5.json": (CDX, 1),
    "cyclonedx-spec-tests/tools/src/test/resources/1.6/valid-vulnerability-1.6.json": (CDX, 1),
    "cyclonedx-spec-tests/tools/src/test/resources/1.6/valid-vulnerability-1.6.xml": (CDX, 1),
    "openvex-go-vex/pkg/csaf/testdata/csaf.json": (CS, 4),
    "openvex-go-vex/pkg/csaf/testdata/openvex.json": (OV, 2),
    "openvex-go-vex/pkg/vex/testdata/csaf.json": (CS, 1),
    "openvex-go-vex/pkg/vex/testdata/v0.0.1-noversion.json": (OV, 2),
    "openvex-go-vex/pkg/vex/testdata/v0.0.1.json": (OV, 2),
    "openvex-go-vex/pkg/vex/testdata/v0.2.0.json": (OV, 10),
    "openvex-go-vex/pkg/vex/testdata/v001-1.vex.json": (OV, 1),
    "openvex-go-vex/pkg/vex/testdata/v001-2.vex.json": (OV, 1),
    "openvex-go-vex/pkg/vex/testdata/v020-1.vex.json": (OV, 1),
    "openvex-go-vex/pkg/vex/testdata/v020-2.vex.json": (OV, 1),
    "openvex-go-vex/pkg/vex/testdata/vex.yaml": (OV, 2),
    "openvex-trivy/pkg/vex/testdata/csaf-relationships.json": (CS, 1),
    "openvex-trivy/pkg/vex/testdata/cyclonedx.json": (CDX, 2),
    "openvex-trivy/pkg/vex/testdata/openvex-multiple.json": (OV, 2),
    "openvex-trivy/pkg/vex/testdata/openvex-nested.json": (OV, 1),
    "openvex-trivy/pkg/vex/testdata/openvex.json": (OV, 1),
}
WITH_STATEMENTS = sorted(k for k, (_, n) in EXPECTED.items() if n)
RENDER = {CDX: cyclonedx.render, OV: openvex.render, CS: csaf.render}
SCHEMA = {
    CDX: vex_schemas.cyclonedx_errors,
    OV: vex_schemas.openvex_errors,
    CS: vex_schemas.csaf_errors,
}


def _read(rel: str) -> object:
    return read((ROOT / rel).read_bytes(), source=rel)


def test_every_fixture_is_listed(shared: Path) -> None:
    on_disk = {
        p.relative_to(ROOT).as_posix()
        for p in ROOT.rglob("*")
        if p.is_file() and p.suffix in (".json", ".xml", ".yaml") and "validator" not in p.parts
    }
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_fixture_reads_with_its_statement_count(shared: Path, rel: str) -> None:
    fmt, count = EXPECTED[rel]
    document = read((ROOT / rel).read_bytes(), source=rel)
    assert document.format is fmt
    assert len(document.statements) == count
    if count == 0:
        assert any("nothing to import" in w for w in document.warnings)
    for s in document.statements:
        assert s.finding.startswith(s.vulnerability)
        assert s.location


def test_codes_of_known_fixtures(shared: Path) -> None:
    trivy = read(
        (ROOT / "openvex-trivy/pkg/vex/testdata/openvex-nested.json").read_bytes(), source="t"
    )
    (s,) = trivy.statements
    assert s.finding == "CVE-2024-0001@pkg:golang/github.com/aquasecurity/go-transitive"
    assert s.product == "pkg:golang/github.com/aquasecurity/go-direct1@v2.0.0"
    assert s.justification is not None and s.justification.value == "code_not_reachable"
    assert ("openvex", "justification", "vulnerable_code_not_in_execute_path") in s.original
    rel = "openvex-trivy/pkg/vex/testdata/csaf-relationships.json"
    (c,) = read((ROOT / rel).read_bytes(), source=rel).statements
    assert c.component is not None and c.component.version == "v4.0.0"
    assert ("csaf", "flag", "vulnerable_code_cannot_be_controlled_by_adversary") in c.original
    uc8 = "csaf/csaf_2.0/examples/csaf/csaf_vex/2022-evd-uc-08-001.json"
    assert any("recommended" in w for w in read((ROOT / uc8).read_bytes(), source=uc8).warnings)


def _key(a: object) -> tuple[object, ...]:
    return tuple(
        getattr(a, k)
        for k in ("state", "justification", "responses", "detail", "component_version")
    )


@pytest.mark.parametrize("target", [CDX, OV, CS], ids=str)
@pytest.mark.parametrize("rel", WITH_STATEMENTS)
def test_round_trip_keeps_every_code(shared: Path, rel: str, target: VexFormat) -> None:
    source_format, _ = EXPECTED[rel]
    first = merge({}, read((ROOT / rel).read_bytes(), source=rel).statements, today=TODAY)
    text = RENDER[target](assessment_statements(first.assessments, PRODUCT), PRODUCT, ISSUED)
    doc = json.loads(text)
    assert SCHEMA[target](doc) == []
    if target is CS:
        assert mandatory(doc) == ()
    again = merge({}, read(text.encode(), source="export").statements, today=TODAY)
    assert set(again.assessments) == set(first.assessments)
    for fid, a in first.assessments.items():
        b = again.assessments[fid]
        assert _key(b) == _key(a), fid
        assert set(a.original) <= set(b.original), fid
        if target is source_format:
            assert b.original == a.original, fid


def test_dates_survive_the_round_trip(shared: Path) -> None:
    rel = "cyclonedx-spec-tests/tools/src/test/resources/1.6/valid-vulnerability-1.6.json"
    first = merge({}, read((ROOT / rel).read_bytes(), source=rel).statements, today=TODAY)
    (a,) = first.assessments.values()
    assert a.date == dt.date(2022, 2, 1)  # lastUpdated
    for fmt, render in RENDER.items():
        text = render(assessment_statements(first.assessments, PRODUCT), PRODUCT, ISSUED)
        (b,) = merge(
            {}, read(text.encode(), source=str(fmt)).statements, today=TODAY
        ).assessments.values()
        assert b.date == a.date or fmt is CS  # CSAF dates its statements by the document
