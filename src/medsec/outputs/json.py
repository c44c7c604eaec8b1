"""JSON renderers: stable keys, sorted outputs, byte-identical for identical input."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

import orjson

from medsec.domain.checklist import Checklist, ItemResult
from medsec.domain.threat import AssessedThreat, CvssScore, MissingInformation


def dumps(value: Any) -> str:
    """Indented UTF-8 JSON in insertion order (orjson: fast on registers of 10,000 threats)."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


def _score(s: CvssScore | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return _score_dict(s)


@lru_cache(maxsize=4096)
def _score_dict(s: CvssScore) -> dict[str, Any]:
    """Scores repeat across thousands of threats; orjson only reads the shared dict."""
    return {"vector": s.vector, "score": s.score, "severity": s.severity.value}


def threat_dict(t: AssessedThreat) -> dict[str, Any]:
    th = t.threat
    a = t.entry.assessment
    return {
        "id": th.id,
        "rule": th.rule,
        "title": th.title,
        "baseline": th.baseline,
        "stride": [s.value for s in th.stride],
        "target": {"kind": th.target.kind.value, "id": th.target.id},
        "triggers": [str(x) for x in th.triggers],
        "cwe": list(th.cwe),
        "capec": list(th.capec),
        "cvss": {"v3_1": _score(t.v3_1), "v4_0": _score(t.v4_0)},
        "cvss_source": a.cvss_source.value,
        "safety": t.safety,
        "risk": t.risk.value if t.risk else None,
        "residual": {
            "v3_1": _score(t.residual_v3_1),
            "v4_0": _score(t.residual_v4_0),
            "risk": t.residual_risk.value if t.residual_risk else None,
        },
        "status": t.status.value,
        "decision": t.decision.value if t.decision else None,
        "controls": list(t.controls),
        "rationale": a.rationale,
        "approver": a.approver,
        "date": a.date.isoformat() if a.date else None,
        "problems": list(t.problems),
        "mitigation": th.mitigation or None,
    }


def missing_dict(m: MissingInformation) -> dict[str, Any]:
    return {
        "target": {"kind": m.target.kind.value, "id": m.target.id},
        "attributes": list(m.attributes),
        "rules": list(m.rules),
        "message": f"{m.target.kind.value} '{m.target.id}' does not state: {', '.join(m.attributes)}",
    }


def render_threats(
    threats: Sequence[AssessedThreat], missing: Sequence[MissingInformation], device: str
) -> str:
    return dumps(
        {
            "device": device,
            "threats": [threat_dict(t) for t in sorted(threats, key=lambda t: t.id)],
            "missing_information": [missing_dict(m) for m in missing],
        }
    )


def item_dict(item: ItemResult) -> dict[str, Any]:
    return {
        "id": item.id.value,
        "title": item.title,
        "mandatory": item.mandatory,
        "status": item.status.value,
        "summary": item.summary,
        "findings": [
            {
                "message": f.message,
                "severity": f.severity.value,
                "rule": f.rule,
                "subject": f.subject,
                "path": f.path,
                "line": f.line,
                "fix": f.fix,
            }
            for f in item.findings
        ],
        "evidence": [{"message": e.message, "path": e.path} for e in item.evidence],
        "clauses": list(item.clauses),
    }


def render_checklist(checklist: Checklist, *, device: str, version: str, today: date) -> str:
    return dumps(
        {
            "device": device,
            "version": version,
            "date": today.isoformat(),
            "mandatory_pass": checklist.mandatory_pass,
            "items": [item_dict(i) for i in checklist.items],
        }
    )
