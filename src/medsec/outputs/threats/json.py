"""The threat register as JSON: the script contract of ``medsec threats --format json``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from medsec.domain.threat import AssessedThreat, CvssScore, MissingInformation
from medsec.outputs.json import dumps
from medsec.outputs.renderer import Format
from medsec.outputs.threats.view import ThreatsView, cvss_basis


def _score(s: CvssScore | None) -> dict[str, Any] | None:
    """A CVSS score as JSON (shared dict per score), or None when not scored."""
    if s is None:
        return None
    return _score_dict(s)


@lru_cache(maxsize=4096)
def _score_dict(s: CvssScore) -> dict[str, Any]:
    """Scores repeat across thousands of threats; orjson only reads the shared dict."""
    return {"vector": s.vector, "score": s.score, "severity": s.severity.value}


def threat_dict(t: AssessedThreat) -> dict[str, Any]:
    """One threat with its scores, decision and provenance (rule, triggers)."""
    th = t.threat
    a = t.entry.assessment
    return {
        "id": th.id,
        "rule": th.rule,
        "title": th.title,
        "baseline": th.baseline,
        "stride": [s.value for s in th.stride],
        "linddun": [c.value for c in th.linddun],
        "target": {"kind": th.target.kind.value, "id": th.target.id},
        "crosses_boundary": th.crossing or None,
        "triggers": [str(x) for x in th.triggers],
        "cwe": list(th.cwe),
        "capec": list(th.capec),
        "cvss": {"v3_1": _score(t.v3_1), "v4_0": _score(t.v4_0)},
        "cvss_source": a.cvss_source.value,
        "cvss_basis": list(cvss_basis(t)),
        "safety": t.safety,
        "risk": t.risk.value if t.risk else None,
        "residual": residual_dict(t),
        "status": t.status.value,
        "decision": t.decision.value if t.decision else None,
        "controls": list(t.controls),
        "rationale": a.rationale,
        "approver": a.approver,
        "date": a.date.isoformat() if a.date else None,
        "problems": list(t.problems),
        "mitigation": th.mitigation or None,
    }


def residual_dict(t: AssessedThreat) -> dict[str, Any]:
    """Residual scores and risk, which control set which metric, and controls that set none."""
    a = t.entry.assessment
    return {
        "v3_1": _score(t.residual_v3_1),
        "v4_0": _score(t.residual_v4_0),
        "risk": t.residual_risk.value if t.residual_risk else None,
        "stated": [k for k, v in (("v3_1", a.residual_v3_1), ("v4_0", a.residual_v4_0)) if v],
        "changes": [
            {
                "version": c.version,
                "metric": c.metric,
                "from": c.before,
                "to": c.after,
                "control": c.control,
                "basis": c.basis,
            }
            for c in t.residual_changes
        ],
        "no_effect": [{"control": n.control, "reason": n.reason} for n in t.residual_idle],
    }


def missing_dict(m: MissingInformation) -> dict[str, Any]:
    """One element that does not state what a rule needs."""
    return {
        "target": {"kind": m.target.kind.value, "id": m.target.id},
        "attributes": list(m.attributes),
        "rules": list(m.rules),
        "message": f"{m.target.kind.value} '{m.target.id}' does not state: {', '.join(m.attributes)}",
    }


def render(view: ThreatsView) -> str:
    """Device id, every threat sorted by id (``crosses_boundary`` groups them), then the
    missing information.
    """
    return dumps(
        {
            "device": view.device,
            "threats": [threat_dict(t) for t in sorted(view.threats, key=lambda t: t.id)],
            "missing_information": [missing_dict(m) for m in view.missing],
        }
    )


RENDERER: Format[ThreatsView] = Format(
    "json",
    "application/json",
    ".json",
    "every threat with scores and decision, for scripts",
    render,
)
