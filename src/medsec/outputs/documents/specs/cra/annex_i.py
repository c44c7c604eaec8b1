"""Annex I of the CRA for the CRA-scope elements: Part I (security properties) and Part II
(vulnerability handling), requirement by requirement, each with the facts behind it.

The rows come from the shared row builder (:func:`..requirements.requirement_row`) fed with
the checklist narrowed to the CRA-scope elements (:mod:`.restrict`). Below each matrix, the
CRA-scope elements' own facts: their security properties as medsec.yaml states them (Part I),
their SBOMs, the disclosure contact and policy, their update mechanisms and the latest scan's
findings on them (Part II). A vulnerability-management failure on CRA scope (an overdue Art. 14
report, an unmitigated KEV finding) makes Part II not met, whatever the other rows say.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemStatus
from medsec.domain.document import EvidenceRef, Section, Statement, Status, Table, TableRow
from medsec.domain.model import Element, Project
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.wording import counted
from medsec.engines.compliance.context import SbomFact
from medsec.engines.frameworks.cra import ANNEX_I_PART_I, ANNEX_I_PART_II
from medsec.engines.vulnmgmt import elements_of
from medsec.outputs.documents.common import check_ref, project_ref
from medsec.outputs.documents.requirements import matrix_section, requirement_row
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.cra.restrict import Narrowed
from medsec.outputs.documents.specs.cra.scope import CraScope, element_ref


def _said(value: bool | None, yes: str = "yes", no: str = "no") -> str:
    """A stated flag as a reader says it; None is 'not stated', never a guess."""
    return "not stated" if value is None else yes if value else no


def part_i(inputs: DocumentInputs) -> Section:
    """Annex I Part I, one row per point, from the narrowed checklist."""
    rows = [requirement_row(r, inputs) for r in ANNEX_I_PART_I]
    return matrix_section("annex-i-part-i", "Annex I Part I: security properties", rows)


def _interfaces(p: Project, e: Element) -> str:
    """An element's interfaces: exposure, authentication, encryption, production state."""
    parts = [
        f"{i.id} ({i.exposure.value if i.exposure else 'exposure not stated'}; "
        f"auth {i.authentication.value if i.authentication else 'not stated'}; "
        f"enc {i.encryption.value if i.encryption else 'not stated'}; "
        f"{i.production.value if i.production else 'production not stated'})"
        for i in p.interfaces_of(e.id)
    ]
    return "; ".join(parts) or "none"


def properties_section(inputs: DocumentInputs, scope: CraScope) -> Section:
    """The CRA-scope elements' security properties as medsec.yaml states them."""
    p = inputs.ctx.project
    rows = tuple(
        TableRow(
            (
                e.id,
                e.credentials.value if e.credentials else "not stated",
                _said(e.security_logging),
                _said(e.encryption_at_rest) if e.stores else "stores no data",
                _said(e.internet_facing),
                _said(e.object_level_authorization),
                _interfaces(p, e),
            ),
            (element_ref(e, "security attributes"),),
        )
        for e in scope.inside
    )
    table = Table(
        "Security properties of the CRA-scope elements (medsec.yaml)",
        (
            "Element",
            "Credentials",
            "Security logging",
            "Encryption at rest",
            "Internet-facing",
            "Object-level authorisation",
            "Interfaces",
        ),
        rows,
        empty="No element is in CRA scope.",
    )
    lead = Statement(
        "The attributes the threat rules and checklist items read for the Part I points; an "
        "attribute not stated is unknown and reported by medsec check as missing information.",
        (project_ref("elements"),),
    )
    return Section(
        "part-i-facts",
        "Security properties of the CRA-scope elements",
        Status.INFO,
        statements=(lead,),
        tables=(table,),
        level=2,
    )


def part_ii(inputs: DocumentInputs, narrowed: dict[str, Narrowed]) -> Section:
    """Annex I Part II, one row per point; not met while vulnerability management fails."""
    rows = [requirement_row(r, inputs) for r in ANNEX_I_PART_II]
    section = matrix_section("annex-i-part-ii", "Annex I Part II: vulnerability handling", rows)
    vm = narrowed[ItemId.VULNERABILITY_MANAGEMENT.value].item
    if vm.status is not ItemStatus.FAIL:
        return section
    failing = [f for f in vm.findings if f.severity is ItemStatus.FAIL]
    verdict = Statement(
        "Vulnerability handling of the CRA-scope products fails: "
        + "; ".join(f.message for f in failing[:3])
        + (f" (+{len(failing) - 3} more: medsec check)" if len(failing) > 3 else "")
        + ".",
        tuple(dict.fromkeys(EvidenceRef(f.path, f.line, f.subject) for f in failing if f.path))
        or (check_ref(inputs, vm.id),),
        status=Status.NOT_MET,
        label="Annex I Part II (overall)",
        gap=failing[0].message if failing else None,
        fix=next((f.fix for f in failing if f.fix), None),
    )
    return Section(
        section.id,
        section.title,
        Status.NOT_MET,
        statements=(*section.statements, verdict),
        open_questions=section.open_questions,
        matrix=True,
    )


def _sbom_rows(inputs: DocumentInputs, scope: CraScope) -> tuple[TableRow, ...]:
    """One row per SBOM of a CRA-scope element; an element without one says so."""
    facts: dict[str, list[SbomFact]] = {}
    for s in inputs.ctx.sboms:
        facts.setdefault(s.element, []).append(s)
    rows = []
    for e in scope.inside:
        for s in facts.get(e.id, []):
            state = s.problem or ("read" if s.exists else "file not found")
            rows.append(
                TableRow(
                    (
                        e.id,
                        s.path,
                        state,
                        _count(s.components),
                        _count(s.complete_components),
                        _count(s.missing_support),
                        ", ".join(s.past_end_of_support) or "none",
                    ),
                    (EvidenceRef(s.path),),
                )
            )
        if e.id not in facts:
            cells = (e.id, "none", "no SBOM", "-", "-", "-", "-")
            rows.append(TableRow(cells, (element_ref(e, "sbom"),)))
    return tuple(rows)


def _count(n: int | None) -> str:
    """A count, or '-' when it could not be read."""
    return "-" if n is None else str(n)


def _disclosure(inputs: DocumentInputs) -> list[Statement]:
    """The coordinated-disclosure policy and the contact address (Part II (5), (6))."""
    d = inputs.ctx.project.device
    return [
        Statement(
            f"Vulnerability reports are received at {d.security_contact} (Part II (6))."
            if d.security_contact
            else "No contact address for vulnerability reports is stated (Part II (6)).",
            (EvidenceRef(PROJECT_FILE, record="device.security_contact"),),
        ),
        Statement(
            f"The coordinated vulnerability disclosure policy is published at "
            f"{d.disclosure_policy} (Part II (5))."
            if d.disclosure_policy
            else "No coordinated vulnerability disclosure policy is stated (Part II (5)).",
            (EvidenceRef(PROJECT_FILE, record="device.disclosure_policy"),),
        ),
    ]


def _updates(scope: CraScope) -> Table:
    """How each CRA-scope element is updated (Part II (7))."""
    rows = []
    for e in scope.inside:
        u = e.update
        cells = (
            e.id,
            (u.channel.value if u and u.channel else "not stated")
            if e.updatable is not False
            else "none (not updatable)",
            _said(u.signed if u else None),
            _said(u.rollback_protection if u else None),
            _said(u.atomic if u else None),
        )
        rows.append(TableRow(cells, (element_ref(e, "update"),)))
    return Table(
        "Update mechanisms of the CRA-scope elements",
        ("Element", "Channel", "Signed", "Rollback protection", "Atomic"),
        tuple(rows),
        empty="No element is in CRA scope.",
    )


def _scan(inputs: DocumentInputs, scope: CraScope) -> Statement:
    """The latest scan's findings on the CRA-scope elements (Part II (1), (2))."""
    ctx = inputs.ctx
    if ctx.vulnerability_scan is None:
        return Statement(
            "No CVE scan record: the vulnerabilities of the CRA-scope elements are not "
            "identified yet (medsec scan writes the record).",
            (check_ref(inputs, ItemId.CVE_ANALYSIS),),
        )
    ids = scope.ids
    on = [s for s in ctx.vulnerabilities if ids.intersection(elements_of(s.finding))]
    dated = {s.path: s.date for s in ctx.scans}
    return Statement(
        f"The latest scan has {counted(len(on), 'finding')} on the CRA-scope elements: "
        f"{sum(1 for s in on if s.finding.kev)} on CISA's KEV list, "
        f"{sum(1 for s in on if not s.triaged)} not triaged, "
        f"{sum(1 for s in on if s.closed)} closed.",
        (EvidenceRef(ctx.vulnerability_scan, date=dated.get(ctx.vulnerability_scan)),),
    )


def handling_section(inputs: DocumentInputs, scope: CraScope) -> Section:
    """The facts of Part II for the CRA-scope elements: SBOMs, disclosure, updates, findings."""
    sboms = Table(
        "SBOMs of the CRA-scope elements (Part II (1))",
        (
            "Element",
            "SBOM",
            "State",
            "Components",
            "NTIA complete",
            "Without support data",
            "Past end of support",
        ),
        _sbom_rows(inputs, scope),
        empty="No element is in CRA scope.",
    )
    return Section(
        "part-ii-facts",
        "Vulnerability handling facts of the CRA-scope elements",
        Status.INFO,
        statements=(*_disclosure(inputs), _scan(inputs, scope)),
        tables=(sboms, _updates(scope)),
        level=2,
    )
