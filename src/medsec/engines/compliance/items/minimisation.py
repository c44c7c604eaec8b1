"""``data-minimisation``: only data a use case needs, needs that are real, bounded retention.

Sub-checks, named after the rule codes they report: ``inventory_declared`` (no-inventory),
per data item ``needed`` (unneeded) and ``retention_bounded`` (retention), per retired data
item ``retired_gone`` (retired-still-needed, retired-still-collected), per use case
``needs_real`` (need-not-real), per flow into the cloud ``pseudonymised`` (not-pseudonymised),
per data store ``store_retention`` (store-retention: it keeps personal data longer than every
use case needing it states, or longer than the item's own retention; engines/privacy/retention).

A data item that is no longer collected is retired (``status: retired``, ``retired_on``), not
deleted: it stays in the inventory, the record of what was processed, and satisfies
minimisation as long as no use case needs it and no flow carries it any more; a store may keep
what was collected until its retention ends (so its retention must still be bounded).
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from medsec.domain.checklist import ItemId, ItemMeta, ItemResult
from medsec.domain.model import DataItem, Element, Flow, Project, UseCase
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.vocabulary import BoundaryKind, DataCategory
from medsec.domain.wording import agree
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.fixes import edit
from medsec.engines.compliance.result import ItemBuilder
from medsec.engines.privacy.retention import bounded, excess

# personal categories that may leave the hospital as they are
NOT_IDENTIFYING = (DataCategory.PSEUDONYMISED, DataCategory.CREDENTIAL)


class DataMinimisation:
    """Product by design: only the data the use cases need, kept no longer than needed."""

    meta = ItemMeta(
        id=ItemId.DATA_MINIMISATION,
        title="Data minimisation (product by design)",
        clauses=("GDPR Art. 5(1)(c), 25(2)",),
        mandatory=False,
    )

    def evaluate(self, ctx: CheckContext) -> ItemResult:
        """Judge every data item, every declared need and every flow into the cloud."""
        b = ItemBuilder(self.meta)
        p = ctx.project
        if not p.data:
            b.gap(
                "no-inventory",
                "there is no data inventory to judge",
                path=PROJECT_FILE,
                fix=edit(PROJECT_FILE, "data", note="every data item the device processes"),
            )
            return b.result("")
        _data_items(b, p)
        moved = {d for f in p.flows for d in f.data} | {d for e in p.elements for d in e.stores}
        for u in p.use_cases:
            needs_real(b, u, moved)
        by_id = {d.id: d for d in p.data}
        for f in p.flows:
            pseudonymised(b, p, f, by_id)
        personal = {d.id: d for d in p.data if d.category.personal}
        for e in p.elements:
            if e.stores:
                store_retention(b, p, e, personal)
        if not b.findings:
            retired = [d.id for d in p.data if d.retired]
            on_record = (
                f"; {len(retired)} retired, on record ({', '.join(retired)})" if retired else ""
            )
            b.ok(
                f"{len(p.data) - len(retired)} data items, each needed by a use case with "
                f"bounded retention{on_record}",
                PROJECT_FILE,
            )
        return b.result(
            "only needed data, real needs, bounded retention, pseudonymised to the cloud, "
            "stores keep data no longer than needed"
        )


def _data_items(b: ItemBuilder, p: Project) -> None:
    """Every data item through its sub-checks: a collected one, or a retired one on record."""
    wanted = {d for u in p.use_cases for d in u.needs_data}
    kept = {d for e in p.elements for d in e.stores}
    for d in p.data:
        if d.retired:
            retired_gone(b, p, d)
            if d.id in kept:  # what was collected is kept until its retention ends
                retention_bounded(b, d)
            continue
        needed(b, d, wanted)
        retention_bounded(b, d)


def needed(b: ItemBuilder, d: DataItem, wanted: Set[str]) -> None:
    """unneeded: every data item is needed by at least one use case."""
    if d.id not in wanted:
        b.gap(
            "unneeded",
            f"data '{d.id}' is needed by no use case",
            subject=f"data:{d.id}",
            path=PROJECT_FILE,
            line=d.line,
            fix=edit(
                PROJECT_FILE,
                f"data[{d.id}].status",
                "retired",
                note=(
                    "once the device no longer collects it, with retired_on: YYYY-MM-DD and its "
                    f"flows no longer carrying it; or name the use case that needs it "
                    f"(use_cases[].needs_data: [{d.id}])"
                ),
            ),
        )


def retired_gone(b: ItemBuilder, p: Project, d: DataItem) -> None:
    """retired-still-needed, retired-still-collected: a retired item is collected no more."""
    since = f" since {d.retired_on}" if d.retired_on else ""
    needing = [u.id for u in p.use_cases if d.id in u.needs_data]
    if needing:
        b.gap(
            "retired-still-needed",
            f"data '{d.id}' is retired{since}, but "
            f"{agree(len(needing), 'a use case still needs', 'use cases still need')} it: "
            f"{', '.join(needing)}",
            subject=f"data:{d.id}",
            path=PROJECT_FILE,
            line=d.line,
            fix=edit(
                PROJECT_FILE,
                f"use_cases[{needing[0]}].needs_data",
                note=f"remove {d.id}; or, if it is still needed, it is not retired",
            ),
        )
    carrying = [f.id for f in p.flows if d.id in f.data]
    if carrying:
        b.gap(
            "retired-still-collected",
            f"data '{d.id}' is retired{since}, but "
            f"{agree(len(carrying), 'a flow still carries', 'flows still carry')} it: "
            f"{', '.join(carrying)}",
            subject=f"data:{d.id}",
            path=PROJECT_FILE,
            line=d.line,
            fix=edit(
                PROJECT_FILE,
                f"flows[{carrying[0]}].data",
                note=f"remove {d.id} once the device no longer sends or receives it",
            ),
        )


def retention_bounded(b: ItemBuilder, d: DataItem) -> None:
    """retention: personal data is kept for a bounded time."""
    if d.category.personal and (d.retention is None or d.retention == "indefinite"):
        b.gap(
            "retention",
            f"data '{d.id}' has no bounded retention ({d.retention or 'not stated'})",
            subject=f"data:{d.id}",
            path=PROJECT_FILE,
            line=d.line,
            fix=edit(PROJECT_FILE, f"data[{d.id}].retention", "P90D", note="an ISO 8601 duration"),
        )


def store_retention(
    b: ItemBuilder, p: Project, e: Element, personal: Mapping[str, DataItem]
) -> None:
    """store-retention: a store keeps personal data no longer than any use case needs it."""
    over = list(excess(p, e, dict(personal)))
    if not over:
        return
    first = over[0]
    b.gap(
        "store-retention",
        f"'{e.id}' keeps {'; '.join(str(x) for x in over)}",
        subject=f"element:{e.id}",
        path=PROJECT_FILE,
        line=e.line,
        fix=edit(
            PROJECT_FILE,
            f"elements[{e.id}].retention",
            first.limit if bounded(first.limit) else "P30D",
            note="delete what no use case needs any more; or state the retention of the use "
            "case that needs it longer (use_cases[].retention)",
        ),
    )


def needs_real(b: ItemBuilder, u: UseCase, moved: Set[str]) -> None:
    """need-not-real: data a use case needs is carried by a flow or kept by a store."""
    for need in u.needs_data:
        if need not in moved:
            b.gap(
                "need-not-real",
                f"use case '{u.id}' needs '{need}' but no flow carries it and no store keeps it",
                subject=f"use_case:{u.id}",
                path=PROJECT_FILE,
                line=u.line,
                fix=edit(
                    PROJECT_FILE,
                    f"use_cases[{u.id}].needs_data",
                    note=f"remove {need}, or add it to the data of the flow or store that "
                    "carries it",
                ),
            )


def identifying(item: DataItem | None) -> bool:
    """Personal data that identifies a person as it is (not pseudonymised, no credential)."""
    return (
        item is not None
        and item.category.personal
        and item.category not in NOT_IDENTIFYING
        and item.pseudonymised is not True
    )


def pseudonymised(b: ItemBuilder, p: Project, f: Flow, by_id: Mapping[str, DataItem]) -> None:
    """not-pseudonymised: identifying data is pseudonymised before it goes to the cloud."""
    if not p.in_boundary_kind(f.target, BoundaryKind.CLOUD.value):
        return
    for did in f.data:
        if identifying(by_id.get(did)):
            b.gap(
                "not-pseudonymised",
                f"flow '{f.id}' sends identifying '{did}' to the cloud without pseudonymisation",
                subject=f"flow:{f.id}",
                path=PROJECT_FILE,
                line=f.line,
                fix=edit(
                    PROJECT_FILE,
                    f"data[{did}].pseudonymised",
                    "true",
                    note="once it is pseudonymised before it leaves the hospital",
                ),
            )


ITEM = DataMinimisation()
