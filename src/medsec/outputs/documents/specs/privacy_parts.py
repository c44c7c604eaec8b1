"""Pieces the two privacy documents share (``ropa``, ``dpia``): gdpr-readiness restated by rule,
evidence references to the model, the transfers section, and the documents' applicability.

A section's status comes from the ``gdpr-readiness`` (or ``data-minimisation``) findings whose
rule codes belong to it: none is met, a gap partly met, a failure not met. The facts shown
beside them come from the same engines the checklist judged with (``engines/privacy``).
"""

from __future__ import annotations

from collections.abc import Iterable

from medsec.domain.checklist import CheckFinding, ItemId, ItemStatus
from medsec.domain.document import EvidenceRef, Section, Statement, Status, Table, TableRow
from medsec.domain.model import DataItem
from medsec.domain.paths import PROJECT_FILE
from medsec.engines.compliance.context import CheckContext
from medsec.engines.privacy.ropa import Ropa
from medsec.engines.privacy.transfers import mechanism_text, warnings
from medsec.outputs.documents.common import check_ref, results
from medsec.outputs.documents.spec import DocumentInputs

_STATUS = {ItemStatus.GAP: Status.PARTLY, ItemStatus.FAIL: Status.NOT_MET}


def findings(inputs: DocumentInputs, item: ItemId, rules: Iterable[str]) -> list[CheckFinding]:
    """The findings of ``item`` whose rule code is one of ``rules``, in the item's order."""
    wanted = {f"{item.value}/{r}" for r in rules}
    return [f for r in results(inputs.checklist, (item,)) for f in r.findings if f.rule in wanted]


def gap_statements(inputs: DocumentInputs, found: list[CheckFinding]) -> tuple[Statement, ...]:
    """The findings as statements: message, where, what to do."""
    return tuple(
        Statement(
            f.message,
            (EvidenceRef(f.path, f.line, f.subject),)
            if f.path
            else (check_ref(inputs, f.rule.split("/", 1)[0]),),
            status=_STATUS[f.severity],
            gap=f.message,
            fix=f.fix,
        )
        for f in found
    )


def status_of(found: list[CheckFinding]) -> Status:
    """Met without findings, not met with a failure, else partly."""
    if any(f.severity is ItemStatus.FAIL for f in found):
        return Status.NOT_MET
    return Status.PARTLY if found else Status.MET


def data_ref(d: DataItem, key: str | None = None) -> EvidenceRef:
    """A data item of medsec.yaml as evidence (``data.patient-id``, or one of its keys)."""
    return EvidenceRef(PROJECT_FILE, d.line, f"data.{d.id}" + (f".{key}" if key else ""))


def model_ref(record: str, line: int | None = None) -> EvidenceRef:
    """A key of medsec.yaml as evidence."""
    return EvidenceRef(PROJECT_FILE, line, record)


def joined(values: Iterable[str], empty: str = "-") -> str:
    """Values joined with commas, each once, or ``empty``."""
    return ", ".join(dict.fromkeys(values)) or empty


def applicable(ctx: CheckContext) -> str | None:
    """None when the model has personal data; else why the document does not apply."""
    if any(d.category.personal for d in ctx.project.data):
        return None
    return "the data inventory lists no personal data"


TRANSFER_RULES = ("transfer-uncovered", "region-unknown")


def transfers_section(inputs: DocumentInputs, record: Ropa, section_id: str) -> Section:
    """Transfers of personal data outside the EU/EEA (Art. 30(1)(e), Chapter V), with mechanisms."""
    p = inputs.ctx.project
    rows = tuple(
        TableRow(
            (
                f"{t.kind} {t.subject}",
                joined(t.data),
                t.origin.place.label if t.origin else "the device's site (EU/EEA or unstated)",
                t.destination.place.label,
                mechanism_text(t.mechanism) if t.mechanism else "none",
                "covered" if t.covered else f"not covered: {t.problem}",
            ),
            (model_ref(t.destination.stated_by, t.line),),
        )
        for t in record.transfers
    )
    table = Table(
        "Transfers of personal data to third countries",
        ("Transfer", "Personal data", "From", "To", "Mechanism", "Status"),
        rows,
        empty="No transfer: no flow takes personal data to an element the model locates outside "
        "the EU/EEA.",
    )
    stated = [
        Statement(
            f"data '{d.id}' states transfers: {joined(d.transfers)}", (data_ref(d, "transfers"),)
        )
        for d in p.data
        if d.transfers
    ]
    notes = [
        Statement(f"Note: {w.message}", (model_ref(f"flows.{w.subject}.transfer", w.line),))
        for w in warnings(p)
    ]
    found = findings(inputs, ItemId.GDPR_READINESS, TRANSFER_RULES)
    lead = Statement(
        "A transfer is personal data carried to an element located outside the EU/EEA (its "
        "region, its host's or its boundary's); each needs a Chapter V mechanism: an adequacy "
        "decision (Art. 45), standard contractual clauses (Art. 46), binding corporate rules "
        "(Art. 47) or a derogation (Art. 49).",
        (
            model_ref(
                "boundaries[].region, elements[].region, flows[].transfer, parties[].transfer"
            ),
        ),
    )
    return Section(
        section_id,
        "Transfers outside the EU/EEA",
        status_of(found),
        statements=(lead, *stated, *notes, *gap_statements(inputs, found)),
        tables=(table,),
    )
