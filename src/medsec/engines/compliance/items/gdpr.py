"""``gdpr-readiness``: a complete data inventory, DPIA screening, Art. 32 measures traced."""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemResult
from medsec.domain.vocabulary import STRONG_ENCRYPTION, ControlCategory
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.result import ItemBuilder

PROJECT = "medsec.yaml"
PROTECTING = (ControlCategory.CRYPTOGRAPHY, ControlCategory.CONFIDENTIALITY)


def evaluate(ctx: CheckContext) -> ItemResult:
    b = ItemBuilder(ItemId.GDPR_READINESS)
    p = ctx.project
    personal = [d for d in p.data if d.category.personal]
    if not p.data:
        b.gap(
            "no-inventory",
            "there is no data inventory",
            path=PROJECT,
            fix="list the data under data:",
        )
        return b.result("")
    if not personal:
        b.ok("the inventory lists no personal data", PROJECT)
    complete = 0
    for d in personal:
        missing = [
            name
            for name, value in (
                ("subjects", d.subjects),
                ("purpose", d.purpose),
                ("legal_basis", d.legal_basis),
                ("retention", d.retention),
                ("recipients", d.recipients),
            )
            if not value
        ]
        if (
            d.category.special
            and not any(x.startswith("art9-") for x in d.legal_basis)
            and d.legal_basis
        ):
            missing.append("an Art. 9(2) condition in legal_basis")
        if d.legal_basis and not any(x.startswith("art6-") for x in d.legal_basis):
            missing.append("an Art. 6 basis in legal_basis")
        if missing:
            b.gap(
                "inventory-incomplete",
                f"data '{d.id}': missing {', '.join(missing)}",
                subject=f"data:{d.id}",
                path=PROJECT,
                line=d.line,
                fix="complete the entry; Art. 30 needs every field",
            )
        else:
            complete += 1
    if personal and complete == len(personal):
        b.ok(f"Art. 30 record producible: {complete} personal data items fully described", PROJECT)
    if personal:
        if not p.dpia_screening or p.dpia_screening not in p.existing_files:
            b.gap(
                "no-dpia-screening",
                "no DPIA screening is recorded",
                path=PROJECT,
                fix="record gdpr.dpia_screening with the screening document",
            )
        else:
            b.ok(f"DPIA screening: {p.dpia_screening}", p.dpia_screening)
        if any(d.category.special for d in personal):
            if not p.dpia or p.dpia not in p.existing_files:
                b.gap(
                    "no-dpia",
                    "health or other special-category data is processed but no DPIA is recorded",
                    path=PROJECT,
                    fix="carry out the DPIA (Art. 35) and record gdpr.dpia",
                )
            else:
                b.ok(f"DPIA: {p.dpia}", p.dpia)
    _art32(b, ctx, {d.id for d in personal})
    return b.result("inventory complete, DPIA recorded, Art. 32 measures traced to controls")


def _protected_by_control(ctx: CheckContext, target: str) -> bool:
    return any(target in c.applies_to and c.category in PROTECTING for c in ctx.project.controls)


def _art32(b: ItemBuilder, ctx: CheckContext, personal: set[str]) -> None:
    p = ctx.project
    for f in p.flows:
        carried = sorted(personal & set(f.data))
        if not carried:
            continue
        if f.encryption not in STRONG_ENCRYPTION and not _protected_by_control(ctx, f.id):
            b.gap(
                "art32-transit",
                f"flow '{f.id}' carries personal data ({', '.join(carried)}) without strong "
                "encryption or a confidentiality control",
                subject=f"flow:{f.id}",
                path=PROJECT,
                line=f.line,
            )
        else:
            b.ok(f"flow {f.id}: personal data protected in transit")
    for e in p.elements:
        stored = sorted(personal & set(e.stores))
        if not stored:
            continue
        if e.encryption_at_rest is not True and not _protected_by_control(ctx, e.id):
            b.gap(
                "art32-rest",
                f"'{e.id}' stores personal data ({', '.join(stored)}) without encryption at "
                "rest or a confidentiality control",
                subject=f"element:{e.id}",
                path=PROJECT,
                line=e.line,
            )
        else:
            b.ok(f"{e.id}: personal data protected at rest")
