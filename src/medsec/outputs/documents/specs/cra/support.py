"""The support period of the products with digital elements (Art. 13(8), Annex VII 4).

Security updates are handled for at least five years, or for the time the product is expected
to be in use when that is shorter; the end date (at least month and year) is told to buyers
(Art. 13(19)), and the information that set the period belongs to the technical documentation.
The end date is the ``support_period_end`` answer, else the end of support the support data
(support.yaml, else the SBOM) states for the product each CRA-scope SBOM describes; the reasons
are the ``support_period`` answer. The support data of the components is shown beside them,
because the support of integrated components is one of the things Art. 13(8) says to weigh.
"""

from __future__ import annotations

from datetime import date

from medsec.domain.document import EvidenceRef, Section, Statement, Status
from medsec.domain.paths import SUPPORT_FILE
from medsec.engines.frameworks.cra import SUPPORT_PERIOD_YEARS
from medsec.outputs.documents.common import answered, open_question
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.cra.questions import SUPPORT_END, SUPPORT_PERIOD
from medsec.outputs.documents.specs.cra.scope import CraScope


def years_after(start: date, years: int) -> date:
    """``start`` plus whole years (29 February falls on 28 February)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def _stated(inputs: DocumentInputs, scope: CraScope) -> tuple[date, tuple[EvidenceRef, ...]] | None:
    """The end of support the support data states for every CRA-scope product (the earliest).

    None unless each SBOM of a CRA-scope element names its product with an end of support
    (support.yaml first, else the SBOM's own): a product without one is not guessed.
    """
    facts = [s for s in inputs.ctx.sboms if s.element in scope.ids]
    ends = [s.product_end_of_support for s in facts]
    if not facts or any(e is None for e in ends) or set(scope.ids) - {s.element for s in facts}:
        return None
    refs = tuple(
        EvidenceRef(SUPPORT_FILE, record=s.product_support_entry)
        if s.product_support_entry
        else EvidenceRef(s.path, record=s.product)
        for s in facts
    )
    return min(e for e in ends if e is not None), tuple(dict.fromkeys(refs))


def _end(inputs: DocumentInputs, scope: CraScope) -> tuple[date | None, Statement | None]:
    """The end date (the answer, else the support data) and the statement citing it."""
    found = inputs.answers.get(SUPPORT_END.key)
    stated = _stated(inputs, scope)
    refs: tuple[EvidenceRef, ...]
    if found is not None and isinstance(found.value, date):
        end, refs, source = found.value, (found.ref,), "answered"
    elif stated is not None:
        end, refs = stated
        source = "the end of support the support data states for the CRA-scope products"
    else:
        return None, None
    today = inputs.ctx.today
    text = f"The support period ends on {end.isoformat()} ({source})"
    if end < today:
        text += f": it ended before this document's date ({today.isoformat()})."
    else:
        text += f", {(end - today).days} days after this document's date ({today.isoformat()})."
    return end, Statement(text, refs)


def _components(inputs: DocumentInputs, scope: CraScope) -> Statement | None:
    """What the CRA-scope SBOMs say about their components' support."""
    facts = [s for s in inputs.ctx.sboms if s.element in scope.ids and s.components is not None]
    if not facts:
        return None
    missing = sum(s.missing_support or 0 for s in facts)
    past = sorted({label for s in facts for label in s.past_end_of_support})
    total = sum(s.components or 0 for s in facts)
    listed = ", ".join(past[:5]) + (f" +{len(past) - 5} more" if len(past) > 5 else "")
    text = (
        f"Of the {total} components in the CRA-scope SBOMs, {missing} state no level of support "
        "or end of support; past their end of support without a risk acceptance: "
        f"{listed or 'none'}."
    )
    return Statement(text, tuple(EvidenceRef(s.path) for s in facts))


def support_section(inputs: DocumentInputs, scope: CraScope) -> Section:
    """The end of support, how it was set, and whether it reaches five years."""
    today = inputs.ctx.today
    end, said = _end(inputs, scope)
    why, q_why = answered(inputs.answers, SUPPORT_PERIOD, "How the period was set: {value}")
    statements = [s for s in (said, why, _components(inputs, scope)) if s]
    questions = [q for q in (q_why,) if q]
    if end is None:
        questions.insert(0, open_question(SUPPORT_END))
        status = Status.PARTLY
    elif end < today:
        status = Status.NOT_MET
        statements.append(_short("the support period has ended", said, Status.NOT_MET))
    elif end < years_after(today, SUPPORT_PERIOD_YEARS):
        short = f"it is shorter than {SUPPORT_PERIOD_YEARS} years from today"
        if why is None:
            status = Status.PARTLY
            statements.append(_short(short, said))
        else:
            status = Status.MET
            statements.append(_short(f"{short}, for the reasons stated", said, Status.MET))
    else:
        status = Status.PARTLY if why is None else Status.MET
    return Section(
        "support-period",
        "Support period (Art. 13(8))",
        status,
        statements=tuple(statements),
        open_questions=tuple(questions),
    )


def _short(why: str, said: Statement | None, status: Status = Status.PARTLY) -> Statement:
    """A support period that does not meet Art. 13(8) as stated."""
    met = status is Status.MET
    return Statement(
        f"Art. 13(8) asks at least {SUPPORT_PERIOD_YEARS} years, or the expected time of use "
        f"when the product is in use for less: {why}.",
        said.evidence if said else (),
        status=status,
        gap=None if met else why,
        fix=None
        if met
        else f"documents/answers.yaml: {SUPPORT_END.key}: YYYY-MM-DD, or "
        f"{SUPPORT_PERIOD.key}: the expected time of use that justifies a shorter period",
    )
