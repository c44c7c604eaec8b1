"""The attack surface as JSON: the record under ``records/surface/`` and ``--format json``."""

from __future__ import annotations

from datetime import date
from typing import Any

from medsec.domain.surface import (
    ObservedService,
    Surface,
    SurfaceComparison,
    SurfaceEntry,
    SurfaceFinding,
)
from medsec.outputs.json import dumps
from medsec.outputs.renderer import Format
from medsec.outputs.surface.view import FORMULA, SurfaceView

FORMAT = "medsec-surface/1"


def _interface_dict(e: SurfaceEntry) -> dict[str, Any]:
    """A declared interface with the attributes its weight was computed from."""
    return {
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


def _service_dict(o: ObservedService) -> dict[str, Any]:
    """A service the latest port scan saw, with what it adds to the score."""
    return {
        "host": o.host,
        "port": o.port,
        "protocol": o.protocol,
        "name": o.name,
        "element": o.element,
        "interface": o.interface,
        "status": o.status,
        "weight": o.weight,
    }


def _finding_dict(f: SurfaceFinding) -> dict[str, Any]:
    """What to disable or protect, and how much of the score it removes."""
    return {
        "rule": f.rule,
        "message": f.message,
        "recommendation": f.recommendation,
        "interface": f.interface,
        "element": f.element,
        "host": f.host,
        "port": f.port,
        "reduction": f.reduction,
    }


def surface_dict(
    s: Surface, comparison: SurfaceComparison | None, today: date, rationale: str | None
) -> dict[str, Any]:
    """The surface record: score, formula, interfaces, services, figures, findings, comparison."""
    return {
        "format": FORMAT,
        "device": s.device,
        "version": s.version,
        "date": today.isoformat(),
        "score": s.score,
        "formula": FORMULA,
        "interfaces": [_interface_dict(e) for e in s.entries],
        "services": [_service_dict(o) for o in s.observed],
        "figures": {name: dict(counts) for name, counts in s.figures},
        "findings": [_finding_dict(f) for f in s.findings],
        "comparison": None if comparison is None else comparison_dict(comparison),
        "rationale": rationale,
    }


def comparison_dict(c: SurfaceComparison) -> dict[str, Any]:
    """How the score moved since the previous release, change by change."""
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
