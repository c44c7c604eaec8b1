"""``sbom``: every software element has an SBOM with NTIA minimum elements and FDA support data.

Sub-checks, named after the rule codes they report: per software element ``sbom_listed``
(no-sbom); per SBOM file ``sbom_exists`` (sbom-missing), ``sbom_analysed`` (sbom-not-analysed,
sbom-unreadable), ``ntia_complete`` (ntia-incomplete), ``support_data`` (no-support-data) and
``end_of_support`` (end-of-support).
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemMeta, ItemResult
from medsec.domain.model import Element, Project
from medsec.domain.paths import PROJECT_FILE, SBOM_DIR, SUPPORT_FILE
from medsec.engines.compliance.context import CheckContext, SbomFact
from medsec.engines.compliance.result import ItemBuilder


class Sbom:
    """An inventory of software components per element, complete enough to match CVEs against."""

    meta = ItemMeta(
        id=ItemId.SBOM,
        title="Software bill of materials",
        clauses=(
            "IEC 81001-5-1 4.1.5, 5.2.3, 8",
            "FDA premarket V.A.4",
            "FD&C Act 524B(b)(3)",
            "CRA Annex I Part II(1)",
        ),
        mandatory=True,
    )

    def evaluate(self, ctx: CheckContext) -> ItemResult:
        """Judge the SBOM files of every software element, from the facts the SBOM service read."""
        b = ItemBuilder(self.meta)
        p = ctx.project
        facts = {(f.element, f.path): f for f in ctx.sboms}
        for e in p.elements:
            if not e.is_software or not sbom_listed(b, e):
                continue
            for path in e.sbom:
                fact = facts.get((e.id, path))
                if not sbom_exists(b, p, e, path, fact):
                    continue
                if not sbom_analysed(b, e, path, fact) or fact is None:
                    continue
                ntia_complete(b, e, fact)
                support_data(b, e, fact)
                end_of_support(b, e, fact)
                if fact.components:
                    b.ok(
                        f"{e.id}: {path} with {fact.components} components "
                        f"({fact.complete_components or 0} complete)",
                        path,
                    )
        return b.result("every software element has a complete SBOM with support data")


def sbom_listed(b: ItemBuilder, e: Element) -> bool:
    """no-sbom: a software element lists the SBOM its build produces."""
    if e.sbom:
        return True
    b.gap(
        "no-sbom",
        f"element '{e.id}' has no SBOM",
        subject=f"element:{e.id}",
        path=PROJECT_FILE,
        line=e.line,
        fix=f"add the SBOM the build produces under {SBOM_DIR}/ and list it in elements[].sbom",
    )
    return False


def sbom_exists(b: ItemBuilder, p: Project, e: Element, path: str, fact: SbomFact | None) -> bool:
    """sbom-missing: a listed SBOM file exists in the project."""
    if path in p.existing_files or (fact is not None and fact.exists):
        return True
    b.gap(
        "sbom-missing",
        f"SBOM '{path}' of element '{e.id}' does not exist",
        subject=f"element:{e.id}",
        path=PROJECT_FILE,
        line=e.line,
        fix="commit the file or correct the path",
    )
    return False


def sbom_analysed(b: ItemBuilder, e: Element, path: str, fact: SbomFact | None) -> bool:
    """sbom-not-analysed, sbom-unreadable: the SBOM was read and checked for NTIA/FDA fields."""
    if fact is None:
        b.gap(
            "sbom-not-analysed",
            f"SBOM '{path}' was not analysed for NTIA and FDA fields",
            subject=f"element:{e.id}",
            path=path,
            fix="run 'medsec sbom check'",
        )
        return False
    if fact.problem:
        b.gap(
            "sbom-unreadable",
            f"SBOM '{path}': {fact.problem}",
            subject=f"element:{e.id}",
            path=path,
        )
        return False
    return True


def ntia_complete(b: ItemBuilder, e: Element, fact: SbomFact) -> None:
    """ntia-incomplete: every component has the NTIA minimum elements."""
    total = fact.components or 0
    complete = fact.complete_components or 0
    if total and complete < total:
        b.gap(
            "ntia-incomplete",
            f"'{fact.path}': {total - complete} of {total} components lack NTIA minimum elements",
            subject=f"element:{e.id}",
            path=fact.path,
            fix="see 'medsec sbom check' for the missing fields per component",
        )


def support_data(b: ItemBuilder, e: Element, fact: SbomFact) -> None:
    """no-support-data: every component states its level of support and end-of-support date."""
    if fact.missing_support:
        b.gap(
            "no-support-data",
            f"'{fact.path}': {fact.missing_support} components without level of "
            "support or end-of-support date",
            subject=f"element:{e.id}",
            path=fact.path,
            fix=f"add them to {SUPPORT_FILE} or the SBOM",
        )


def end_of_support(b: ItemBuilder, e: Element, fact: SbomFact) -> None:
    """end-of-support: no component past its end of support without a recorded rationale."""
    for name in fact.past_end_of_support:
        b.gap(
            "end-of-support",
            f"'{fact.path}': {name} is past end of support without a rationale",
            subject=f"element:{e.id}",
            path=fact.path,
            fix=f"upgrade, or record the rationale in {SUPPORT_FILE}",
        )


ITEM = Sbom()
