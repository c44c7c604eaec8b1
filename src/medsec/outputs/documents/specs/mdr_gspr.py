"""``mdr-gspr``: the MDR GSPR checklist rows for cybersecurity and MDCG 2019-16's expectations.

The rows of Annex I that MDCG 2019-16 ties to security (1-4, 8, 14.2(d), 17.1, 17.2, 17.4, 18.8,
23.4(ab) and the related 23.4 items), each with whether it applies, the standards applied to
meet it, its evidence and its status; then the guidance's expectations (sections 2 to 4) as a
second matrix. Rows come from the shared builder (:mod:`..requirements`), so a status always
restates ``medsec check``. Which standards are applied is the ``standards_applied`` answer; the
document says, per standard, what medsec's evidence covers of it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from medsec.domain.checklist import ItemId
from medsec.domain.document import (
    Answer,
    EvidenceRef,
    OpenQuestion,
    Section,
    Statement,
    Status,
    Table,
    TableRow,
)
from medsec.domain.framework import Condition, Requirement
from medsec.engines.compliance.context import CheckContext
from medsec.engines.frameworks.mdr import GSPR, GSPR_STANDARDS, MDCG2019_16
from medsec.outputs.documents.common import (
    ANSWERS_FILE,
    APPROVALS,
    check_ref,
    combined,
    item_status,
    open_question,
    project_ref,
    results,
    status_section,
)
from medsec.outputs.documents.requirements import (
    condition_holds,
    matrix_section,
    question,
    requirement_questions,
    requirement_row,
)
from medsec.outputs.documents.spec import DocumentInputs, DocumentMeta, Spec

META = DocumentMeta(
    "mdr-gspr",
    "MDR GSPR checklist (cybersecurity) and MDCG 2019-16 expectations",
    ("EU MDR 2017/745 Annex I", "MDCG 2019-16"),
    "GSPR rows 1-4, 8, 14.2(d), 17.1, 17.2, 17.4, 18.8, 23.4 with standards and evidence; "
    "MDCG 2019-16 expectations",
)
STANDARDS = question("standards_applied")
# where the MDR applies: the EU and the EEA (a market named by its ISO country code counts too)
EU_MARKETS = frozenset(
    "EU EEA AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK "  # noqa: SIM905
    "IS LI NO".split()
)
# what medsec's evidence covers of each standard, and the checklist items that hold it
COVERAGE: dict[str, tuple[str, tuple[ItemId, ...]]] = {
    "IEC 81001-5-1": (
        "the conformance matrix (document iec-81001-5-1): threat model and risk register "
        "(clause 7), SBOM with maintained/supported/required classes (4.3, 8), vulnerability "
        "monitoring and handling (6.2, 9), security testing and the penetration test (5.7)",
        tuple(ItemId),
    ),
    "ISO 14971": (
        "the security-to-safety link: threats that can cause a hazard carry its severity into "
        "their risk and are handed to the safety risk file (document security-risk-report); "
        "the ISO 14971 file itself is kept outside medsec",
        (ItemId.THREAT_RISK_ANALYSIS,),
    ),
    "IEC 62304": (
        "the SOUP list as the SBOM (components, versions, suppliers, support, known "
        "vulnerabilities); the software life-cycle records themselves are kept outside medsec",
        (ItemId.SBOM, ItemId.CVE_ANALYSIS),
    ),
    "AAMI TIR57": (
        "the security risk management method: STRIDE per element and medical-device rules, "
        "CVSS scores, controls and residual risk in the threat register",
        (ItemId.THREAT_RISK_ANALYSIS, ItemId.SECURITY_BY_DESIGN),
    ),
    "IEC/TR 80001-2-2": (
        "the security capabilities the system model states (interfaces, authentication, "
        "encryption, logging, updates)",
        (ItemId.SECURITY_CONCEPT, ItemId.SECURITY_BY_DESIGN),
    ),
    "IEC/TR 60601-4-5": (
        "the security capabilities of the device's interfaces and elements in the model",
        (ItemId.SECURITY_BY_DESIGN,),
    ),
}
_OUTSIDE = "nothing: its evidence is kept outside medsec"


def _core(standard: str) -> str:
    """The number that identifies a standard: ``62304``, ``81001-5-1``, ``TIR57``."""
    return standard.split()[-1]


def declares(declared: str, standard: str) -> bool:
    """Whether a declared standard (``EN IEC 62304:2006+A1:2015``) is ``standard``."""
    core = re.escape(_core(standard))
    return re.search(rf"(?<![\w-]){core}(?![\w-]|-\d)", declared, re.IGNORECASE) is not None


def _software_only(ctx: CheckContext) -> bool:
    """Whether the product has no hardware (IEC 60601 parts then do not apply)."""
    return condition_holds(Condition.NO_HARDWARE, ctx)


def usual_standards(req: Requirement, ctx: CheckContext) -> tuple[str, ...]:
    """The standards a GSPR row usually cites; the IEC 60601 parts only with hardware."""
    usual = GSPR_STANDARDS.get(req.id, ())
    return tuple(s for s in usual if not (_software_only(ctx) and "60601" in s))


def applies(ctx: CheckContext) -> str | None:
    """The MDR applies to devices placed on the EU market; no market stated counts as EU."""
    markets = ctx.project.device.markets
    if not markets or any(m.strip().upper() in EU_MARKETS for m in markets):
        return None
    return (
        f"device.markets ({', '.join(markets)}) names no EU or EEA market: the MDR does not "
        "apply (add EU to device.markets in medsec.yaml if it is placed on the EU market)"
    )


def _declared(answer: Answer | None) -> tuple[str, ...]:
    """The standards the ``standards_applied`` answer lists (none while it is open)."""
    value = answer.value if answer is not None else ()
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, tuple) else ()


def _standards_of(req: Requirement, inputs: DocumentInputs, answer: Answer | None) -> str:
    """The row's 'standards applied' cell: the declared standards that fit it, or what is open."""
    usual = usual_standards(req, inputs.ctx)
    if answer is None:
        return f"open (usually {', '.join(usual) or 'none'})"
    fitting = [d for d in _declared(answer) if any(declares(d, u) for u in usual)]
    return ", ".join(fitting) or f"none of the declared standards (usually {', '.join(usual)})"


def _gspr_row(
    req: Requirement, inputs: DocumentInputs
) -> tuple[Statement, tuple[OpenQuestion, ...], str]:
    """A GSPR row: applicable, standards applied, evidence and status; its questions."""
    row, q = requirement_row(req, inputs)
    answer = inputs.answers.get(STANDARDS.key)
    questions = tuple(x for x in (q, None if answer else open_question(STANDARDS)) if x)
    if row.status is Status.NOT_APPLICABLE:
        return replace(row, text=f"Applicable: no. {row.text}"), questions, "-"
    standards = _standards_of(req, inputs, answer)
    status = row.status
    gap = row.gap
    if answer is None:  # a GSPR row names how it is met: at most partly while that is open
        status = Status.PARTLY if status is Status.MET else status
        if req.answer != STANDARDS.key:
            gap = "; ".join(x for x in (gap, f"standards applied: {standards}") if x)
    text = f"Applicable: yes. Standards applied: {standards}. {row.text}"
    refs = row.evidence if answer is None else tuple(dict.fromkeys((*row.evidence, answer.ref)))
    return replace(row, text=text, status=status, gap=gap, evidence=refs), questions, standards


def _gspr(inputs: DocumentInputs) -> tuple[Section, ...]:
    """The GSPR checklist: the matrix, and the table a notified body reads."""
    built = [(req, *_gspr_row(req, inputs)) for req in GSPR]
    table = Table(
        "GSPR checklist (cybersecurity)",
        ("GSPR", "Title", "Applicable", "Standards applied", "Status"),
        tuple(
            TableRow(
                (
                    req.clause,
                    req.title,
                    "no" if row.status is Status.NOT_APPLICABLE else "yes",
                    standards,
                    (row.status or Status.INFO).label,
                ),
                row.evidence,
            )
            for req, row, _, standards in built
        ),
    )
    rows = [(row, None) for _, row, _, _ in built]
    section = matrix_section("gspr", "GSPR checklist: Annex I rows for cybersecurity", rows)
    questions = {q.key or q.text: q for _, _, qs, _ in built for q in qs}
    return (replace(section, tables=(table,), open_questions=tuple(questions.values())),)


def _coverage_row(standard: str, inputs: DocumentInputs, declared: tuple[str, ...]) -> TableRow:
    """One standard: the GSPRs citing it, declared or not, what medsec's evidence covers."""
    rows = [r.clause for r in GSPR if standard in usual_standards(r, inputs.ctx)]
    covers, items = COVERAGE.get(standard, (_OUTSIDE, ()))
    found = results(inputs.checklist, items)
    state = combined(item_status(r) for r in found).label if found else "-"
    said = "yes" if any(declares(d, standard) for d in declared) else "no"
    return TableRow(
        (standard, ", ".join(rows) or "-", said if declared else "open", covers, state),
        tuple(check_ref(inputs, r.id) for r in found),
    )


def _standards(inputs: DocumentInputs) -> Section:
    """The standards applied (the answer) and what medsec's evidence covers of each."""
    answer = inputs.answers.get(STANDARDS.key)
    declared = _declared(answer)
    usual = dict.fromkeys(s for r in GSPR for s in usual_standards(r, inputs.ctx))
    extra = [d for d in declared if not any(declares(d, u) for u in usual)]
    rows = [_coverage_row(s, inputs, declared) for s in usual]
    rows += [TableRow((d, "-", "yes", _OUTSIDE, "-")) for d in extra]
    table = Table(
        "Standards and what medsec's evidence covers of them",
        ("Standard", "Cited by GSPR", "Declared applied", "medsec's evidence covers", "Status"),
        tuple(rows),
    )
    statement = (
        Statement(f"Standards applied: {'; '.join(declared)}.", (answer.ref,))
        if answer
        else Statement(
            "The standards applied are not declared yet; the table lists those the GSPR rows "
            "usually cite.",
            (EvidenceRef(ANSWERS_FILE, record=f"{STANDARDS.key}: open"),),
        )
    )
    return Section(
        "standards",
        "Standards applied",
        Status.INFO if answer else Status.PARTLY,
        statements=(statement,),
        tables=(table,),
        open_questions=() if answer else (open_question(STANDARDS),),
    )


def _applicability(inputs: DocumentInputs) -> Section:
    """Why the MDR applies: the markets the project names."""
    markets = inputs.ctx.project.device.markets
    text = (
        f"The device is placed on the market in: {', '.join(markets)}; the MDR applies."
        if markets
        else "The project names no market (device.markets): this document assumes the EU."
    )
    return Section(
        "applicability",
        "Applicability",
        Status.INFO,
        statements=(Statement(text, (project_ref("device.markets"),)),),
    )


def build(inputs: DocumentInputs) -> tuple[Section, ...]:
    """Evidence status, applicability, standards, the GSPR checklist, MDCG 2019-16."""
    mdcg = matrix_section(
        "mdcg-2019-16",
        "MDCG 2019-16 expectations",
        [requirement_row(r, inputs) for r in MDCG2019_16],
    )
    return (
        status_section(inputs),
        _applicability(inputs),
        _standards(inputs),
        *_gspr(inputs),
        mdcg,
    )


SPEC = Spec(
    META,
    requirement_questions((*GSPR, *MDCG2019_16), STANDARDS, APPROVALS),
    build,
    applies,
)
