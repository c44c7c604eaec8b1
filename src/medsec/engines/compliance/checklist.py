"""The nine checklist items of DESIGN.md §1, each judged from evidence in the project.

``ITEMS`` is the one registry: the checklist's order, and every item's title, clauses and
mandatory flag, come from the items listed here (each states its metadata in its own module).
Add an item by writing its module (and its test beside it) and listing it here; nothing is
discovered at run time.
"""

from __future__ import annotations

from medsec.domain.checklist import Checklist, ItemId, ItemStatus
from medsec.domain.vocabulary import Gate
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.item import ChecklistItem
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

ITEMS: tuple[ChecklistItem, ...] = (
    threat_risk.ITEM,
    design.ITEM,
    sbom.ITEM,
    cve.ITEM,
    pentest.ITEM,
    gdpr.ITEM,
    minimisation.ITEM,
    concept.ITEM,
    vulnmgmt.ITEM,
)

# the baseline items (EU MDR / FDA), derived from each item's metadata
MANDATORY: frozenset[ItemId] = frozenset(i.meta.id for i in ITEMS if i.meta.mandatory)


def evaluate(ctx: CheckContext) -> Checklist:
    """Judge every item of the registry, in checklist order."""
    return Checklist(tuple(item.evaluate(ctx) for item in ITEMS))


def passes(checklist: Checklist, gate: Gate) -> bool:
    """Whether the checklist passes the gate: every mandatory item, or (``all``) every item."""
    if gate is Gate.ALL:
        return all(i.status is ItemStatus.PASS for i in checklist.items)
    return checklist.mandatory_pass
