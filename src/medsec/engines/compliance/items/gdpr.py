"""``gdpr-readiness``: a complete data inventory, DPIA screening, Art. 32 measures traced.

Sub-checks, named after the rule codes they report: ``inventory_declared`` (no-inventory),
per personal data item ``inventory_complete`` (inventory-incomplete), ``dpia_screened``
(no-dpia-screening), ``dpia_recorded`` (no-dpia), per flow ``art32_transit`` and per element
``art32_rest``.
"""

from __future__ import annotations

from collections.abc import Sequence, Set

from medsec.domain.checklist import ItemId, ItemMeta, ItemResult
from medsec.domain.model import DataItem, Element, Flow, Project
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.vocabulary import ControlCategory
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.result import ItemBuilder
from medsec.engines.judgements import Strength, encryption_strength

# control categories that protect the confidentiality of personal data (Art. 32)
PROTECTING = (ControlCategory.CRYPTOGRAPHY, ControlCategory.CONFIDENTIALITY)


class GdprReadiness:
    """The product's personal data described for Art. 30, screened for a DPIA, protected."""

    meta = ItemMeta(
        id=ItemId.GDPR_READINESS,
        title="GDPR readiness",
        clauses=("GDPR Art. 5, 9, 25, 30, 32, 35, 44-49",),
        mandatory=False,
    )

    def evaluate(self, ctx: CheckContext) -> ItemResult:
        """Judge the inventory of personal data, the DPIA and the Art. 32 protection."""
        b = ItemBuilder(self.meta)
        p = ctx.project
        if not inventory_declared(b, p):
            return b.result("")
        personal = [d for d in p.data if d.category.personal]
        if not personal:
            b.ok("the inventory lists no personal data", PROJECT_FILE)
        complete = sum(1 for d in personal if inventory_complete(b, d))
        if personal and complete == len(personal):
            b.ok(
                f"Art. 30 record producible: {complete} personal data items fully described",
                PROJECT_FILE,
            )
        if personal:
            dpia_screened(b, p)
            dpia_recorded(b, p, personal)
        ids = {d.id for d in personal}
        for f in p.flows:
            art32_transit(b, p, f, ids)
        for e in p.elements:
            art32_rest(b, p, e, ids)
        return b.result("inventory complete, DPIA recorded, Art. 32 measures traced to controls")


def inventory_declared(b: ItemBuilder, p: Project) -> bool:
    """no-inventory: the project lists its data."""
    if p.data:
        return True
    b.gap(
        "no-inventory",
        "there is no data inventory",
        path=PROJECT_FILE,
        fix="list the data under data:",
    )
    return False


def missing_fields(d: DataItem) -> list[str]:
    """What an Art. 30 record of this data item still lacks (fields and legal bases)."""
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
        and d.legal_basis
        and not any(x.startswith("art9-") for x in d.legal_basis)
    ):
        missing.append("an Art. 9(2) condition in legal_basis")
    if d.legal_basis and not any(x.startswith("art6-") for x in d.legal_basis):
        missing.append("an Art. 6 basis in legal_basis")
    return missing


def inventory_complete(b: ItemBuilder, d: DataItem) -> bool:
    """inventory-incomplete: a personal data item has every field Art. 30 asks for."""
    missing = missing_fields(d)
    if missing:
        b.gap(
            "inventory-incomplete",
            f"data '{d.id}': missing {', '.join(missing)}",
            subject=f"data:{d.id}",
            path=PROJECT_FILE,
            line=d.line,
            fix="complete the entry; Art. 30 needs every field",
        )
    return not missing


def dpia_screened(b: ItemBuilder, p: Project) -> None:
    """no-dpia-screening: personal data is processed, so a DPIA screening is recorded."""
    if not p.dpia_screening or p.dpia_screening not in p.existing_files:
        b.gap(
            "no-dpia-screening",
            "no DPIA screening is recorded",
            path=PROJECT_FILE,
            fix="record gdpr.dpia_screening with the screening document",
        )
    else:
        b.ok(f"DPIA screening: {p.dpia_screening}", p.dpia_screening)


def dpia_recorded(b: ItemBuilder, p: Project, personal: Sequence[DataItem]) -> None:
    """no-dpia: health or other special-category data needs a DPIA (Art. 35)."""
    if not any(d.category.special for d in personal):
        return
    if not p.dpia or p.dpia not in p.existing_files:
        b.gap(
            "no-dpia",
            "health or other special-category data is processed but no DPIA is recorded",
            path=PROJECT_FILE,
            fix="carry out the DPIA (Art. 35) and record gdpr.dpia",
        )
    else:
        b.ok(f"DPIA: {p.dpia}", p.dpia)


def protected_by_control(p: Project, target: str) -> bool:
    """Whether a cryptography or confidentiality control applies to this flow or element."""
    return any(target in c.applies_to and c.category in PROTECTING for c in p.controls)


def art32_transit(b: ItemBuilder, p: Project, f: Flow, personal: Set[str]) -> None:
    """art32-transit: a flow carrying personal data is strongly encrypted or otherwise protected."""
    carried = sorted(personal & set(f.data))
    if not carried:
        return
    if encryption_strength(f.encryption) is not Strength.STRONG and not protected_by_control(
        p, f.id
    ):
        b.gap(
            "art32-transit",
            f"flow '{f.id}' carries personal data ({', '.join(carried)}) without strong "
            "encryption or a confidentiality control",
            subject=f"flow:{f.id}",
            path=PROJECT_FILE,
            line=f.line,
        )
    else:
        b.ok(f"flow {f.id}: personal data protected in transit")


def art32_rest(b: ItemBuilder, p: Project, e: Element, personal: Set[str]) -> None:
    """art32-rest: an element storing personal data encrypts it at rest or is otherwise protected."""
    stored = sorted(personal & set(e.stores))
    if not stored:
        return
    if e.encryption_at_rest is not True and not protected_by_control(p, e.id):
        b.gap(
            "art32-rest",
            f"'{e.id}' stores personal data ({', '.join(stored)}) without encryption at "
            "rest or a confidentiality control",
            subject=f"element:{e.id}",
            path=PROJECT_FILE,
            line=e.line,
        )
    else:
        b.ok(f"{e.id}: personal data protected at rest")


ITEM = GdprReadiness()
