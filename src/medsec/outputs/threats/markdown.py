"""The threat register as a Markdown table, for pull-request comments."""

from __future__ import annotations

from medsec.domain.threat import ThreatStatus
from medsec.outputs.escape import markdown_cell as _md
from medsec.outputs.renderer import Format
from medsec.outputs.threats.view import ThreatsView


def render(view: ThreatsView) -> str:
    """One row per live threat, in register order."""
    lines = ["| id | title | CVSS 3.1 | risk | status |", "|---|---|---|---|---|"]
    for t in view.threats:
        if t.status is ThreatStatus.OBSOLETE:
            continue
        score = f"{t.v3_1.score:.1f}" if t.v3_1 else "-"
        lines.append(
            f"| `{t.id}` | {_md(t.threat.title)} | {score} | {t.risk.value if t.risk else '-'} | {t.status.value} |"
        )
    return "\n".join(lines) + "\n"


RENDERER: Format[ThreatsView] = Format(
    "markdown", "text/markdown", ".md", "a table for pull-request comments", render
)
