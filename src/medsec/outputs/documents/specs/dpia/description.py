"""DPIA: the screening (WP248) and the systematic description of the processing (Art. 35(7)(a)).

The screening is ``engines/privacy/screening.py`` as ``gdpr-readiness`` used it: nine criteria,
each met or not with the model facts that met it. The description names the purposes (use
cases), the personal data and where it is processed, and the flows that carry it.
"""

from __future__ import annotations

from medsec.domain.document import EvidenceRef, Section, Statement, Status, Table, TableRow
from medsec.domain.model import Project
from medsec.domain.paths import PROJECT_FILE
from medsec.engines.privacy.ropa import Ropa
from medsec.engines.privacy.screening import Screening
from medsec.engines.privacy.transfers import location
from medsec.outputs.documents.common import project_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.privacy_parts import data_ref, joined, model_ref


def screening_section(screening: Screening) -> Section:
    """The nine WP248 criteria, met or not, with the facts; the conclusion first."""
    rows = tuple(
        TableRow(
            (
                str(c.number),
                c.title,
                "met" if c.met else "not met",
                "; ".join(f.text for f in c.facts) or f"nothing found (read: {c.reads})",
            ),
            tuple(EvidenceRef(PROJECT_FILE, f.line, f.record) for f in c.facts[:5])
            or (project_ref(),),
        )
        for c in screening.criteria
    )
    table = Table("WP248 criteria", ("#", "Criterion", "Result", "Model facts"), rows)
    conclusion = Statement(
        screening.conclusion
        + (
            " Art. 35(3)(b) applies: special-category data on a large scale."
            if screening.art35_3b
            else ""
        ),
        (project_ref("data, elements, flows, use_cases"),),
    )
    return Section(
        "screening",
        "DPIA screening (Art. 35(1), EDPB WP248 rev.01)",
        Status.INFO,
        statements=(conclusion,),
        tables=(table,),
    )


def _handled(p: Project) -> dict[str, list[str]]:
    """Per data id, the elements that store or exchange it, with their location (one pass)."""
    out: dict[str, list[str]] = {}
    for e in p.elements:
        touching = set(e.stores) | {d for f in p.flows_touching(e.id) for d in f.data}
        here = location(p, e.id)
        shown = f"{e.id} ({here.place.code})" if here else e.id
        for d in touching:
            out.setdefault(d, []).append(shown)
    return out


def _data_table(p: Project, record: Ropa) -> Table:
    """The personal data items in use, their purpose and where they are processed."""
    where = _handled(p)
    rows = tuple(
        TableRow(
            (
                r.item.id,
                r.item.category.value,
                r.item.subjects or "not stated",
                r.item.purpose or "not stated",
                joined(where.get(r.item.id, [])),
                r.item.retention or "not stated",
            ),
            (data_ref(r.item),),
        )
        for r in record.items
        if not r.item.retired
    )
    return Table(
        "Personal data and where it is processed",
        ("Data item", "Category", "Subjects", "Purpose", "Processed by (region)", "Retention"),
        rows,
    )


def _flow_table(p: Project, record: Ropa) -> Table:
    """The flows that carry personal data and how they are protected."""
    personal = {r.item.id for r in record.items}
    rows = tuple(
        TableRow(
            (
                f.id,
                f"{f.source} → {f.target}",
                joined(x for x in f.data if x in personal),
                f"{f.protocol.value if f.protocol else 'protocol not stated'}, "
                f"{f.encryption.value if f.encryption else 'encryption not stated'}",
            ),
            (model_ref(f"flows.{f.id}", f.line),),
        )
        for f in p.flows
        if personal & set(f.data)
    )
    return Table(
        "Flows of personal data",
        ("Flow", "From → to", "Personal data", "Protocol, encryption"),
        rows,
    )


def description_section(inputs: DocumentInputs, record: Ropa) -> Section:
    """Art. 35(7)(a): nature, scope, context and purposes of the processing."""
    p = inputs.ctx.project
    d = p.device
    lead = Statement(
        f"{d.name} {d.version} by {d.manufacturer}"
        + (f", intended for: {d.intended_use.rstrip('.')}" if d.intended_use else "")
        + ".",
        (project_ref("device"),),
    )
    purposes = Statement(
        "Purposes (use cases that need personal data): "
        + joined((f"{a.name} ({a.id})" for a in record.activities), "none")
        + ".",
        (project_ref("use_cases"),),
    )
    return Section(
        "description",
        "Systematic description of the processing (Art. 35(7)(a))",
        Status.INFO,
        statements=(lead, purposes),
        tables=(_data_table(p, record), _flow_table(p, record)),
    )
