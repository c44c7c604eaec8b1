"""Device SBOM exports: valid against the official schemas, deterministic, and round-trip safe."""

from __future__ import annotations

from datetime import UTC, date, datetime

import orjson
import pytest
from tests.outputs.sbom import sbom_schemas

from medsec.domain.component import Component, ComponentClass, Hash, Origin, SupportLevel
from medsec.domain.device_sbom import DeviceSbom, ElementSbom
from medsec.outputs.sbom.registry import EXPORT_RENDERERS
from medsec.sources.sbom.registry import read

CREATED = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
FORMATS = EXPORT_RENDERERS.names


def render(sbom: DeviceSbom, fmt: str) -> str:
    text = EXPORT_RENDERERS[fmt].render(sbom)
    assert isinstance(text, str)
    return text


def device() -> DeviceSbom:
    odd = Component(
        ref="fw:odd",
        name="ödd lib <&>",
        version="1.0-rc1",
        supplier="Ünïcode GmbH",
        purl="not a purl",
        cpes=("cpe:2.3:a:x:odd:1.0:*:*:*:*:*:*:*", "cpe:2.3:a:y:odd:1.0:*:*:*:*:*:*:*"),
        hashes=(Hash("SHA224", "ab" * 28), Hash("SHA256", "cd" * 32), Hash("MD5", "xyz")),
        licenses=("Some Custom Licence, v2",),
        type="operating-system",
        origin=Origin("odd.json", "odd"),
        support_level=SupportLevel.LIMITED_SUPPORT,
        end_of_support=date(2026, 9, 7),
        component_class=ComponentClass.SUPPORTED,
        support_rationale="backports\nunder contract",
    )
    lib = Component(
        ref="fw:lib",
        name="zlib",
        version="1.3.1",
        group="madler",
        purl="pkg:generic/zlib@1.3.1",
        depends_on=("fw:odd",),
        parent=None,
        origin=Origin("z.json", "zlib"),
    )
    child = Component(
        ref="fw:child", name="", version=None, parent="fw:lib", origin=Origin("z.json", "c")
    )
    element = ElementSbom(
        "pump-fw",
        "Pump firmware",
        (odd, lib, child),
        roots=("fw:lib",),
        version="3.2.0",
        type="firmware",
        sources=("sbom/fw.json",),
    )
    app = ElementSbom("app", "Tablet app", (), roots=())
    return DeviceSbom(
        "acme-pump", "ACME Pump", "3.2.0", "ACME Medical GmbH", CREATED, (element, app)
    )


def _errors(fmt: str, text: str) -> list[str]:
    if fmt == "cyclonedx-json":
        return sbom_schemas.cyclonedx_json_errors(orjson.loads(text))
    if fmt == "cyclonedx-xml":
        return sbom_schemas.cyclonedx_xml_errors(text)
    if fmt == "spdx-json":
        return sbom_schemas.spdx2_json_errors(orjson.loads(text))
    if fmt == "spdx3-json":
        return sbom_schemas.spdx3_errors(text)
    # tag-value has no schema: it must read back to the same document as the validated JSON
    as_tv = read(text.encode(), source="tv").document
    as_json = read(render(device(), "spdx-json").encode(), source="json").document
    return (
        []
        if as_tv.components
        == tuple(
            c.__class__(**{**c.__dict__, "origin": as_tv.components[i].origin})
            for i, c in enumerate(as_json.components)
        )
        else ["tag-value differs from the JSON export"]
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_schema_valid_even_for_odd_data(fmt: str) -> None:
    assert _errors(fmt, render(device(), fmt)) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_deterministic(fmt: str) -> None:
    assert render(device(), fmt) == render(device(), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_keeps_identity_and_support(fmt: str) -> None:
    back = read(render(device(), fmt).encode(), source="export").document
    found = {c.display_name: c for c in back.components}
    odd = found["ödd lib <&>"]
    assert (odd.version, odd.purl, odd.supplier) == ("1.0-rc1", "not a purl", "Ünïcode GmbH")
    assert {h.algorithm for h in odd.hashes} >= {"SHA224", "SHA256"}
    assert odd.end_of_support == date(2026, 9, 7)
    assert odd.support_level is SupportLevel.LIMITED_SUPPORT
    assert "madler/zlib" in found and found["madler/zlib"].purl == "pkg:generic/zlib@1.3.1"
    names = {c.name for c in back.components}
    assert {"Pump firmware", "Tablet app"} <= names  # the elements are components of the device


def test_cyclonedx_structure_device_elements_components() -> None:
    bom = orjson.loads(render(device(), "cyclonedx-json"))
    assert bom["metadata"]["component"]["type"] == "device"
    by_name = {c["name"]: c for c in bom["components"]}
    firmware = by_name["Pump firmware"]
    assert firmware["type"] == "firmware"
    nested = {c["name"] for c in firmware["components"]}
    assert nested == {"ödd lib <&>", "zlib"}
    zlib = next(c for c in firmware["components"] if c["name"] == "zlib")
    assert [c["name"] for c in zlib["components"]] == ["(unnamed)"]
    deps = {d["ref"]: set(d.get("dependsOn", [])) for d in bom["dependencies"]}
    assert deps["device:acme-pump"] == {"element:pump-fw", "element:app"}
    assert deps["element:pump-fw"] == {"fw:lib"} and deps["fw:lib"] == {"fw:odd"}
    odd = next(c for c in firmware["components"] if c["name"] != "zlib")
    props = {p["name"]: p["value"] for p in odd["properties"]}
    assert props["medsec:support_level"] == "limitedSupport"
    assert props["medsec:end_of_support"] == "2026-09-07"
    assert props["medsec:purl"] == "not a purl"  # not a valid purl: kept as a property
    assert props["medsec:hash:SHA224"] == "ab" * 28


def test_spdx2_support_annotation_and_valid_until() -> None:
    doc = orjson.loads(render(device(), "spdx-json"))
    odd = next(p for p in doc["packages"] if p["name"] == "ödd lib <&>")
    assert odd["validUntilDate"] == "2026-09-07T00:00:00Z"
    assert "medsec:support_level=limitedSupport" in odd["annotations"][0]["comment"]
    assert odd["licenseDeclared"] == "NOASSERTION"  # free text is not an SPDX expression


def test_spdx3_native_support_fields() -> None:
    graph = orjson.loads(render(device(), "spdx3-json"))["@graph"]
    odd = next(e for e in graph if e.get("name") == "ödd lib <&>")
    assert odd["supportLevel"] == ["limitedSupport"]
    assert odd["validUntilTime"] == "2026-09-07T00:00:00Z"
