from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from medsec.outputs.checklist import ChecklistView, sarif


def test_sarif_validates_against_the_official_schema(
    check_view: ChecklistView, shared: Path
) -> None:
    doc = json.loads(sarif.render(check_view))
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
