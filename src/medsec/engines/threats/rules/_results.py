"""Clinical results leaving a diagnosis or monitoring element: MD-36's scope (MD-09 defers)."""

from __future__ import annotations

from medsec.domain.model import Element, Flow, Project
from medsec.domain.vocabulary import (
    CLINICAL_PROTOCOLS,
    Carries,
    DataCategory,
    ElementType,
    Function,
    Protocol,
)
from medsec.engines.judgements import crosses_trust_boundary, in_host_flow

RESULT_FUNCTIONS = frozenset({Function.DIAGNOSIS, Function.MONITORING})


def result_senders(project: Project, flow: Flow) -> tuple[Element, ...]:
    """The diagnosis or monitoring elements that send on the flow (both ends if bidirectional)."""
    ids = (flow.source, flow.target) if flow.bidirectional else (flow.source,)
    found = (project.find_element(i) for i in ids)
    return tuple(
        e
        for e in found
        if e is not None and e.type is not ElementType.ACTOR and e.function in RESULT_FUNCTIONS
    )


def clinical_payload(project: Project, flow: Flow) -> bool | None:
    """The flow carries clinical content: a clinical protocol or health data; None if unsaid."""
    if flow.protocol in CLINICAL_PROTOCOLS:
        return True
    categories = {d.id: d.category for d in project.data}
    if any(categories.get(d) is DataCategory.HEALTH for d in flow.data):
        return True
    if flow.protocol is None or flow.protocol is Protocol.UNKNOWN:
        return None
    return False


def downstream_results(project: Project, flow: Flow) -> bool:
    """Results of a diagnosis or monitoring element sent to another trust boundary (EHR, PACS)."""
    if flow.carries in (Carries.COMMANDS, Carries.CODE) or in_host_flow(project, flow):
        return False
    if not result_senders(project, flow):
        return False
    return crosses_trust_boundary(project, flow) is True
