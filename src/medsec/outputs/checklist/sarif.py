"""The checklist findings as SARIF 2.1.0, so CI systems show them beside the code."""

from __future__ import annotations

from typing import Any

from medsec import __version__
from medsec.domain.checklist import ItemStatus
from medsec.outputs.checklist.view import ChecklistView
from medsec.outputs.json import dumps
from medsec.outputs.renderer import Format

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(view: ChecklistView) -> str:
    """One result per finding (error for a failing item, warning for a gap), rules sorted."""
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    for item in view.checklist.items:
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


RENDERER: Format[ChecklistView] = Format(
    "sarif", "application/sarif+json", ".sarif", "findings for code-scanning tools", render
)
