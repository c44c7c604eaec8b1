"""The SBOM sections of the report: completeness per SBOM and the FDA support tables.

An SBOM listed by several elements (one build's SPDX serving the controller and its
co-processor) is shown once, naming every element that lists it.
"""

from __future__ import annotations

from medsec.engines.sbom.check import ProjectCheck, SbomCheck
from medsec.engines.sbom.ntia import FDA_FIELDS, NTIA_FIELDS
from medsec.outputs.report.view import Section

COMPLETENESS_LEGEND = (
    "Components: the SBOM's software components. NTIA complete: how many of them state all "
    "five component-level NTIA minimum elements (supplier, name, version, unique identifier, "
    "dependency relationship), out of all components; the percentage beside it is the share of "
    "those elements stated, counted field by field over all components. FDA support "
    "data: the share of the two FDA support fields (level of support, end-of-support date) "
    "stated, field by field over all components."
)


def _percent(value: float | None) -> str:
    """A percentage for a table cell; "-" when there is nothing to count."""
    return "-" if value is None else f"{value:.0f} %"


def by_document(result: ProjectCheck) -> list[tuple[SbomCheck, str]]:
    """One check per SBOM file, with the elements that list it ("pump-fw, safety-cpu")."""
    elements: dict[str, list[str]] = {}
    first: dict[str, SbomCheck] = {}
    for check in result.checks:
        source = check.document.source
        first.setdefault(source, check)
        if check.element and check.element not in elements.setdefault(source, []):
            elements[source].append(check.element)
    return [(check, ", ".join(elements[source]) or "-") for source, check in first.items()]


def completeness(result: ProjectCheck) -> Section:
    """NTIA and FDA completeness per SBOM, then unreadable SBOMs and elements without one."""
    rows = []
    for check, elements in by_document(result):
        done = check.completeness
        rows.append(
            (
                elements,
                check.document.source,
                f"{check.document.format.value} {check.document.spec_version or ''}".strip(),
                str(done.count),
                f"{done.ntia_complete} of {done.count} "
                f"({_percent(done.percent(NTIA_FIELDS))} of fields)",
                _percent(done.percent(FDA_FIELDS)),
                ", ".join(c.label for c in check.ended_without_rationale) or "none",
                check.stale or "",
            )
        )
    rows += [
        (element, path, "-", "-", "-", "-", problem, "")
        for element, path, problem in result.unreadable
    ]
    rows += [(element, "no SBOM", "-", "-", "-", "-", "-", "") for element in result.without_sbom]
    return Section(
        "SBOM completeness",
        "NTIA minimum elements and FDA support data per SBOM; an SBOM several elements list "
        "is shown once. The support table of every SBOM is in the appendix.",
        (
            "Elements",
            "SBOM",
            "Format",
            "Components",
            "NTIA complete",
            "FDA support data",
            "Past end of support without rationale",
            "Stale",
        ),
        tuple(rows),
        empty="No software element lists an SBOM.",
        legend=COMPLETENESS_LEGEND,
    )


def _support_rows(check: SbomCheck) -> tuple[tuple[str, ...], ...]:
    """One row per component: level and end of support, status, class, rationale, source."""
    statuses = dict(check.statuses)
    return tuple(
        (
            c.display_name,
            c.version or "-",
            c.supplier or "-",
            c.support_level.value if c.support_level else "-",
            c.end_of_support.isoformat() if c.end_of_support else "-",
            statuses[c.ref].value,
            c.component_class.value if c.component_class else "-",
            c.support_rationale or "",
            c.support_source or "",
        )
        for c in check.document.components
    )


def support_tables(result: ProjectCheck) -> tuple[Section, ...]:
    """The FDA support table of each SBOM, once per file, for the appendix."""
    return tuple(
        Section(
            f"FDA support table: {check.document.source}",
            f"Level of support and end of support of every component of {check.document.source} "
            f"(listed by {elements}); FDA premarket guidance, IEC 81001-5-1 maintained, "
            "supported and required software.",
            (
                "Component",
                "Version",
                "Supplier",
                "Level of support",
                "End of support",
                "Status",
                "Class",
                "Rationale",
                "Stated in",
            ),
            _support_rows(check),
            empty="No components.",
            appendix=True,
        )
        for check, elements in by_document(result)
    )


def sections(result: ProjectCheck) -> tuple[Section, ...]:
    """The SBOM sections of the report: completeness in the body, support tables appended."""
    return (completeness(result), *support_tables(result))
