"""``ropa``: the records of processing activities (GDPR Art. 30), from the model.

After the checklist as ``medsec check`` judged it: who the controller is and who the parties
are (30(1)(a)); the processing activities, one per use case that needs personal data, with
purposes, categories of data and data subjects, legal bases, recipients, transfers and erasure
limits (30(1)(b)-(f)); the data inventory item by item; the recipients the model shows; the
transfers outside the EU/EEA (30(1)(e)); the security measures (30(1)(g)); and, when a party is
the controller of data the manufacturer's cloud handles, the manufacturer's processor record
(30(2)). Every row comes from ``engines/privacy/ropa.py``; completeness is what
``gdpr-readiness`` judged (inventory-incomplete, transfer-uncovered, art32-*). The workbook
``medsec privacy ropa -o FILE.xlsx`` holds the same record as a spreadsheet.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.document import Question, Section, Statement, Status, Table, TableRow
from medsec.engines.privacy.ropa import Activity, ItemRecord, ProcessorRecord, Ropa, ropa
from medsec.engines.privacy.transfers import mechanism_text
from medsec.outputs.documents.common import APPROVALS, answered, project_ref, status_section
from medsec.outputs.documents.spec import DocumentInputs, DocumentMeta, Spec
from medsec.outputs.documents.specs.privacy_parts import (
    applicable,
    data_ref,
    findings,
    gap_statements,
    joined,
    model_ref,
    status_of,
    transfers_section,
)

DPO = Question(
    "dpo_contact",
    "Who is the data protection officer (or privacy contact) of the manufacturer: name and "
    "contact (GDPR Art. 30(1)(a), 37-39)?",
)
META = DocumentMeta(
    "ropa",
    "Records of processing activities (GDPR Art. 30)",
    ("GDPR 2016/679 Art. 30",),
    "controller and parties, processing activities per use case, data inventory, recipients, "
    "transfers, security measures, the processor record (Art. 30(2)); also "
    "'medsec privacy ropa -o FILE.xlsx'",
)
INVENTORY_RULES = ("no-inventory", "inventory-incomplete")
ART32_RULES = ("art32-transit", "art32-rest")


def _controller(inputs: DocumentInputs, record: Ropa) -> Section:
    """Art. 30(1)(a): the manufacturer, the controller parties, the DPO."""
    p = inputs.ctx.project
    lead = Statement(
        f"Manufacturer: {p.device.manufacturer}, for {p.device.name} {p.device.version}.",
        (project_ref("device.manufacturer"),),
    )
    parties = [
        Statement(
            f"{x.name} ({x.id}, {x.kind.value}): "
            + (x.role.value if x.role else "GDPR role not stated (parties[].role)"),
            (model_ref(f"parties.{x.id}", x.line),),
        )
        for x in p.parties
    ]
    role = Statement(
        (
            f"For the data of {joined(c.name for c in record.controllers)} (controller) the "
            f"manufacturer processes in its cloud on the controller's behalf: its processor "
            "record (Art. 30(2)) is the last section."
        )
        if record.processor
        else "The manufacturer keeps this record as controller of the processing it decides on; "
        "a hospital operating the device keeps its own record of the processing it decides on.",
        (project_ref("parties"),),
    )
    dpo, question = answered(inputs.answers, DPO, "Data protection officer: {value}")
    return Section(
        "controller",
        "Controller, parties and data protection officer (Art. 30(1)(a))",
        Status.MET if dpo else Status.PARTLY,
        statements=tuple(s for s in (lead, *parties, role, dpo) if s),
        open_questions=(question,) if question else (),
    )


def _activity_row(a: Activity, record: Ropa) -> TableRow:
    """One processing activity of the record."""
    ids = {d.id for d in a.data}
    received = [r.name for r in record.recipients if ids & set(r.data)]
    moved = [
        f"{t.country} ({t.mechanism.value if t.mechanism else 'no mechanism'})"
        for t in record.transfers
        if ids & set(t.data)
    ]
    return TableRow(
        (
            a.id,
            a.name,
            joined(f"{d.id} ({d.category.value})" for d in a.data),
            joined(a.subjects, "not stated"),
            joined(a.legal_bases, "not stated"),
            joined([r for d in a.data for r in d.recipients] + received, "not stated"),
            joined(moved, "none"),
            joined(f"{d.id}: {d.retention or 'not stated'}" for d in a.data),
        ),
        (model_ref(f"use_cases.{a.id}", a.line),),
    )


def _activities(inputs: DocumentInputs, record: Ropa) -> Section:
    """Art. 30(1)(b)-(f): one processing activity per use case that needs personal data."""
    table = Table(
        "Processing activities",
        (
            "Activity",
            "Purpose",
            "Personal data",
            "Data subjects",
            "Legal basis",
            "Recipients",
            "Third-country transfers",
            "Erasure time limits",
        ),
        tuple(_activity_row(a, record) for a in record.activities),
        empty="No use case needs personal data: no processing activity to record.",
    )
    found = findings(inputs, ItemId.GDPR_READINESS, INVENTORY_RULES)
    lead = Statement(
        f"{len(record.activities)} processing activities: each use case (use_cases) that needs "
        "personal data is one, its name the purpose.",
        (project_ref("use_cases"),),
    )
    return Section(
        "activities",
        "Processing activities (Art. 30(1)(b)-(f))",
        status_of(found),
        statements=(lead, *gap_statements(inputs, found)),
        tables=(table,),
    )


def _item_row(r: ItemRecord) -> TableRow:
    """One personal data item of the inventory."""
    d = r.item
    retired = f" (retired {d.retired_on})" if d.retired else ""
    return TableRow(
        (
            d.id + retired,
            d.category.value,
            d.subjects or "not stated",
            d.purpose or "not stated",
            joined(d.legal_basis, "not stated"),
            d.retention or "not stated",
            joined(d.recipients, "not stated"),
            joined(r.recipients),
            joined((t.country for t in r.transfers), "none"),
            joined(r.use_cases, "none"),
        ),
        (data_ref(d),),
    )


def _inventory(inputs: DocumentInputs, record: Ropa) -> Section:
    """The personal data items, each with every field Art. 30 asks for."""
    table = Table(
        "Personal data inventory",
        (
            "Data item",
            "Category",
            "Subjects",
            "Purpose",
            "Legal basis",
            "Retention",
            "Recipients (stated)",
            "Recipients (model)",
            "Transfers to",
            "Use cases",
        ),
        tuple(_item_row(r) for r in record.items),
    )
    found = findings(inputs, ItemId.GDPR_READINESS, INVENTORY_RULES)
    return Section(
        "inventory",
        "Categories of personal data and data subjects",
        status_of(found),
        statements=gap_statements(inputs, found),
        tables=(table,),
        level=2,
    )


def _recipients(record: Ropa) -> Section:
    """Who receives personal data according to the model (30(1)(d))."""
    rows = tuple(
        TableRow(
            (r.name, r.role, joined(r.elements), joined(r.data)),
            (model_ref(f"parties.{r.party}" if r.party else "boundaries (cloud)"),),
        )
        for r in record.recipients
    )
    table = Table(
        "Recipients shown by the model",
        ("Recipient", "Role", "Elements", "Personal data"),
        rows,
        empty="No party and no manufacturer cloud element receives personal data.",
    )
    lead = Statement(
        "A party receives personal data when it operates an element that stores or receives it "
        "(operated_by); the manufacturer when its cloud elements do.",
        (project_ref("parties, operated_by"),),
    )
    return Section(
        "recipients", "Recipients (Art. 30(1)(d))", Status.INFO, statements=(lead,), tables=(table,)
    )


def _measures(inputs: DocumentInputs, record: Ropa) -> Section:
    """Art. 30(1)(g): the implemented controls on what handles personal data; Art. 32 gaps."""
    rows = tuple(
        TableRow(
            (
                c.id,
                c.name,
                c.category.value,
                joined(c.applies_to),
                joined(c.verified_by, "not verified"),
            ),
            (model_ref(f"controls.{c.id}", c.line),),
        )
        for c in record.measures
    )
    table = Table(
        "Technical and organisational security measures",
        ("Control", "Measure", "Category", "Applies to", "Verified by"),
        rows,
        empty="No implemented control applies to what handles personal data.",
    )
    found = findings(inputs, ItemId.GDPR_READINESS, ART32_RULES)
    return Section(
        "measures",
        "Security measures (Art. 30(1)(g), Art. 32)",
        status_of(found),
        statements=gap_statements(inputs, found),
        tables=(table,),
    )


def _processor_rows(rec: ProcessorRecord) -> tuple[TableRow, ...]:
    """The Art. 30(2) fields as rows."""
    ref = (project_ref("parties[].role"),)
    transfers = joined(
        (
            f"{t.subject} → {t.country} ({mechanism_text(t.mechanism) if t.mechanism else 'none'})"
            for t in rec.transfers
        ),
        "none",
    )
    return (
        TableRow(("(a) controllers", joined(c.name for c in rec.controllers)), ref),
        TableRow(("(b) categories of processing", joined(rec.activities)), ref),
        TableRow(("personal data", joined(rec.data)), ref),
        TableRow(("elements (manufacturer's cloud)", joined(e.id for e in rec.elements)), ref),
        TableRow(("(c) transfers", transfers), ref),
        TableRow(("(d) security measures", joined((c.id for c in rec.measures), "none")), ref),
    )


def _processor(record: Ropa) -> Section:
    """Art. 30(2): the manufacturer's record as processor, when it is one."""
    rec = record.processor
    if rec is None:
        why = Statement(
            "No party is a controller (parties[].role: controller) of data the manufacturer's "
            "cloud elements handle: the manufacturer keeps no processor record for this product.",
            (project_ref("parties"),),
        )
        return Section(
            "processor", "Processor record (Art. 30(2))", Status.NOT_APPLICABLE, statements=(why,)
        )
    lead = Statement(
        "The manufacturer processes personal data on behalf of the controllers below (Art. 28 "
        "contract) in the cloud elements it operates.",
        (project_ref("parties, boundaries"),),
    )
    table = Table("Processor record", ("Field", "Entry"), _processor_rows(rec))
    return Section(
        "processor",
        "Processor record (Art. 30(2))",
        Status.INFO,
        statements=(lead,),
        tables=(table,),
    )


def build(inputs: DocumentInputs) -> tuple[Section, ...]:
    """The record's sections in order."""
    record = ropa(inputs.ctx.project)
    return (
        status_section(inputs),
        _controller(inputs, record),
        _activities(inputs, record),
        _inventory(inputs, record),
        _recipients(record),
        transfers_section(inputs, record, "transfers"),
        _measures(inputs, record),
        _processor(record),
    )


SPEC = Spec(META, (DPO, APPROVALS), build, applicable)
