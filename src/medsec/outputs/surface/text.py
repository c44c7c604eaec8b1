"""The attack surface as text for people: score, weights, figures and what to act on."""

from __future__ import annotations

from medsec.domain.surface import Surface, SurfaceComparison
from medsec.outputs.renderer import Format
from medsec.outputs.surface.view import SurfaceView


def _comparison(comparison: SurfaceComparison, rationale: str | None) -> list[str]:
    """The previous release's score, each change, and the rationale when the surface grew."""
    sign = "+" if comparison.delta > 0 else ""
    lines = [
        f"  {comparison.previous_version}: {comparison.previous_score} ({sign}{comparison.delta})"
    ]
    for x in comparison.changes:
        why = f": {x.why}" if x.why else ""
        lines.append(f"  {x.change:<7} {x.subject} {x.before} → {x.after}{why}")
    if comparison.delta > 0:
        lines.append(f"  rationale: {rationale or 'none recorded'}")
    return lines


def _interfaces(s: Surface) -> list[str]:
    """Interfaces by weight, heaviest first, with what the weight comes from."""
    lines = ["", "interfaces (weight = what each adds to the score):"]
    for e in sorted(s.entries, key=lambda e: (-e.weight, e.interface)):
        what = " ".join(x for x in (e.kind, e.protocol, f":{e.port}" if e.port else "") if x)
        lines.append(
            f"  {e.weight:>5}  {e.interface:<20} {what}; {e.exposure or 'exposure ?'}; "
            f"auth {e.authentication or '?'}; enc {e.encryption or '?'}; "
            f"{e.production or 'production ?'}"
        )
    return lines


def _observed(s: Surface) -> list[str]:
    """Services the latest port scan saw, and what each adds; nothing without a scan."""
    if not s.observed:
        return []
    lines = ["", "listening services seen by the latest port scan:"]
    for o in s.observed:
        on = o.interface or o.element or "?"
        lines.append(
            f"  {o.weight:>5}  {o.host} {o.port}/{o.protocol} {o.name or ''} -> {on} ({o.status})"
        )
    return lines


def _figures_and_findings(s: Surface) -> list[str]:
    """The counts by kind, exposure and so on, then what to disable or protect."""
    lines = ["", "figures:"]
    for name, counts in s.figures:
        shown = ", ".join(f"{k} {v}" for k, v in counts) or "none"
        lines.append(f"  {name}: {shown}")
    lines += ["", f"what to disable or protect ({len(s.findings)}):"]
    for f in s.findings:
        saving = f" [-{f.reduction}]" if f.reduction else ""
        lines.append(f"  - {f.message}{saving}")
        lines.append(f"    → {f.recommendation}")
    return lines


def render(view: SurfaceView) -> str:
    """Score and comparison, interfaces by weight, observed services, figures, what to do."""
    s = view.surface
    lines = [f"medsec surface: {s.device} {s.version}", "", f"attack-surface score {s.score}"]
    if view.comparison is not None:
        lines += _comparison(view.comparison, view.rationale)
    lines += _interfaces(s) + _observed(s) + _figures_and_findings(s)
    return "\n".join(lines) + "\n"


RENDERER: Format[SurfaceView] = Format(
    "text", "text/plain", ".txt", "score, weights and what to disable or protect", render
)
