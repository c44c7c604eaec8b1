"""A scan as SARIF 2.1.0: one result per finding, located at the SBOM it came from."""

from __future__ import annotations

from typing import Any

from medsec import __version__
from medsec.outputs.json import dumps
from medsec.outputs.renderer import Format
from medsec.outputs.scan.view import UNDETERMINED, ScanReport, fixed_in

LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "none": "note"}


def render(view: ScanReport) -> str:
    """One rule per advisory (sorted), one result per finding with its state."""
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for s in view.scan.statuses:
        f = s.finding
        rules.setdefault(
            f.advisory,
            {
                "id": f.advisory,
                "shortDescription": {"text": f.summary or f.advisory},
                "properties": {"aliases": list(f.aliases), "cwes": list(f.cwes)},
            },
        )
        result: dict[str, Any] = {
            "ruleId": f.advisory,
            "level": LEVEL.get(f.severity, "warning"),
            "message": {
                "text": f"{f.component.name} {f.component.version or ''} is affected by {f.advisory}"
                f" ({f.severity}); fixed in {fixed_in(s)}; state {s.state.value}"
            },
            "properties": {"finding": f.id, "kev": f.kev, "state": s.state.value},
        }
        if f.undetermined:  # the ranges could not be evaluated: it may be affected
            result["message"]["text"] = (
                f"{f.component.name} {f.component.version or ''} may be affected by {f.advisory}"
                f" ({f.severity}): {UNDETERMINED}: {f.evaluation}; state {s.state.value}"
            )
            result["properties"]["evaluation"] = UNDETERMINED
            result["properties"]["reason"] = f.evaluation
        if f.component.sbom:
            result["locations"] = [
                {"physicalLocation": {"artifactLocation": {"uri": f.component.sbom}}}
            ]
        results.append(result)
    return dumps(
        {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "medsec-scan",
                            "version": __version__,
                            "informationUri": "https://medsec.invalid/",
                            "rules": [rules[k] for k in sorted(rules)],
                        }
                    },
                    "results": results,
                }
            ],
        }
    )


RENDERER: Format[ScanReport] = Format(
    "sarif", "application/sarif+json", ".sarif", "findings for code-scanning tools", render
)
