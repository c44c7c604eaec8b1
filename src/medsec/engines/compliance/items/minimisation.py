"""``data-minimisation``: only data a use case needs, needs that are real, bounded retention.

Sub-checks, named after the rule codes they report: ``inventory_declared`` (no-inventory),
per data item ``needed`` (unneeded) and ``retention_bounded`` (retention), per use case
``needs_real`` (need-not-real), per flow into the cloud ``pseudonymised`` (not-pseudonymised).
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from medsec.domain.checklist import ItemId, ItemMeta, ItemResult
from medsec.domain.model import DataItem, Flow, Project, UseCase
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.vocabulary import BoundaryKind, DataCategory
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.fixes import edit
from medsec.engines.compliance.result import ItemBuilder

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
        wanted = {d for u in p.use_cases for d in u.needs_data}
        for d in p.data:
            needed(b, d, wanted)
            retention_bounded(b, d)
        moved = {d for f in p.flows for d in f.data} | {d for e in p.elements for d in e.stores}
        for u in p.use_cases:
            needs_real(b, u, moved)
        by_id = {d.id: d for d in p.data}
        for f in p.flows:
            pseudonymised(b, p, f, by_id)
        if not b.findings:
            b.ok(
                f"{len(p.data)} data items, each needed by a use case with bounded retention",
                PROJECT_FILE,
            )
        return b.result(
            "only needed data, real needs, bounded retention, pseudonymised to the cloud"
        )


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
                "use_cases[].needs_data",
                f"[{d.id}]",
                note=f"the use case that needs it; or stop collecting it and remove data[{d.id}]",
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
