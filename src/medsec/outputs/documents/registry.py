"""Every document ``medsec docs`` builds, in ``docs list`` order (ids are the contract)."""

from __future__ import annotations

from medsec.domain.document import Question
from medsec.outputs.documents.spec import DocumentSpec
from medsec.outputs.documents.specs import (
    cra,
    dpia,
    fda_premarket,
    iec81001,
    mdr_gspr,
    mds2,
    ropa,
    security_guide,
    security_risk_report,
)

DOCUMENTS: dict[str, DocumentSpec] = {
    spec.meta.id: spec
    for spec in (
        fda_premarket.SPEC,
        iec81001.SPEC,
        mdr_gspr.SPEC,
        cra.SPEC,
        security_risk_report.SPEC,
        mds2.SPEC,
        security_guide.SPEC,
        ropa.SPEC,
        dpia.SPEC,
    )
}


def questions() -> dict[str, Question]:
    """Every manual question of every document, by key (one key is one fact everywhere)."""
    out: dict[str, Question] = {}
    for spec in DOCUMENTS.values():
        for q in spec.questions:
            out.setdefault(q.key, q)
    return out
