"""The checklist as JSON: the script contract of ``medsec check --format json`` (docs/cli.md)."""

from __future__ import annotations

from typing import Any

from medsec.domain.checklist import ItemResult
from medsec.outputs.checklist.view import ChecklistView
from medsec.outputs.json import dumps
from medsec.outputs.renderer import Format


def item_dict(item: ItemResult) -> dict[str, Any]:
    """One item with its findings, evidence and the clauses it answers."""
    return {
        "id": item.id.value,
        "title": item.title,
        "mandatory": item.mandatory,
        "status": item.status.value,
        "summary": item.summary,
        "findings": [
            {
                "message": f.message,
                "severity": f.severity.value,
                "rule": f.rule,
                "subject": f.subject,
                "path": f.path,
                "line": f.line,
                "fix": f.fix,
            }
            for f in item.findings
        ],
        "evidence": [{"message": e.message, "path": e.path} for e in item.evidence],
        "clauses": list(item.clauses),
    }


def render(view: ChecklistView) -> str:
    """Device, version, date, the overall verdict and every item, in checklist order."""
    return dumps(
        {
            "device": view.device.id,
            "version": view.device.version,
            "date": view.today.isoformat(),
            "mandatory_pass": view.checklist.mandatory_pass,
            "items": [item_dict(i) for i in view.checklist.items],
        }
    )


RENDERER: Format[ChecklistView] = Format(
    "json",
    "application/json",
    ".json",
    "every item with findings and evidence, for scripts",
    render,
)
