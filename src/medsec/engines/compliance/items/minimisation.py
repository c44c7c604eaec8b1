"""``data-minimisation``: only data a use case needs, needs that are real, bounded retention."""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemResult
from medsec.domain.vocabulary import BoundaryKind, DataCategory
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.result import ItemBuilder

PROJECT = "medsec.yaml"


def evaluate(ctx: CheckContext) -> ItemResult:
    b = ItemBuilder(ItemId.DATA_MINIMISATION)
    p = ctx.project
    if not p.data:
        b.gap("no-inventory", "there is no data inventory to judge", path=PROJECT)
        return b.result("")
    needed = {d for u in p.use_cases for d in u.needs_data}
    moved = {d for f in p.flows for d in f.data} | {d for e in p.elements for d in e.stores}
    for d in p.data:
        subject = f"data:{d.id}"
        if d.id not in needed:
            b.gap(
                "unneeded",
                f"data '{d.id}' is needed by no use case",
                subject=subject,
                path=PROJECT,
                line=d.line,
                fix="stop collecting it, or name the use case that needs it",
            )
        if d.category.personal and (d.retention is None or d.retention == "indefinite"):
            b.gap(
                "retention",
                f"data '{d.id}' has no bounded retention ({d.retention or 'not stated'})",
                subject=subject,
                path=PROJECT,
                line=d.line,
                fix="set retention as an ISO 8601 duration",
            )
    for u in p.use_cases:
        for need in u.needs_data:
            if need not in moved:
                b.gap(
                    "need-not-real",
                    f"use case '{u.id}' needs '{need}' but no flow carries it and no store keeps it",
                    subject=f"use_case:{u.id}",
                    path=PROJECT,
                    line=u.line,
                    fix="correct the use case or the model",
                )
    by_id = {d.id: d for d in p.data}
    for f in p.flows:
        if not p.in_boundary_kind(f.target, BoundaryKind.CLOUD.value):
            continue
        for did in f.data:
            item = by_id.get(did)
            if (
                item
                and item.category.personal
                and item.category not in (DataCategory.PSEUDONYMISED, DataCategory.CREDENTIAL)
                and item.pseudonymised is not True
            ):
                b.gap(
                    "not-pseudonymised",
                    f"flow '{f.id}' sends identifying '{did}' to the cloud "
                    "without pseudonymisation",
                    subject=f"flow:{f.id}",
                    path=PROJECT,
                    line=f.line,
                    fix="pseudonymise it before it leaves the hospital, or record why not",
                )
    if not b.findings:
        b.ok(f"{len(p.data)} data items, each needed by a use case with bounded retention", PROJECT)
    return b.result("only needed data, real needs, bounded retention, pseudonymised to the cloud")
