"""SARIF 2.1.0 for checklist findings, so CI systems show them beside the code."""

from __future__ import annotations

from typing import Any

from medsec import __version__
from medsec.domain.checklist import Checklist, ItemStatus
from medsec.outputs.json import dumps

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render_checklist(checklist: Checklist) -> str:
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    for item in checklist.items:
        for f in item.findings:
            rule_id = f.rule or item.id.value
            rules.setdefault(
                rule_id,
                {
                    "id": rule_id,
                    "name": rule_id.replace("/", "-"),
                    "shortDescription": {"text": f"{item.title}: {rule_id.split('/')[-1]}"},
                    "helpUri": "https://medsec.invalid/docs/checklist#" + item.id.value,
                    "properties": {"checklist-item": item.id.value, "mandatory": item.mandatory},
                },
            )
            result: dict[str, Any] = {
                "ruleId": rule_id,
                "level": "error" if f.severity is ItemStatus.FAIL else "warning",
                "message": {"text": f.message + (f" Fix: {f.fix}" if f.fix else "")},
            }
            if f.path:
                physical: dict[str, Any] = {"artifactLocation": {"uri": f.path}}
                if f.line:
                    physical["region"] = {"startLine": f.line}
                result["locations"] = [{"physicalLocation": physical}]
            if f.subject:
                result["properties"] = {"subject": f.subject}
            results.append(result)
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "medsec",
                        "version": __version__,
                        "informationUri": "https://medsec.invalid/",
                        "rules": [rules[k] for k in sorted(rules)],
                    }
                },
                "results": results,
            }
        ],
    }
    return dumps(doc)
