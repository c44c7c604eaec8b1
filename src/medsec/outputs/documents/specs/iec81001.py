"""``iec-81001-5-1``: the IEC 81001-5-1 conformance matrix, one row per requirement clause.

Every clause of the catalogue (4.1.1 to 9.5 and the normative Annex F) is a row: its status
(met, partly, not met, not applicable with the rationale), what the evidence shows, the evidence
files and records, the gap and the command or edit that closes it (see
:mod:`medsec.outputs.documents.requirements`). The rows are grouped by clause; a summary counts
the statuses per group. The matrix is also the standard's 4.1.3 applicability record.
"""

from __future__ import annotations

from medsec.domain.document import Section, Statement, Status, Table, TableRow
from medsec.domain.framework import Requirement
from medsec.engines.frameworks.iec81001 import REQUIREMENTS
from medsec.outputs.documents.common import APPROVALS, check_ref, status_section
from medsec.outputs.documents.requirements import (
    matrix_section,
    requirement_questions,
    requirement_row,
    rows_status,
    status_counts,
)
from medsec.outputs.documents.spec import DocumentInputs, DocumentMeta, Spec

META = DocumentMeta(
    "iec-81001-5-1",
    "IEC 81001-5-1 conformance matrix",
    ("IEC 81001-5-1:2021",),
    "one row per requirement clause (4.1.1-9.5, Annex F): status, evidence, gap, how to close",
)
# clause groups in the standard's order: (section id, the clause's first part, title). A title
# names its clause in words ("Clause 4: ..."): a bare "4" would stand beside the section number
# the document gives it ("3 4 General requirements" read as a numbering off by one).
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("clause-4", "4", "Clause 4: General requirements"),
    ("clause-5", "5", "Clause 5: Software development process"),
    ("clause-6", "6", "Clause 6: Software maintenance process"),
    ("clause-7", "7", "Clause 7: Security risk management process"),
    ("clause-8", "8", "Clause 8: Software configuration management process"),
    ("clause-9", "9", "Clause 9: Software problem resolution process"),
    ("annex-f", "Annex F", "Annex F (normative): Transitional health software"),
)
_COUNTED = (Status.MET, Status.PARTLY, Status.NOT_MET, Status.NOT_APPLICABLE)


def group_of(req: Requirement) -> str:
    """The clause group a requirement belongs to: ``4`` ... ``9`` or ``Annex F``."""
    head = req.clause.split(".", 1)[0]
    return "Annex F" if head.startswith("Annex F") else head


def _summary(inputs: DocumentInputs, groups: list[tuple[str, Section]]) -> Section:
    """Statuses counted per clause group, and over the whole matrix."""
    rows = []
    for title, section in groups:
        counts = status_counts(section.statements)
        cells = (title, *(str(counts[s]) for s in _COUNTED), str(len(section.statements)))
        rows.append(TableRow(cells))
    every = [r for _, s in groups for r in s.statements]
    total = status_counts(every)
    rows.append(TableRow(("All clauses", *(str(total[s]) for s in _COUNTED), str(len(every)))))
    table = Table(
        "Requirement clauses per status",
        ("Clause group", *(s.label for s in _COUNTED), "Clauses"),
        tuple(rows),
    )
    lead = Statement(
        f"{len(every)} requirement clauses: {total[Status.MET]} met, "
        f"{total[Status.PARTLY]} partly met, {total[Status.NOT_MET]} not met, "
        f"{total[Status.NOT_APPLICABLE]} not applicable (each with its rationale). A clause is "
        "met only when every checklist item behind it passes and its manual answer is given.",
        (check_ref(inputs, "checklist"),),
    )
    return Section("summary", "Summary", rows_status(every), statements=(lead,), tables=(table,))


def _unplaced() -> list[Requirement]:
    """Catalogue rows no group takes (a new clause the groups do not know yet)."""
    heads = {head for _, head, _ in GROUPS}
    return [r for r in REQUIREMENTS if group_of(r) not in heads]


def build(inputs: DocumentInputs) -> tuple[Section, ...]:
    """The evidence status, the summary, then one matrix section per clause group."""
    groups: list[tuple[str, Section]] = []
    for section_id, head, title in GROUPS:
        reqs = [r for r in REQUIREMENTS if group_of(r) == head]
        if reqs:
            rows = [requirement_row(r, inputs) for r in reqs]
            groups.append((title, matrix_section(section_id, title, rows)))
    rest = _unplaced()
    if rest:
        rows = [requirement_row(r, inputs) for r in rest]
        groups.append(("Other clauses", matrix_section("other", "Other clauses", rows)))
    return (status_section(inputs), _summary(inputs, groups), *(s for _, s in groups))


SPEC = Spec(META, requirement_questions(REQUIREMENTS, APPROVALS), build)
