"""The manual answers of the ``cra`` document: the catalogue's keys, and the CRA's own three.

The catalogue keys (Annex I rows, the Annex VII outline) keep their one question and kind
(:func:`medsec.outputs.documents.requirements.question`). The product's class, the conformity
assessment route and the end of the support period are facts only the manufacturer states.
"""

from __future__ import annotations

from medsec.domain.document import AnswerKind, Question
from medsec.engines.frameworks.cra import ANNEX_I_PART_I, ANNEX_I_PART_II, ANNEX_VII, REPORTING
from medsec.outputs.documents.common import APPROVALS
from medsec.outputs.documents.requirements import question, requirement_questions

PRODUCT_CLASS = Question(
    "cra_product_class",
    "Which CRA class is the product with digital elements: default, important-class-i, "
    "important-class-ii or critical (Annex III and IV list the important and critical "
    "categories; e.g. Annex III class I 19: health-monitoring wearables outside the MDR)?",
)
CONFORMITY_ROUTE = Question(
    "cra_conformity_route",
    "Which conformity assessment procedure of Art. 32 is used for the product with digital "
    "elements: module A (internal control), module B+C (EU-type examination), module H (full "
    "quality assurance) or a European cybersecurity certification scheme?",
)
SUPPORT_END = Question(
    "support_period_end",
    "On which day does the support period of the product with digital elements end (the last "
    "day security updates are provided; Art. 13(8), 13(19))?",
    AnswerKind.DATE,
)
SUPPORT_PERIOD = question("support_period")
REPORTING_ANSWER = question("cra_reporting")

QUESTIONS: tuple[Question, ...] = requirement_questions(
    (*ANNEX_I_PART_I, *ANNEX_I_PART_II, REPORTING),
    PRODUCT_CLASS,
    CONFORMITY_ROUTE,
    SUPPORT_END,
    SUPPORT_PERIOD,
    *(question(item.answer) for item in ANNEX_VII if item.answer),
    APPROVALS,
)
