"""The threat register as a plain-text table for the terminal: boundary-crossing threats first."""

from __future__ import annotations

from medsec.domain.threat import AssessedThreat, ThreatStatus
from medsec.outputs.renderer import Format
from medsec.outputs.threats.view import ThreatsView, level_text, score_text


def _order(t: AssessedThreat) -> tuple[float, str]:
    """Highest CVSS 3.1 first, then by id."""
    return -(t.v3_1.score if t.v3_1 else 0.0), t.id


def _row(t: AssessedThreat, crosses: bool, cells: dict[object, str]) -> str:
    """One line: id, CVSS and risk (inherent → residual), status and title.

    ``cells`` remembers the score and risk columns: a few hundred pairs serve 10,000 rows.
    """
    key = (t.v3_1, t.residual_v3_1, t.risk, t.residual_risk, t.status)
    middle = cells.get(key)
    if middle is None:
        score = f"{score_text(t.v3_1)} → {score_text(t.residual_v3_1)}"
        risk = f"{level_text(t.risk)} → {level_text(t.residual_risk)}"
        middle = cells[key] = f"{score:<15} {risk:<20} {t.status.value:<11}"
    title = f"{t.threat.title} [{t.threat.crossing}]" if crosses else t.threat.title
    return f"{t.id:<42} {middle} {title}"


def render(view: ThreatsView) -> str:
    """Live threats, those crossing a trust boundary first, each group by score; inherent →
    residual side by side, then missing information.
    """
    live = [t for t in view.threats if t.status is not ThreatStatus.OBSOLETE]
    lines = [f"{'id':<42} {'cvss → residual':<15} {'risk → residual':<20} {'status':<11} title"]
    cells: dict[object, str] = {}
    for crosses in (True, False):
        group = [t for t in live if bool(t.threat.crossing) is crosses]
        if not group:
            continue
        lines.append(f"-- {_GROUPS[crosses]} ({len(group)}) --")
        lines += [_row(t, crosses, cells) for t in sorted(group, key=_order)]
    if view.missing:
        lines += ["", "missing information (one line per target):"]
        lines += [
            f"  {m.target.kind.value} {m.target.id}: {', '.join(m.attributes)}"
            for m in view.missing
        ]
    return "\n".join(lines) + "\n"


_GROUPS = {True: "across a trust boundary", False: "within a trust boundary"}

RENDERER: Format[ThreatsView] = Format(
    "text",
    "text/plain",
    ".txt",
    "a table, boundary-crossing threats first, highest CVSS first, for people",
    render,
)
