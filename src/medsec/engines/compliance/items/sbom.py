"""``sbom``: every software element has an SBOM with NTIA minimum elements and FDA support data.

Sub-checks, named after the rule codes they report: per software element ``sbom_listed``
(no-sbom); per SBOM file ``sbom_exists`` (sbom-missing), ``sbom_analysed`` (sbom-not-analysed,
sbom-unreadable), ``ntia_complete`` (ntia-incomplete), ``support_data`` (no-support-data) and
``end_of_support`` (end-of-support: past end of support without a risk acceptance).
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemMeta, ItemResult
from medsec.domain.model import Element, Project
from medsec.domain.paths import PROJECT_FILE, SBOM_DIR, SUPPORT_FILE
from medsec.engines.compliance.context import CheckContext, SbomFact
from medsec.engines.compliance.fixes import command, edit, listed
from medsec.engines.compliance.result import ItemBuilder
from medsec.engines.sbom.ntia import NTIA_FIELDS


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
                if not sbom_analysed(b, e, path, fact, ctx.project_dir) or fact is None:
                    continue
                ntia_complete(b, e, fact, ctx.project_dir)
                support_data(b, e, fact)
                end_of_support(b, e, fact)
                if fact.components:
                    b.ok(
                        f"{e.id}: {path} with {fact.components} components "
                        f"({fact.complete_components or 0} complete)",
                        path,
                    )
        return b.result(
            "every software element has a complete SBOM with support data",
            unproven_fix=edit(
                PROJECT_FILE, "elements[].sbom", note="the SBOM of each software element"
            ),
        )


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
        fix=edit(
            PROJECT_FILE,
            f"elements[{e.id}].sbom",
            f"[{SBOM_DIR}/{e.id}.cdx.json]",
            note="the SBOM its build produces (CycloneDX or SPDX), added to the project",
        ),
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
        fix=edit(
            PROJECT_FILE,
            f"elements[{e.id}].sbom",
            note=f"correct the path, or add {path} to the project",
        ),
    )
    return False


def sbom_analysed(
    b: ItemBuilder, e: Element, path: str, fact: SbomFact | None, folder: str = "."
) -> bool:
    """sbom-not-analysed, sbom-unreadable: the SBOM was read and checked for NTIA/FDA fields."""
    if fact is None:
        b.gap(
            "sbom-not-analysed",
            f"SBOM '{path}' was not analysed for NTIA and FDA fields",
            subject=f"element:{e.id}",
            path=path,
            fix=edit(
                PROJECT_FILE,
                f"elements[{e.id}].sbom",
                note=f"{path} was not read; '{command('sbom', 'check', folder)}' says why",
            ),
        )
        return False
    if fact.problem:
        b.gap(
            "sbom-unreadable",
            f"SBOM '{path}': {fact.problem}",
            subject=f"element:{e.id}",
            path=path,
            fix=edit(
                PROJECT_FILE,
                f"elements[{e.id}].sbom",
                note=f"replace {path} by a CycloneDX or SPDX SBOM medsec reads",
            ),
        )
        return False
    return True


def ntia_complete(b: ItemBuilder, e: Element, fact: SbomFact, folder: str = ".") -> None:
    """ntia-incomplete: every component has the NTIA minimum elements."""
    total = fact.components or 0
    complete = fact.complete_components or 0
    if total and complete < total:
        b.gap(
            "ntia-incomplete",
            f"'{fact.path}': {total - complete} of {total} components lack NTIA minimum elements",
            subject=f"element:{e.id}",
            path=fact.path,
            fix=_ntia_fix(fact, folder),
        )


def _ntia_fix(fact: SbomFact, folder: str) -> str:
    """The fields to state in the SBOM and the components lacking them (all: sbom check)."""
    lacking = [c for c in fact.incomplete if not c.ntia_complete]
    fields = [f.value for f in NTIA_FIELDS if any(f in c.missing for c in lacking)]
    where = command("sbom", "check", folder, "--format", "json")
    names = listed([c.label for c in lacking])
    return edit(
        fact.path,
        ", ".join(fields) or "the NTIA minimum elements",
        f"missing for {names}" if names else None,
        note=f"state it in the tool that generates the SBOM; {where} lists each component",
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
            fix=edit(
                SUPPORT_FILE,
                "components[]",
                "level and end_of_support for "
                + (listed([c.label for c in fact.incomplete if not c.support_complete]) or "them"),
                note="or state them in the SBOM",
            ),
        )


def end_of_support(b: ItemBuilder, e: Element, fact: SbomFact) -> None:
    """end-of-support: a component past its end of support ships only as an accepted risk.

    The acceptance in ``support.yaml`` needs a rationale, an approver and the compensating
    controls; a rationale alone is a sentence, not a decision.
    """
    entries = fact.past_end_entries or ("",) * len(fact.past_end_of_support)
    for name, entry in zip(fact.past_end_of_support, entries, strict=True):
        b.gap(
            "end-of-support",
            f"'{fact.path}': {name} is past end of support without a risk acceptance "
            "(rationale, approver, compensating controls)",
            subject=f"element:{e.id}",
            path=fact.path,
            fix=_acceptance_fix(name, entry),
        )


def _acceptance_fix(label: str, entry: str) -> str:
    """The support.yaml edit recording the acceptance: on its entry, or a new one above it."""
    note = "with rationale and compensating_controls: [CONTROL-ID], the risk acceptance of "
    note += "shipping it; or upgrade it"
    if entry:
        return edit(SUPPORT_FILE, f"components[{entry}].approver", "NAME", note=note)
    return edit(
        SUPPORT_FILE,
        "components[]",
        f"name: {_name(label)}, approver: NAME",
        note=note,
    )


def _name(label: str) -> str:
    """A component's name from its label (``group/name@version``), as support.yaml matches it."""
    return label.rpartition("@")[0].rpartition("/")[2] if "@" in label else label


ITEM = Sbom()
