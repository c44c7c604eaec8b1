"""Which parts of the system the CRA covers, the product's class and its conformity route.

An element is (part of) a product with digital elements when it states ``cra_scope: true``;
``false`` says it is part of the medical device, which the MDR covers and the CRA excludes
(Art. 2(2)(a)). Cloud and mobile software of a device sold in the EU that states neither is
asked, exactly as ``medsec check`` asks it (``cra_reporting.scope_unknown``): the document
lists it as an open question, never silently in or out. The class (Annex III, IV) and the
procedure chosen (Art. 32) are the manufacturer's answers; the document says which procedures
the class allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from medsec.domain.document import (
    EvidenceRef,
    OpenQuestion,
    Section,
    Statement,
    Status,
    Table,
    TableRow,
)
from medsec.domain.errors import Diagnostic, InputError
from medsec.domain.model import Element, Project
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.vocabulary import ElementType
from medsec.engines.compliance.context import CheckContext
from medsec.engines.cra_reporting import scope_unknown, sold_in_eu
from medsec.outputs.documents.common import answered, check_ref, project_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.cra.questions import CONFORMITY_ROUTE, PRODUCT_CLASS

_FIX = "medsec.yaml: elements[{id}].cra_scope: true|false"


@dataclass(frozen=True)
class CraScope:
    """The elements by CRA scope: in, stated out, asked and unknown, and the rest (not asked)."""

    inside: tuple[Element, ...]
    outside: tuple[Element, ...]
    unknown: tuple[Element, ...]
    unasked: tuple[Element, ...]  # software not stating it where check does not ask

    @property
    def ids(self) -> frozenset[str]:
        """The ids of the CRA-scope elements."""
        return frozenset(e.id for e in self.inside)


def cra_scope(project: Project) -> CraScope:
    """The project's elements by CRA scope, in model order (people are no products)."""
    unknown = scope_unknown(project)
    asked = {e.id for e in unknown}
    parts = [e for e in project.elements if e.type is not ElementType.ACTOR]
    return CraScope(
        inside=tuple(e for e in project.elements if e.cra_scope),
        outside=tuple(e for e in parts if e.cra_scope is False),
        unknown=unknown,
        unasked=tuple(
            e for e in parts if e.cra_scope is None and e.id not in asked and e.is_software
        ),
    )


def applicable(ctx: CheckContext) -> str | None:
    """None when an element is in CRA scope or its scope is asked and unknown; else why not."""
    scope = cra_scope(ctx.project)
    if scope.inside or scope.unknown:
        return None
    if scope.outside:
        stated = ", ".join(e.id for e in scope.outside)
        return f"no element is in CRA scope: {stated} state cra_scope: false"
    if not sold_in_eu(ctx.project):
        markets = ", ".join(ctx.project.device.markets) or "none stated"
        return f"no element is in CRA scope: the device is not sold in the EU (markets: {markets})"
    return (
        "no element is in CRA scope: no element states cra_scope: true, and the system has no "
        "cloud or mobile software whose scope is asked"
    )


def element_ref(e: Element, key: str = "cra_scope") -> EvidenceRef:
    """An element's entry in medsec.yaml as evidence (its line, the key relied on)."""
    return EvidenceRef(PROJECT_FILE, e.line, f"elements.{e.id}.{key}")


def _row(p: Project, e: Element) -> TableRow:
    """One CRA-scope element: what it is, where it runs, what it does."""
    boundary = p.boundary(e.boundary) if e.boundary else None
    where = f"{boundary.name} ({boundary.kind.value})" if boundary else "no boundary stated"
    what = (e.description or (e.function.value if e.function else "not described")).strip()
    return TableRow(
        (e.id, e.name, where, what, ", ".join(e.sbom) or "none"),
        (element_ref(e),),
    )


def _unknown(e: Element) -> OpenQuestion:
    """An element whose CRA scope is asked and not stated, as an open question."""
    return OpenQuestion(
        f"Is element '{e.id}' ({e.name}) a product with digital elements placed on the market "
        "of its own, outside the MDR/IVDR (true), or part of the medical device (false)?",
        _FIX.format(id=e.id),
    )


def scope_section(inputs: DocumentInputs, scope: CraScope) -> Section:
    """The products with digital elements: which elements, why, and what stays outside."""
    d = inputs.ctx.project.device
    statements = [
        Statement(
            f"{d.name} {d.version} is a medical device under the MDR (EU 2017/745): the CRA "
            "does not apply to it (Art. 2(2)(a)). This document covers the manufacturer's "
            "products with digital elements placed on the market beside it: the elements that "
            "state cra_scope: true.",
            (project_ref("device"),),
        ),
        Statement(
            "Annex I statuses restate medsec check narrowed to the CRA-scope elements: a "
            "finding that concerns only elements outside CRA scope is set aside, one that "
            "concerns a CRA-scope element or no element (a policy, a process) counts.",
            (check_ref(inputs, "checklist"),),
        ),
    ]
    statements += [
        Statement(
            f"Outside CRA scope (part of the medical device, Art. 2(2)): {e.id} ({e.name}).",
            (element_ref(e),),
        )
        for e in scope.outside
    ]
    if scope.unasked:
        names = ", ".join(e.id for e in scope.unasked)
        statements.append(
            Statement(
                f"Not stating cra_scope and taken as part of the medical device (software of "
                f"its device, network or physical boundaries; the scope is asked of cloud and "
                f"mobile software of a device sold in the EU): {names}. An element placed on "
                "the market as a product of its own states cra_scope: true.",
                tuple(element_ref(e) for e in scope.unasked[:10]),
            )
        )
    table = Table(
        "Products with digital elements (CRA scope)",
        ("Element", "Name", "Boundary", "What it does", "SBOM"),
        tuple(_row(inputs.ctx.project, e) for e in scope.inside),
        empty="No element states cra_scope: true.",
    )
    questions = tuple(_unknown(e) for e in scope.unknown)
    return Section(
        "scope",
        "Scope: products with digital elements",
        Status.PARTLY if questions else Status.INFO,
        statements=tuple(statements),
        tables=(table,),
        open_questions=questions,
    )


# Art. 32: the procedures each class may use (A: module A, BC: modules B+C, H: module H,
# scheme: a European cybersecurity certification scheme)
CLASSES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "default": (
        "a product of none of the Annex III or IV categories",
        ("A", "BC", "H", "scheme"),
        "Art. 32(1)",
    ),
    "important-class-i": (
        "an important product, Annex III class I",
        ("A", "BC", "H", "scheme"),
        "Art. 32(2): module A only where harmonised standards, common specifications or a "
        "certification scheme (at least 'substantial') are applied in full",
    ),
    "important-class-ii": (
        "an important product, Annex III class II",
        ("BC", "H", "scheme"),
        "Art. 32(3)",
    ),
    "critical": (
        "a critical product, Annex IV",
        ("scheme", "BC", "H"),
        "Art. 32(4), Art. 8(1): the certification scheme where a delegated act requires it, "
        "else a class II procedure",
    ),
}
ROUTES = {
    "A": ("module A (internal control)", r"module\s*a\b|internal control"),
    "BC": ("modules B+C (EU-type examination)", r"\bb\s*\+\s*c\b|eu-type|module\s*b\b"),
    "H": ("module H (full quality assurance)", r"module\s*h\b|full quality"),
    "scheme": ("a European cybersecurity certification scheme", r"certif|scheme|eucc"),
}


def product_class(inputs: DocumentInputs) -> str | None:
    """The answered class, checked against the four values (an unknown one is a located error)."""
    found = inputs.answers.get(PRODUCT_CLASS.key)
    if found is None:
        return None
    value = str(found.value).strip().lower()
    if value not in CLASSES:
        raise InputError(
            [
                Diagnostic(
                    found.path,
                    f"'{found.value}' is no CRA product class",
                    line=found.line,
                    field=PRODUCT_CLASS.key,
                    hint=f"write one of: {', '.join(CLASSES)}",
                )
            ]
        )
    return value


def routes_named(text: str) -> tuple[str, ...]:
    """The Art. 32 procedures a route answer names (A, BC, H, scheme), in that order."""
    return tuple(k for k, (_, pattern) in ROUTES.items() if re.search(pattern, text, re.I))


def classification_section(inputs: DocumentInputs) -> Section:
    """The product's class and the conformity assessment route it allows and the one chosen."""
    klass = product_class(inputs)
    said, q_class = answered(inputs.answers, PRODUCT_CLASS, "Product class: {value}.")
    route, q_route = answered(inputs.answers, CONFORMITY_ROUTE, "Procedure chosen: {value}.")
    statements = [s for s in (said, route) if s]
    status = Status.PARTLY if q_class or q_route else Status.MET
    if klass is not None and said is not None:
        what, allowed, basis = CLASSES[klass]
        names = "; ".join(ROUTES[k][0] for k in allowed)
        statements.append(Statement(f"As {what}, {basis} allows: {names}.", said.evidence))
        chosen = inputs.answers.text(CONFORMITY_ROUTE.key)
        named = routes_named(chosen) if chosen else ()
        if route is not None and not named:
            statements.append(_route_gap(route, "it names none of the Art. 32 procedures"))
            status = Status.PARTLY
        elif route is not None and not set(named) <= set(allowed):
            wrong = ", ".join(ROUTES[k][0] for k in named if k not in allowed)
            statements.append(_route_gap(route, f"{basis} does not allow {wrong}", Status.NOT_MET))
            status = Status.NOT_MET
    return Section(
        "classification",
        "Product class and conformity assessment route",
        status,
        statements=tuple(statements),
        open_questions=tuple(q for q in (q_class, q_route) if q),
        level=2,
    )


def _route_gap(route: Statement, why: str, status: Status = Status.PARTLY) -> Statement:
    """The chosen route does not fit the class, or names no procedure."""
    return Statement(
        f"The procedure chosen does not fit: {why}.",
        route.evidence,
        status=status,
        gap=why,
        fix=f"documents/answers.yaml: {CONFORMITY_ROUTE.key}: module A|module B+C|module H|"
        "certification scheme",
    )
