"""The threat register as a plain-text table, highest CVSS first, for the terminal."""

from __future__ import annotations

from medsec.domain.threat import ThreatStatus
from medsec.outputs.renderer import Format
from medsec.outputs.threats.view import ThreatsView


def render(view: ThreatsView) -> str:
    """Live threats by score, then one line per element missing information."""
    live = [t for t in view.threats if t.status is not ThreatStatus.OBSOLETE]
    lines = [f"{'id':<42} {'cvss':>5} {'risk':<9} {'status':<11} title"]
    for t in sorted(live, key=lambda t: (-(t.v3_1.score if t.v3_1 else 0.0), t.id)):
        score = f"{t.v3_1.score:.1f}" if t.v3_1 else "-"
        risk = t.risk.value if t.risk else "-"
        lines.append(f"{t.id:<42} {score:>5} {risk:<9} {t.status.value:<11} {t.threat.title}")
    if view.missing:
        lines += ["", "missing information (one line per target):"]
        lines += [
            f"  {m.target.kind.value} {m.target.id}: {', '.join(m.attributes)}"
            for m in view.missing
        ]
    return "\n".join(lines) + "\n"


RENDERER: Format[ThreatsView] = Format(
    "text", "text/plain", ".txt", "a table, highest CVSS first, for people", render
)
