"""Which threats lead the lists: those on flows and interfaces that cross a trust boundary.

A flow crosses when its ends sit in different trust boundaries; an interface when it is
reached from beyond its element's boundary: exposure ``adjacent``, ``network`` or
``internet`` (or, with no exposure stated, a network, wireless or API interface). The
register (``threats.yaml``) stays sorted by id; the threat list and the report put the
crossing threats first (docs/format.md "Order of the threat list").
"""

from __future__ import annotations

from medsec.domain.model import Element
from medsec.domain.threat import AssessedThreat, Target, TargetKind
from medsec.domain.vocabulary import Exposure
from medsec.engines.judgements import LINKED_KINDS, crosses_trust_boundary
from medsec.engines.threats.vectors import Context

_REMOTE = frozenset({Exposure.ADJACENT, Exposure.NETWORK, Exposure.INTERNET})


def _side(element: Element | None) -> str:
    """The boundary an end sits in, as the crossing shows it."""
    if element is None:
        return "?"
    return element.boundary or "outside"


def crossing(ctx: Context, target: Target) -> str:
    """The trust boundary a flow or interface target crosses (``pump → data-centre``), or ""."""
    project = ctx.project
    if target.kind is TargetKind.FLOW:
        flow = ctx.flow(target.id)
        if flow is None or crosses_trust_boundary(project, flow) is not True:
            return ""
        ends = (project.find_element(flow.source), project.find_element(flow.target))
        arrow = " ↔ " if flow.bidirectional else " → "
        return arrow.join(_side(e) for e in ends)
    if target.kind is TargetKind.INTERFACE:
        interface = project.find_interface(target.id)
        if interface is None:
            return ""
        reach = interface.exposure
        if reach in _REMOTE or (reach is None and interface.kind in LINKED_KINDS):
            shown = reach.value if reach is not None else f"{interface.kind}"
            return f"{shown} → {_side(project.find_element(interface.element))}"
    return ""


def boundary_first(t: AssessedThreat) -> int:
    """Sort key: 0 for a threat that crosses a trust boundary, 1 for the others."""
    return 0 if t.threat.crossing else 1
