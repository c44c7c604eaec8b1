"""The nine checklist items of DESIGN.md §1, each judged from evidence in the project."""

from __future__ import annotations

from collections.abc import Callable

from medsec.domain.checklist import Checklist, ItemId, ItemResult
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.items import (
    concept,
    cve,
    design,
    gdpr,
    minimisation,
    pentest,
    sbom,
    threat_risk,
    vulnmgmt,
)

EVALUATORS: dict[ItemId, Callable[[CheckContext], ItemResult]] = {
    ItemId.THREAT_RISK_ANALYSIS: threat_risk.evaluate,
    ItemId.SECURITY_BY_DESIGN: design.evaluate,
    ItemId.SBOM: sbom.evaluate,
    ItemId.CVE_ANALYSIS: cve.evaluate,
    ItemId.INDEPENDENT_PENTEST: pentest.evaluate,
    ItemId.GDPR_READINESS: gdpr.evaluate,
    ItemId.DATA_MINIMISATION: minimisation.evaluate,
    ItemId.SECURITY_CONCEPT: concept.evaluate,
    ItemId.VULNERABILITY_MANAGEMENT: vulnmgmt.evaluate,
}


def evaluate(ctx: CheckContext) -> Checklist:
    return Checklist(tuple(EVALUATORS[item](ctx) for item in ItemId))
