"""Rendering the attack surface: JSON (also the record format) and text for people."""

from __future__ import annotations

from datetime import date
from typing import Any

from medsec.domain.surface import Surface, SurfaceComparison
from medsec.outputs.json import dumps

FORMAT = "medsec-surface/1"
FORMULA = (
    "score = sum of E x (1 + A + C + D + U) over interfaces enabled in production, plus 24 per "
    "open port a scan saw that no enabled interface declares. E exposure: physical 1, local 2, "
    "adjacent 4, network 6, internet 10 (not stated 6); A authentication: strong 0, other 0.5, "
    "none or not stated 1; C encryption (network, wireless, API): strong 0, weak 0.5, none or "
    "not stated 1; D debug port 2; U needed by no use case 1. Lower is smaller."
)


def surface_dict(
    s: Surface, comparison: SurfaceComparison | None, today: date, rationale: str | None
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "device": s.device,
        "version": s.version,
        "date": today.isoformat(),
        "score": s.score,
        "formula": FORMULA,
        "interfaces": [
            {
                "id": e.interface,
                "element": e.element,
                "name": e.name,
                "kind": e.kind,
                "protocol": e.protocol,
                "port": e.port,
                "exposure": e.exposure,
                "authentication": e.authentication,
                "encryption": e.encryption,
                "production": e.production,
                "needed_by": list(e.needed_by),
                "debug": e.debug,
                "weight": e.weight,
                "factors": dict(e.factors),
            }
            for e in s.entries
        ],
        "services": [
            {
                "host": o.host,
                "port": o.port,
                "protocol": o.protocol,
                "name": o.name,
                "element": o.element,
                "interface": o.interface,
                "status": o.status,
                "weight": o.weight,
            }
            for o in s.observed
        ],
        "figures": {name: dict(counts) for name, counts in s.figures},
        "findings": [
            {
                "rule": f.rule,
                "message": f.message,
                "recommendation": f.recommendation,
                "interface": f.interface,
                "element": f.element,
                "host": f.host,
                "port": f.port,
                "reduction": f.reduction,
            }
            for f in s.findings
        ],
        "comparison": None if comparison is None else comparison_dict(comparison),
        "rationale": rationale,
    }


def comparison_dict(c: SurfaceComparison) -> dict[str, Any]:
    return {
        "previous_version": c.previous_version,
        "previous_score": c.previous_score,
        "delta": c.delta,
        "changes": [
            {
                "subject": x.subject,
                "change": x.change,
                "before": x.before,
                "after": x.after,
                "why": x.why,
            }
            for x in c.changes
        ],
    }


def render_json(
    s: Surface, comparison: SurfaceComparison | None, today: date, rationale: str | None
) -> str:
    return dumps(surface_dict(s, comparison, today, rationale))


def render_text(s: Surface, comparison: SurfaceComparison | None, rationale: str | None) -> str:
    lines = [f"medsec surface: {s.device} {s.version}", "", f"attack-surface score {s.score}"]
    if comparison is not None:
        sign = "+" if comparison.delta > 0 else ""
        lines.append(
            f"  {comparison.previous_version}: {comparison.previous_score} "
            f"({sign}{comparison.delta})"
        )
        for x in comparison.changes:
            why = f": {x.why}" if x.why else ""
            lines.append(f"  {x.change:<7} {x.subject} {x.before} → {x.after}{why}")
        if comparison.delta > 0:
            lines.append(f"  rationale: {rationale or 'none recorded'}")
    lines += ["", "interfaces (weight = what each adds to the score):"]
    for e in sorted(s.entries, key=lambda e: (-e.weight, e.interface)):
        what = " ".join(x for x in (e.kind, e.protocol, f":{e.port}" if e.port else "") if x)
        lines.append(
            f"  {e.weight:>5}  {e.interface:<20} {what}; {e.exposure or 'exposure ?'}; "
            f"auth {e.authentication or '?'}; enc {e.encryption or '?'}; "
            f"{e.production or 'production ?'}"
        )
    if s.observed:
        lines += ["", "listening services seen by the latest port scan:"]
        for o in s.observed:
            on = o.interface or o.element or "?"
            lines.append(
                f"  {o.weight:>5}  {o.host} {o.port}/{o.protocol} {o.name or ''} -> {on} ({o.status})"
            )
    lines += ["", "figures:"]
    for name, counts in s.figures:
        shown = ", ".join(f"{k} {v}" for k, v in counts) or "none"
        lines.append(f"  {name}: {shown}")
    lines += ["", f"what to disable or protect ({len(s.findings)}):"]
    for f in s.findings:
        saving = f" [-{f.reduction}]" if f.reduction else ""
        lines.append(f"  - {f.message}{saving}")
        lines.append(f"    → {f.recommendation}")
    return "\n".join(lines) + "\n"
