"""``gdpr-readiness``: a complete data inventory, DPIA screening, Art. 32 measures traced.

Sub-checks, named after the rule codes they report: ``inventory_declared`` (no-inventory),
per personal data item ``inventory_complete`` (inventory-incomplete), ``dpia_screened``
(no-dpia-screening), ``dpia_recorded`` (no-dpia), per flow ``art32_transit`` and per element
``art32_rest``; and, in ``gdpr_privacy``, ``dpia_current`` (dpia-unpinned, dpia-outdated),
``regions_known`` (region-unknown), ``transfers_covered`` (transfer-uncovered) and
``privacy_decided`` (privacy-undecided, privacy-unjustified).

The DPIA screening is medsec's own, from the model (``engines/privacy/screening.py``, the nine
WP248 criteria); a screening document named in ``gdpr.dpia_screening`` must exist. A DPIA is
required when the screening says so (two or more criteria, or Art. 35(3)(b)).

A control answers an Art. 32 measure only when it is implemented, verified (a ``verified_by``
that is not a placeholder) and of a category that fits the gap: encryption at rest needs a
cryptography control on that store; protection in transit a cryptography or authentication
control on that flow, or, on a user interface (data on a screen), a confidentiality control
(``answering``, ``transit_fits``).
"""

from __future__ import annotations

from collections.abc import Set

from medsec.domain.checklist import ItemId, ItemMeta, ItemResult
from medsec.domain.model import Control, DataItem, Element, Flow, Project
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.vocabulary import ControlCategory, ControlStatus, Protocol
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.fixes import edit
from medsec.engines.compliance.items.gdpr_privacy import (
    dpia_current,
    privacy_decided,
    regions_known,
    transfers_covered,
)
from medsec.engines.compliance.result import ItemBuilder
from medsec.engines.judgements import Strength, encryption_strength
from medsec.engines.placeholders import real
from medsec.engines.privacy.screening import Screening, screen

# control categories that answer each Art. 32 gap
AT_REST = frozenset({ControlCategory.CRYPTOGRAPHY})
IN_TRANSIT = frozenset({ControlCategory.CRYPTOGRAPHY, ControlCategory.AUTHENTICATION})
ON_SCREEN = frozenset({ControlCategory.CONFIDENTIALITY})
# a control of another category than these is not mistaken for data protection: not named
_PROTECTING = AT_REST | IN_TRANSIT | ON_SCREEN


class GdprReadiness:
    """The product's personal data described for Art. 30, screened for a DPIA, protected."""

    meta = ItemMeta(
        id=ItemId.GDPR_READINESS,
        title="GDPR readiness",
        clauses=("GDPR Art. 5, 9, 25, 30, 32, 35, 44-49",),
        mandatory=False,
    )

    def evaluate(self, ctx: CheckContext) -> ItemResult:
        """Judge the inventory, the DPIA, transfers, privacy threats and Art. 32 protection."""
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
            screening = screen(p)
            dpia_screened(b, p, screening)
            dpia_recorded(b, p, screening)
            dpia_current(b, ctx, screening)
            regions_known(b, p)
            transfers_covered(b, p)
            privacy_decided(b, ctx)
        _art32(b, p, {d.id for d in personal})
        return b.result(
            "inventory complete, DPIA recorded and current, transfers covered, privacy threats "
            "decided, Art. 32 measures traced to controls"
        )


def _art32(b: ItemBuilder, p: Project, personal: Set[str]) -> None:
    """The Art. 32 sub-checks of every flow and element."""
    for f in p.flows:
        art32_transit(b, p, f, personal)
    for e in p.elements:
        art32_rest(b, p, e, personal)


def inventory_declared(b: ItemBuilder, p: Project) -> bool:
    """no-inventory: the project lists its data."""
    if p.data:
        return True
    b.gap(
        "no-inventory",
        "there is no data inventory",
        path=PROJECT_FILE,
        fix=edit(PROJECT_FILE, "data", note="every data item the device processes"),
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
            fix=edit(
                PROJECT_FILE,
                f"data[{d.id}]",
                f"add {', '.join(missing)}",
                note="an Art. 30 record needs every field",
            ),
        )
    return not missing


def dpia_screened(b: ItemBuilder, p: Project, screening: Screening) -> None:
    """no-dpia-screening: the screening (WP248, from the model); a named screening file exists."""
    if p.dpia_screening and p.dpia_screening not in p.existing_files:
        b.gap(
            "no-dpia-screening",
            f"the DPIA screening named in gdpr.dpia_screening ({p.dpia_screening}) is not in the "
            "project",
            path=PROJECT_FILE,
            fix=edit(PROJECT_FILE, "gdpr.dpia_screening", "the screening document (FILE)"),
        )
        return
    b.ok(f"DPIA screening (WP248, from the model): {screening.conclusion}", PROJECT_FILE)


def dpia_recorded(b: ItemBuilder, p: Project, screening: Screening) -> None:
    """no-dpia: the screening requires a DPIA (Art. 35), and one is recorded."""
    if not screening.required:
        return
    if not p.dpia or p.dpia not in p.existing_files:
        criteria = ", ".join(str(c.number) for c in screening.met)
        b.gap(
            "no-dpia",
            f"the DPIA screening requires a DPIA (WP248 criteria {criteria} met) but none is "
            "recorded",
            path=PROJECT_FILE,
            fix=edit(
                PROJECT_FILE,
                "gdpr.dpia",
                "the DPIA document (FILE)",
                note="Art. 35; medsec docs build --doc dpia drafts it",
            ),
        )
    else:
        b.ok(f"DPIA: {p.dpia}", p.dpia)


def answering(
    p: Project, target: str, categories: frozenset[ControlCategory]
) -> tuple[list[Control], list[str]]:
    """The controls on ``target`` that answer the gap, and why each other one there does not."""
    counted: list[Control] = []
    why_not: list[str] = []
    for c in p.controls:
        if target not in c.applies_to:
            continue
        if c.category not in categories:
            if c.category in _PROTECTING:
                why_not.append(f"{c.id} is {c.category.value}, not {_kinds(categories)}")
        elif c.status is not ControlStatus.IMPLEMENTED:
            why_not.append(f"{c.id} is {c.status.value}")
        elif not real(c.verified_by, p.policy.placeholders):
            why_not.append(f"{c.id} is not verified")
        else:
            counted.append(c)
    return counted, why_not


def transit_fits(f: Flow) -> frozenset[ControlCategory]:
    """The categories that protect a flow's data: on a screen masking, on a link cryptography."""
    if f.transport is None and f.protocol is Protocol.USER_INTERFACE:
        return ON_SCREEN
    return IN_TRANSIT


def _kinds(categories: frozenset[ControlCategory]) -> str:
    """Categories as messages name them: ``authentication or cryptography``."""
    return " or ".join(sorted(c.value for c in categories))


def _not_counted(why_not: list[str]) -> str:
    """The reasons controls on a target do not count, as a message tail."""
    return f" ({'; '.join(why_not)})" if why_not else ""


def art32_transit(b: ItemBuilder, p: Project, f: Flow, personal: Set[str]) -> None:
    """art32-transit: a flow carrying personal data is strongly encrypted or otherwise protected."""
    carried = sorted(personal & set(f.data))
    if not carried:
        return
    strong = encryption_strength(f.encryption) is Strength.STRONG
    fits = transit_fits(f)
    counted, why_not = answering(p, f.id, fits)
    if not strong and not counted:
        b.gap(
            "art32-transit",
            f"flow '{f.id}' carries personal data ({', '.join(carried)}) without strong "
            f"encryption or an implemented, verified {_kinds(fits)} control"
            f"{_not_counted(why_not)}",
            subject=f"flow:{f.id}",
            path=PROJECT_FILE,
            line=f.line,
            fix=edit(
                PROJECT_FILE,
                f"flows[{f.id}].encryption",
                "tls1.3|tls1.2",
                note=f"once encrypted; or an implemented, verified control of category "
                f"{_kinds(fits)} whose applies_to names {f.id}",
            ),
        )
    else:
        by = f" by {', '.join(c.id for c in counted)}" if counted and not strong else ""
        b.ok(f"flow {f.id}: personal data protected in transit{by}")


def art32_rest(b: ItemBuilder, p: Project, e: Element, personal: Set[str]) -> None:
    """art32-rest: an element storing personal data encrypts it at rest or is otherwise protected."""
    stored = sorted(personal & set(e.stores))
    if not stored:
        return
    counted, why_not = answering(p, e.id, AT_REST)
    if e.encryption_at_rest is not True and not counted:
        b.gap(
            "art32-rest",
            f"'{e.id}' stores personal data ({', '.join(stored)}) without encryption at "
            f"rest or an implemented, verified cryptography control{_not_counted(why_not)}",
            subject=f"element:{e.id}",
            path=PROJECT_FILE,
            line=e.line,
            fix=edit(
                PROJECT_FILE,
                f"elements[{e.id}].encryption_at_rest",
                "true",
                note=f"once encrypted; or an implemented, verified control of category "
                f"cryptography whose applies_to names {e.id}",
            ),
        )
    else:
        by = (
            f" by {', '.join(c.id for c in counted)}"
            if counted and not e.encryption_at_rest
            else ""
        )
        b.ok(f"{e.id}: personal data protected at rest{by}")


ITEM = GdprReadiness()
