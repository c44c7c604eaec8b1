"""The SBOM sections of the HTML report: completeness per SBOM and the FDA support table."""

from __future__ import annotations

from medsec.engines.sbom.check import ProjectCheck
from medsec.engines.sbom.ntia import FDA_FIELDS, NTIA_FIELDS
from medsec.outputs.report.view import Section


def _percent(value: float | None) -> str:
    """A percentage for a table cell; "-" when there is nothing to count."""
    return "-" if value is None else f"{value:.0f} %"


def completeness(result: ProjectCheck) -> Section:
    """NTIA and FDA completeness per SBOM, then unreadable SBOMs and elements without one."""
    rows = []
    for check in result.checks:
        done = check.completeness
        rows.append(
            (
                check.element or "-",
                check.document.source,
                f"{check.document.format.value} {check.document.spec_version or ''}".strip(),
                str(done.count),
                f"{done.ntia_complete} ({_percent(done.percent(NTIA_FIELDS))})",
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
        "NTIA minimum elements (supplier, name, version, unique id, relationship) and FDA support "
        "data (level of support, end-of-support date) per SBOM of each software element.",
        (
            "Element",
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
    )


def support_table(result: ProjectCheck) -> Section:
    """The FDA support table: level and end of support of every component."""
    rows = []
    for check in result.checks:
        statuses = dict(check.statuses)
        for c in check.document.components:
            rows.append(
                (
                    check.element or "-",
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
            )
    return Section(
        "FDA support table",
        "Level of support and end of support of every software component (FDA premarket "
        "guidance; IEC 81001-5-1 maintained / supported / required software).",
        (
            "Element",
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
        tuple(rows),
        empty="No components.",
    )


def sections(result: ProjectCheck) -> tuple[Section, ...]:
    """The SBOM sections of the report, in the order shown."""
    return (completeness(result), support_table(result))
