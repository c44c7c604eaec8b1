"""``sbom``: every software element has an SBOM with NTIA minimum elements and FDA support data."""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemResult
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.result import ItemBuilder

PROJECT = "medsec.yaml"


def evaluate(ctx: CheckContext) -> ItemResult:
    b = ItemBuilder(ItemId.SBOM)
    p = ctx.project
    facts = {(f.element, f.path): f for f in ctx.sboms}
    for e in p.elements:
        if not e.is_software:
            continue
        subject = f"element:{e.id}"
        if not e.sbom:
            b.gap(
                "no-sbom",
                f"element '{e.id}' has no SBOM",
                subject=subject,
                path=PROJECT,
                line=e.line,
                fix="add the SBOM the build produces under sbom/ and list it in elements[].sbom",
            )
            continue
        for path in e.sbom:
            fact = facts.get((e.id, path))
            if path not in p.existing_files and (fact is None or not fact.exists):
                b.gap(
                    "sbom-missing",
                    f"SBOM '{path}' of element '{e.id}' does not exist",
                    subject=subject,
                    path=PROJECT,
                    line=e.line,
                    fix="commit the file or correct the path",
                )
                continue
            if fact is None:
                b.gap(
                    "sbom-not-analysed",
                    f"SBOM '{path}' was not analysed for NTIA and FDA fields",
                    subject=subject,
                    path=path,
                    fix="run 'medsec sbom check'",
                )
                continue
            if fact.problem:
                b.gap(
                    "sbom-unreadable", f"SBOM '{path}': {fact.problem}", subject=subject, path=path
                )
                continue
            total = fact.components or 0
            complete = fact.complete_components or 0
            if total and complete < total:
                b.gap(
                    "ntia-incomplete",
                    f"'{path}': {total - complete} of {total} components lack NTIA "
                    "minimum elements",
                    subject=subject,
                    path=path,
                    fix="see 'medsec sbom check' for the missing fields per component",
                )
            if fact.missing_support:
                b.gap(
                    "no-support-data",
                    f"'{path}': {fact.missing_support} components without level of "
                    "support or end-of-support date",
                    subject=subject,
                    path=path,
                    fix="add them to support.yaml or the SBOM",
                )
            for name in fact.past_end_of_support:
                b.gap(
                    "end-of-support",
                    f"'{path}': {name} is past end of support without a rationale",
                    subject=subject,
                    path=path,
                    fix="upgrade, or record the rationale in support.yaml",
                )
            if total:
                b.ok(f"{e.id}: {path} with {total} components ({complete} complete)", path)
    return b.result("every software element has a complete SBOM with support data")
