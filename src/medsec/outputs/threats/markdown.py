"""The threat register as a Markdown table, for pull-request comments."""

from __future__ import annotations

from medsec.domain.threat import ThreatStatus
from medsec.outputs.escape import markdown_cell as _md
from medsec.outputs.renderer import Format
from medsec.outputs.threats.view import ThreatsView, level_text, residual_basis, score_text


def render(view: ThreatsView) -> str:
    """One row per live threat, in register order: inherent → residual and what set it."""
    lines = [
        "| id | title | CVSS 3.1 → residual | risk → residual | residual set by | status |",
        "|---|---|---|---|---|---|",
    ]
    for t in view.threats:
        if t.status is ThreatStatus.OBSOLETE:
            continue
        score = f"{score_text(t.v3_1)} → {score_text(t.residual_v3_1)}"
        risk = f"{level_text(t.risk)} → {level_text(t.residual_risk)}"
        basis = _md("; ".join(residual_basis(t))) or "-"
        lines.append(
            f"| `{t.id}` | {_md(t.threat.title)} | {score} | {risk} | {basis} | {t.status.value} |"
        )
    return "\n".join(lines) + "\n"


RENDERER: Format[ThreatsView] = Format(
    "markdown", "text/markdown", ".md", "a table for pull-request comments", render
)
