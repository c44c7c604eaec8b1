"""The attack surface as JSON: the record under ``records/surface/`` and ``--format json``."""

from __future__ import annotations

from datetime import date
from typing import Any

from medsec.domain.surface import Surface, SurfaceComparison
from medsec.outputs.json import dumps
from medsec.outputs.renderer import Format
from medsec.outputs.surface.view import FORMULA, SurfaceView

FORMAT = "medsec-surface/1"


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
    """The record text (``records/surface/VERSION.json``)."""
    return dumps(surface_dict(s, comparison, today, rationale))


def render(view: SurfaceView) -> str:
    """The record of ``view``."""
    return render_json(view.surface, view.comparison, view.today, view.rationale)


RENDERER: Format[SurfaceView] = Format(
    "json", "application/json", ".json", "the surface record, for scripts", render
)
