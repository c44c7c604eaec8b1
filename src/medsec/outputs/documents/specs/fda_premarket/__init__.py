"""``fda-premarket``: the cybersecurity documentation set of the FDA premarket guidance.

Sixteen chapters in the order of the guidance's Appendix 4 table (REGULATORY.md §B.1), after the
checklist as ``medsec check`` judged it: risk management report, threat model, risk assessment,
SBOM, known vulnerabilities, unresolved anomalies, traceability, metrics, architecture views,
security requirements, testing, labeling, management plan, 524B(b)(2) processes, cyber device
determination and the IDE subset. Each chapter's status is never better than the checklist
items its FDA catalogue rows rest on (``basis``); what evidence cannot show is asked in
``documents/*.yaml``. The document applies to devices sold in the US, or whose markets are not
stated.

In this package "artefact N" (and the ``number`` of :mod:`.basis`) is the Appendix 4 number,
1 to 16. It is not the section number the document prints: those come from
:func:`medsec.outputs.documents.numbering.numbered` alone, and the checklist status comes first
(artefact 12, the labeling, is printed as section 13).
"""

from __future__ import annotations

from medsec.domain.document import Section
from medsec.engines.compliance.context import CheckContext
from medsec.outputs.documents.common import status_section
from medsec.outputs.documents.spec import DocumentInputs, DocumentMeta, Spec
from medsec.outputs.documents.specs.fda_premarket.architecture import requirements, views
from medsec.outputs.documents.specs.fda_premarket.device import cyber_device, ide_subset
from medsec.outputs.documents.specs.fda_premarket.labeling import labeling
from medsec.outputs.documents.specs.fda_premarket.plan import management_plan, processes
from medsec.outputs.documents.specs.fda_premarket.questions import QUESTIONS
from medsec.outputs.documents.specs.fda_premarket.risk import (
    risk_assessment,
    risk_management_report,
)
from medsec.outputs.documents.specs.fda_premarket.software import (
    anomalies,
    sbom,
    vulnerabilities,
)
from medsec.outputs.documents.specs.fda_premarket.testing import testing
from medsec.outputs.documents.specs.fda_premarket.threat_model import threat_model
from medsec.outputs.documents.specs.fda_premarket.trace import metrics_chapter, traceability

META = DocumentMeta(
    "fda-premarket",
    "Premarket cybersecurity documentation (FDA)",
    ("FDA premarket guidance (2025)", "FD&C Act 524B", "FDA postmarket guidance (2016)"),
    "the Appendix 4 documentation set, #1-16: risk report, threat model, risk assessment, "
    "SBOM, vulnerabilities, anomalies, trace, metrics, views, requirements, testing, "
    "labeling, management plan, 524B, cyber device, IDE",
)


def build(inputs: DocumentInputs) -> tuple[Section, ...]:
    """The checklist status, then the chapters of artefacts 1-16 in the order of Appendix 4."""
    body = (
        *risk_management_report(inputs),
        *threat_model(inputs),
        *risk_assessment(inputs),
        *sbom(inputs),
        vulnerabilities(inputs),
        anomalies(inputs),
        traceability(inputs),
        metrics_chapter(inputs),
        *views(inputs),
        requirements(inputs),
        *testing(inputs),
        *labeling(inputs),
        management_plan(inputs),
        processes(inputs),
        cyber_device(inputs),
    )
    return (status_section(inputs), *body, ide_subset(body))


def applicable(ctx: CheckContext) -> str | None:
    """None for a device sold in the US or whose markets are not stated; else why not."""
    markets = ctx.project.device.markets
    if not markets or "US" in markets:
        return None
    return f"not sold in the US (markets: {', '.join(markets)})"


SPEC = Spec(META, QUESTIONS, build, applicable)
