from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
from tests.helpers import write_project

from medsec.domain.checklist import ItemId, ItemStatus
from medsec.outputs import json as json_out
from medsec.outputs import junit, sarif, text
from medsec.services.check import CheckOptions, run

TODAY = date(2026, 11, 27)


def checklist(tmp_path: Path):  # type: ignore[no-untyped-def]
    return run(CheckOptions(write_project(tmp_path / "p"), TODAY)).checklist


def test_sarif_validates_against_the_official_schema(tmp_path: Path, shared: Path) -> None:
    doc = json.loads(sarif.render_checklist(checklist(tmp_path)))
    schema = json.loads(
        (shared / "schemas/sarif/sarif-2.1/schema/sarif-schema-2.1.0.json").read_text()
    )
    jsonschema.validate(doc, schema)
    results = doc["runs"][0]["results"]
    assert results and {r["level"] for r in results} <= {"error", "warning"}
    rule_ids = {r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in results} <= rule_ids
    located = [r for r in results if "locations" in r]
    assert any(
        loc["physicalLocation"]["artifactLocation"]["uri"] == "medsec.yaml"
        for r in located
        for loc in r["locations"]
    )


def test_junit_one_case_per_item(tmp_path: Path) -> None:
    cl = checklist(tmp_path)
    root = ElementTree.fromstring(junit.render_checklist(cl, device="pump"))
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == [i.value for i in ItemId]
    failing = [c for c in cases if c.find("failure") is not None]
    assert len(failing) == sum(1 for i in cl.items if i.status is not ItemStatus.PASS)
    assert root.find("testsuite").get("failures") == str(len(failing))  # type: ignore[union-attr]


def test_json_contract(tmp_path: Path) -> None:
    doc = json.loads(
        json_out.render_checklist(checklist(tmp_path), device="pump", version="1", today=TODAY)
    )
    assert [i["id"] for i in doc["items"]] == [i.value for i in ItemId]
    for item in doc["items"]:
        assert item["status"] in {"pass", "gap", "fail"}
        if item["status"] != "pass":
            assert item["findings"] and all("message" in f for f in item["findings"])


def test_text_and_markdown_name_every_item(tmp_path: Path) -> None:
    cl = checklist(tmp_path)
    plain = text.render_checklist(cl, device="Pump 1")
    md = text.render_checklist_markdown(cl, device="Pump | 1")
    for item in ItemId:
        assert item.value in plain and f"`{item.value}`" in md
    assert "Pump \\| 1" in md
