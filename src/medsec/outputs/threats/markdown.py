"""The threat register as a Markdown table, for pull-request comments."""

from __future__ import annotations

from medsec.domain.threat import ThreatStatus
from medsec.outputs.escape import markdown_code as _code
from medsec.outputs.escape import markdown_text as _md
from medsec.outputs.renderer import Format
from medsec.outputs.threats.view import (
    ThreatsView,
    crossing_first,
    cvss_basis,
    level_text,
    residual_basis,
    score_text,
)


def render(view: ThreatsView) -> str:
    """One row per live threat, boundary-crossing ones first, then by id: the boundary crossed,
    inherent → residual side by side, what set the vector and what set the residual.
    """
    lines = [
        "| id | title | crosses | CVSS 3.1 → residual | vector set by | risk → residual "
        "| residual set by | status |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t in sorted(view.threats, key=crossing_first):
        if t.status is ThreatStatus.OBSOLETE:
            continue
        score = f"{score_text(t.v3_1)} → {score_text(t.residual_v3_1)}"
        risk = f"{level_text(t.risk)} → {level_text(t.residual_risk)}"
        vector = _md("; ".join(cvss_basis(t))) or "-"
        basis = _md("; ".join(residual_basis(t))) or "-"
        crosses = _md(t.threat.crossing) or "-"
        lines.append(
            f"| {_code(t.id)} | {_md(t.threat.title)} | {crosses} | {score} | {vector} | {risk} "
            f"| {basis} | {t.status.value} |"
        )
    return "\n".join(lines) + "\n"


RENDERER: Format[ThreatsView] = Format(
    "markdown", "text/markdown", ".md", "a table for pull-request comments", render
)
