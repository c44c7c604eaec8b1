"""``cra``: the Cyber Resilience Act (Regulation 2024/2847) for the products with digital elements.

The CRA excludes the medical device itself (Art. 2(2)); it covers the manufacturer's other
products with digital elements in the system, a companion app or a cloud service: the elements
that state ``cra_scope: true``. After the checklist as ``medsec check`` judged it, the document
names those products and the elements whose scope is still open, the product's class and
conformity route, Annex I Part I (security properties) and Part II (vulnerability handling)
requirement by requirement with the checklist narrowed to the CRA-scope elements, the Art. 14
reporting clock of actively exploited vulnerabilities, the support period (Art. 13(8)) and the
Annex VII technical documentation outline with where each item's evidence is. It applies when an
element is in CRA scope, or when one's scope is asked and not stated yet.
"""

from __future__ import annotations

from medsec.domain.document import Section
from medsec.outputs.documents.common import status_section
from medsec.outputs.documents.spec import DocumentInputs, DocumentMeta, Spec
from medsec.outputs.documents.specs.cra.annex_i import (
    handling_section,
    part_i,
    part_ii,
    properties_section,
)
from medsec.outputs.documents.specs.cra.annex_vii import outline_section
from medsec.outputs.documents.specs.cra.clock import clock_section
from medsec.outputs.documents.specs.cra.questions import QUESTIONS
from medsec.outputs.documents.specs.cra.restrict import narrow, narrowed_inputs
from medsec.outputs.documents.specs.cra.scope import (
    applicable,
    classification_section,
    cra_scope,
    scope_section,
)
from medsec.outputs.documents.specs.cra.support import support_section

META = DocumentMeta(
    "cra",
    "Cyber Resilience Act: essential requirements and technical documentation",
    ("EU CRA 2024/2847",),
    "products with digital elements (cra_scope): Annex I Part I and II requirement by "
    "requirement, Art. 14 reporting clock, support period, Annex VII outline",
)


def build(inputs: DocumentInputs) -> tuple[Section, ...]:
    """The checklist status, the scope, Annex I, the Art. 14 clock, support, Annex VII."""
    scope = cra_scope(inputs.ctx.project)
    narrowed = narrow(inputs, scope.ids)
    on_scope = narrowed_inputs(inputs, narrowed)
    return (
        status_section(inputs),
        scope_section(inputs, scope),
        classification_section(inputs),
        part_i(on_scope),
        properties_section(inputs, scope),
        part_ii(on_scope, narrowed),
        handling_section(inputs, scope),
        clock_section(on_scope, scope, narrowed),
        support_section(inputs, scope),
        outline_section(on_scope, scope),
    )


SPEC = Spec(META, QUESTIONS, build, applicable)

__all__ = ["META", "SPEC", "applicable", "build"]
