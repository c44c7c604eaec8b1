"""The CRA Annex VII technical documentation outline: per item, where its evidence is.

Each item of the catalogue's outline (``cra_documentation.ANNEX_VII``) becomes a row that says
which medsec document, section or project file holds it, or which answer is still open. Its
status follows the narrowed checklist items behind it (never met while one does not pass) and
is capped while its answer is open; an item nothing in medsec holds and nobody answered is not
met. Hardware illustrations are not applicable when every CRA-scope element is software.
"""

from __future__ import annotations

from collections.abc import Callable

from medsec.domain.checklist import ItemStatus
from medsec.domain.document import EvidenceRef, OpenQuestion, Section, Statement, Status
from medsec.domain.framework import OutlineItem
from medsec.domain.paths import REGISTER_FILE
from medsec.domain.vocabulary import BoundaryKind
from medsec.engines.frameworks.cra import ANNEX_VII
from medsec.outputs.documents.common import (
    ANSWERS_FILE,
    answer_text,
    check_ref,
    combined,
    item_status,
    open_question,
    project_ref,
    results,
)
from medsec.outputs.documents.requirements import matrix_section, question
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.cra.scope import CraScope, element_ref

Where = tuple[str, tuple[EvidenceRef, ...]]
PASS = ItemStatus.PASS


def _sboms(scope: CraScope) -> tuple[EvidenceRef, ...]:
    """The SBOM files of the CRA-scope elements (an element without one: its entry)."""
    refs = [EvidenceRef(path) for e in scope.inside for path in e.sbom]
    refs += [element_ref(e, "sbom") for e in scope.inside if not e.sbom]
    return tuple(dict.fromkeys(refs))


def _purpose(inputs: DocumentInputs, scope: CraScope) -> Where:
    """1(a): the intended use and what each CRA-scope element does."""
    return (
        "medsec.yaml device.intended_use and the CRA-scope elements' descriptions; this "
        "document, section 'Scope: products with digital elements'",
        (
            project_ref("device.intended_use"),
            *(element_ref(e, "description") for e in scope.inside),
        ),
    )


def _versions(inputs: DocumentInputs, scope: CraScope) -> Where:
    """1(b): the release and the software versions in the SBOMs."""
    return (
        f"the release ({inputs.ctx.project.device.version}, medsec.yaml device.version) and the "
        "component versions in the CRA-scope elements' SBOMs",
        (project_ref("device.version"), *_sboms(scope)),
    )


def _user_information(inputs: DocumentInputs, scope: CraScope) -> Where:
    """1(d): what medsec holds of Annex II; the labeling documents are answered."""
    return (
        "Annex II content medsec holds: the contact and disclosure policy (medsec.yaml device), "
        "the end of support (section 'Support period'); the user documents themselves are "
        "named in the answers",
        (project_ref("device.security_contact"), project_ref("device.disclosure_policy")),
    )


def _architecture(inputs: DocumentInputs, scope: CraScope) -> Where:
    """2(a): the system model, its diagrams and the Part I rows it presents."""
    p = inputs.ctx.project
    flows = sum(1 for f in p.flows if scope.ids & {f.source, f.target})
    return (
        "the system model in medsec.yaml (elements, flows, interfaces, trust boundaries; "
        f"{flows} flows touch the CRA-scope elements), drawn by medsec report and in the "
        "architecture views of document fda-premarket; sections 'Annex I Part I' and "
        "'Security properties of the CRA-scope elements' of this document",
        (project_ref("elements, flows, interfaces, boundaries"),),
    )


def _handling(inputs: DocumentInputs, scope: CraScope) -> Where:
    """2(b): the SBOMs, the disclosure policy, the contact, the update mechanisms."""
    return (
        "sections 'Annex I Part II' and 'Vulnerability handling facts of the CRA-scope "
        "elements' of this document: the SBOMs, the disclosure policy, the contact address and "
        "the update mechanisms",
        (
            *_sboms(scope),
            project_ref("device.disclosure_policy"),
            project_ref("device.security_contact"),
            *(element_ref(e, "update") for e in scope.inside),
        ),
    )


def _risk(inputs: DocumentInputs, scope: CraScope) -> Where:
    """3: the threat register's threats on the CRA-scope elements, the Part I rows."""
    p = inputs.ctx.project
    near = set(scope.ids)
    near |= {f.id for f in p.flows if scope.ids & {f.source, f.target}}
    near |= {i.id for i in p.interfaces if i.element in scope.ids}
    threats = sum(1 for t in inputs.ctx.threats if t.threat.target.id in near)
    return (
        f"the threat register (threats.yaml: {threats} threats on the CRA-scope elements, "
        "their flows and interfaces), document security-risk-report, and how each Part I point "
        "applies: section 'Annex I Part I' of this document",
        (EvidenceRef(REGISTER_FILE, record=f"{threats} threats on CRA scope"),),
    )


def _support(inputs: DocumentInputs, scope: CraScope) -> Where:
    """4: the support period section."""
    return ("section 'Support period (Art. 13(8))' of this document", ())


def _tests(inputs: DocumentInputs, scope: CraScope) -> Where:
    """6: the penetration test reports and the CVE scan records, dated."""
    ctx = inputs.ctx
    reports = [
        EvidenceRef(r, record=t.id, date=t.date) for t in ctx.project.pentests for r in t.reports
    ]
    scans = [EvidenceRef(s.path, record="CVE scan", date=s.date) for s in ctx.scans]
    return (
        f"penetration tests: {len(ctx.project.pentests)}, CVE scan records: {len(ctx.scans)} "
        "(section 'Annex I Part II', row (3))",
        (*reports, *scans),
    )


def _sbom(inputs: DocumentInputs, scope: CraScope) -> Where:
    """8: the SBOMs of the CRA-scope elements, as delivered by the build."""
    return ("the CRA-scope elements' SBOMs (CycloneDX or SPDX)", _sboms(scope))


def _answer_only(inputs: DocumentInputs, scope: CraScope) -> Where:
    """Items only the manufacturer's documents hold: the answer names them."""
    return ("the manufacturer's own documents, named in the answers", ())


WHERE: dict[str, Callable[[DocumentInputs, CraScope], Where]] = {
    "1(a)": _purpose,
    "1(b)": _versions,
    "1(d)": _user_information,
    "2(a)": _architecture,
    "2(b)": _handling,
    "3": _risk,
    "4": _support,
    "6": _tests,
    "8": _sbom,
}


def software_only(inputs: DocumentInputs, scope: CraScope) -> bool:
    """Every CRA-scope element is software outside a device or physical boundary."""
    p = inputs.ctx.project
    hardware = (BoundaryKind.DEVICE.value, BoundaryKind.PHYSICAL.value)
    return bool(scope.inside) and all(
        e.is_software and not any(p.in_boundary_kind(e.id, k) for k in hardware)
        for e in scope.inside
    )


def _children(item: OutlineItem) -> list[str]:
    """The numbers of the items under a heading (none for an item)."""
    return [i.number for i in ANNEX_VII if i.number.startswith(f"{item.number}(")]


def _fixed(item: OutlineItem, inputs: DocumentInputs, scope: CraScope) -> Statement | None:
    """A heading's row, or the row of an item that does not apply; None for any other item."""
    label = f"{item.number} {item.title}"
    children = _children(item)
    if children:
        text = f"{item.gist} Items {', '.join(children)} below."
        return Statement(text, (project_ref("device"),), status=Status.INFO, label=label)
    if item.not_applicable_when is not None and software_only(inputs, scope):
        refs = tuple(element_ref(e, "software") for e in scope.inside)
        text = "Not applicable: the CRA-scope elements are software only."
        return Statement(text, refs, status=Status.NOT_APPLICABLE, label=label)
    return None


def _row(
    item: OutlineItem, inputs: DocumentInputs, scope: CraScope
) -> tuple[Statement, OpenQuestion | None]:
    """One outline item: where its evidence is, its status, the answer it still needs."""
    fixed = _fixed(item, inputs, scope)
    if fixed is not None:
        return fixed, None
    where, refs = WHERE.get(item.number, _answer_only)(inputs, scope)
    items = results(inputs.checklist, item.supports)
    status = combined(item_status(r) for r in items) if items else Status.MET
    gaps = [f"{r.title}: {r.status.value} on CRA scope" for r in items if r.status is not PASS]
    answer = inputs.answers.get(item.answer) if item.answer else None
    asked = None
    if item.answer and answer is None:
        asked = open_question(question(item.answer))
        capped = Status.PARTLY if status is Status.MET else status  # never met while open
        status = capped if items or refs else Status.NOT_MET
        gaps.append(f"the answer '{item.answer}' is open")
        refs = (*refs, EvidenceRef(ANSWERS_FILE, record=f"{item.answer} (not answered)"))
    elif answer is not None:
        where += f"; answer ({item.answer}): {answer_text(answer)}"
        refs = (*refs, answer.ref)
    row = Statement(
        f"Where: {where}.",
        tuple(dict.fromkeys((*refs, *(check_ref(inputs, r.id) for r in items)))),
        status=status,
        label=f"{item.number} {item.title}",
        gap="; ".join(gaps) or None,
        fix=f"{ANSWERS_FILE}: {item.answer}: ..." if asked else None,
    )
    return row, asked


def outline_section(inputs: DocumentInputs, scope: CraScope) -> Section:
    """The Annex VII outline, item by item."""
    rows = [_row(item, inputs, scope) for item in ANNEX_VII]
    return matrix_section(
        "annex-vii", "Annex VII technical documentation: where each item is", rows
    )
